"""Tree tests in the store: frozen trees, A/B split, resumable order, autosaved answers."""

from __future__ import annotations

import pytest

from sessions.analysis_store import get_version
from sessions.store import SCHEMA_VERSION, Store, StoreError
from sessions.studies import get_study
from sessions.treetests import (
    AnswerRow,
    add_task,
    answers_of,
    create_treetest,
    get_treetest,
    import_answer_rows,
    remove_task,
    save_answer,
    start_treetest_participant,
    tasks_of,
    treetest_participants,
)
from tests.cardsort.treetest.conftest import consensus

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


def make_test(store: Store, ab: bool = False) -> int:
    study = get_study(store, "school")
    tree = get_version(store, study.id, 1).tree
    variants = {"A": (1, tree)}
    if ab:
        variants["B"] = (1, consensus({"Zorg": "Leerlingzorg"}))
    record = create_treetest(store, study.id, "juni", variants)
    for key in ("c1", "c7", "c11"):
        add_task(store, record.id, f"Waar is {key}?", [f"card:{key}"])
    return record.id


def test_the_schema_has_the_treetest_tables(school: Store) -> None:
    assert school.schema_version() == SCHEMA_VERSION
    names = {r[0] for r in school.conn.execute("SELECT name FROM sqlite_schema")}
    assert {"treetests", "treetest_tasks", "treetest_answers"} <= names


def test_a_test_keeps_a_frozen_copy_of_the_tree(school: Store) -> None:
    test_id = make_test(school)
    school.conn.execute("UPDATE consensus_versions SET tree = '{}'")  # the consensus moves on
    record = get_treetest(school, "juni")
    assert record.id == test_id
    assert record.variants["A"][1]["groups"][2]["label"] == "Zorg"


def test_names_and_versions_are_checked(school: Store) -> None:
    make_test(school)
    study = get_study(school, "school")
    with pytest.raises(StoreError, match="exists already"):
        create_treetest(school, study.id, "juni", {"A": (1, consensus())})
    with pytest.raises(StoreError, match="one consensus version"):
        create_treetest(school, study.id, "x", {"B": (1, consensus())})
    with pytest.raises(StoreError, match="no tree test called 'nope'"):
        get_treetest(school, "nope")


def test_participants_alternate_between_versions_and_resume_with_their_order(
    school: Store,
) -> None:
    test_id = make_test(school, ab=True)
    people = [start_treetest_participant(school, test_id, n) for n in ("An", "Bo", "Cas", "Dirk")]
    assert [p.variant for p in people] == ["A", "B", "A", "B"]
    again = start_treetest_participant(school, test_id, " an\x1b ")  # as sorting matches names
    assert (again.id, again.variant, again.task_order) == (
        people[0].id,
        "A",
        people[0].task_order,
    )
    assert sorted(again.task_order) == ["t1", "t2", "t3"]


def test_each_answer_is_saved_at_once_and_never_replaced(school: Store) -> None:
    test_id = make_test(school)
    person = start_treetest_participant(school, test_id, "An", shuffle_seed=1)
    first = person.task_order[0]
    assert save_answer(school, person.id, first, ["f:0"], "f:0", 4.0)
    assert not save_answer(school, person.id, first, ["f:1"], "f:1", 5.0)
    (row,) = answers_of(school, test_id)
    assert (row.task, row.steps, row.chosen) == (first, ("f:0",), "f:0")
    (resumed,) = treetest_participants(school, test_id)
    assert resumed.next_task == person.task_order[1]


def test_tasks_cannot_be_removed_once_somebody_started(school: Store) -> None:
    test_id = make_test(school)
    remove_task(school, test_id, "t3")
    start_treetest_participant(school, test_id, "An")
    with pytest.raises(StoreError, match="no longer be removed"):
        remove_task(school, test_id, "t2")
    assert [t.key for t in tasks_of(school, test_id)] == ["t1", "t2"]


def test_an_import_is_all_or_nothing(school: Store) -> None:
    test_id = make_test(school)
    rows = [AnswerRow("p1", "A", "t1", ("f:0", "c:c1"), "c:c1", 3.0)]
    assert import_answer_rows(school, test_id, rows) == 1
    again = [AnswerRow("p2", "A", "t1", (), None, 1.0), *rows]
    with pytest.raises(StoreError, match="answered task t1 already"):
        import_answer_rows(school, test_id, again)
    assert [a.participant for a in answers_of(school, test_id)] == ["p1"]
