"""Proposing findability tasks from the inventory: real file names of typical items.

For each card in the tested tree the most typical file (the most common name once years,
numbers and extensions are left out) becomes a question: "Waar zou je 'Ontruimingsplan
2023-2024' zoeken?", whose answer is the card's folder. Tasks spread over the top-level folders
(round robin), at most one per card.

Privacy comes first, so the proposal is conservative:

* never from a restricted card (pupil care, personnel), nor from a card that is somebody's
  personal folder ("Juf Anja", "Meester Tom") or whose name was hidden because it named a
  person ("Map 25 (naam verborgen)");
* a file name is used only when every capitalised word in it is a word of the tree's own folder
  and card names or of a short list of school words; a first name or surname is not, so
  "Rapport Ruben" and "Leesdossier Stijn Visser" are never proposed;
* a name that occurs under several cards (a week planning in every year group) or that is the
  card's own name is skipped: the first has no single answer, the second gives it away;
* ``looks_personal`` is the seam for a real personal-name detector (``cardsort.privacy``): when
  given, a name it flags is skipped as well.

The coordinator edits or drops proposed tasks before the test starts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from cardsort.treetest._model import Task
from cardsort.treetest._tree import TestTree

__all__ = ["SCHOOL_WORDS", "propose_tasks"]

_SCHOOL_WORDS_TEXT = """
rekenen taal lezen spelling schrijven engels topografie wereldoriëntatie verkeer
begrijpend technisch aardrijkskunde geschiedenis natuur muziek gym bewegingsonderwijs
plan jaarplan rooster jaarkalender kalender notulen agenda verslag jaarverslag evaluatie
handleiding toets toetsen werkblad lesidee les presentatie overzicht lijst formulier
aanmeldformulier toestemming ontruimingsplan beleidsplan draaiboek begroting programma
inspectierapport tevredenheidspeiling zelfevaluatie ontbijt kerstviering kerstdiner
schoolgids nieuwsbrief meldcode pestprotocol protocol boekenlijst leesbevordering
techniekles fietscontrole verkeersexamen bestellijst deelnemerslijst medicijnlijst kamp
gymrooster overblijflijst kascontrole trendanalyse weekplanning uitleenlijst pleinwacht
spellen intekenlijst
"""
#: Capitalised words a file name may hold besides the tree's own names (subjects, documents).
SCHOOL_WORDS = frozenset(_SCHOOL_WORDS_TEXT.split())
# somebody's own folder, or one whose name the card proposal hid ("Map 25 (naam verborgen)")
_PERSONAL_FOLDER = re.compile(
    r"^(juf|meester|mevrouw|meneer|mw|dhr)\b|\((naam verborgen|name hidden)\)\s*$", re.IGNORECASE
)
_JUNK = frozenset({"img", "scan", "document", "nieuw tekstdocument", "dsc", "foto", "liedje"})
_NUMBERS = re.compile(r"[\d_\-.()]+")
_WORD = re.compile(r"[^\W\d_]+")


class CardLike(Protocol):
    """What the proposal needs of a card (``sessions.models.Card`` fits)."""

    @property
    def key(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def restricted(self) -> bool: ...


def _stem(name: str) -> str:
    base = name.rsplit(".", 1)[0] if "." in name else name
    return " ".join(_NUMBERS.sub(" ", base).split()).casefold()


def _vocabulary(tree: TestTree, cards: Sequence[CardLike]) -> set[str]:
    words = set(SCHOOL_WORDS)
    personal = {c.key for c in cards if c.restricted or _PERSONAL_FOLDER.search(c.label)}
    for node in tree.folders():
        if node.card_key in personal:
            continue
        words.update(w.casefold() for w in _WORD.findall(node.label))
    return words


def _known(word: str, vocabulary: set[str]) -> bool:
    folded = word.casefold()
    if folded in vocabulary:
        return True
    # Dutch plurals and compounds: "Groepsplan" is known through "Groepsplannen"
    return len(folded) >= 5 and any(
        v.startswith(folded) or folded.startswith(v) for v in vocabulary if len(v) >= 5
    )


def _safe(name: str, vocabulary: set[str], looks_personal: Callable[[str], bool] | None) -> bool:
    base = name.rsplit(".", 1)[0] if "." in name else name
    words = _WORD.findall(base)
    if not words or sum(len(w) for w in words) < 4:
        return False
    for word in words:
        if word[0].isupper() and not word.isupper() and not _known(word, vocabulary):
            return False
    return not (looks_personal is not None and looks_personal(base))


def propose_tasks(
    tree: TestTree,
    cards: Sequence[CardLike],
    files: Mapping[str, Sequence[str]],
    *,
    limit: int = 10,
    looks_personal: Callable[[str], bool] | None = None,
) -> list[Task]:
    """Propose up to ``limit`` tasks (see the module docstring).

    ``files`` maps a card key to the names of the files it stands for (from the inventory).
    Keys are ``p1``, ``p2``... in the order proposed.
    """
    by_key = {c.key: c for c in cards}
    vocabulary = _vocabulary(tree, cards)
    # a name found under several cards (a week planning in every year group) has no one answer
    owners: dict[str, set[str]] = {}
    for key, names in files.items():
        for name in names:
            owners.setdefault(_stem(name), set()).add(key)
    per_folder: list[list[tuple[str, str]]] = []
    for top in tree.children(""):
        found: list[tuple[str, str]] = []
        for node in tree.folders():
            if node.card_key is None or top.id not in tree.ancestors(node.id):
                continue
            card = by_key.get(node.card_key)
            if card is None or card.restricted or _PERSONAL_FOLDER.search(card.label):
                continue
            names = [n for n in files.get(card.key, ()) if _safe(n, vocabulary, looks_personal)]
            stems = Counter(_stem(n) for n in names)
            for stem, _count in sorted(stems.items(), key=lambda s: (-s[1], s[0])):
                example = max(n for n in names if _stem(n) == stem).rsplit(".", 1)[0]
                if (
                    stem in _JUNK
                    or len(stem) < 4
                    or len(owners[stem]) > 1
                    or example.casefold() == card.label.casefold()  # the answer in the question
                ):
                    continue
                found.append((card.key, example))
                break
        per_folder.append(found)
    chosen: list[tuple[str, str]] = []
    while len(chosen) < limit and any(per_folder):
        for found in per_folder:
            if found and len(chosen) < limit:
                chosen.append(found.pop(0))
    return [
        Task(
            key=f"p{i + 1}",
            text_nl=f"Waar zou je '{item}' zoeken?",
            text_en=f"Where would you look for '{item}'?",
            targets=(f"card:{key}",),
            origin="proposed",
        )
        for i, (key, item) in enumerate(chosen)
    ]
