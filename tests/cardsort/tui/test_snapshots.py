"""Snapshots of the main screens at a fixed size, in Dutch and English.

Deterministic: cards in study order, a fixed participant code, no cursor blink, no animations
(``TEXTUAL_ANIMATIONS=none`` from the root conftest). Update with ``pytest --snapshot-update``
after reviewing ``snapshot_report.html``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.models import StudyKind
from sessions.store import Store
from tests.cardsort.tui.school_board import school_board_app

Snap = Callable[..., bool]
SIZE = (80, 24)


def no_blink(pilot: Pilot[None]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


def steps(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await pilot.pause()
        no_blink(pilot)
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        no_blink(pilot)

    return run


def sort_app(store: Store, new_study: Callable[..., str], lang: str, **kw: Any) -> SortApp:
    new_study("team", kw.pop("kind", StudyKind.HYBRID), **kw)
    return SortApp(SortSession.open(store, "team"), lang=lang)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_welcome(
    snap_compare: Snap, store: Store, new_study: Callable[..., str], lang: str
) -> None:
    app = sort_app(store, new_study, lang)
    assert snap_compare(app, run_before=steps(), terminal_size=SIZE)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_board(snap_compare: Snap, store: Store, new_study: Callable[..., str], lang: str) -> None:
    app = sort_app(store, new_study, lang)
    keys = (*"Anna", "enter", "1", "2", "u", "n", *"Eigen", "enter")
    assert snap_compare(app, run_before=steps(*keys), terminal_size=SIZE)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_finish_summary(
    snap_compare: Snap, store: Store, new_study: Callable[..., str], lang: str
) -> None:
    app = sort_app(store, new_study, lang)
    keys = (*"Anna", "enter", "1", "1", "2", "3", "u", "f")
    assert snap_compare(app, run_before=steps(*keys), terminal_size=SIZE)


def test_move_dialog(snap_compare: Snap, store: Store, new_study: Callable[..., str]) -> None:
    app = sort_app(store, new_study, "nl")
    keys = (*"Anna", "enter", "m", *"o")
    assert snap_compare(app, run_before=steps(*keys), terminal_size=SIZE)


def test_board_wide_reflows(
    snap_compare: Snap, store: Store, new_study: Callable[..., str]
) -> None:
    app = sort_app(store, new_study, "en")
    keys = (*"Anna", "enter", "1", "2", "3")
    assert snap_compare(app, run_before=steps(*keys), terminal_size=(130, 30))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_coordinator_studies(
    snap_compare: Snap, store: Store, new_study: Callable[..., str], lang: str
) -> None:
    new_study("team")
    new_study("dicht", StudyKind.CLOSED)
    with store.transaction() as tx:
        tx.execute("UPDATE studies SET access_code = '123456'")
    app = CoordinatorApp(store, lang=lang)
    assert snap_compare(app, run_before=steps(), terminal_size=SIZE)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_school_board(snap_compare: Snap, store: Store, lang: str, size: tuple[int, int]) -> None:
    """64 cards and 8 stacks: every stack shows, the copies are told apart, "▼ n meer"."""
    app = school_board_app(store, lang)
    assert snap_compare(app, run_before=steps(), terminal_size=size)


def test_school_board_whole_card(snap_compare: Snap, store: Store) -> None:
    app = school_board_app(store, "nl")
    assert snap_compare(app, run_before=steps("i"), terminal_size=SIZE)


def test_questions_after_the_sort(
    snap_compare: Snap, store: Store, new_study: Callable[..., str]
) -> None:
    from tests.cardsort.tui.test_questions import ask_two

    app = sort_app(store, new_study, "nl")
    ask_two(store)
    keys = (*"Anna", "enter", "1", "f", "y")
    assert snap_compare(app, run_before=steps(*keys), terminal_size=SIZE)
