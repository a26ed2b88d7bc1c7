"""The participant's terminal app through Pilot: keyboard and mouse, autosave, resume, snapshots."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input

from cardsort.tui.treetest.app import TreeTestApp
from cardsort.tui.treetest.done import TreeTestDone
from cardsort.tui.treetest.task_screen import TaskScreen
from sessions.analysis_store import get_version
from sessions.store import Store
from sessions.studies import get_study
from sessions.treetests import add_task, answers_of, create_treetest, treetest_participants

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


SIZE = (80, 24)


def make_test(store: Store) -> int:
    study = get_study(store, "school")
    record = create_treetest(
        store, study.id, "juni", {"A": (1, get_version(store, study.id, 1).tree)}
    )
    add_task(
        store,
        record.id,
        "Waar zijn de groepsplannen?",
        ["card:c7"],
        text_en="Where are the group plans?",
    )
    add_task(
        store,
        record.id,
        "Waar is het MR-reglement?",
        ["card:c11"],
        text_en="Where are the MR rules?",
    )
    return record.id


def app_for(store: Store, lang: str = "en", **kw: object) -> TreeTestApp:
    return TreeTestApp(store, "juni", lang=lang, shuffle_seed=0, **kw)  # type: ignore[arg-type]


def task_screen(pilot: Pilot[None]) -> TaskScreen:
    screen = pilot.app.screen
    assert isinstance(screen, TaskScreen)
    return screen


async def answer_first_task_by_keyboard(pilot: Pilot[None]) -> None:
    """Open Organisatie (a wrong turn), back up, Zorg › Groepsplannen, 'I would look here'."""
    await pilot.press("enter")  # Organisatie (first folder)
    await pilot.press("left")  # back up
    await pilot.press("down", "down", "enter")  # Zorg
    await pilot.press("enter")  # Groepsplannen
    await pilot.press("h")
    await pilot.pause()


async def test_a_whole_test_by_keyboard_saves_each_answer_at_once(school: Store) -> None:
    test_id = make_test(school)
    app = app_for(school)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"An", "enter")
        await pilot.pause()
        order = treetest_participants(school, test_id)[0].task_order
        assert order == ("t1", "t2")  # a seeded shuffle keeps the test deterministic
        assert task_screen(pilot).question.key == "t1"
        await answer_first_task_by_keyboard(pilot)
        (saved,) = answers_of(school, test_id)  # written before the next task shows
        assert (saved.steps, saved.chosen) == (("f:0", "..", "f:2", "c:c7"), "c:c7")
        assert task_screen(pilot).question.key == "t2"
        await pilot.press("s")  # skip
        await pilot.pause()
        assert isinstance(pilot.app.screen, TreeTestDone)
    answers = answers_of(school, test_id)
    assert [(a.task, a.chosen) for a in answers] == [("t1", "c:c7"), ("t2", None)]
    assert treetest_participants(school, test_id)[0].finished_at is not None


async def test_the_mouse_opens_folders_and_confirms(school: Store) -> None:
    test_id = make_test(school)
    async with app_for(school, participant="Bo").run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = task_screen(pilot)
        assert screen.query_one(
            "#tt-here", Button
        ).disabled  # the top of the tree is nobody's answer
        await pilot.press("h")
        assert "Open a folder first" in str(screen.query_one("#tt-hint").render())
        screen.query_one("#tt-folders").focus()
        await pilot.click("#tt-folders", offset=(4, 3))  # third line: Zorg
        await pilot.pause()
        assert screen.nav.trail() == ["Zorg"]
        await pilot.click("#tt-here")
        await pilot.pause()
    (saved,) = answers_of(school, test_id)
    assert saved.chosen == "f:2" and saved.steps == ("f:2",)


async def test_a_participant_who_comes_back_continues_where_they_were(school: Store) -> None:
    test_id = make_test(school)
    async with app_for(school, participant="Cas").run_test(size=SIZE) as pilot:
        await answer_first_task_by_keyboard(pilot)
    async with app_for(school, participant="Cas").run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert task_screen(pilot).question.key == "t2"
        assert task_screen(pilot).number == 2
    assert len(treetest_participants(school, test_id)) == 1


def steps(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_snapshot_welcome(snap_compare: Callable[..., bool], school: Store, lang: str) -> None:
    make_test(school)
    assert snap_compare(app_for(school, lang), run_before=steps(), terminal_size=SIZE)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_snapshot_task_inside_a_folder(
    snap_compare: Callable[..., bool], school: Store, lang: str
) -> None:
    make_test(school)
    app = app_for(school, lang, participant="Dirk")
    assert snap_compare(app, run_before=steps("down", "down", "enter"), terminal_size=SIZE)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_snapshot_a_folder_with_no_folders_inside_says_what_to_do(
    snap_compare: Callable[..., bool], school: Store, lang: str
) -> None:
    make_test(school)
    app = app_for(school, lang, participant="Eva")
    assert snap_compare(app, run_before=steps("down", "down", "enter", "enter"), terminal_size=SIZE)


async def test_on_the_network_the_study_code_is_asked_and_wrong_codes_count(
    school: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_test(school)
    monkeypatch.setenv("CARDSORT_CLIENT_ADDRESS", "10.0.0.7")
    code = get_study(school, "school").access_code
    assert code
    async with app_for(school, require_code=True).run_test(size=SIZE) as pilot:
        await pilot.press(*"An", "tab", *"000000", "enter")
        await pilot.pause()
        assert "code" in str(pilot.app.screen.query_one("#tt-error").render()).lower()
        assert not isinstance(pilot.app.screen, TaskScreen)
        wrong = school.conn.execute("SELECT count(*) FROM code_attempts").fetchone()[0]
        assert wrong == 1
        field = pilot.app.screen.query_one("#tt-code", Input)
        field.value = code
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, TaskScreen)
