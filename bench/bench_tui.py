"""The sorting board's speed, measured headlessly through the Pilot.

Targets (issue 4): with 100 cards and 12 groups the board is painted in under 1 s and a key
press that moves a card is on screen in under 50 ms; with 300 cards still under 100 ms. Issue
14 adds the school-sized board on a small terminal: 64 cards and 8 stacks at 80×24, a move
under 50 ms.
Baselines from the same run: an empty App's first paint, and a key press that changes one
line of text in a tiny App.

A key press is timed from the key event reaching the app to the first frame the app renders
after it (a hook on ``App._display``), through the Pilot's app and driver. ``Pilot.press``
itself is not used as the stopwatch: it waits for the process to go idle (at least 2 × 20 ms
of sleeping), which would measure the Pilot, not the board.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Static

from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.cards import NewCard
from sessions.models import StudySettings
from sessions.store import Store
from sessions.studies import create_study

PRESSES = 25
SIZE = (120, 40)


class EmptyApp(App[None]):
    """The baseline: one line of text that a key press changes, and a footer."""

    BINDINGS: ClassVar[list[BindingType]] = [("x", "bump", "bump")]

    def compose(self) -> ComposeResult:
        yield Static("0", id="count")
        yield Footer()

    def action_bump(self) -> None:
        label = self.query_one("#count", Static)
        label.update(str(int(str(label.render())) + 1))


class FrameClock:
    """Records when the app renders a frame, so a key press can be timed to the screen."""

    def __init__(self, app: App[Any]) -> None:
        self.frames: list[float] = []
        #: Process CPU seconds per timed key (steadier than wall time on a busy machine).
        self.cpu: list[float] = []
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            self.frames.append(time.perf_counter())

        app._display = display  # type: ignore[method-assign]

    async def time_key(self, app: App[Any], key: str, changed: Callable[[], bool]) -> float:
        """Seconds from sending ``key`` to the first frame rendered after ``changed()`` holds."""
        driver = app._driver
        assert driver is not None
        self.frames.clear()
        cpu_started = time.process_time()
        started = time.perf_counter()
        event = events.Key(key, key)
        event.set_sender(app)
        driver.send_message(event)
        deadline = started + 5
        while not changed():
            if time.perf_counter() > deadline:
                raise RuntimeError(f"pressing {key!r} changed nothing")
            await asyncio.sleep(0)
        done = time.perf_counter()
        while not [t for t in self.frames if t >= done]:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"no frame rendered after pressing {key!r}")
            await asyncio.sleep(0)
        self.cpu.append(time.process_time() - cpu_started)
        return min(t for t in self.frames if t >= done) - started


async def baseline() -> tuple[float, float]:
    """(first paint of an empty App, median key press to frame) in seconds."""
    started = time.perf_counter()
    app = EmptyApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        paint = time.perf_counter() - started
        clock = FrameClock(app)
        times = []
        label = app.query_one("#count", Static)
        for n in range(PRESSES):
            await pilot.pause()
            times.append(
                await clock.time_key(app, "x", lambda n=n: str(label.render()) == str(n + 1))
            )
        await pilot.pause()
        assert str(app.query_one("#count", Static).render()) == str(PRESSES)
    return paint, statistics.median(times)


def make_store(folder: Path, cards: int, groups: int) -> Store:
    store = Store.open(folder / f"bench-{cards}.sqlite")
    deck = [NewCard(f"Kaart {n:03d}", f"Beschrijving van kaart {n}") for n in range(cards)]
    create_study(store, "bench", deck, settings=StudySettings(randomise_cards=False))
    session = SortSession.open(store, "bench")
    board, _ = session.join("Bench")
    keys = [board.add_group(f"Stapel {g + 1}") for g in range(groups)]
    for index, card in enumerate(list(board.piles["@unsorted"])[: cards // 3]):
        board.move(card, keys[index % groups])
    session.save(board)
    session.release()  # the app below joins as the same participant
    return store


async def board_timings(
    store: Store, cards: int, size: tuple[int, int] = SIZE
) -> tuple[float, float, float, float]:
    """(app start to welcome paint, name+Enter to board painted, median key move wall time,
    median key move CPU time)."""
    started = time.perf_counter()
    app = SortApp(SortSession.open(store, "bench"), lang="nl")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        welcome = time.perf_counter() - started
        await pilot.press(*"Bench")
        t0 = time.perf_counter()
        await pilot.press("enter")
        await pilot.pause()
        board_paint = time.perf_counter() - t0
        screen = app.screen
        assert isinstance(screen, BoardScreen), "the board did not open"
        unsorted = screen.piles["@unsorted"]
        clock = FrameClock(app)
        moves = []
        for n in range(PRESSES):
            await pilot.pause()
            before = len(unsorted.card_ids)
            moves.append(
                await clock.time_key(
                    app, str(n % 8 + 1), lambda b=before: len(unsorted.card_ids) == b - 1
                )
            )
            assert len(unsorted.card_ids) == before - 1, "the key press did not move a card"
            assert str(before - 1) in str(unsorted.border_title), "the pile title lags"
    return welcome, board_paint, statistics.median(moves), statistics.median(clock.cpu)


def main() -> None:
    """Print the figures and their ratios to the baselines."""
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores (wall times grow with load)")
    empty_paint, empty_key = asyncio.run(baseline())
    print(
        f"baseline: empty App first paint {empty_paint * 1000:7.1f} ms; "
        f"key press to frame {empty_key * 1000:6.2f} ms"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for cards, target in ((100, 0.050), (300, 0.100)):
            store = make_store(Path(tmp), cards, 12)
            welcome, paint, median, cpu = asyncio.run(board_timings(store, cards))
            store.close()
            print(
                f"{cards} cards × 12 groups: welcome painted {welcome * 1000:7.1f} ms "
                f"({welcome / empty_paint:4.1f}× baseline); board painted after Enter "
                f"{paint * 1000:7.1f} ms (target < 1000 ms: {'ok' if paint < 1 else 'MISSED'})"
            )
            print(
                f"{cards} cards: key press moves a card, on screen in median "
                f"{median * 1000:6.2f} ms (CPU {cpu * 1000:6.2f} ms) "
                f"({median / empty_key:4.1f}× the baseline key; target < {target * 1000:.0f} ms: "
                f"{'ok' if median < target else 'MISSED'})"
            )
        # A sorting day at school scale on a small screen (issue 14): 64 cards, 8 stacks, 80×24.
        store = make_store(Path(tmp), 64, 8)
        welcome, paint, median, cpu = asyncio.run(board_timings(store, 64, (80, 24)))
        store.close()
        print(
            f"64 cards × 8 stacks at 80×24: board painted after Enter {paint * 1000:7.1f} ms; "
            f"key press moves a card in median {median * 1000:6.2f} ms (CPU {cpu * 1000:6.2f} ms) "
            f"({median / empty_key:4.1f}× the baseline key; target < 50 ms: "
            f"{'ok' if median < 0.050 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
