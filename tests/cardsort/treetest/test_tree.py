"""The tested tree mirrors the consensus (folders, then cards as folders), one level at a time."""

from __future__ import annotations

import pytest

from cardsort.treetest import UP, Navigator, TargetError, TestTree
from tests.cardsort.treetest.conftest import consensus


def test_tree_shows_consensus_folders_then_their_cards_as_folders(tree: TestTree) -> None:
    top = [n.label for n in tree.children("")]
    assert top == ["Organisatie", "Vieringen", "Zorg", "Team"]
    assert [n.label for n in tree.children("f:2")] == ["Groepsplannen", "Toetsen", "IB"]
    assert tree.children("c:c7") == []
    assert tree.label_path("c:c7") == "Zorg/Groepsplannen"


def test_subfolders_hold_their_cards_and_the_parent_only_the_rest() -> None:
    data = consensus()
    data["groups"][2]["children"] = [
        {"label": "Toetsing", "card_keys": ["c8"], "cards": ["Toetsen"], "children": []}
    ]
    tree = TestTree.from_consensus(data)
    assert [n.label for n in tree.children("f:2")] == ["Toetsing", "Groepsplannen", "IB"]
    assert tree.label_path("c:c8") == "Zorg/Toetsing/Toetsen"


def test_targets_resolve_by_card_or_by_folder_path_and_fail_clearly(tree: TestTree) -> None:
    assert tree.resolve(["card:c8"]) == {"c:c8"}
    assert tree.resolve(["folder:zorg/toetsen", "folder:Team"]) == {"c:c8", "f:3"}
    with pytest.raises(TargetError, match="not a folder"):
        tree.resolve(["card:c99"])
    with pytest.raises(TargetError, match="not a folder"):
        tree.resolve(["folder:Archief"])


def test_a_malformed_consensus_is_refused() -> None:
    with pytest.raises(ValueError, match="groups"):
        TestTree.from_consensus({"nope": 1})


def test_navigator_goes_one_level_down_and_back_up_recording_each_step(tree: TestTree) -> None:
    nav = Navigator(tree)
    assert not nav.can_choose() and not nav.up()
    nav.enter("f:0")
    nav.up()
    nav.enter("f:2")
    nav.enter("c:c7")
    assert nav.steps == ["f:0", UP, "f:2", "c:c7"]
    assert nav.trail() == ["Zorg", "Groepsplannen"]
    with pytest.raises(ValueError, match="not a folder inside"):
        nav.enter("f:1")  # not a child of the open folder: no jumping around the tree
