"""A parsed sort file, independent of its format and of the store.

Every importer turns its file into a :class:`ParsedStudy`; the store writer takes it from there.
Every exporter reads the store into the same shape and writes its format, so import and export
of each format are symmetric and round trips can be tested on this one model.

Keys are the file's own identities: ``ParsedCard.key`` is the card id in the file,
``ParsedGroup.key`` identifies a group within one participant's sort (a category is
``(participant, group key)``, never its label).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sessions.formats.messages import said
from sessions.models import PlacementState, StudyKind
from sessions.said import Listed

__all__ = [
    "ImportReport",
    "ParsedCard",
    "ParsedGroup",
    "ParsedPlacement",
    "ParsedQuestion",
    "ParsedSort",
    "ParsedStudy",
]


@dataclass(frozen=True, slots=True)
class ParsedCard:
    """A card as the file names it."""

    key: str
    label: str
    description: str = ""
    restricted: bool = False
    line: int | None = None  # where the card first appears, for error messages
    audience: str | None = None  # who may open a restricted card's files (care, staff, ...)


@dataclass(frozen=True, slots=True)
class ParsedGroup:
    """A participant's group; ``category`` names a predefined category (closed/hybrid sorts)."""

    key: str
    label: str = ""
    parent_key: str | None = None
    category: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedPlacement:
    """Where one card went in one participant's sort."""

    card_key: str
    state: PlacementState
    group_key: str | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class ParsedQuestion:
    """A question the study asks after the sort; ``number`` identifies it within the file."""

    number: int
    kind: str  # "text" or "choice"
    text_nl: str
    text_en: str
    choices: tuple[tuple[str, str], ...] = ()  # (nl, en) per option


@dataclass(frozen=True, slots=True)
class ParsedSort:
    """One participant's sort, with what the file says about the session."""

    participant: str
    groups: tuple[ParsedGroup, ...]
    placements: tuple[ParsedPlacement, ...]
    duration_s: float | None = None
    started_at: str | None = None
    finished_at: str | None = None
    lang: str | None = None
    card_order: tuple[str, ...] = ()
    line: int | None = None  # where the participant first appears
    #: Answers to the study's questions: (question number in the file, text or choice number).
    #: Not part of the sort's fingerprint.
    answers: tuple[tuple[int, str], ...] = ()

    def group(self, key: str) -> ParsedGroup:
        """The group with this key."""
        for group in self.groups:
            if group.key == key:
                return group
        raise KeyError(key)


@dataclass(slots=True)
class ImportReport:
    """What an importer understood: the columns it mapped, what it ignored, what it noted."""

    format: str
    source: str
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (column as written, meaning)
    ignored: list[str] = field(default_factory=list)  # columns it did not use
    notes: list[str] = field(default_factory=list)  # values it could not understand, choices made
    #: Rows left out with ``--skip-invalid-rows``: (line, reasons), in file order.
    skipped: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A human-readable account, one message each."""
        out: list[str] = [said("read_as", source=self.source, format=self.format)]
        if self.mapped:
            used = [said("column_meaning", column=c, meaning=m) for c, m in self.mapped]
            out.append(said("columns_used", columns=Listed(used)))
        if self.ignored:
            ignored = [said("quoted", name=c) for c in self.ignored]
            out.append(said("columns_ignored", columns=Listed(ignored)))
        out.extend(self.notes)
        if self.skipped:
            out.append(said("skipped_rows", count=len(self.skipped)))
            out.extend(
                said("skipped_row", line=line, reasons=Listed(list(reasons), "; "))
                for line, reasons in self.skipped
            )
        return out


@dataclass(slots=True)
class ParsedStudy:
    """Everything a sort file holds, fully validated, not yet written anywhere."""

    cards: tuple[ParsedCard, ...]
    #: A tuple, or for a large long file a sequence built one participant at a time.
    sorts: Sequence[ParsedSort]
    report: ImportReport
    kind: StudyKind = StudyKind.OPEN
    categories: tuple[str, ...] = ()
    name: str | None = None
    instructions_nl: str = ""
    instructions_en: str = ""
    settings: Mapping[str, Any] | None = None
    #: The questions asked after the sort (our JSON only), in the order they are asked.
    questions: tuple[ParsedQuestion, ...] = ()
    #: False when card keys were made up by the importer (the wide layout numbers its rows), so
    #: they must never be matched against the keys of an existing study.
    card_keys_from_file: bool = True
    #: True when the keys are this project's own card keys (our JSON), so a card renamed since
    #: the export still matches by key. Keys from other tools match only with an equal label.
    card_keys_stable: bool = False

    def card(self, key: str) -> ParsedCard:
        """The card with this key."""
        for card in self.cards:
            if card.key == key:
                return card
        raise KeyError(key)
