"""The edit functions the CLI and the coordinator TUI call: no card is ever lost, duplicated or
invented, and both front ends refuse the same edits.

They wrap the analysis package's pure helpers (``move_card``, ``rename_node``, ``merge_nodes``)
with the small extras the front ends need: a new folder, white space folded in names.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.analysis import ConsensusNode, ConsensusTree, find_card
from cardsort.consensus_edits import merge_folders, move_card, rename_folder


def _node(label: str, keys: list[str], children: tuple[ConsensusNode, ...] = ()) -> ConsensusNode:
    return ConsensusNode(label, (), tuple(keys), tuple(k.upper() for k in keys), 0.8, 0.9, children)


@st.composite
def trees(draw: st.DrawFn) -> ConsensusTree:
    keys = [f"c{i}" for i in range(draw(st.integers(2, 12)))]
    cuts = sorted(draw(st.sets(st.integers(1, len(keys) - 1), max_size=4)))
    parts = [keys[a:b] for a, b in zip([0, *cuts], [*cuts, len(keys)], strict=True)]
    unassigned = tuple(parts.pop()) if len(parts) > 1 and draw(st.booleans()) else ()
    groups = []
    for n, part in enumerate(parts):
        children: tuple[ConsensusNode, ...] = ()
        if len(part) >= 3 and draw(st.booleans()):
            children = (_node(f"sub{n}", part[:2]),)
        groups.append(_node(f"folder{n}", part, children))
    return ConsensusTree(tuple(groups), unassigned)


@settings(max_examples=200, deadline=None)
@given(trees(), st.data())
def test_moving_a_card_keeps_every_card_exactly_once(
    tree: ConsensusTree, data: st.DataObject
) -> None:
    key = data.draw(st.sampled_from(sorted(tree.card_keys)))
    paths = [(i,) for i in range(len(tree.groups))] + [
        (i, j) for i, g in enumerate(tree.groups) for j in range(len(g.children))
    ]
    target = data.draw(st.one_of(st.none(), st.sampled_from(paths)))
    before = find_card(tree, key)
    edited = move_card(tree, key, key.upper(), target)
    assert sorted(edited.card_keys) == sorted(tree.card_keys)
    if target is None:
        assert key in edited.unassigned
    else:
        destination = tree.groups[target[0]]
        label = destination.label if len(target) == 1 else destination.children[target[1]].label
        holders = [g for g in edited.groups if key in g.card_keys]
        holders += [c for g in edited.groups for c in g.children if key in c.card_keys]
        assert label in {h.label for h in holders}
        if before != target:  # a real move: the figures no longer describe the folders
            assert all(math.isnan(h.agreement) for h in holders)


@settings(max_examples=100, deadline=None)
@given(trees(), st.data())
def test_merge_and_rename_keep_cards(tree: ConsensusTree, data: st.DataObject) -> None:
    if len(tree.groups) >= 2:
        a, b = data.draw(
            st.lists(st.integers(0, len(tree.groups) - 1), min_size=2, max_size=2, unique=True)
        )
        merged = merge_folders(tree, (a,), (b,))
        assert sorted(merged.card_keys) == sorted(tree.card_keys)
        assert len(merged.groups) == len(tree.groups) - 1
        assert tree.groups[a].label in next(
            g.alternatives for g in merged.groups if g.label == tree.groups[b].label
        )
    renamed = rename_folder(tree, (0,), "  Nieuwe   naam ")
    assert renamed.groups[0].label == "Nieuwe naam"
    assert renamed.groups[0].alternatives[0] == tree.groups[0].label
    assert renamed.card_keys == tree.card_keys


def test_moving_the_last_card_out_removes_the_empty_folder() -> None:
    tree = ConsensusTree((_node("A", ["a", "b"]), _node("Lonely", ["c"])))
    edited = move_card(tree, "c", "C", (0,))
    assert [g.label for g in edited.groups] == ["A"]
    assert edited.groups[0].card_keys == ("a", "b", "c")
    fresh = move_card(tree, "a", "A", None, new_folder="Nieuw")
    assert [g.label for g in fresh.groups] == ["A", "Lonely", "Nieuw"]


def test_a_sibling_name_or_an_empty_name_is_refused() -> None:
    tree = ConsensusTree((_node("A", ["a"]), _node("B", ["b"])))
    with pytest.raises(ValueError, match="already a folder named 'a'"):
        rename_folder(tree, (1,), " a ")  # case and white space do not make another name
    with pytest.raises(ValueError, match="needs a name"):
        rename_folder(tree, (1,), "   ")
    assert [g.label for g in rename_folder(tree, (1,), "B ").groups] == ["A", "B"]
