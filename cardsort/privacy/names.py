"""Does a file name carry a likely personal name? A cautious, explainable yes or no.

A file name is personal when one of its words is a first name from the shipped lists (Dutch,
Flemish and the first names of the families common in Dutch schools; see ``data/`` and
``scripts/build_first_names.py`` for the sources and licences), unless that word is an ordinary
Dutch or English word that is not a common Dutch name (``data/not_names.txt``), or one of its
words is a Dutch or Flemish surname (``Jansen``, ``de Vries``: ``data/last_names_faker.txt``).
Patterns catch what a list cannot: initials (``J. de Vries``, ``A.B.``, ``JdV``), a capitalised
word after "groep 5" that is not school vocabulary (``groep 5 Sem``), a word after a title or
family word (``juf Anja``, ``fam. de Vries``, ``mevr. van den Berg``) and e-mail addresses. A
particle alone is no evidence: "Verslag van de Vergadering" names nobody.

The answer says why (a :class:`NameHit` with a reason code and the words that matched), so the
coordinator's preview can show what was hidden and why. Erring on the side of hiding is the
point: a needlessly hidden example costs a teacher a hint, a shown name costs a pupil privacy.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "NameHit",
    "NameReason",
    "first_names",
    "fold",
    "path_without_names",
    "personal_name",
    "tokens",
]


class NameReason(enum.StrEnum):
    """Why a text looks like it carries a personal name (codes for the i18n catalogue)."""

    FIRST_NAME = "first_name"
    INITIALS = "initials"
    GROUP_PUPIL = "group_pupil"
    TITLE = "title"
    SURNAME = "surname"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class NameHit:
    """A likely personal name: why, and the words that made it so."""

    reason: NameReason
    words: str


def fold(word: str) -> str:
    """A word's comparison key: case-folded, accents and dots dropped (Zoë = zoe, İbiş = ibis).

    File names come NFC from Windows and NFD from a Mac, and with or without accents.
    """
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_PLAIN))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Letters that no Unicode decomposition turns into their plain look-alike (BARIŞCAN = barışcan).
_PLAIN = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "æ": "ae", "œ": "oe"})


def _data_lines(name: str) -> list[str]:
    text = resources.files("cardsort.privacy").joinpath("data", name).read_text("utf-8")
    return [fold(ln.strip()) for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def first_names() -> frozenset[str]:
    """Every first name of the shipped lists, :func:`fold`-ed (minus the ordinary words)."""
    names: set[str] = set()
    for source in ("first_names_faker.txt", "first_names_nam_dict.txt"):
        names.update(_data_lines(source))
    return frozenset(names - _not_names())


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Dutch and Flemish surnames: single words, and phrases with a particle (de vries)."""
    names = _data_lines("last_names_faker.txt")
    return (
        frozenset(n for n in names if " " not in n),
        frozenset(n for n in names if " " in n),
    )


@cache
def _not_names() -> frozenset[str]:
    return frozenset(_data_lines("not_names.txt"))


@cache
def _school_words() -> frozenset[str]:
    return frozenset(_data_lines("school_words.txt"))


_STEM = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){1,3}(?=\s?[A-Z][a-z]|\s?(?:de|van|ten|ter)\b|$)")
_INITIALS_RUN = re.compile(r"(?<![\w.])[A-Z]\.[A-Z]\.")
_COMPACT_INITIALS = re.compile(r"(?<![\w])[A-Z][a-z]{1,2}[A-Z](?![\w])")
_GROUP = re.compile(r"\b(?:groep|group|gr)\.?\s*\d{1,2}\s*[a-cA-C]?\b[\s_\-]+([^\W\d_]+)")
_TITLE = re.compile(
    r"\b(?:juf|juffrouw|meester|meneer|mevrouw|mevr|mw|dhr|fam|familie|leerling|mr|mrs|ms|miss)"
    r"\.?[\s_]+(?:(?:van\s+der|van\s+den|van\s+de|van|de|den|der|ter|ten|el|al)\s+)?"
    r"([A-Z][^\W\d_]+)"
)
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def tokens(text: str) -> list[str]:
    """The words of a name: extension dropped, split at separators (not inside a word: a
    product such as ParnasSys is not a pupil called Sys)."""
    return _WORD.findall(_STEM.sub("", text))


def _plain_word(word: str) -> bool:
    folded = fold(word)
    return folded in _school_words() or folded in _not_names()


def personal_name(text: str) -> NameHit | None:
    """Why ``text`` (a file or folder name) likely names a person, or ``None``.

    >>> personal_name("Gesprek ouders Luuk.docx")
    NameHit(reason=<NameReason.FIRST_NAME: 'first_name'>, words='Luuk')
    >>> personal_name("Notulen MR maart 2024.docx") is None
    True
    """
    if match := _EMAIL.search(text):
        return NameHit(NameReason.EMAIL, match.group(0))
    stem = _STEM.sub("", text)
    names = first_names()
    for word in tokens(text):
        if len(word) >= 3 and fold(word) in names:
            return NameHit(NameReason.FIRST_NAME, word)
    # A double first name (Horst-Dieter, Anne-Marie) is listed whole, and its halves may not be.
    for compound in _COMPOUND.findall(stem):
        if fold(compound) in names:
            return NameHit(NameReason.FIRST_NAME, compound)
    words = [fold(w) for w in tokens(text)]
    singles, phrases = _surnames()
    for index, word in enumerate(words):
        if len(word) >= 4 and word in singles:
            return NameHit(NameReason.SURNAME, tokens(text)[index])
        for size in (2, 3, 4):
            phrase = " ".join(words[index : index + size])
            if phrase in phrases:
                return NameHit(NameReason.SURNAME, " ".join(tokens(text)[index : index + size]))
    if match := _GROUP.search(stem):
        word = match.group(1)
        if word[:1].isupper() and len(word) >= 2 and not _plain_word(word):
            return NameHit(NameReason.GROUP_PUPIL, match.group(0).strip())
    # After "fam." even an ordinary word is a surname (Kok, Bakker, Visser).
    if (match := _TITLE.search(stem)) and fold(match.group(1)) not in _school_words():
        return NameHit(NameReason.TITLE, match.group(0).strip())
    for pattern in (_INITIALS_RUN, _INITIALS, _COMPACT_INITIALS):
        if match := pattern.search(stem):
            return NameHit(NameReason.INITIALS, match.group(0).strip())
    return None


def path_without_names(path: bytes) -> bool:
    """Whether no segment of a share path carries a likely personal name (safe for teachers)."""
    segments = path.decode("utf-8", errors="replace").split("/")
    return all(personal_name(segment) is None for segment in segments)
