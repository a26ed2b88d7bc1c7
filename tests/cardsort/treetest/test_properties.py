"""Properties over arbitrary walks: the measures stay consistent and a CSV round trip is exact."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.treetest import (
    Answer,
    Navigator,
    TestTree,
    analyse_treetest,
    answers_to_csv,
    read_answers,
    wilson_interval,
)
from tests.cardsort.treetest.conftest import consensus, school_tasks

TREE = TestTree.from_consensus(consensus())
TASKS = school_tasks()

# one move: -1 goes back up, n >= 0 opens the n-th folder (modulo what is there)
moves = st.lists(st.integers(min_value=-1, max_value=5), max_size=8)


def walk(moves: list[int], skip: bool, who: str, task: str) -> Answer:
    nav = Navigator(TREE)
    for move in moves:
        choices = nav.choices()
        if move < 0 or not choices:
            nav.up()
        else:
            nav.enter(choices[move % len(choices)][0])
    chosen = None if skip or not nav.can_choose() else nav.current
    return Answer(who, "A", task, tuple(nav.steps), chosen, float(len(moves)))


attempts = st.lists(
    st.tuples(moves, st.booleans(), st.sampled_from([t.key for t in TASKS])),
    min_size=1,
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(attempts)
def test_measures_are_consistent_for_any_walks(drawn: list[tuple[list[int], bool, str]]) -> None:
    answers = [walk(m, s, f"p{i}", t) for i, (m, s, t) in enumerate(drawn)]
    results = analyse_treetest({"A": TREE}, TASKS, answers)
    assert sum(r.n for r in results.tasks) == len(answers)
    for r in results.tasks:
        assert sum(r.outcomes.values()) == r.n
        assert 0.0 <= r.directness <= 1.0 and 0.0 <= r.first_click_correct <= 1.0
        low, high = r.success_ci
        assert low <= r.success <= high or r.n == 0
        assert sum(count for _, count, _ in r.paths) == r.n
    summary = results.summary("A")
    assert summary.successes == sum(r.successes for r in results.tasks)
    assert summary.success_ci == wilson_interval(summary.successes, summary.attempts)
    for folder in results.folders:
        assert folder.wrong_turns <= folder.entered and folder.missed <= folder.tasks_inside


@settings(max_examples=80, deadline=None)
@given(attempts)
def test_a_csv_round_trip_is_exact_for_any_walks(
    drawn: list[tuple[list[int], bool, str]],
) -> None:
    answers = [walk(m, s, f"p{i}", t) for i, (m, s, t) in enumerate(drawn)]
    # a skip keeps its walk in the CSV only if it ended on a folder: the format's rule for 'chosen'
    text = answers_to_csv({"A": TREE}, answers)
    read = read_answers(text, {"A": TREE}, TASKS, "x.csv")
    assert read.problems == ()
    assert list(read.answers) == answers
