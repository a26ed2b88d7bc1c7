"""One live window per tree-test participant, as for sorting: a second window is refused once,
then takes over; the first window is told and its answers are refused, so nothing the second
window does is overwritten and nothing the first did is lost."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from cardsort.tui.screens.taken_over import TakenOverScreen
from cardsort.tui.treetest.done import TreeTestDone
from cardsort.tui.treetest.task_screen import TaskScreen
from cardsort.tui.treetest.welcome import TreeTestWelcome
from sessions.identity import LEASE_TTL_S, LeaseLost, ParticipantBusy, lease_holder
from sessions.store import Store
from sessions.studies import get_study, start_participant
from sessions.treetests import (
    answers_of,
    save_answer,
    start_treetest_participant,
    treetest_participants,
)
from tests.cardsort.tui.treetest.test_app import (
    SIZE,
    answer_first_task_by_keyboard,
    app_for,
    make_test,
)

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


@pytest.fixture(autouse=True)
def _no_timed_renewals(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests renew by hand, so no timer decides what they see."""
    monkeypatch.setenv("CARDSORT_LEASE_RENEW_S", "3600")


def test_a_second_window_is_refused_until_it_takes_over(school: Store) -> None:
    test_id = make_test(school)
    first = start_treetest_participant(school, test_id, "Juf Eva", holder="first")
    with pytest.raises(ParticipantBusy):
        start_treetest_participant(school, test_id, "juf eva", holder="second")
    again = start_treetest_participant(school, test_id, "juf eva", holder="second", take_over=True)
    assert again.id == first.id and again.task_order == first.task_order
    assert lease_holder(school, first.id, kind="treetest") == "second"

    with pytest.raises(LeaseLost):
        save_answer(school, first.id, "t1", ["f:2"], "f:2", 3.0, holder="first")
    assert answers_of(school, test_id) == []
    assert save_answer(school, first.id, "t1", ["f:2"], "f:2", 3.0, holder="second")


def test_a_tree_test_lease_nobody_renews_expires(school: Store) -> None:
    test_id = make_test(school)
    start_treetest_participant(school, test_id, "Bram", holder="gone")  # a killed window
    school.conn.execute("UPDATE treetest_leases SET renewed_at = renewed_at - ?", (LEASE_TTL_S,))
    person = start_treetest_participant(school, test_id, "bram", holder="new")
    assert person.name == "Bram" and lease_holder(school, person.id, kind="treetest") == "new"


def test_sorting_and_tree_test_leases_do_not_block_each_other(school: Store) -> None:
    """A tree-test participant and a sorting participant with the same row id are two people."""
    test_id = make_test(school)
    sorter, _ = start_participant(school, get_study(school, "school").id, "Ans", holder="sort")
    tester = start_treetest_participant(school, test_id, "Ans", holder="tree")
    assert sorter.id == tester.id  # both the first of their kind
    assert lease_holder(school, sorter.id) == "sort"
    assert lease_holder(school, tester.id, kind="treetest") == "tree"


def test_the_lease_goes_with_the_participant(school: Store) -> None:
    test_id = make_test(school)
    person = start_treetest_participant(school, test_id, "Cas", holder="w")
    with school.transaction() as tx:
        tx.execute("DELETE FROM treetest_participants WHERE id = ?", (person.id,))
    assert lease_holder(school, person.id, kind="treetest") is None


async def test_two_windows_on_one_store_the_second_takes_over_and_the_first_is_told(
    school: Store,
) -> None:
    test_id = make_test(school)
    first, second = app_for(school, lang="nl"), app_for(school, lang="en")
    async with first.run_test(size=SIZE) as one, second.run_test(size=SIZE) as two:
        await one.press(*"Juf Eva", "enter")
        await one.pause()
        assert isinstance(first.screen, TaskScreen)
        await answer_first_task_by_keyboard(one)  # saved from the first window

        await two.press(*"juf eva", "enter")
        await two.pause()
        assert isinstance(second.screen, TreeTestWelcome)  # refused once, and told why
        message = str(second.screen.query_one("#tt-error", Static).render())
        assert "Juf Eva" in message and "another window" in message

        await two.press("enter")  # the same name again: take over
        await two.pause()
        assert isinstance(second.screen, TaskScreen)
        assert second.screen.number == 2  # continues after the first window's answer

        # The first window answers its (stale) task: refused, nothing stored, and it is told.
        await one.press("s")
        await one.pause()
        assert isinstance(first.screen, TakenOverScreen)
        assert "ander venster" in str(first.screen.query_one("#taken-title").render())
        (kept,) = answers_of(school, test_id)
        assert kept.chosen is not None  # the first window's real answer, not its stale skip

        await two.press("s")  # the second window skips the last task: the test is done
        await two.pause()
        assert isinstance(second.screen, TreeTestDone)
    (person,) = treetest_participants(school, test_id)
    assert person.finished_at is not None and len(answers_of(school, test_id)) == 2


async def test_a_window_learns_of_the_take_over_at_its_next_renewal(school: Store) -> None:
    make_test(school)
    app = app_for(school, participant="Cas")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
        other = app_for(school)
        other.session.join("cas", take_over=True)
        assert not app.session.renew()
        await pilot.pause()
        assert isinstance(app.screen, TakenOverScreen)


async def test_closing_the_window_frees_the_name_at_once(school: Store) -> None:
    test_id = make_test(school)
    async with app_for(school, participant="Cas").run_test(size=SIZE) as pilot:
        await pilot.pause()
    (person,) = treetest_participants(school, test_id)
    assert lease_holder(school, person.id, kind="treetest") is None
    start_treetest_participant(school, test_id, "Cas", holder="next")  # not busy


async def test_take_as_a_name_in_use_opens_the_welcome_screen_saying_why(school: Store) -> None:
    test_id = make_test(school)
    start_treetest_participant(school, test_id, "Cas", holder="other window")
    app = app_for(school, participant="cas", lang="nl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TreeTestWelcome)
        message = str(app.screen.query_one("#tt-error", Static).render())
        assert "Cas" in message and "ander venster" in message
        await pilot.press(*"cas", "enter")  # "that is me": take over
        await pilot.pause()
        assert isinstance(app.screen, TaskScreen)
    (person,) = treetest_participants(school, test_id)
    assert lease_holder(school, person.id, kind="treetest") is None  # released on close
