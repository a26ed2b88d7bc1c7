"""Editing the consensus tree returns new trees and never loses a card."""

from __future__ import annotations

import math

import pytest

from cardsort.analysis import (
    AnalysisOptions,
    ConsensusNode,
    ConsensusTree,
    SortData,
    analyse,
    find_card,
    merge_nodes,
    move_card,
    rename_node,
    score_tree,
)


def _tree() -> ConsensusTree:
    lezen = ConsensusNode("Lezen", (), ("a",), ("A",), 1.0, 1.0)
    spelling = ConsensusNode("Spelling", (), ("b",), ("B",), 1.0, 1.0)
    taal = ConsensusNode("Taal", (), ("a", "b", "c"), ("A", "B", "C"), 0.8, 0.9, (lezen, spelling))
    rekenen = ConsensusNode("Rekenen", ("Wiskunde",), ("d", "e"), ("D", "E"), 0.9, 0.95)
    return ConsensusTree((taal, rekenen), ("f",))


def test_move_card_between_folders_and_to_unassigned() -> None:
    tree = _tree()
    moved = move_card(tree, "a", to=(1,))
    assert find_card(moved, "a") == (1,)
    assert moved.groups[0].card_keys == ("b", "c")
    assert moved.groups[0].children[0].label == "Spelling"  # emptied subfolder is gone
    assert math.isnan(moved.groups[1].agreement)
    assert moved.groups[1].card_labels[-1] == "A"
    apart = move_card(moved, "d", to=None)
    assert apart.unassigned == ("f", "d")
    back = move_card(apart, "f", to=(0, 0), card_label="F")
    assert find_card(back, "f") == (0, 0)
    assert sorted(back.card_keys) == sorted(tree.card_keys)
    assert tree.groups[0].card_keys == ("a", "b", "c")  # the original is untouched


def test_rename_and_merge() -> None:
    tree = _tree()
    renamed = rename_node(tree, (1,), "Wiskunde")
    assert renamed.groups[1].label == "Wiskunde"
    assert renamed.groups[1].alternatives[0] == "Rekenen"
    with pytest.raises(ValueError, match="already a folder"):
        rename_node(tree, (1,), "taal")
    merged = merge_nodes(tree, [(0,), (1,)], label="Vakken")
    assert [n.label for n in merged.groups] == ["Vakken"]
    assert merged.groups[0].card_keys == ("a", "b", "c", "d", "e")
    kids = merge_nodes(tree, [(0, 0), (0, 1)])
    assert [c.label for c in kids.groups[0].children] == ["Lezen"]
    with pytest.raises(ValueError, match="same level"):
        merge_nodes(tree, [(0,), (0, 1)])
    with pytest.raises(ValueError, match="no folder"):
        rename_node(tree, (5,), "x")
    with pytest.raises(ValueError, match="not in this consensus"):
        move_card(tree, "zz", to=(0,))


def test_score_tree_remeasures_agreement_after_an_edit() -> None:
    data = SortData.from_groups(
        card_keys=("a", "b", "c", "d"),
        sorts={f"p{i}": [("X", ["a", "b"]), ("Y", ["c", "d"])] for i in range(4)},
    )
    result = analyse(data, options=AnalysisOptions(n_resamples=0))
    edited = move_card(result.consensus, "c", to=(0,))
    target = find_card(edited, "a")
    assert target is not None
    rescored = score_tree(edited, data)
    assert rescored.groups[target[0]].agreement == pytest.approx(1 / 3)
