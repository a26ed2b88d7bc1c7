"""The coordinator app's tree-test mode (F9): tests, tasks worst first, flags with their edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable, Input, Static

from cardsort.treetest import simulate_treetest
from cardsort.treetest_data import load_treetest, store_answers
from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.coordinator.treetest import TreeTestResultsScreen
from cardsort.tui.modals import TextPrompt
from sessions.analysis_store import current_tree, store_edited_tree
from sessions.store import Store
from sessions.studies import get_study
from sessions.treetests import add_task, create_treetest
from tests.cardsort.treetest.conftest import consensus, school_tasks

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


SIZE = (100, 40)


def planted_test(store: Store) -> None:
    study = get_study(store, "school")
    record = create_treetest(store, study.id, "juni", {"A": (2, consensus({"Zorg": "Diversen"}))})
    for task in school_tasks()[5:10]:
        add_task(store, record.id, task.text_nl, task.targets, text_en=task.text_en, key=task.key)
    loaded = load_treetest(store, "juni")
    answers = simulate_treetest(
        loaded.trees, loaded.tasks, n_participants=12, vague_labels={"Diversen"}, seed=3
    )
    store_answers(store, record.id, answers, source="simulated")


async def test_f9_shows_the_worst_task_and_the_confusing_folder_first(school: Store) -> None:
    planted_test(school)
    app = CoordinatorApp(school, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, TreeTestResultsScreen)
        tasks = screen.query_one("#tt-task-table", DataTable)
        first_task = str(tasks.get_row_at(0)[0])
        assert first_task.startswith(("t7", "t8", "t9"))  # a task inside the vague folder
        folders = screen.query_one("#tt-folder-table", DataTable)
        assert folders.get_row_at(0)[0] == "Diversen"
        flags = str(screen.query_one("#tt-flags", Static).render())
        assert "[1] Rename folder 'Diversen' to 'Zorg'" in flags
        assert "Press A to apply" in flags and "treetest apply-edit juni N" in flags


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_snapshot_treetest_results(
    snap_compare: Callable[..., bool], school: Store, lang: str
) -> None:
    planted_test(school)

    async def open_mode(pilot: object) -> None:
        await pilot.press("f9")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    app = CoordinatorApp(school, lang=lang)
    assert snap_compare(app, run_before=open_mode, terminal_size=SIZE)


def planted_current_test(store: Store) -> int:
    """The planted test, of a version that is the current consensus (so edits may apply)."""
    study = get_study(store, "school")
    store_edited_tree(store, study.id, consensus({"Zorg": "Diversen"}), based_on=1, note="v2")
    planted_test(store)
    return study.id


async def test_a_suggested_rename_is_applied_as_a_new_consensus_version(school: Store) -> None:
    study_id = planted_current_test(school)
    app = CoordinatorApp(school, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # which suggestion?
        await pilot.press("1", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)  # the folder's name, the suggestion filled in
        assert app.screen.query_one("#answer", Input).value == "Zorg"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TreeTestResultsScreen)
        messages = [n.message for n in app._notifications]
        assert any("consensus version 3" in m for m in messages)
    current = current_tree(school, study_id)
    assert current is not None and current.version == 3
    labels = [g["label"] for g in current.tree["groups"]]
    assert "Zorg" in labels and "Diversen" not in labels


async def test_an_edit_of_a_version_that_is_no_longer_current_is_refused_in_dutch(
    school: Store,
) -> None:
    study_id = planted_current_test(school)
    store_edited_tree(school, study_id, consensus(), based_on=2, note="edited by hand")
    app = CoordinatorApp(school, lang="nl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("a", "1", "enter")
        await pilot.pause()
        await pilot.press("enter")  # keep the suggested name
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("ging over versie 2" in m and "huidige versie" in m for m in messages)
    current = current_tree(school, study_id)
    assert current is not None and current.version == 3  # nothing stored


async def test_a_number_that_is_no_suggestion_changes_nothing(school: Store) -> None:
    study_id = planted_current_test(school)
    app = CoordinatorApp(school, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("a", "9", "9", "enter")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("There is no suggestion 99" in m for m in messages)
    current = current_tree(school, study_id)
    assert current is not None and current.version == 2
