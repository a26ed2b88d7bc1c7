"""The planted confusing folder: the results find it, and the suggested edit helps."""

from __future__ import annotations

import pytest

from cardsort.treetest import (
    TestTree,
    analyse_treetest,
    apply_edit,
    flag_results,
    simulate_treetest,
)
from tests.cardsort.treetest.conftest import consensus, school_tasks


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_vague_folder_name_goes_to_the_top_and_renaming_it_helps(seed: int) -> None:
    planted = consensus({"Zorg": "Diversen"})
    tree = TestTree.from_consensus(planted)
    tasks = school_tasks()
    answers = simulate_treetest(
        {"A": tree}, tasks, n_participants=20, vague_labels={"Diversen"}, seed=seed
    )
    results = analyse_treetest({"A": tree}, tasks, answers)
    flags = flag_results(results, {"A": tree}, answers)

    assert results.folders[0].label == "Diversen"
    worst = {r.task for r in results.tasks[:3]}
    assert worst == {"t7", "t8", "t9"}  # the three tasks whose answer lies in the vague folder
    assert flags[0].kind == "folder_missed" and flags[0].subject == "Diversen"
    (edit,) = flags[0].edits
    assert (edit.kind, edit.new_name) == ("rename", "Zorg")  # the card sort's own name for it

    fixed = TestTree.from_consensus(apply_edit(planted, edit))
    again = simulate_treetest(
        {"A": fixed}, tasks, n_participants=20, vague_labels={"Diversen"}, seed=seed + 100
    )
    before = results.summary("A")
    after = analyse_treetest({"A": fixed}, tasks, again).summary("A")
    assert after.success > before.success
    assert after.success_ci[0] > before.success  # not a coincidence of the draw


def test_the_simulation_is_deterministic_for_a_seed() -> None:
    tree = TestTree.from_consensus(consensus())
    first = simulate_treetest({"A": tree, "B": tree}, school_tasks(), n_participants=6)
    assert first == simulate_treetest({"A": tree, "B": tree}, school_tasks(), n_participants=6)
    assert {a.variant for a in first} == {"A", "B"}
    assert sum(a.variant == "A" for a in first) == sum(a.variant == "B" for a in first)


def test_simulator_rejects_nonsense() -> None:
    tree = TestTree.from_consensus(consensus())
    with pytest.raises(ValueError, match="participant"):
        simulate_treetest({"A": tree}, school_tasks(), n_participants=0)
    with pytest.raises(ValueError, match="probability"):
        simulate_treetest({"A": tree}, school_tasks(), n_participants=3, skill=1.5)
