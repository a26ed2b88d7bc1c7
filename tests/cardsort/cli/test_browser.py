"""The browser mode for real: ``cardsort serve`` on a free localhost port, Debian's headless
Chromium driven by Playwright, a teacher who types a name, sorts with key presses and
finishes; the sort must be in the store. Screenshots go to tests/artifacts/ (gitignored)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable

from sessions.models import PlacementState, StudyKind
from sessions.store import Store
from sessions.studies import get_study, load_sort, participants_of
from tests.browser import (
    ARTIFACTS,
    NEEDS_CHROMIUM,
    chromium_context,
    free_port,
    open_served_app,
    wait_for,
)

pytestmark = NEEDS_CHROMIUM


def test_sort_in_a_real_browser(store: Store, new_study: Callable[..., str]) -> None:

    new_study("team", StudyKind.CLOSED, lang="en")
    study = get_study(store, "team")
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cardsort",
            "--store",
            str(store.path),
            "serve",
            "team",
            "--port",
            str(port),
            "--no-qr",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "120"},
    )
    url = f"http://localhost:{port}/"

    def page_served() -> bool:
        assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return b"/ws" in response.read()
        except OSError:
            return False

    def anna() -> list[int]:
        return [p.id for p in participants_of(store, study.id) if p.name == "Anna"]

    ARTIFACTS.mkdir(exist_ok=True)
    try:
        wait_for(page_served, "the serve page", 60)
        with chromium_context() as context:
            page, _terminal = open_served_app(context, url)  # the app is in its name field
            page.screenshot(path=str(ARTIFACTS / "browser-welcome.png"))
            page.keyboard.type("Anna", delay=40)
            page.keyboard.press("Enter")
            wait_for(lambda: bool(anna()), "the participant in the store", 60)

            def sorted_count() -> int:
                sort = load_sort(store, anna()[0])
                return sum(p.state is not PlacementState.UNSORTED for p in sort.placements)

            # Each key moves one card; wait until the store has it (the app autosaves).
            for done, key in enumerate(("1", "1", "2", "u"), start=1):
                page.keyboard.press(key)
                wait_for(lambda done=done: sorted_count() == done, f"card {done} sorted", 60)
            page.screenshot(path=str(ARTIFACTS / "browser-board.png"))
            page.keyboard.press("f")
            time.sleep(0.5)
            page.screenshot(path=str(ARTIFACTS / "browser-finish.png"))
            for attempt in range(5):  # "y" confirms; under heavy load repeat it
                page.keyboard.press("y")
                try:
                    wait_for(
                        lambda: participants_of(store, study.id)[0].finished,
                        "the finished sort",
                        12,
                    )
                    break
                except AssertionError:
                    if attempt == 4:
                        raise
            time.sleep(0.5)
            page.screenshot(path=str(ARTIFACTS / "browser-thanks.png"))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    (participant,) = participants_of(store, study.id)
    sort = load_sort(store, participant.id)
    assert participant.finished and participant.duration_s is not None
    names = {g.key: g.label for g in sort.groups}
    placed = [p for p in sort.placements if p.state is PlacementState.PLACED]
    assert sorted(names[p.group_key or ""] for p in placed) == [
        "Organisatie",
        "Organisatie",
        "Vieringen",
    ]
    unsure = [p for p in sort.placements if p.state is PlacementState.UNSURE]
    assert len(unsure) == 1
    assert (ARTIFACTS / "browser-thanks.png").stat().st_size > 1000
