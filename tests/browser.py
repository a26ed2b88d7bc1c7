"""What every browser test shares: Debian's Chromium, the flags it needs here, a free port.

Playwright drives ``/usr/bin/chromium`` (never a browser of its own download). The flags keep
Chromium from reaching for the network, which this machine's closed network refuses many times
a second otherwise. Screenshots go to ``tests/artifacts/`` (gitignored).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"

#: Marks for a test module that drives Chromium: `browser`, `slow`, skipped without Chromium.
NEEDS_CHROMIUM = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium "
        "(apt-get install -y chromium)",
    ),
]


#: A served app is up when it has put the terminal cursor into its first field.
APP_READY = (
    "() => { const t = document.querySelector('.xterm-helper-textarea');"
    " return t && parseInt(t.style.top || '0') > 0; }"
)


@contextmanager
def chromium_context(height: int = 700) -> Iterator[Any]:
    """Debian's Chromium in a throwaway profile, 1100 pixels wide: Playwright's persistent
    context, closed (and its profile removed) on the way out."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1100, "height": height},
        )
        try:
            yield context
        finally:
            context.close()


def open_served_app(context: Any, url: str) -> tuple[Any, Any]:
    """A new page on a served terminal app, once the app is up, with the keyboard on the
    terminal (focused, not clicked: a click would land in the app). Returns the page and the
    terminal's input."""
    page = context.new_page()
    page.goto(url)
    terminal = page.locator(".xterm-helper-textarea")
    terminal.wait_for(state="attached", timeout=30_000)
    page.wait_for_function(APP_READY, timeout=60_000)
    terminal.focus()
    return page, terminal


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Poll ``condition`` until it holds; fail the test naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


@contextmanager
def cardsort_served(store: Path, *args: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``cardsort --store STORE ARGS --port N`` (a serve command) until its page answers.

    Yields the page's URL and the server process; the server is stopped on the way out.
    """
    port = free_port()
    command = [sys.executable, "-m", "cardsort", "--store", str(store), *args, "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"cardsort {' '.join(args)} stopped"
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, f"cardsort {' '.join(args)} did not start"
                time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
