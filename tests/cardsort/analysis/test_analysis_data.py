"""SortData validation and the consensus tree's JSON round trip."""

from __future__ import annotations

import math

import numpy as np
import pytest

from cardsort.analysis import ConsensusNode, ConsensusTree, SortData


def _data(**overrides: object) -> SortData:
    fields: dict[str, object] = {
        "card_keys": ("a", "b", "c"),
        "card_labels": ("A", "B", "C"),
        "participants": ("ann", "bob"),
        "assignments": np.array([[0, 0, 1], [0, -1, 0]]),
        "group_labels": (("x", "y"), ("z",)),
    }
    fields.update(overrides)
    return SortData(**fields)  # type: ignore[arg-type]


def test_valid_data_is_frozen_and_read_only() -> None:
    data = _data()
    assert data.assignments.dtype == np.int32
    with pytest.raises(ValueError):
        data.assignments[0, 0] = 5


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"card_keys": ("a", "a", "c")}, "occurs twice"),
        ({"card_labels": ("A", "B")}, "card_labels has 2"),
        ({"participants": ("ann", "ann")}, "participant 'ann' occurs twice"),
        ({"assignments": np.array([[0, 0, 1]])}, "shape"),
        ({"assignments": np.array([[0, 0, 2], [0, -1, 0]])}, "only 2 group label"),
        ({"assignments": np.array([[0, 0, -2], [0, -1, 0]])}, "must be -1 or a group index"),
        ({"assignments": np.array([[0.5, 0, 1], [0, -1, 0]])}, "integers"),
        ({"group_labels": (("x", "y"),)}, "one entry per participant"),
        ({"kind": "semi"}, "kind must be one of"),
        ({"kind": "closed"}, "needs its predefined categories"),
        ({"durations": np.array([1.0, -3.0])}, "non-negative"),
        ({"unsure": np.array([[True, False, False], [False, False, False]])}, "marked unsure"),
        ({"shown": np.array([[True, True, True], [True, True, False]])}, "not shown"),
        ({"group_parents": ((-1, 0), (0,))}, "invalid parent"),
        ({"group_parents": ((1, 0), (-1,))}, "two levels deep"),
    ],
)
def test_inconsistent_data_is_refused_with_a_clear_message(
    overrides: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _data(**overrides)


def test_subgroups_resolve_to_their_parent_at_the_top_level() -> None:
    data = _data(
        assignments=np.array([[2, 1, 0], [0, -1, 0]]),
        group_labels=(("Taal", "Lezen", "Spelling"), ("z",)),
        group_parents=((-1, 0, 0), (-1,)),
    )
    assert data.top_assignments().tolist() == [[0, 0, 0], [0, -1, 0]]


def test_from_groups_refuses_a_card_placed_twice() -> None:
    with pytest.raises(ValueError, match="twice"):
        SortData.from_groups(card_keys=("a", "b"), sorts={"p": [("x", ["a"]), ("y", ["a"])]})
    with pytest.raises(ValueError, match="unknown card"):
        SortData.from_groups(card_keys=("a",), sorts={"p": [("x", ["q"])]})


def test_select_participants_and_cards_keep_everything_aligned() -> None:
    data = _data(durations=np.array([10.0, math.nan]))
    picked = data.select_participants([1]).select_cards([2, 0])
    assert picked.participants == ("bob",)
    assert picked.card_keys == ("c", "a")
    assert picked.assignments.tolist() == [[0, 0]]
    assert math.isnan(float(picked.durations[0]))  # type: ignore[index]


def test_consensus_tree_round_trips_through_json_dicts() -> None:
    child = ConsensusNode("Lezen", ("Boeken",), ("a",), ("A",), 0.9, 0.8)
    node = ConsensusNode("Taal", (), ("a", "b"), ("A", "B"), 0.75, math.nan, (child,))
    tree = ConsensusTree((node,), ("c",))
    doc = tree.to_dict()
    assert doc["groups"][0]["cards"] == ["A", "B"]
    assert doc["groups"][0]["stability"] is None
    again = ConsensusTree.from_dict(doc)
    assert again.to_dict() == doc
    assert node.direct_card_keys == ("b",)


def test_tree_refuses_a_card_in_two_folders() -> None:
    a = ConsensusNode("A", (), ("x",), ("X",), 1.0, 1.0)
    b = ConsensusNode("B", (), ("x",), ("X",), 1.0, 1.0)
    with pytest.raises(ValueError, match="more than one folder"):
        ConsensusTree((a, b))
    with pytest.raises(ValueError, match="does not"):
        ConsensusNode("P", (), ("y",), ("Y",), 1.0, 1.0, (a,))
    with pytest.raises(ValueError, match="groups"):
        ConsensusTree.from_dict({"unassigned": []})
