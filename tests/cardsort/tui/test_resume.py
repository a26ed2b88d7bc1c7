"""A sort survives the app being killed: a subprocess sorts a few cards and is killed with
SIGKILL mid-sort; a new app resumes the same participant with the same placements and order."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.models import StudyKind
from sessions.store import Store

SORTER = r"""
import asyncio, json, sys, time
from pathlib import Path
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.store import Store

async def main(store_path: str, marker: str) -> None:
    store = Store.open(store_path)
    app = SortApp(SortSession.open(store, "team"), lang="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Bram", "enter")
        await pilot.pause()
        await pilot.press("n", *"Feesten", "enter", "down", "1", "u")
        await pilot.pause()
        piles = {k: v for k, v in app.board.piles.items()}
        Path(marker).write_text(json.dumps(piles))
        time.sleep(600)  # mid-sort: the test kills us here

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def test_killed_app_loses_nothing(
    tmp_path: Path, store: Store, make_app: Callable[..., SortApp]
) -> None:
    make_app(StudyKind.OPEN, randomise_cards=True)  # creates the study "team"
    script = tmp_path / "sorter.py"
    script.write_text(SORTER)
    marker = tmp_path / "piles.json"
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none"}
    proc = subprocess.Popen([sys.executable, str(script), str(store.path), str(marker)], env=env)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the sorting process died on its own"
            assert time.monotonic() < deadline, "the sorting process never got ready"
            time.sleep(0.1)
        time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    before = json.loads(marker.read_text())
    assert len(before["g1"]) == 2 and len(before["@unsure"]) == 1

    import asyncio

    async def resume() -> dict[str, list[int]]:
        app = SortApp(SortSession.open(store, "team"), lang="nl")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*"Bram", "enter")
            await pilot.pause()
            # The killed window still holds Bram's lease for a while: asked once, then taken over.
            assert "Bram" in str(app.screen.query_one("#welcome-error").render())
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, BoardScreen)
            assert app.board is not None
            assert [g.label for g in app.board.groups] == ["Feesten"]
            return {k: list(v) for k, v in app.board.piles.items()}

    assert asyncio.run(resume()) == before
