"""The coordinator's app: studies list, the new-study flow from the proposed cards, and the
progress view following 30 participants who sort at once in their own processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, SelectionList

from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.coordinator.screens import NewStudyScreen, ProgressScreen, StudiesScreen
from sessions.cards import cards_of
from sessions.models import StudyKind
from sessions.questions import questions_of
from sessions.store import Store
from sessions.studies import categories_of, get_study, progress

PARTICIPANT = r"""
import random, sys, time
from cardsort.tui.session import SortSession
from sessions.store import Store

store = Store.open(sys.argv[1])
number = int(sys.argv[2])
session = SortSession.open(store, "team")
board, _ = session.join(f"Leerkracht {number:02d}")
rng = random.Random(number)
own = board.add_group(f"Stapel {number}")
session.save(board)
for card in list(board.piles["@unsorted"]):
    time.sleep(rng.uniform(0.01, 0.08))
    board.move(card, own if rng.random() < 0.7 else "@unsure")
    session.save(board)
session.finish(board)
"""


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_studies_list_and_progress_mode(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team")
    new_study("dicht", StudyKind.CLOSED)
    app = CoordinatorApp(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StudiesScreen)
        table = app.screen.query_one(DataTable)
        assert [r[0] for r in rows(table)] == ["team", "dicht"]
        assert rows(table)[1][1] == "closed"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        assert "dicht" in str(app.screen.query_one("#progress-title").render())


async def test_new_study_flow_from_the_proposed_cards(
    run_cli: Callable[..., Any], demo_share: Path, store: Store
) -> None:
    assert run_cli("scan", str(demo_share)).exit_code == 0
    assert run_cli("cards", "propose").exit_code == 0
    app = CoordinatorApp(store, lang="nl")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewStudyScreen)
        proposed = len(screen.cards)
        await pilot.press(*"Teamdag")
        await pilot.click("#kind-closed")
        cards = screen.query_one("#cards-list", SelectionList)
        cards.deselect(0)  # drop the first card
        screen.query_one("#categories").text = "Onderwijs\nOrganisatie\n"  # type: ignore[attr-defined]
        screen.query_one("#instructions-nl").text = "Sorteer maar!"  # type: ignore[attr-defined]
        screen.query_one("#questions").text = "Wat miste je? | What did you miss?\n"  # type: ignore[attr-defined]
        screen.create()
        await pilot.pause()
        assert isinstance(app.screen, StudiesScreen)
    study = get_study(store, "Teamdag")
    assert study.kind is StudyKind.CLOSED and study.instructions_nl == "Sorteer maar!"
    assert [c.label for c in categories_of(store, study.id)] == ["Onderwijs", "Organisatie"]
    assert len(cards_of(store, study_id=study.id)) == proposed - 1
    (question,) = questions_of(store, study.id)
    assert (question.text_nl, question.text_en) == ("Wat miste je?", "What did you miss?")


async def test_new_study_problems_are_shown_not_raised(
    run_cli: Callable[..., Any], demo_share: Path, store: Store
) -> None:
    assert run_cli("scan", str(demo_share)).exit_code == 0
    assert run_cli("cards", "propose").exit_code == 0
    app = CoordinatorApp(store, lang="en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewStudyScreen)
        screen.query_one("#study-name", Input).value = "Leeg"
        await pilot.click("#kind-hybrid")
        screen.create()  # hybrid without categories
        await pilot.pause()
        assert app.screen is screen
        assert "categories" in str(screen.query_one("#new-error").render())


@pytest.mark.slow
async def test_thirty_participants_at_once_appear_live(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team", randomise_cards=True)
    app = CoordinatorApp(store, lang="en")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    seen_counts: list[int] = []
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # follow the only study
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        seen_counts.append(screen.query_one(DataTable).row_count)  # nobody has started yet
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", PARTICIPANT, str(store.path), str(n)],
                env=env,
                stderr=subprocess.PIPE,
            )
            for n in range(30)
        ]
        deadline = time.monotonic() + 120
        try:
            while any(p.poll() is None for p in procs):
                assert time.monotonic() < deadline, "participants did not finish in time"
                await pilot.pause(0.3)
                seen_counts.append(screen.query_one(DataTable).row_count)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
        failures = [p.stderr.read().decode() for p in procs if p.wait() != 0 and p.stderr]
        assert failures == []
        table = screen.query_one(DataTable)
        # The screen polls the store on its own clock: wait for the poll after the last save
        # (a fixed pause was too short on a loaded machine).
        deadline = time.monotonic() + 60
        while sum("finished" in r[1] for r in rows(table)) < 30:
            assert time.monotonic() < deadline, "the progress view never showed everyone done"
            await pilot.pause(0.3)
        shown = rows(table)
        seen_counts.append(table.row_count)
    assert len(shown) == 30
    assert all("finished" in r[1] and r[2].endswith("/6") for r in shown)
    assert {r[0] for r in shown} == {f"Leerkracht {n:02d}" for n in range(30)}
    # The view changed while it stayed open (how far it got while they sorted depends on the
    # machine's load; that it went from nobody to everyone does not).
    assert seen_counts[0] == 0 and seen_counts[-1] == 30
    everyone = progress(store, get_study(store, "team").id)
    assert all(p.participant.finished and p.placed + p.unsure == 6 for p in everyone)
