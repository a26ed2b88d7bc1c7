"""The state of one participant's board, as pure data: piles, groups, moves and undo.

No Textual here: the widgets render a :class:`Board` and call its methods, so every rule of a
sort (a card is in exactly one pile, fixed categories cannot be renamed, one level of
subgroups, what must be true before finishing) is tested without a terminal. Errors carry a
catalogue key, so the UI shows them in the participant's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sessions.models import Group, Placement, PlacementState, Sort, StudyKind, StudySettings

__all__ = ["UNSORTED", "UNSURE", "Board", "FinishProblem", "SortRuleError"]

#: Pile keys that are not groups: the stack still to sort and the "don't know" pile.
UNSORTED = "@unsorted"
UNSURE = "@unsure"

#: How many steps ``undo`` can take back.
UNDO_DEPTH = 100


class SortRuleError(Exception):
    """An action the rules of this study do not allow; ``key`` is a catalogue key."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class FinishProblem:
    """Something that must be fixed before finishing, as a catalogue key and its parameters."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class _Snapshot:
    groups: list[Group]
    piles: dict[str, list[int]]
    next_group: int


class Board:
    """A participant's sort in progress.

    ``piles`` maps a pile key (``UNSORTED``, ``UNSURE`` or a group key) to its card ids in
    display order. Every card of the study is in exactly one pile.
    """

    def __init__(
        self,
        card_ids: Sequence[int],
        *,
        kind: StudyKind = StudyKind.OPEN,
        settings: StudySettings | None = None,
        categories: Sequence[tuple[int, str]] = (),
    ) -> None:
        self.kind = kind
        self.settings = settings or StudySettings()
        self.card_ids = list(card_ids)
        self.groups: list[Group] = []
        self.piles: dict[str, list[int]] = {UNSORTED: list(card_ids), UNSURE: []}
        self._next_group = 1
        self._undo: list[_Snapshot] = []
        if kind is not StudyKind.OPEN:
            for position, (category_id, label) in enumerate(categories):
                key = f"cat{category_id}"
                self.groups.append(Group(key, label, None, category_id, position))
                self.piles[key] = []

    # -- reading ------------------------------------------------------------------------------

    @property
    def can_create_groups(self) -> bool:
        """Open and hybrid sorts let the participant make their own groups."""
        return self.kind is not StudyKind.CLOSED

    def group(self, key: str) -> Group:
        """A group by key."""
        for group in self.groups:
            if group.key == key:
                return group
        raise SortRuleError("error.no_such_group")

    def ordered_groups(self) -> list[Group]:
        """Groups in display order: each top-level group followed by its subgroups.

        A group's number (1, 2, …) is its index in this list plus one.
        """
        top = [g for g in self.groups if g.parent_key is None]
        result: list[Group] = []
        for parent in top:
            result.append(parent)
            result.extend(g for g in self.groups if g.parent_key == parent.key)
        return result

    def number_of(self, key: str) -> int:
        """The 1-based number shown for a group (digits 1–9 reach the first nine)."""
        for index, group in enumerate(self.ordered_groups()):
            if group.key == key:
                return index + 1
        raise SortRuleError("error.no_such_group")

    def pile_of(self, card_id: int) -> str:
        """The key of the pile a card lies on."""
        for key, cards in self.piles.items():
            if card_id in cards:
                return key
        raise SortRuleError("error.no_such_card")

    def is_fixed(self, key: str) -> bool:
        """Whether a group is one of the study's predefined categories."""
        return self.group(key).category_id is not None

    def children(self, key: str) -> list[Group]:
        """The subgroups of a group."""
        return [g for g in self.groups if g.parent_key == key]

    @property
    def can_undo(self) -> bool:
        """Whether there is a step to take back."""
        return bool(self._undo)

    # -- changing (each step can be undone) ---------------------------------------------------

    def _remember(self) -> None:
        self._undo.append(
            _Snapshot(
                list(self.groups), {k: list(v) for k, v in self.piles.items()}, self._next_group
            )
        )
        del self._undo[:-UNDO_DEPTH]

    def undo(self) -> bool:
        """Take back the last step; ``False`` when there is nothing to undo."""
        if not self._undo:
            return False
        snap = self._undo.pop()
        self.groups, self.piles, self._next_group = snap.groups, snap.piles, snap.next_group
        return True

    def move(self, card_id: int, target: str) -> bool:
        """Put a card on top of the end of a pile. ``False`` if it already lies there."""
        if target not in self.piles:
            raise SortRuleError("error.no_such_group")
        if target == UNSURE and not self.settings.allow_unsure:
            raise SortRuleError("error.unsure_not_allowed")
        source = self.pile_of(card_id)
        if source == target:
            return False
        self._remember()
        self.piles[source].remove(card_id)
        self.piles[target].append(card_id)
        return True

    def add_group(self, label: str = "", *, parent: str | None = None) -> str:
        """Create a group of the participant's own (or a subgroup); returns its key."""
        if parent is None and not self.can_create_groups:
            raise SortRuleError("error.closed_no_new_groups")
        if parent is not None:
            if not self.settings.allow_subgroups:
                raise SortRuleError("error.subgroups_not_allowed")
            if self.group(parent).parent_key is not None:
                raise SortRuleError("error.subgroup_depth")
        self._remember()
        while f"g{self._next_group}" in self.piles:
            self._next_group += 1
        key = f"g{self._next_group}"
        self._next_group += 1
        position = max((g.position for g in self.groups), default=-1) + 1
        self.groups.append(Group(key, " ".join(label.split()), parent, None, position))
        self.piles[key] = []
        return key

    def rename_group(self, key: str, label: str) -> None:
        """Give a group of one's own a new name."""
        group = self.group(key)
        if group.category_id is not None:
            raise SortRuleError("error.fixed_category", name=group.label)
        self._remember()
        self._replace(group, label=" ".join(label.split()))

    def _replace(self, group: Group, **changes: object) -> None:
        index = self.groups.index(group)
        values: dict[str, object] = {
            "key": group.key,
            "label": group.label,
            "parent_key": group.parent_key,
            "category_id": group.category_id,
            "position": group.position,
        }
        values.update(changes)
        self.groups[index] = Group(**values)  # type: ignore[arg-type]

    def delete_group(self, key: str) -> int:
        """Remove a group and its subgroups; their cards go back on the stack. Returns how many."""
        group = self.group(key)
        if group.category_id is not None:
            raise SortRuleError("error.fixed_category", name=group.label)
        self._remember()
        returned = 0
        for doomed in [*self.children(key), group]:
            cards = self.piles.pop(doomed.key)
            self.piles[UNSORTED].extend(cards)
            returned += len(cards)
            self.groups.remove(doomed)
        return returned

    def merge_groups(self, source: str, target: str) -> None:
        """Put all cards of ``source`` into ``target`` and remove ``source``.

        Subgroups of ``source`` move under ``target`` when that is a top-level group; under a
        subgroup they would be a second level, so their cards join ``target`` itself.
        """
        if source == target:
            raise SortRuleError("error.merge_same")
        src, dst = self.group(source), self.group(target)
        if src.category_id is not None:
            raise SortRuleError("error.fixed_category", name=src.label)
        if dst.parent_key == source:
            raise SortRuleError("error.merge_into_own_subgroup")
        self._remember()
        for child in self.children(source):
            if dst.parent_key is None:
                self._replace(child, parent_key=target)
            else:
                self.piles[target].extend(self.piles.pop(child.key))
                self.groups.remove(child)
        self.piles[target].extend(self.piles.pop(source))
        self.groups.remove(self.group(source))

    # -- finishing ----------------------------------------------------------------------------

    def finish_problems(self) -> list[FinishProblem]:
        """What stops this sort from being finished, per the study's settings."""
        problems: list[FinishProblem] = []
        placed = sum(len(self.piles[g.key]) for g in self.groups)
        if placed == 0:
            problems.append(FinishProblem("finish.problem.nothing_sorted"))
        if self.settings.require_names:
            unnamed = [self.number_of(g.key) for g in self.ordered_groups() if not g.label]
            if unnamed:
                numbers = ", ".join(str(n) for n in unnamed)
                problems.append(FinishProblem("finish.problem.unnamed", {"numbers": numbers}))
        if self.settings.require_all_sorted and self.piles[UNSORTED]:
            problems.append(
                FinishProblem("finish.problem.unsorted", {"count": len(self.piles[UNSORTED])})
            )
        return problems

    # -- to and from the store ----------------------------------------------------------------

    def to_sort(self) -> Sort:
        """The sort as the store saves it (positions are the display order)."""
        groups = tuple(
            Group(g.key, g.label, g.parent_key, g.category_id, position)
            for position, g in enumerate(self.ordered_groups())
        )
        placements: list[Placement] = []
        for key, cards in self.piles.items():
            for position, card_id in enumerate(cards):
                if key == UNSORTED:
                    placements.append(Placement(card_id, PlacementState.UNSORTED, None, position))
                elif key == UNSURE:
                    placements.append(Placement(card_id, PlacementState.UNSURE, None, position))
                else:
                    placements.append(Placement(card_id, PlacementState.PLACED, key, position))
        return Sort(groups, tuple(placements))

    def load(self, sort: Sort, card_order: Iterable[int] = ()) -> None:
        """Restore a saved sort. Cards the sort does not mention go on the stack in card order.

        Predefined categories stay even if the saved sort lacks them; a saved group that
        refers to a category is matched to it by ``category_id``.
        """
        fixed = {g.category_id: g for g in self.groups if g.category_id is not None}
        groups: list[Group] = []
        for saved in sorted(sort.groups, key=lambda g: g.position):
            if saved.category_id is not None and saved.category_id in fixed:
                base = fixed.pop(saved.category_id)
                groups.append(Group(base.key, base.label, None, base.category_id, saved.position))
            else:
                groups.append(saved)
        groups.extend(fixed.values())
        key_map = {g.key: g.key for g in groups}
        piles: dict[str, list[int]] = {UNSORTED: [], UNSURE: []}
        for group in groups:
            piles[group.key] = []
        known = set(self.card_ids)
        seen: set[int] = set()
        ordered = sorted(sort.placements, key=lambda p: p.position)
        for placement in ordered:
            if placement.card_id not in known or placement.card_id in seen:
                continue
            seen.add(placement.card_id)
            if placement.state is PlacementState.PLACED and placement.group_key in key_map:
                piles[key_map[placement.group_key]].append(placement.card_id)
            elif placement.state is PlacementState.UNSURE:
                piles[UNSURE].append(placement.card_id)
            else:
                piles[UNSORTED].append(placement.card_id)
        order = [c for c in card_order if c in known] or self.card_ids
        piles[UNSORTED].extend(c for c in order if c not in seen)
        piles[UNSORTED].extend(c for c in self.card_ids if c not in seen and c not in order)
        self.groups = groups
        self.piles = piles
        numbers = [int(g.key[1:]) for g in groups if g.key[:1] == "g" and g.key[1:].isdigit()]
        self._next_group = max(numbers, default=0) + 1
        self._undo.clear()

    def summary(self) -> list[tuple[Group, int]]:
        """Each group with its number of cards, in display order."""
        return [(g, len(self.piles[g.key])) for g in self.ordered_groups()]
