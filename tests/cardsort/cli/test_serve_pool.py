"""``cardsort serve``'s own page and its tabs: the page speaks the study's language and fetches
nothing from the internet, and a tab's app is forked from the warm parent (no new Python
interpreter per tab) yet runs the real app over textual-serve's protocol."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp

from sessions.store import Store
from tests.browser import cardsort_served


@contextmanager
def serving(store: Store, *args: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    with cardsort_served(store.path, "serve", "team", "--no-qr", *args) as served:
        yield served


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode())


def test_the_page_speaks_dutch_and_fetches_nothing_from_the_internet(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team", lang="nl")
    with serving(store) as (url, _):
        html = page(url)
    assert '<html lang="nl">' in html
    assert "Even geduld" in html and "Deze sessie is gestopt" in html and "Opnieuw openen" in html
    assert "Session ended" not in html and "Restart" not in html
    assert "googleapis" not in html and "https://" not in html


def test_the_page_in_english_with_lang_en(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team", lang="nl")
    with serving(store, "--lang", "en") as (url, _):
        html = page(url)
    assert '<html lang="en">' in html and "This session has ended" in html


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def cmdline(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


async def first_screen(url: str, seen: Callable[[], None] = lambda: None) -> bytes:
    """Open a tab's websocket like textual.js does and collect the app's first screen;
    ``seen`` runs while the tab is still open."""
    received = b""
    ws_url = url.replace("http", "ws") + "ws?width=100&height=30"
    async with aiohttp.ClientSession() as session, session.ws_connect(ws_url) as ws:
        deadline = time.monotonic() + 60
        while b"naam" not in received:
            assert time.monotonic() < deadline, "the app never drew its welcome screen"
            message = await ws.receive(timeout=60)
            if message.type == aiohttp.WSMsgType.BINARY:
                received += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                break
        seen()
    return received


def test_a_tab_is_forked_from_the_warm_parent(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team", lang="nl")
    with serving(store) as (url, proc):
        (warm,) = children(proc.pid)
        assert "cardsort.cli.serve_pool" in cmdline(warm)
        assert children(warm) == []
        tabs: list[list[int]] = []

        def look() -> None:
            assert children(proc.pid) == [warm]  # the server started no process of its own
            tabs.append(children(warm))

        screen = asyncio.run(first_screen(url, look))
    assert b"naam" in screen  # "Wat is je naam?"
    assert len(tabs[0]) == 1


def test_per_tab_still_starts_textual_serves_processes(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team", lang="nl")
    with serving(store, "--per-tab") as (url, proc):
        assert children(proc.pid) == []  # no warm parent
        screen = asyncio.run(first_screen(url))
    assert b"naam" in screen
    assert os.environ["CARDSORT_STORE"]
