"""The coordinator app's tree-test mode (F9): tests, tasks worst first, flags with their edits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import DataTable, Static

from cardsort.treetest import simulate_treetest
from cardsort.treetest_data import load_treetest, store_answers
from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.coordinator.treetest import TreeTestResultsScreen
from sessions.store import Store
from sessions.studies import get_study
from sessions.treetests import add_task, create_treetest

from .conftest import consensus, school_tasks

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
        assert "treetest apply-edit juni N" in flags


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
