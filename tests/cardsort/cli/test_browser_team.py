"""A sorting day in real browsers: 30 pages of Debian's headless Chromium on one ``cardsort
serve``, 28 different teachers sorting at once, and one teacher in two pages (the second takes
over). Every placement must be in the store under the right participant; the placement made in
the first of the two pages survives the take-over, and that page's later key press (after it
lost the participant) changes nothing."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable
from typing import Any

from sessions.cards import cards_of
from sessions.models import PlacementState, StudyKind
from sessions.store import Store
from sessions.studies import categories_of, get_study, load_sort, participants_of
from tests.browser import APP_READY, CHROMIUM, CHROMIUM_ARGS, NEEDS_CHROMIUM, free_port

TEACHERS = 28
KEYS = ("1", "2", "3")  # each sends the highlighted card to category 1, 2, 3
WAIT_S = 240.0  # the whole day is bounded; a stuck page fails the test instead of hanging
#: Records when the page last heard from its app (a reply to a key press).
WS_PROBE = """
(() => {
  const Native = window.WebSocket;
  window.__wsLast = 0;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener('message', () => { window.__wsLast = performance.now(); });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();
"""

pytestmark = NEEDS_CHROMIUM


async def until(condition: Callable[[], bool], what: str, deadline: float) -> None:
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.25)


def test_thirty_pages_sort_at_once(store: Store, new_study: Callable[..., str]) -> None:
    from playwright.async_api import async_playwright

    new_study("team", StudyKind.CLOSED, lang="nl")
    study = get_study(store, "team")
    label_of_key = dict(zip(KEYS, [c.label for c in categories_of(store, study.id)], strict=True))
    card_order = [c.id for c in cards_of(store, study_id=study.id)]  # not shuffled
    port = free_port()
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "cardsort", "--store", str(store.path), "serve", "team"),
            *("--port", str(port), "--no-qr"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # Windows renew their lease rarely here, so the first of Bas's pages learns of the
        # take-over only from its refused save (the case that could lose a placement).
        env={**os.environ, "CARDSORT_LEASE_RENEW_S": "3600"},
    )
    url = f"http://localhost:{port}/"

    def by_name(name: str) -> int | None:
        found = [p.id for p in participants_of(store, study.id) if p.name == name]
        return found[0] if found else None

    def sorted_cards(participant_id: int) -> dict[int, str]:
        sort = load_sort(store, participant_id)
        labels = {g.key: g.label for g in sort.groups}
        return {
            p.card_id: labels[p.group_key or ""]
            for p in sort.placements
            if p.state is PlacementState.PLACED
        }

    def lease_holder(participant_id: int) -> str | None:
        row = store.conn.execute(
            "SELECT holder FROM participant_leases WHERE participant_id = ?", (participant_id,)
        ).fetchone()
        return None if row is None else str(row[0])

    async def day() -> None:
        deadline = time.monotonic() + WAIT_S
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            context = await browser.new_context(viewport={"width": 1000, "height": 640})
            await context.add_init_script(WS_PROBE)
            pages = [await context.new_page() for _ in range(TEACHERS + 2)]

            async def open_page(page: Any) -> None:
                await page.goto(url)
                await page.wait_for_function(APP_READY, timeout=WAIT_S * 1000)
                await page.locator(".xterm-helper-textarea").focus()

            await asyncio.gather(*(open_page(p) for p in pages))

            async def join(page: Any, name: str) -> int:
                await page.keyboard.type(name, delay=30)
                await page.keyboard.press("Enter")
                await until(lambda: by_name(name) is not None, f"{name} in the store", deadline)
                participant_id = by_name(name)
                assert participant_id is not None
                return participant_id

            async def press(page: Any, participant_id: int, key: str, count: int) -> None:
                await page.keyboard.press(key)
                await until(
                    lambda: len(sorted_cards(participant_id)) == count,
                    f"card {count} of participant {participant_id}",
                    deadline,
                )

            async def teacher(page: Any, n: int) -> tuple[int, list[str]]:
                participant_id = await join(page, f"Juf {n:02d}")
                keys = [KEYS[(n + i) % len(KEYS)] for i in range(len(KEYS))]
                for count, key in enumerate(keys, start=1):
                    await press(page, participant_id, key, count)
                return participant_id, keys

            async def same_person_twice(first: Any, second: Any) -> int:
                bas = await join(first, "Meester Bas")
                await press(first, bas, "1", 1)
                held_by_first = lease_holder(bas)
                await second.keyboard.type("meester bas", delay=30)
                await second.keyboard.press("Enter")  # refused once: somebody sorts as Bas
                await second.keyboard.press("Enter")  # "that is me": take over
                await until(lambda: lease_holder(bas) != held_by_first, "the take-over", deadline)
                await press(second, bas, "2", 2)  # continues after the first page's card
                # The first page still shows its old board; its key press must save nothing.
                before = await first.evaluate("performance.now()")
                await first.keyboard.press("3")
                await first.wait_for_function(
                    f"window.__wsLast > {before}", timeout=WAIT_S * 1000
                )  # its app has answered the key (it now says Bas continues elsewhere)
                assert sorted_cards(bas) == {
                    card_order[0]: label_of_key["1"],
                    card_order[1]: label_of_key["2"],
                }
                await press(second, bas, "3", 3)
                return bas

            jobs: list[Awaitable[Any]] = [teacher(p, n) for n, p in enumerate(pages[:TEACHERS])]
            results = await asyncio.gather(*jobs, same_person_twice(pages[-2], pages[-1]))
            await browser.close()

            for participant_id, keys in results[:TEACHERS]:
                expected = {card_order[i]: label_of_key[k] for i, k in enumerate(keys)}
                assert sorted_cards(participant_id) == expected
            bas = results[-1]
            assert sorted_cards(bas) == {
                card_order[0]: label_of_key["1"],
                card_order[1]: label_of_key["2"],
                card_order[2]: label_of_key["3"],
            }

    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            with (
                contextlib.suppress(OSError),  # not listening yet
                urllib.request.urlopen(url, timeout=2) as response,
            ):
                if b"/ws" in response.read():
                    break
            assert time.monotonic() < deadline, "cardsort serve did not start"
            time.sleep(0.2)
        asyncio.run(day())
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    names = sorted(p.name for p in participants_of(store, study.id))
    assert names == sorted([f"Juf {n:02d}" for n in range(TEACHERS)] + ["Meester Bas"])
    assert os.environ.get("CARDSORT_STORE")  # the test never touched a real workspace
