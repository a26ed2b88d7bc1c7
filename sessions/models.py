"""The domain model: snapshots, cards, studies, participants and their sorts.

Plain frozen dataclasses with no behaviour beyond validation helpers; the store turns rows into
them and back. A participant's category is identified by ``(participant, group key)``, never by
its label: two teachers who both write "Overig" made two different groups.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Card",
    "Category",
    "Deck",
    "Group",
    "Participant",
    "Placement",
    "PlacementState",
    "Snapshot",
    "SnapshotStatus",
    "Sort",
    "Study",
    "StudyKind",
    "StudySettings",
]


class SnapshotStatus(enum.StrEnum):
    """A snapshot is complete only when the scan finished; an interrupted one stays aborted."""

    RUNNING = "running"
    COMPLETE = "complete"
    ABORTED = "aborted"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One scan of a share."""

    id: int
    root: str
    root_bytes: bytes
    source: str
    source_ref: str | None
    started_at: str
    finished_at: str | None
    status: SnapshotStatus
    hashed: bool
    entry_count: int
    file_count: int
    dir_count: int
    total_bytes: int
    problem_count: int
    #: A cloud scan's change-feed cursor (see ``DriveAdapter.changes_since``); ``None`` locally.
    change_cursor: str | None = None


@dataclass(frozen=True, slots=True)
class Deck:
    """The cards proposed from one snapshot, before they become a study."""

    id: int
    snapshot_id: int
    created_at: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Card:
    """An item worth sorting: a label, a description, and the inventory paths it stands for."""

    id: int
    key: str
    label: str
    description: str
    position: int
    restricted: bool = False
    origin: str = "proposed"
    sources: tuple[bytes, ...] = ()
    audience: str | None = None  # None: the whole team; "care", "staff", "management", "named:X"


class StudyKind(enum.StrEnum):
    """Open: teachers make their own groups. Closed: fixed categories. Hybrid: both."""

    OPEN = "open"
    CLOSED = "closed"
    HYBRID = "hybrid"


@dataclass(frozen=True, slots=True)
class StudySettings:
    """Options a coordinator sets per study."""

    allow_unsure: bool = True
    require_names: bool = True
    allow_subgroups: bool = False
    randomise_cards: bool = True
    require_all_sorted: bool = False
    show_file_names: bool = True
    lang: str = "nl"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StudySettings:
        """Read settings, ignoring keys this version does not know (written by a newer one)."""
        known = {k: v for k, v in data.items() if k in cls.__slots__}
        return cls(**known)


@dataclass(frozen=True, slots=True)
class Study:
    """A card-sorting study."""

    id: int
    name: str
    kind: StudyKind
    instructions_nl: str
    instructions_en: str
    settings: StudySettings
    snapshot_id: int | None
    access_code: str | None
    created_at: str

    def instructions(self, lang: str) -> str:
        """The instructions in a language, falling back to the other one."""
        first, second = (
            (self.instructions_nl, self.instructions_en)
            if lang == "nl"
            else (self.instructions_en, self.instructions_nl)
        )
        return first or second


@dataclass(frozen=True, slots=True)
class Category:
    """A predefined category of a closed or hybrid study."""

    id: int
    label: str
    position: int


@dataclass(frozen=True, slots=True)
class Participant:
    """Somebody who sorts (or sorted, in another tool) the cards of a study."""

    id: int
    study_id: int
    name: str
    lang: str | None
    started_at: str | None
    finished_at: str | None
    duration_s: float | None
    card_order: tuple[int, ...]
    source: str
    fingerprint: str | None

    @property
    def finished(self) -> bool:
        """Whether the participant pressed 'finish' (or the import said so)."""
        return self.finished_at is not None


@dataclass(frozen=True, slots=True)
class Group:
    """A participant's group. ``key`` identifies it within the participant's sort."""

    key: str
    label: str = ""
    parent_key: str | None = None
    category_id: int | None = None
    position: int = 0


class PlacementState(enum.StrEnum):
    """Where a card is in a participant's sort."""

    PLACED = "placed"
    UNSURE = "unsure"
    UNSORTED = "unsorted"


@dataclass(frozen=True, slots=True)
class Placement:
    """One card in one participant's sort."""

    card_id: int
    state: PlacementState
    group_key: str | None = None
    position: int = 0

    def __post_init__(self) -> None:
        if (self.state is PlacementState.PLACED) != (self.group_key is not None):
            raise ValueError("a placed card needs a group, and only a placed card has one")


@dataclass(frozen=True, slots=True)
class Sort:
    """A participant's complete sort: their groups and where every card went."""

    groups: tuple[Group, ...]
    placements: tuple[Placement, ...]

    def validate(self) -> None:
        """Raise ``ValueError`` if the sort is inconsistent (unknown group, card twice...)."""
        keys = [g.key for g in self.groups]
        if len(set(keys)) != len(keys):
            raise ValueError("two groups share one key")
        known = set(keys)
        for group in self.groups:
            if group.parent_key is not None and group.parent_key not in known:
                raise ValueError(f"group {group.key!r} has an unknown parent {group.parent_key!r}")
        cards = [p.card_id for p in self.placements]
        if len(set(cards)) != len(cards):
            raise ValueError("a card is placed twice")
        for placement in self.placements:
            if placement.group_key is not None and placement.group_key not in known:
                raise ValueError(f"card {placement.card_id} is in an unknown group")
