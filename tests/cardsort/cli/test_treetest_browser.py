"""The browser mode for real: ``cardsort treetest serve`` on a free localhost port, Debian's
headless Chromium driven by Playwright, a participant who types a name and takes the whole test
with the keyboard (a wrong turn, back up, the right folder, "I would look here", then a skip);
every answer must be in the store. Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

import time

import pytest

from sessions.analysis_store import get_version
from sessions.store import Store
from sessions.studies import get_study
from sessions.treetests import (
    TreeTestRecord,
    add_task,
    answers_of,
    create_treetest,
    treetest_participants,
)
from tests.browser import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    NEEDS_CHROMIUM,
    cardsort_served,
    chromium_context,
    open_served_app,
    wait_for,
)

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = [*NEEDS_CHROMIUM, pytest.mark.usefixtures("english_coordinator")]


def two_task_test(school: Store) -> TreeTestRecord:
    """Tree test "juni" of consensus version 1 in English, with two tasks (t1, t2)."""
    study = get_study(school, "school")
    record = create_treetest(
        school, study.id, "juni", {"A": (1, get_version(school, study.id, 1).tree)}, lang="en"
    )
    add_task(school, record.id, "Waar zijn de groepsplannen?", ["card:c7"])
    add_task(school, record.id, "Waar is het MR-reglement?", ["card:c11"])
    return record


def test_a_whole_tree_test_in_a_real_browser(school: Store) -> None:

    record = two_task_test(school)

    def answers() -> int:
        return len(answers_of(school, record.id))

    ARTIFACTS.mkdir(exist_ok=True)
    with (
        cardsort_served(school.path, "treetest", "serve", "juni") as (url, _server),
        chromium_context() as context,
    ):
        page, _terminal = open_served_app(context, url)
        page.keyboard.type("Anna", delay=40)
        page.keyboard.press("Enter")
        wait_for(lambda: bool(treetest_participants(school, record.id)), "the participant", 60)
        time.sleep(1.0)  # the task screen mounts and focuses its folder list
        page.screenshot(path=str(ARTIFACTS / "treetest-task.png"))
        first = treetest_participants(school, record.id)[0].task_order[0]
        # a wrong turn into Organisatie, back up, then the task's folder and card
        route = {
            "t1": ("ArrowDown", "ArrowDown", "Enter", "Enter"),  # Zorg › Groepsplannen
            "t2": ("ArrowDown", "ArrowDown", "ArrowDown", "Enter", "ArrowDown", "Enter"),
        }[first]  # t2: Team › MR
        for key in ("Enter", "ArrowLeft", *route):
            page.keyboard.press(key, delay=60)
            time.sleep(0.2)
        page.screenshot(path=str(ARTIFACTS / "treetest-inside.png"))
        page.keyboard.press("h")
        wait_for(lambda: answers() == 1, "the first answer", 60)
        time.sleep(0.5)
        page.keyboard.press("s")
        wait_for(lambda: answers() == 2, "the skip", 60)
        time.sleep(0.5)
        page.screenshot(path=str(ARTIFACTS / "treetest-done.png"))
    (person,) = treetest_participants(school, record.id)
    assert person.finished_at is not None
    given = {a.task: a for a in answers_of(school, record.id)}
    first_task = person.task_order[0]
    right = {"t1": "c:c7", "t2": "c:c11"}[first_task]
    assert given[first_task].chosen == right
    assert given[first_task].steps[:2] == ("f:0", "..")  # the wrong turn and the way back
    assert given[person.task_order[1]].chosen is None


def test_two_browser_pages_as_one_person_the_second_takes_over(school: Store) -> None:
    """One person in two pages of one ``treetest serve``: the second page is refused once, then
    takes over; a key press in the first page afterwards stores nothing, the second's does."""
    from playwright.sync_api import sync_playwright

    from sessions.identity import lease_holder
    from tests.cardsort.cli.test_browser_team import APP_READY, WS_PROBE

    record = two_task_test(school)

    def holder() -> str | None:
        people = treetest_participants(school, record.id)
        return lease_holder(school, people[0].id, kind="treetest") if people else None

    with (
        cardsort_served(school.path, "treetest", "serve", "juni") as (url, _server),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 640})
            context.add_init_script(WS_PROBE)
            first, second = context.new_page(), context.new_page()
            for page in (first, second):
                page.goto(url)
                page.wait_for_function(APP_READY, timeout=60_000)
                page.locator(".xterm-helper-textarea").focus()
            first.keyboard.type("Juf Eva", delay=30)
            first.keyboard.press("Enter")
            wait_for(lambda: holder() is not None, "the first page's lease", 60)
            held_by_first = holder()

            second.keyboard.type("juf eva", delay=30)
            second.keyboard.press("Enter")  # refused once: somebody takes the test as Eva
            second.keyboard.press("Enter")  # "that is me": take over
            wait_for(lambda: holder() != held_by_first, "the take-over", 60)

            before = first.evaluate("performance.now()")
            first.keyboard.press("s")  # skip, in the page that lost the participant
            first.wait_for_function(f"window.__wsLast > {before}", timeout=60_000)
            first.screenshot(path=str(ARTIFACTS / "treetest-taken-over.png"))
            assert answers_of(school, record.id) == []

            second.keyboard.press("s")
            wait_for(lambda: len(answers_of(school, record.id)) == 1, "the answer", 60)
        finally:
            browser.close()
    (person,) = treetest_participants(school, record.id)
    assert person.name == "Juf Eva" and len(answers_of(school, record.id)) == 1
