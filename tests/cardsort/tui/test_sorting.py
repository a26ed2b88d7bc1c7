"""The rules of a sort, without a terminal: moves, groups, subgroups, undo, finishing, and the
round trip through the store's Sort."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.tui.sorting import UNSORTED, UNSURE, Board, SortRuleError
from sessions.models import StudyKind, StudySettings

CARDS = list(range(1, 9))


def test_a_card_moves_between_piles_and_undo_restores() -> None:
    board = Board(CARDS)
    group = board.add_group("Planning")
    assert board.move(3, group)
    assert not board.move(3, group)  # already there: no step
    assert board.piles[group] == [3] and 3 not in board.piles[UNSORTED]
    board.undo()
    assert board.piles[group] == [] and board.piles[UNSORTED] == CARDS
    board.undo()
    assert board.groups == [] and not board.can_undo


def test_closed_sort_has_fixed_categories_only() -> None:
    board = Board(CARDS, kind=StudyKind.CLOSED, categories=[(7, "Vieringen"), (8, "Zorg")])
    assert [g.key for g in board.ordered_groups()] == ["cat7", "cat8"]
    with pytest.raises(SortRuleError) as caught:
        board.add_group("Eigen")
    assert caught.value.key == "error.closed_no_new_groups"
    for action in (
        lambda: board.rename_group("cat7", "x"),
        lambda: board.delete_group("cat7"),
        lambda: board.merge_groups("cat7", "cat8"),
    ):
        with pytest.raises(SortRuleError, match=r"error\.fixed_category"):
            action()


def test_subgroups_are_one_level_and_only_when_allowed() -> None:
    board = Board(CARDS)
    top = board.add_group("Onderwijs")
    with pytest.raises(SortRuleError, match="subgroups_not_allowed"):
        board.add_group("Rekenen", parent=top)
    board = Board(CARDS, settings=StudySettings(allow_subgroups=True))
    top = board.add_group("Onderwijs")
    other = board.add_group("Vieringen")
    sub = board.add_group("Rekenen", parent=top)
    assert [g.key for g in board.ordered_groups()] == [top, sub, other]
    assert board.number_of(other) == 3
    with pytest.raises(SortRuleError, match="subgroup_depth"):
        board.add_group("Tafels", parent=sub)


def test_merging_moves_cards_and_subgroups() -> None:
    board = Board(CARDS, settings=StudySettings(allow_subgroups=True))
    a, b = board.add_group("A"), board.add_group("B")
    sub = board.add_group("A1", parent=a)
    board.move(1, a)
    board.move(2, sub)
    board.move(3, b)
    board.merge_groups(a, b)
    assert board.piles[b] == [3, 1]
    assert board.group(sub).parent_key == b
    with pytest.raises(SortRuleError, match="merge_into_own_subgroup"):
        board.merge_groups(b, sub)


def test_deleting_returns_cards_to_the_stack() -> None:
    board = Board(CARDS)
    group = board.add_group("A")
    board.move(5, group)
    board.move(6, group)
    assert board.delete_group(group) == 2
    assert board.piles[UNSORTED][-2:] == [5, 6]


def test_unsure_only_when_allowed() -> None:
    board = Board(CARDS, settings=StudySettings(allow_unsure=False))
    with pytest.raises(SortRuleError, match="unsure_not_allowed"):
        board.move(1, UNSURE)


def test_finish_problems_follow_the_settings() -> None:
    board = Board(CARDS, settings=StudySettings(require_names=True, require_all_sorted=True))
    assert [p.key for p in board.finish_problems()] == [
        "finish.problem.nothing_sorted",
        "finish.problem.unsorted",
    ]
    group = board.add_group("")
    for card in CARDS:
        board.move(card, group)
    assert [p.key for p in board.finish_problems()] == ["finish.problem.unnamed"]
    board.rename_group(group, "  Alles   samen ")
    assert board.group(group).label == "Alles samen"
    assert board.finish_problems() == []
    relaxed = Board(CARDS, settings=StudySettings(require_names=False))
    relaxed.move(1, relaxed.add_group(""))
    assert relaxed.finish_problems() == []


def test_load_keeps_categories_and_recorded_order() -> None:
    board = Board(CARDS, kind=StudyKind.HYBRID, categories=[(4, "Vieringen")])
    own = board.add_group("Eigen")
    board.move(2, "cat4")
    board.move(7, own)
    saved = board.to_sort()
    again = Board(CARDS, kind=StudyKind.HYBRID, categories=[(4, "Vieringen")])
    again.load(saved, card_order=[8, 6, 5, 4, 3, 1])
    assert again.piles == board.piles
    fresh = Board(CARDS)
    fresh.load(Board(CARDS).to_sort().__class__((), ()), card_order=[8, 7, 6, 5, 4, 3, 2, 1])
    assert fresh.piles[UNSORTED] == [8, 7, 6, 5, 4, 3, 2, 1]
    assert again.add_group("Nog een") == "g2"  # keys continue after the loaded ones


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["move", "add", "delete", "merge", "rename", "undo", "sub"]),
        st.integers(0, 20),
        st.integers(0, 20),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(ACTIONS)
def test_every_card_is_always_on_exactly_one_pile(actions: list[tuple[str, int, int]]) -> None:
    board = Board(
        CARDS,
        kind=StudyKind.HYBRID,
        categories=[(1, "Vast")],
        settings=StudySettings(allow_subgroups=True),
    )
    for action, x, y in actions:
        keys = [g.key for g in board.ordered_groups()]
        piles = list(board.piles)
        try:
            if action == "move":
                board.move(CARDS[x % len(CARDS)], piles[y % len(piles)])
            elif action == "add":
                board.add_group(f"G{x}")
            elif action == "sub" and keys:
                board.add_group(f"S{x}", parent=keys[y % len(keys)])
            elif action == "delete" and keys:
                board.delete_group(keys[x % len(keys)])
            elif action == "merge" and keys:
                board.merge_groups(keys[x % len(keys)], keys[y % len(keys)])
            elif action == "rename" and keys:
                board.rename_group(keys[x % len(keys)], f"R{y}")
            elif action == "undo":
                board.undo()
        except SortRuleError:
            pass
        everywhere = [c for cards in board.piles.values() for c in cards]
        assert sorted(everywhere) == CARDS
        assert set(board.piles) == {UNSORTED, UNSURE} | {g.key for g in board.groups}
        assert all(
            board.group(g.parent_key).parent_key is None for g in board.groups if g.parent_key
        )
        sort = board.to_sort()
        sort.validate()
        copy = Board(
            CARDS,
            kind=StudyKind.HYBRID,
            categories=[(1, "Vast")],
            settings=StudySettings(allow_subgroups=True),
        )
        copy.load(sort)
        assert copy.piles == board.piles
