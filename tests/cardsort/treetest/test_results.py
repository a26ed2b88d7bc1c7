"""Tree-test measures on hand-made answers whose right values are known."""

from __future__ import annotations

import pytest

from cardsort.treetest import (
    UP,
    Answer,
    Task,
    TestTree,
    analyse_treetest,
    newcombe_difference,
    wilson_interval,
)

TASK = Task("t1", "Waar zijn de groepsplannen?", targets=("card:c7",))


def answer(who: str, steps: tuple[str, ...], chosen: str | None, variant: str = "A") -> Answer:
    return Answer(who, variant, "t1", steps, chosen, 10.0 + len(steps))


def test_outcomes_directness_first_click_and_paths(tree: TestTree) -> None:
    answers = [
        answer("a", ("f:2", "c:c7"), "c:c7"),  # direct success
        answer("b", ("f:0", UP, "f:2", "c:c7"), "c:c7"),  # indirect success
        answer("c", ("f:0", "c:c1"), "c:c1"),  # direct failure
        answer("d", ("f:2", UP, "f:3"), "f:3"),  # indirect failure
        answer("e", (), None),  # skip
    ]
    result = analyse_treetest({"A": tree}, [TASK], answers).task("t1", "A")
    assert dict(result.outcomes) == {
        "direct_success": 1,
        "indirect_success": 1,
        "direct_failure": 1,
        "indirect_failure": 1,
        "skip": 1,
    }
    assert result.success == pytest.approx(0.4)
    assert result.directness == pytest.approx(3 / 5)  # a, c and the skip never went back up
    assert result.first_click_correct == pytest.approx(2 / 5)  # a and d opened Zorg first
    assert result.first_clicks[0] == ("Zorg", 2, True)
    assert ("Zorg > Groepsplannen", 1, "direct_success") in result.paths
    assert result.median_seconds == pytest.approx(12.0)
    zorg = next(n for n in result.flow if n.label == "Zorg")
    assert (zorg.entered, zorg.on_the_way) == (3, True)
    assert next(c for c in zorg.children if c.label == "Groepsplannen").chosen == 2


def test_wrong_turns_and_misses_per_folder(tree: TestTree) -> None:
    answers = [
        answer("a", ("f:0", UP, "f:2", "c:c7"), "c:c7"),
        answer("b", ("f:0", "c:c1"), "c:c1"),
        answer("c", ("f:0", UP, "f:3"), "f:3"),
    ]
    results = analyse_treetest({"A": tree}, [TASK], answers)
    organisatie = next(f for f in results.folders if f.label == "Organisatie")
    zorg = next(f for f in results.folders if f.label == "Zorg")
    assert (organisatie.wrong_turns, organisatie.missed) == (3, 0)
    assert (zorg.wrong_turns, zorg.missed, zorg.tasks_inside) == (0, 2, 3)
    assert results.folders[0].label in {"Organisatie", "Zorg"}  # the confusing ones come first


def test_overall_success_has_a_wilson_interval(tree: TestTree) -> None:
    answers = [answer(str(i), ("f:2", "c:c7"), "c:c7") for i in range(8)]
    answers += [answer("x", ("f:0",), "f:0"), answer("y", (), None)]
    summary = analyse_treetest({"A": tree}, [TASK], answers).summary("A")
    assert (summary.successes, summary.attempts) == (8, 10)
    assert summary.success_ci == pytest.approx(wilson_interval(8, 10))
    assert summary.success_ci == pytest.approx((0.490, 0.943), abs=1e-3)


def test_wilson_and_newcombe_match_published_values() -> None:
    # Newcombe (1998), Statistics in Medicine 17:873, example (a): 56/70 vs 48/80, method 10
    difference, low, high = newcombe_difference(48, 80, 56, 70)
    assert (round(difference, 4), round(low, 4), round(high, 4)) == (0.2, 0.0524, 0.3339)
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)
    assert wilson_interval(10, 10)[0] == pytest.approx(0.722, abs=1e-3)


def test_ab_difference_per_task(tree: TestTree) -> None:
    answers = [answer(f"a{i}", ("f:2", "c:c7"), "c:c7" if i < 3 else "f:2") for i in range(10)]
    answers += [answer(f"b{i}", ("f:2", "c:c7"), "c:c7", "B") for i in range(10)]
    results = analyse_treetest({"A": tree, "B": tree}, [TASK], answers)
    (d,) = results.differences
    assert d.difference == pytest.approx(0.7)
    assert d.clear and d.low > 0
    assert results.overall_difference is not None


def test_answers_to_unknown_tasks_or_versions_are_refused(tree: TestTree) -> None:
    with pytest.raises(ValueError, match="unknown task"):
        analyse_treetest({"A": tree}, [TASK], [Answer("a", "A", "t9", (), None, 1.0)])
    with pytest.raises(ValueError, match="unknown version"):
        analyse_treetest({"A": tree}, [TASK], [answer("a", (), None, variant="B")])
