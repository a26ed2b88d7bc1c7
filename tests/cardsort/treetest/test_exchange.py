"""Results as CSV and JSON: round trips, other tools' destination-only files, bad rows listed."""

from __future__ import annotations

import pytest

from cardsort.treetest import (
    Answer,
    TestTree,
    answers_to_csv,
    answers_to_json,
    read_answers,
    simulate_treetest,
)
from tests.cardsort.treetest.conftest import school_tasks


@pytest.mark.parametrize("writer", [answers_to_csv, answers_to_json])
def test_a_round_trip_keeps_every_answer(tree: TestTree, writer: object) -> None:
    trees = {"A": tree, "B": tree}
    answers = simulate_treetest(trees, school_tasks(), n_participants=6, seed=5)
    text = writer(trees, answers)  # type: ignore[operator]
    read = read_answers(text, trees, school_tasks(), "answers")
    assert read.problems == ()
    assert list(read.answers) == answers


def test_the_csv_names_folders_and_steps_back_up(tree: TestTree) -> None:
    answers = [Answer("p1", "A", "t7", ("f:0", "..", "f:2", "c:c7"), "c:c7", 12.5)]
    text = answers_to_csv({"A": tree}, answers)
    assert text.splitlines() == [
        "participant,version,task,path,chosen,seconds",
        "p1,A,t7,Organisatie > .. > Zorg > Groepsplannen,Zorg/Groepsplannen,12.5",
    ]


def test_a_destination_only_row_counts_as_a_direct_walk(tree: TestTree) -> None:
    text = "participant,task,chosen\np1,t7,zorg/groepsplannen\np2,t7,\n"
    read = read_answers(text, {"A": tree}, school_tasks(), "other-tool.csv")
    assert read.answers == (
        Answer("p1", "A", "t7", ("f:2", "c:c7"), "c:c7", 0.0),
        Answer("p2", "A", "t7", (), None, 0.0),
    )


def test_bad_rows_are_listed_with_their_line(tree: TestTree) -> None:
    text = (
        "participant,version,task,path,chosen,seconds\n"
        "p1,A,t7,Zorg > Groepsplannen,Zorg/Groepsplannen,10\n"
        "p2,A,t99,,Zorg,10\n"
        "p3,A,t7,Archief,Archief,10\n"
        "p4,C,t7,,Zorg,10\n"
        "p5,A,t7,Zorg,Team,10\n"
        "p6,A,t7,,Zorg,tien\n"
        "p1,A,t7,,Zorg,3\n"
    )
    read = read_answers(text, {"A": tree}, school_tasks(), "x.csv")
    assert [a.participant for a in read.answers] == ["p1"]
    assert read.problems == (
        "x.csv:3: unknown task 't99'",
        "x.csv:4: there is no folder 'Archief' in 'the top'",
        "x.csv:5: unknown version 'C' (this test has A)",
        "x.csv:6: the path does not end in the chosen folder",
        "x.csv:7: seconds 'tien' is not a number",
        "x.csv:8: p1 answered t7 twice",
    )


def test_not_a_results_file(tree: TestTree) -> None:
    assert read_answers("{}", {"A": tree}, school_tasks(), "x.json").problems == (
        "x.json: not a cardsort-treetest-results file",
    )
    assert (
        read_answers("a,b\n1,2\n", {"A": tree}, school_tasks(), "x.csv")
        .problems[0]
        .startswith("x.csv:1: the header needs")
    )
