"""Flags name what confuses people and the consensus edit that would address it."""

from __future__ import annotations

import pytest

from cardsort.treetest import (
    Answer,
    SuggestedEdit,
    Task,
    TestTree,
    analyse_treetest,
    apply_edit,
    flag_results,
)
from tests.cardsort.treetest.conftest import consensus

TASK = Task("t1", "Waar is het MR-reglement?", targets=("card:c11",))


def test_a_task_nobody_found_where_people_agree_elsewhere_suggests_moving_the_card(
    tree: TestTree,
) -> None:
    # everybody looks for the MR under Organisatie, none under Team
    answers = [Answer(f"p{i}", "A", "t1", ("f:0",), "f:0", 9.0) for i in range(6)]
    results = analyse_treetest({"A": tree}, [TASK], answers)
    flags = flag_results(results, {"A": tree}, answers)
    task_flag = next(f for f in flags if f.subject == "t1")
    assert task_flag.kind == "task_not_found"
    (edit,) = task_flag.edits
    assert edit == SuggestedEdit("move", (0,), "Organisatie", card_key="c11", card_label="MR")
    moved = TestTree.from_consensus(apply_edit(consensus(), edit))
    assert moved.label_path("c:c11") == "Organisatie/MR"


def test_scattered_failures_suggest_no_move(tree: TestTree) -> None:
    answers = [Answer(f"p{i}", "A", "t1", (f"f:{i % 3}",), f"f:{i % 3}", 9.0) for i in range(9)]
    results = analyse_treetest({"A": tree}, [TASK], answers)
    flags = flag_results(results, {"A": tree}, answers)
    assert next(f for f in flags if f.subject == "t1").edits == ()


def test_a_good_result_raises_no_flags(tree: TestTree) -> None:
    answers = [Answer(f"p{i}", "A", "t1", ("f:3", "c:c11"), "c:c11", 9.0) for i in range(9)]
    results = analyse_treetest({"A": tree}, [TASK], answers)
    assert flag_results(results, {"A": tree}, answers) == []


def test_an_edit_that_no_longer_fits_or_clashes_is_refused() -> None:
    stale = SuggestedEdit("rename", (2,), "Diversen", new_name="Zorg")
    with pytest.raises(ValueError, match="not in this version"):
        apply_edit(consensus(), stale)
    clash = SuggestedEdit("rename", (2,), "Zorg", new_name="Team")
    with pytest.raises(ValueError):
        apply_edit(consensus(), clash)
    nameless = SuggestedEdit("rename", (2,), "Zorg")
    with pytest.raises(ValueError, match="new name"):
        apply_edit(consensus(), nameless)
    assert apply_edit(consensus(), nameless, new_name="Leerlingzorg")["groups"][2]["label"] == (
        "Leerlingzorg"
    )


def test_a_folder_that_draws_people_more_than_its_siblings_is_a_magnet(tree: TestTree) -> None:
    # six of eight look in Organisatie first, then find the MR under Team
    answers = [
        Answer(f"p{i}", "A", "t1", ("f:0", "..", "f:3", "c:c11"), "c:c11", 20.0) for i in range(6)
    ]
    answers += [Answer(f"q{i}", "A", "t1", ("f:3", "c:c11"), "c:c11", 9.0) for i in range(2)]
    results = analyse_treetest({"A": tree}, [TASK], answers)
    (flag,) = flag_results(results, {"A": tree}, answers)
    assert (flag.kind, flag.subject) == ("folder_wrong_turns", "Organisatie")
    assert flag.edits == (SuggestedEdit("rename", (0,), "Organisatie"),)  # no runner-up name


def test_wrong_turns_spread_evenly_over_the_siblings_flag_no_folder(tree: TestTree) -> None:
    answers = [
        Answer(f"p{i}", "A", "t1", (f"f:{i % 3}", "..", "f:3", "c:c11"), "c:c11", 20.0)
        for i in range(9)
    ]
    results = analyse_treetest({"A": tree}, [TASK], answers)
    assert flag_results(results, {"A": tree}, answers) == []
