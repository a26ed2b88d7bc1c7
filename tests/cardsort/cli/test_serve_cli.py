"""``cardsort serve``: the address and QR code it prints, the warning for the network, and a
page that really is served (the browser test drives the app itself)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from sessions.store import Store
from sessions.studies import get_study
from tests.browser import free_port


def serve_output(store: Store, *args: str) -> tuple[str, bool]:
    """Start serve, wait for its page, stop it: (what it printed, whether the page loaded)."""
    port = free_port()
    proc = subprocess.Popen(
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
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "100"},
    )
    served = False
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    served = b"/ws" in page.read()
                    break
            except OSError:
                time.sleep(0.2)
    finally:
        proc.terminate()
        output, _ = proc.communicate(timeout=15)
    return output.decode(), served


def test_serve_on_localhost_prints_the_address_and_a_qr_code(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    output, served = serve_output(store)
    assert served
    assert "http://localhost:" in output
    assert "▀" in output or "█" in output  # the QR code
    assert "no authentication" not in output


def test_serve_on_the_network_warns_and_names_the_code(
    store: Store, new_study: Callable[..., Any]
) -> None:
    new_study("team")
    code = get_study(store, "team").access_code
    output, served = serve_output(store, "--host", "127.0.0.1", "--no-qr")
    assert served
    assert "no authentication" in output and str(code) in output
    assert "▀" not in output


def test_serve_unknown_study_is_a_clear_error(run_cli: Callable[..., Any]) -> None:
    result = run_cli("serve", "nope")
    assert result.exit_code == 2 and "no study called 'nope'" in result.stderr
