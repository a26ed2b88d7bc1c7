"""``cardsort study create|list|show|export``, ``participants`` and the offline study file."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cardsort.cli.serve import serve_command
from cardsort.cli.sort import open_study_file, result_path, work_path, write_result
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.cards import cards_of, latest_deck
from sessions.formats import jsonfmt
from sessions.store import Store
from sessions.studies import categories_of, get_study, participants_of

Run = Callable[..., Any]


@pytest.fixture
def proposed(run_cli: Run, demo_share: Path) -> None:
    assert run_cli("scan", str(demo_share)).exit_code == 0
    assert run_cli("cards", "propose").exit_code == 0


def test_create_without_options_uses_the_latest_deck(
    run_cli: Run, proposed: None, store: Store
) -> None:
    result = run_cli("study", "create", "demo")
    assert result.exit_code == 0, result.output
    study = get_study(store, "demo")
    deck = latest_deck(store)
    deck_cards = cards_of(store, deck_id=deck.id)
    study_cards = cards_of(store, study_id=study.id)
    assert [(c.key, c.label, c.sources) for c in study_cards] == [
        (c.key, c.label, c.sources) for c in deck_cards
    ]
    assert study.kind.value == "open" and study.snapshot_id == deck.snapshot_id
    assert study.settings.allow_unsure and study.settings.randomise_cards
    listing = run_cli("study", "list")
    assert "demo" in listing.output and str(study.access_code) in listing.output
    shown = run_cli("study", "show", "demo")
    assert study_cards[0].label in shown.output


def test_create_closed_with_options(run_cli: Run, proposed: None, store: Store) -> None:
    result = run_cli(
        "study",
        "create",
        "dicht",
        "--kind",
        "closed",
        "--category",
        "Onderwijs",
        "--category",
        "Organisatie",
        "--no-unsure",
        "--subgroups",
        "--instructions-nl",
        "Hoi",
    )
    assert result.exit_code == 0, result.output
    study = get_study(store, "dicht")
    assert [c.label for c in categories_of(store, study.id)] == ["Onderwijs", "Organisatie"]
    assert not study.settings.allow_unsure and study.settings.allow_subgroups
    assert study.instructions_nl == "Hoi"


def test_user_mistakes_are_clear_and_change_nothing(
    run_cli: Run, proposed: None, store: Store
) -> None:
    closed = run_cli("study", "create", "x", "--kind", "closed")
    assert closed.exit_code == 2 and "categories" in closed.stderr
    open_with_cats = run_cli("study", "create", "x", "--category", "A")
    assert open_with_cats.exit_code == 2
    assert run_cli("study", "show", "nope").exit_code == 2
    assert run_cli("study", "list", "--lang", "en").output.startswith("No studies yet")


def test_no_deck_yet_says_what_to_do(run_cli: Run) -> None:
    result = run_cli("study", "create", "demo")
    assert result.exit_code == 2 and "cardsort cards propose" in result.stderr


def test_offline_study_file_round_trip(
    run_cli: Run, proposed: None, store: Store, tmp_path: Path
) -> None:
    assert run_cli("study", "create", "demo").exit_code == 0
    file = tmp_path / "home" / "demo.json"
    file.parent.mkdir()
    assert run_cli("study", "export", "demo", str(file)).exit_code == 0
    again = run_cli("study", "export", "demo", str(file))
    assert again.exit_code == 2 and "exists already" in again.stderr
    original = file.read_bytes()
    data = json.loads(original)
    assert data["participants"] == [] and len(data["cards"]) == len(
        cards_of(store, study_id=get_study(store, "demo").id)
    )

    work, name = open_study_file(file)

    async def sort_offline() -> int:
        app = SortApp(SortSession.open(work, name), lang="nl")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press(*"Carla", "enter", "n", *"Thuis", "enter", "1", "1")
            await pilot.press("f", "y")
            await pilot.pause()
        assert app.session.participant is not None and app.session.participant.finished
        return app.session.participant.id

    participant_id = asyncio.run(sort_offline())
    written = write_result(work, participant_id, file)
    work.close()
    assert written == result_path(file) and work_path(file).exists()
    assert file.read_bytes() == original  # the study file stays as it was
    parsed = jsonfmt.load(written)
    (sort,) = parsed.sorts
    assert sort.participant == "Carla" and sort.finished_at
    assert [g.label for g in sort.groups] == ["Thuis"]
    assert sum(p.group_key is not None for p in sort.placements) == 3

    back = run_cli("import", "demo", str(written))
    assert back.exit_code == 0, back.output + back.stderr
    (carla,) = participants_of(store, get_study(store, "demo").id)
    assert carla.name == "Carla" and carla.finished
    twice = run_cli("import", "demo", str(written))  # recognised, not counted twice
    assert twice.exit_code == 0 and len(participants_of(store, get_study(store, "demo").id)) == 1

    again_store, _ = open_study_file(file)  # reopening resumes the same work store
    assert get_study(again_store, name).name == name
    again_store.close()


def test_participants_lists_progress(
    run_cli: Run, store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    first = SortSession.open(store, "team")
    board, _ = first.join("Anna")
    board.move(board.piles["@unsorted"][0], board.add_group("Plan"))
    first.finish(board)
    SortSession.open(store, "team").join("Bram")
    result = run_cli("participants", "team", "--lang", "en")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    anna = next(line for line in lines if "Anna" in line)
    bram = next(line for line in lines if "Bram" in line)
    assert "finished" in anna and "1/6" in anna
    assert "sorting" in bram and "0/6" in bram
    assert "1 of 2 finished." in result.output


def test_serve_command_runs_sort_for_the_study() -> None:
    command = serve_command("/x/w.sqlite", "demo", lang="en", require_code=True)
    assert command.endswith("--store /x/w.sqlite sort demo --lang en --require-code")
    assert "--require-code" not in serve_command(
        "/x/w.sqlite", "demo", lang=None, require_code=False
    )


def test_sort_refuses_a_file_that_is_not_a_study(run_cli: Run, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.json"
    bogus.write_text("{not json", encoding="utf-8")
    result = run_cli("sort", str(bogus))
    assert result.exit_code == 2 and "notes.json" in result.stderr
    assert not work_path(bogus).exists() and not result_path(bogus).exists()
    missing = run_cli("sort", "no-such-study")
    assert missing.exit_code == 2 and "no study called" in missing.stderr
