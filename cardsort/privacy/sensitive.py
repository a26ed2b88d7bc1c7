"""Is a folder confidential, and for whom? Judged by its name and by the names of its files.

The words (Dutch and English) and the audience each implies are data
(``data/sensitive_folders.txt``): ``care`` (pupil care: zorg, IB, OPP, leerlingdossier,
handelingsplan, groepsplan, verzuim ...), ``staff`` (personeel, stagiaires, beoordeling,
functionering ...) and ``management`` (directie, formatie, begroting ...). A word of four letters
or more also starts a compound (zorgplan, personeelsdossier), one of five or more also ends one
(ziekteverzuim, leesdossier); shorter ones (IB, OPP, MDO) only count standing alone. When several
words match, the longest decides (ziekteverzuim is staff, verzuim alone is care).

By content: a folder whose file names carry those words often enough (at least
:data:`CONTENT_SHARE` of its files and at least :data:`CONTENT_MIN` files) is confidential too,
whatever it is called ("Map Petra" holding handelingsplannen). The answer is a suggestion with
its reason: the coordinator confirms it (``cardsort cards restrict``).
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CONTENT_MIN",
    "CONTENT_SHARE",
    "Sensitivity",
    "SensitivityBasis",
    "by_content",
    "by_name",
    "sensitive_word",
]

CONTENT_SHARE = 0.25
CONTENT_MIN = 2
_PREFIX_MIN = 4
_COMPOUND_MIN = 5


class SensitivityBasis(enum.StrEnum):
    """What made a folder look confidential (codes for the i18n catalogue)."""

    NAME = "name"
    CONTENT = "content"


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """A suggestion: the audience this folder needs, and the evidence."""

    audience: str
    basis: SensitivityBasis
    word: str
    evidence: str  # the folder name, or "7 of 9 files" for content


@cache
def _words() -> tuple[tuple[str, str], ...]:
    text = resources.files("cardsort.privacy").joinpath("data", "sensitive_folders.txt")
    pairs = []
    for line in text.read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            audience, word = line.strip().split(" ", 1)
            pairs.append((word.casefold(), audience))
    # Longest first: the most specific word decides.
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


_SPLIT = re.compile(r"[^\w]+|_")


@cache
def _index() -> tuple[
    dict[str, str], dict[str, str], dict[str, str], tuple[tuple[str, str], ...], tuple[int, ...]
]:
    """The words by how they may match: whole, as a compound's start, as its end; phrases."""
    whole: dict[str, str] = {}
    starts: dict[str, str] = {}
    ends: dict[str, str] = {}
    phrases = []
    for word, audience in _words():
        if " " in word:
            phrases.append((word, audience))
            continue
        whole.setdefault(word, audience)
        if len(word) >= _PREFIX_MIN:
            starts.setdefault(word, audience)
        if len(word) >= _COMPOUND_MIN:
            ends.setdefault(word, audience)
    lengths = tuple(sorted({len(w) for w in whole}, reverse=True))
    return whole, starts, ends, tuple(phrases), lengths


def sensitive_word(name: str) -> tuple[str, str] | None:
    """``(word, audience)`` when a single name (no slashes) carries a confidential word.

    Of several matching words the longest decides (then the first in alphabetical order).
    """
    parts = [p for p in _SPLIT.split(name.casefold()) if p]
    whole, starts, ends, phrases, lengths = _index()
    found: list[tuple[str, str]] = []
    joined = f" {' '.join(parts)} "
    found.extend((phrase, audience) for phrase, audience in phrases if f" {phrase} " in joined)
    for part in parts:
        if part in whole:
            found.append((part, whole[part]))
        # IB, OPP, MDO only count as a word of their own: not Ibis, not opper.
        for stem in {part, part.removesuffix("s"), part.removesuffix("en")}:
            for length in lengths:
                if length > len(stem):
                    continue
                head, tail = stem[:length], stem[-length:]
                if head in starts:
                    found.append((head, starts[head]))
                if tail in ends:
                    found.append((tail, ends[tail]))
    if not found:
        return None
    return min(found, key=lambda pair: (-len(pair[0]), pair[0]))


def by_name(path: bytes) -> Sensitivity | None:
    """Whether any folder on ``path`` (or its own name) is confidential by name."""
    segments = path.decode("utf-8", errors="replace").split("/")
    for segment in segments:
        found = sensitive_word(segment)
        if found is not None:
            return Sensitivity(found[1], SensitivityBasis.NAME, found[0], segment)
    return None


def by_content(file_names: Iterable[bytes | str], total: int | None = None) -> Sensitivity | None:
    """Whether the names of a folder's files show confidential content.

    ``file_names`` are (a sample of) the folder's file names; ``total`` the number of files
    (defaults to the sample's size).
    """
    names: Sequence[str] = [
        n.decode("utf-8", "replace") if isinstance(n, bytes) else n for n in file_names
    ]
    count = len(names) if total is None else total
    if count == 0:
        return None
    hits: Counter[tuple[str, str]] = Counter()
    for name in names:
        found = sensitive_word(name)
        if found is not None:
            hits[found] += 1
    if not hits:
        return None
    matched = sum(hits.values())
    if matched < CONTENT_MIN or matched < CONTENT_SHARE * len(names):
        return None
    (word, audience), _ = max(hits.items(), key=lambda item: (item[1], len(item[0][0])))
    return Sensitivity(audience, SensitivityBasis.CONTENT, word, f"{matched}/{len(names)}")
