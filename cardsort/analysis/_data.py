"""The data contract of the analysis: sort data in, consensus tree out.

``SortData`` is what every importer and the store hand to :func:`cardsort.analysis.analyse`;
``ConsensusNode`` / ``ConsensusTree`` are the proposed folder tree that the CLI, the report and the
TUI show and edit. Both are frozen: analysis functions never mutate their input, edits return new
trees.

A participant's group is identified by ``(participant, local group index)``, never by its label:
two teachers who both wrote "Overig" made two different groups, and one teacher's two piles that
happen to share a label stay two piles.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

__all__ = [
    "KINDS",
    "ConsensusNode",
    "ConsensusTree",
    "SortData",
]

KINDS: tuple[str, ...] = ("open", "closed", "hybrid")
"""The kinds of card sort the analysis understands."""

SortKind = Literal["open", "closed", "hybrid"]


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    array = np.array(array, copy=True)
    array.setflags(write=False)
    return array


def _as_bool_matrix(value: Any, name: str, shape: tuple[int, int]) -> npt.NDArray[np.bool_] | None:
    if value is None:
        return None
    array = np.asarray(value)
    if array.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (participants, cards), got {array.shape}")
    if array.dtype != np.bool_:
        if array.dtype.kind not in "biu" or not np.isin(array, (0, 1)).all():
            raise ValueError(f"{name} must be a boolean matrix")
        array = array.astype(np.bool_)
    return _readonly(array)


@dataclass(frozen=True, eq=False)
class SortData:
    """All sorts of one study, ready for analysis.

    Parameters
    ----------
    card_keys : tuple of str
        Stable, unique card ids.
    card_labels : tuple of str
        The card texts shown to participants, in ``card_keys`` order.
    participants : tuple of str
        Unique participant names or ids.
    assignments : ndarray of int, shape (n_participants, n_cards)
        ``-1`` where the card was not placed (left unsorted, marked unsure, or not shown);
        otherwise the index of the participant's group, local to that participant
        (``0 .. len(group_labels[p]) - 1``). With subgroups, the deepest group.
    group_labels : tuple of tuple of str
        Per participant, the label of each local group (``""`` when unnamed).
    group_parents : tuple of tuple of int, optional
        Per participant, the parent group index of each local group, or ``-1`` for a top-level
        group. One level of subgroups: a parent is always a top-level group.
    unsure : ndarray of bool, shape (n_participants, n_cards), optional
        Card explicitly marked "unsure" (its assignment must be ``-1``).
    shown : ndarray of bool, shape (n_participants, n_cards), optional
        Card was in that participant's set (card subsets); ``None`` means every card was shown.
        A card that was not shown must have assignment ``-1``.
    durations : ndarray of float, shape (n_participants,), optional
        Seconds each participant spent sorting; ``NaN`` when unknown.
    kind : {"open", "closed", "hybrid"}
        The kind of sort.
    categories : tuple of str
        Predefined categories of a closed or hybrid sort. A group whose label equals a category
        label after :func:`~cardsort.analysis.normalise_label` *is* that category.

    Raises
    ------
    ValueError
        When any field is inconsistent; the message names the field and, where it helps, the
        participant and card.

    Examples
    --------
    >>> data = SortData.from_groups(
    ...     card_keys=("a", "b", "c"),
    ...     sorts={"ann": [("Fruit", ["a", "b"]), ("Veg", ["c"])], "bob": [("", ["a", "b", "c"])]},
    ... )
    >>> data.assignments.tolist()
    [[0, 0, 1], [0, 0, 0]]
    """

    card_keys: tuple[str, ...]
    card_labels: tuple[str, ...]
    participants: tuple[str, ...]
    assignments: npt.NDArray[np.int32]
    group_labels: tuple[tuple[str, ...], ...]
    group_parents: tuple[tuple[int, ...], ...] | None = None
    unsure: npt.NDArray[np.bool_] | None = None
    shown: npt.NDArray[np.bool_] | None = None
    durations: npt.NDArray[np.float64] | None = None
    kind: str = "open"
    categories: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        card_keys = tuple(self.card_keys)
        card_labels = tuple(self.card_labels)
        participants = tuple(self.participants)
        if not card_keys:
            raise ValueError("a card sort needs at least one card")
        for name, values in (("card_keys", card_keys), ("card_labels", card_labels)):
            bad = [v for v in values if not isinstance(v, str)]
            if bad:
                raise ValueError(f"{name} must be strings, got {bad[0]!r}")
        if len(card_labels) != len(card_keys):
            raise ValueError(
                f"card_labels has {len(card_labels)} entries but there are {len(card_keys)} cards"
            )
        _check_unique(card_keys, "card key")
        if any(not key for key in card_keys):
            raise ValueError("card keys must not be empty")
        if any(not isinstance(p, str) or not p for p in participants):
            raise ValueError("participant names must be non-empty strings")
        _check_unique(participants, "participant")
        n_p, n_c = len(participants), len(card_keys)

        raw = np.asarray(self.assignments)
        if raw.size == 0 and n_p == 0:
            raw = np.zeros((0, n_c), dtype=np.int32)
        if raw.ndim != 2 or raw.shape != (n_p, n_c):
            raise ValueError(
                f"assignments must have shape (participants, cards) = {(n_p, n_c)}, got {raw.shape}"
            )
        if raw.dtype.kind not in "iu":
            if raw.dtype.kind == "f" and np.all(np.isfinite(raw)) and np.all(raw == np.round(raw)):
                raw = raw.astype(np.int64)
            else:
                raise ValueError("assignments must be integers (-1 = not placed)")
        if raw.size and (raw.min() < -1 or raw.max() > np.iinfo(np.int32).max):
            p, c = np.argwhere(raw < -1)[0]
            raise ValueError(
                f"assignments must be -1 or a group index, got {raw[p, c]} for participant "
                f"{participants[p]!r}, card {card_keys[c]!r}"
            )
        assignments = raw.astype(np.int32)

        group_labels = tuple(tuple(labels) for labels in self.group_labels)
        if len(group_labels) != n_p:
            raise ValueError(
                f"group_labels must have one entry per participant ({n_p}), got {len(group_labels)}"
            )
        for p, labels in enumerate(group_labels):
            if any(not isinstance(label, str) for label in labels):
                raise ValueError(f"group labels of participant {participants[p]!r} must be strings")
            row = assignments[p]
            if row.size and row.max() >= len(labels):
                c = int(np.argmax(row >= len(labels)))
                raise ValueError(
                    f"participant {participants[p]!r} placed card {card_keys[c]!r} in group "
                    f"{int(row[c])}, but has only {len(labels)} group label(s)"
                )

        group_parents: tuple[tuple[int, ...], ...] | None = None
        if self.group_parents is not None:
            group_parents = tuple(tuple(int(x) for x in parents) for parents in self.group_parents)
            if len(group_parents) != n_p:
                raise ValueError("group_parents must have one entry per participant")
            for p, parents in enumerate(group_parents):
                who = participants[p]
                if len(parents) != len(group_labels[p]):
                    raise ValueError(
                        f"participant {who!r} has {len(group_labels[p])} groups but "
                        f"{len(parents)} parent entries"
                    )
                for g, parent in enumerate(parents):
                    if parent == -1:
                        continue
                    if not 0 <= parent < len(parents) or parent == g:
                        raise ValueError(
                            f"participant {who!r}: group {g} has invalid parent {parent}"
                        )
                    if parents[parent] != -1:
                        raise ValueError(
                            f"participant {who!r}: group {g} is nested two levels deep; only one "
                            "level of subgroups is supported"
                        )

        shape = (n_p, n_c)
        unsure = _as_bool_matrix(self.unsure, "unsure", shape)
        shown = _as_bool_matrix(self.shown, "shown", shape)
        for name, mask in (
            ("marked unsure", unsure),
            ("not shown", None if shown is None else ~shown),
        ):
            if mask is not None and np.any(mask & (assignments >= 0)):
                p, c = np.argwhere(mask & (assignments >= 0))[0]
                raise ValueError(
                    f"card {card_keys[c]!r} is {name} for participant {participants[p]!r} but is "
                    "also placed in a group; its assignment must be -1"
                )

        durations: npt.NDArray[np.float64] | None = None
        if self.durations is not None:
            durations = np.asarray(self.durations, dtype=np.float64)
            if durations.shape != (n_p,):
                raise ValueError(f"durations must have one value per participant ({n_p})")
            if np.any(durations[~np.isnan(durations)] < 0) or np.any(np.isinf(durations)):
                raise ValueError("durations must be non-negative seconds (NaN = unknown)")
            durations = _readonly(durations)

        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {self.kind!r}")
        categories = tuple(self.categories)
        if any(not isinstance(c, str) or not c.strip() for c in categories):
            raise ValueError("categories must be non-empty strings")
        if self.kind == "closed" and not categories:
            raise ValueError("a closed sort needs its predefined categories")

        set_(self, "card_keys", card_keys)
        set_(self, "card_labels", card_labels)
        set_(self, "participants", participants)
        set_(self, "assignments", _readonly(assignments))
        set_(self, "group_labels", group_labels)
        set_(self, "group_parents", group_parents)
        set_(self, "unsure", unsure)
        set_(self, "shown", shown)
        set_(self, "durations", durations)
        set_(self, "categories", categories)

    # -- sizes -------------------------------------------------------------------------------
    @property
    def n_cards(self) -> int:
        """Number of cards."""
        return len(self.card_keys)

    @property
    def n_participants(self) -> int:
        """Number of participants."""
        return len(self.participants)

    @property
    def placed(self) -> npt.NDArray[np.bool_]:
        """Boolean ``(P, C)``: the card was placed in a group by that participant."""
        return self.assignments >= 0

    def top_assignments(self) -> npt.NDArray[np.int32]:
        """Assignments resolved to top-level groups (a subgroup counts as its parent)."""
        if self.group_parents is None:
            return self.assignments
        out = np.array(self.assignments, copy=True)
        for p, parents in enumerate(self.group_parents):
            if any(x >= 0 for x in parents):
                lookup = np.array([g if x < 0 else x for g, x in enumerate(parents)], np.int32)
                row = out[p]
                mask = row >= 0
                row[mask] = lookup[row[mask]]
        return out

    # -- derived data ------------------------------------------------------------------------
    def select_participants(self, indices: Sequence[int] | npt.NDArray[Any]) -> SortData:
        """A new ``SortData`` with only the given participants (by index, in that order)."""
        idx = np.asarray(indices, dtype=np.intp).reshape(-1)
        if idx.size and (idx.min() < 0 or idx.max() >= self.n_participants):
            raise ValueError("participant index out of range")
        if len(set(idx.tolist())) != idx.size:
            raise ValueError("participant indices must be unique")
        return SortData(
            card_keys=self.card_keys,
            card_labels=self.card_labels,
            participants=tuple(self.participants[i] for i in idx),
            assignments=self.assignments[idx],
            group_labels=tuple(self.group_labels[i] for i in idx),
            group_parents=None
            if self.group_parents is None
            else tuple(self.group_parents[i] for i in idx),
            unsure=None if self.unsure is None else self.unsure[idx],
            shown=None if self.shown is None else self.shown[idx],
            durations=None if self.durations is None else self.durations[idx],
            kind=self.kind,
            categories=self.categories,
        )

    def select_cards(self, indices: Sequence[int] | npt.NDArray[Any]) -> SortData:
        """A new ``SortData`` with only the given cards (by index, in that order).

        Group indices are kept, so a participant may end up with empty groups.
        """
        idx = np.asarray(indices, dtype=np.intp).reshape(-1)
        if idx.size == 0:
            raise ValueError("select at least one card")
        if idx.min() < 0 or idx.max() >= self.n_cards or len(set(idx.tolist())) != idx.size:
            raise ValueError("card indices must be unique and in range")
        return SortData(
            card_keys=tuple(self.card_keys[i] for i in idx),
            card_labels=tuple(self.card_labels[i] for i in idx),
            participants=self.participants,
            assignments=self.assignments[:, idx],
            group_labels=self.group_labels,
            group_parents=self.group_parents,
            unsure=None if self.unsure is None else self.unsure[:, idx],
            shown=None if self.shown is None else self.shown[:, idx],
            durations=self.durations,
            kind=self.kind,
            categories=self.categories,
        )

    @classmethod
    def from_groups(
        cls,
        *,
        card_keys: Sequence[str],
        sorts: Mapping[str, Sequence[tuple[str, Iterable[str]]]],
        card_labels: Sequence[str] | None = None,
        kind: str = "open",
        categories: Sequence[str] = (),
        durations: Mapping[str, float] | None = None,
    ) -> SortData:
        """Build ``SortData`` from ``{participant: [(group label, card keys), ...]}``.

        Cards a participant did not mention are unplaced (``-1``). Meant for tests, demos and
        simple importers; one level of groups only.

        Raises
        ------
        ValueError
            When a card is unknown or placed twice by one participant.
        """
        keys = tuple(card_keys)
        index = {key: i for i, key in enumerate(keys)}
        if len(index) != len(keys):
            _check_unique(keys, "card key")
        names = tuple(sorts)
        assignments = np.full((len(names), len(keys)), -1, dtype=np.int32)
        labels: list[tuple[str, ...]] = []
        for p, name in enumerate(names):
            row_labels = []
            for g, (label, cards) in enumerate(sorts[name]):
                row_labels.append(label)
                for card in cards:
                    if card not in index:
                        raise ValueError(f"participant {name!r} placed unknown card {card!r}")
                    if assignments[p, index[card]] != -1:
                        raise ValueError(f"participant {name!r} placed card {card!r} twice")
                    assignments[p, index[card]] = g
            labels.append(tuple(row_labels))
        return cls(
            card_keys=keys,
            card_labels=tuple(card_labels) if card_labels is not None else keys,
            participants=names,
            assignments=assignments,
            group_labels=tuple(labels),
            durations=None
            if durations is None
            else np.array([durations.get(n, math.nan) for n in names], dtype=np.float64),
            kind=kind,
            categories=tuple(categories),
        )


def _check_unique(values: Sequence[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} occurs twice; {what}s must be unique")
        seen.add(value)


# ---------------------------------------------------------------------------------------------
# Consensus tree
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsensusNode:
    """One proposed folder.

    Attributes
    ----------
    label : str
        Proposed name (the most used standardised participant label).
    alternatives : tuple of str
        Runner-up names, best first.
    card_keys, card_labels : tuple of str
        Every card in this folder **including those in its children**; cards not in any child
        sit directly in this folder (see :attr:`direct_card_keys`).
    agreement : float
        Mean share of participants who put two cards of this folder in the same group
        (for a one-card folder: the share who put the card on its own). In ``[0, 1]``.
    stability : float
        Mean best Jaccard overlap of this folder with the matching group over bootstrap
        resamples of the participants. In ``[0, 1]``.
    children : tuple of ConsensusNode
        Second-level folders (disjoint subsets of ``card_keys``).
    """

    label: str
    alternatives: tuple[str, ...]
    card_keys: tuple[str, ...]
    card_labels: tuple[str, ...]
    agreement: float
    stability: float
    children: tuple[ConsensusNode, ...] = ()

    def __post_init__(self) -> None:
        if len(self.card_keys) != len(self.card_labels):
            raise ValueError("card_keys and card_labels must have the same length")
        if len(set(self.card_keys)) != len(self.card_keys):
            raise ValueError(f"folder {self.label!r} lists a card twice")
        inside = set(self.card_keys)
        seen: set[str] = set()
        for child in self.children:
            extra = set(child.card_keys) - inside
            if extra:
                raise ValueError(
                    f"subfolder {child.label!r} holds card(s) {sorted(extra)} that its folder "
                    f"{self.label!r} does not"
                )
            if seen & set(child.card_keys):
                raise ValueError(f"subfolders of {self.label!r} overlap")
            seen |= set(child.card_keys)

    @property
    def direct_card_keys(self) -> tuple[str, ...]:
        """Cards directly in this folder, not in any subfolder."""
        nested = {key for child in self.children for key in child.card_keys}
        return tuple(key for key in self.card_keys if key not in nested)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (``cards`` are card labels, ``card_keys`` the ids)."""
        return {
            "label": self.label,
            "alternatives": list(self.alternatives),
            "cards": list(self.card_labels),
            "card_keys": list(self.card_keys),
            "agreement": _json_float(self.agreement),
            "stability": _json_float(self.stability),
            "children": [child.to_dict() for child in self.children],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConsensusNode:
        """Inverse of :meth:`to_dict`; raises ``ValueError`` on a malformed dict."""
        try:
            keys = tuple(str(k) for k in data["card_keys"])
            labels = tuple(str(c) for c in data.get("cards", keys))
            return cls(
                label=str(data["label"]),
                alternatives=tuple(str(a) for a in data.get("alternatives", ())),
                card_keys=keys,
                card_labels=labels,
                agreement=_from_json_float(data.get("agreement")),
                stability=_from_json_float(data.get("stability")),
                children=tuple(cls.from_dict(child) for child in data.get("children", ())),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed consensus folder: missing or bad field {exc}") from exc


@dataclass(frozen=True)
class ConsensusTree:
    """The proposed folder tree: top-level folders plus the cards that belong nowhere.

    Attributes
    ----------
    groups : tuple of ConsensusNode
        Top-level folders; their card sets are disjoint.
    unassigned : tuple of str
        Card keys that belong nowhere with confidence, listed apart instead of forced in.
    """

    groups: tuple[ConsensusNode, ...]
    unassigned: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for node in self.groups:
            overlap = seen & set(node.card_keys)
            if overlap:
                raise ValueError(f"card(s) {sorted(overlap)} appear in more than one folder")
            seen |= set(node.card_keys)
        both = seen & set(self.unassigned)
        if both:
            raise ValueError(f"card(s) {sorted(both)} are both in a folder and unassigned")
        if len(set(self.unassigned)) != len(self.unassigned):
            raise ValueError("unassigned lists a card twice")

    @property
    def card_keys(self) -> tuple[str, ...]:
        """Every card in the tree, folders first, then the unassigned ones."""
        return tuple(k for node in self.groups for k in node.card_keys) + self.unassigned

    def to_dict(self) -> dict[str, Any]:
        """``{"groups": [folder dicts], "unassigned": [card keys]}``."""
        return {
            "groups": [node.to_dict() for node in self.groups],
            "unassigned": list(self.unassigned),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConsensusTree:
        """Inverse of :meth:`to_dict`; raises ``ValueError`` on a malformed dict."""
        if not isinstance(data, Mapping) or "groups" not in data:
            raise ValueError("a consensus tree needs a 'groups' list")
        groups = data["groups"]
        if not isinstance(groups, list | tuple):
            raise ValueError("'groups' must be a list")
        return cls(
            groups=tuple(ConsensusNode.from_dict(g) for g in groups),
            unassigned=tuple(str(k) for k in data.get("unassigned", ())),
        )


def _json_float(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 6)


def _from_json_float(value: Any) -> float:
    return math.nan if value is None else float(value)
