"""Participant identity at school scale: a typed name finds its record however it is typed, one
live window per participant (a second one takes over and the first is told, nothing lost),
two records of one person merged, names printed as text, wrong codes rate-limited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.screens.taken_over import TakenOverScreen
from cardsort.tui.screens.welcome import WelcomeScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.identity import (
    CODE_WINDOW_S,
    LEASE_TTL_S,
    MAX_WRONG_CODES,
    LeaseLost,
    ParticipantBusy,
    clean_name,
    code_wait_seconds,
    printable,
    record_wrong_code,
)
from sessions.models import PlacementState
from sessions.store import Store
from sessions.studies import (
    get_study,
    join_participant,
    load_sort,
    participants_of,
    save_sort,
    start_participant,
)


def placed(store: Store, participant_id: int) -> dict[int, str | None]:
    sort = load_sort(store, participant_id)
    labels = {g.key: g.label for g in sort.groups}
    return {
        p.card_id: labels.get(p.group_key or "")
        for p in sort.placements
        if p.state is not PlacementState.UNSORTED
    }


# -- names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("juf anja", "Juf Anja"), ("JUF  ANJA ", "Juf Anja"), ("anja muller", "Anja Müller")],
)
def test_a_name_finds_its_record_however_it_is_typed(
    store: Store, new_study: Callable[..., str], typed: str, stored: str
) -> None:
    new_study("team")
    study = get_study(store, "team")
    first, created = join_participant(store, study.id, stored, holder="a")
    assert created
    again, created = join_participant(store, study.id, typed, holder="a")
    assert not created and again.id == first.id and again.name == stored
    assert len(participants_of(store, study.id)) == 1


def test_imports_still_match_names_exactly(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team")
    study = get_study(store, "team")
    start_participant(store, study.id, "Juf Anja", source="import:csv")
    _, created = start_participant(store, study.id, "juf anja", source="import:csv")
    assert created  # an import never silently joins two rows of someone else's file


@given(st.text(max_size=40))
def test_stored_names_never_hold_control_characters(raw: str) -> None:
    name = clean_name(raw)
    assert "\x1b" not in name and "\n" not in name and "\x07" not in name
    assert printable(name) == name  # nothing left to escape


# -- one live window per participant -------------------------------------------------------------


def test_a_second_window_is_refused_then_takes_over_and_nothing_is_lost(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    first = SortSession.open(store, "team")
    told: list[str] = []
    first.on_lease_lost = lambda: told.append("first")
    board_a, _ = first.join("Juf Eva")
    board_a.move(board_a.piles["@unsorted"][0], board_a.add_group("Plan"))
    first.save(board_a)

    second = SortSession.open(store, "team")
    with pytest.raises(ParticipantBusy):
        second.join("juf eva")
    board_b, created = second.join("juf eva", take_over=True)
    assert not created and board_b.piles == board_a.piles  # continues with the first's work

    # The first window's next save is refused and changes nothing; it is told once.
    board_a.move(board_a.piles["@unsorted"][0], "g1")
    with pytest.raises(LeaseLost):
        first.save(board_a)
    assert told == ["first"] and not first.renew()
    assert second.participant is not None
    assert len(placed(store, second.participant.id)) == 1

    board_b.move(board_b.piles["@unsorted"][-1], board_b.add_group("Feesten"))
    second.save(board_b)
    assert sorted(placed(store, second.participant.id).values()) == ["Feesten", "Plan"]


def test_a_lease_nobody_renews_expires(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team")
    study = get_study(store, "team")
    start_participant(store, study.id, "Bram", holder="gone")  # a window killed long ago
    store.conn.execute("UPDATE participant_leases SET renewed_at = renewed_at - ?", (LEASE_TTL_S,))
    person, created = join_participant(store, study.id, "bram", holder="new")
    assert not created and person.name == "Bram"
    with pytest.raises(LeaseLost):
        save_sort(store, person.id, load_sort(store, person.id), holder="gone")


async def test_the_first_window_is_told_in_the_app(make_app: Callable[..., SortApp]) -> None:
    app = make_app(lang="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"Juf Eva", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        other = SortSession.open(app.session.store, "team")
        other.join("JUF EVA", take_over=True)
        assert not app.session.renew()
        await pilot.pause()
        assert isinstance(app.screen, TakenOverScreen)
        assert "ander venster" in str(app.screen.query_one("#taken-title").render())


async def test_the_second_window_asks_before_taking_over(make_app: Callable[..., SortApp]) -> None:
    app = make_app(lang="en")
    study = get_study(app.session.store, "team")
    start_participant(app.session.store, study.id, "Juf Eva", holder="other window")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"juf eva", "enter")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        message = str(app.screen.query_one("#welcome-error").render())
        assert "Juf Eva" in message and "another window" in message
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_clicking_an_empty_part_keeps_the_name_field_focused(
    make_app: Callable[..., SortApp],
) -> None:
    app = make_app(lang="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("A")
        await pilot.click(offset=(2, 28))  # the empty margin of the welcome screen
        await pilot.click(offset=(97, 12))
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "name"


# -- merging two records of one person -----------------------------------------------------------


def test_merge_takes_the_other_records_cards_and_removes_it(
    store: Store, new_study: Callable[..., str], run_cli: Callable[..., Any]
) -> None:
    new_study("team")
    study = get_study(store, "team")
    a = SortSession.open(store, "team")
    board_a, _ = a.join("Juf Anja")
    cards = list(board_a.piles["@unsorted"])
    board_a.move(cards[0], board_a.add_group("Plan"))
    a.save(board_a)
    a.release()
    # "juf anja" after a crash, in the old version: a second record beside the first.
    other, _ = start_participant(store, study.id, "juf anja")
    b = SortSession.open(store, "team")
    b.participant = other
    board_b = b.new_board()
    board_b.load(load_sort(store, other.id), other.card_order or tuple(cards))
    board_b.move(cards[0], board_b.add_group("Anders"))  # Anja's record keeps its own choice
    board_b.move(cards[1], board_b.add_group("Feesten"))
    board_b.move(cards[2], "g1")
    save_sort(store, other.id, board_b.to_sort())

    listing = run_cli("participants", "team")
    assert listing.exit_code == 0 and "juf anja" in listing.output
    ambiguous = run_cli("participants", "merge", "team", "JUF ANJA", "anja", "--lang", "en")
    assert ambiguous.exit_code == 2 and "give the number" in ambiguous.stderr
    result = run_cli("participants", "merge", "team", "Juf Anja", "juf anja", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "2 card(s)" in result.output
    (kept,) = participants_of(store, study.id)
    assert kept.name == "Juf Anja"
    assert placed(store, kept.id) == {cards[0]: "Plan", cards[1]: "Feesten", cards[2]: "Anders"}


def test_merge_is_refused_while_somebody_sorts(
    store: Store, new_study: Callable[..., str], run_cli: Callable[..., Any]
) -> None:
    new_study("team")
    study = get_study(store, "team")
    start_participant(store, study.id, "Anna", holder="live window")
    start_participant(store, study.id, "Anna B")
    result = run_cli("participants", "merge", "team", "Anna", "Anna B")
    assert result.exit_code == 2 and "sorting right now" in result.stderr
    assert len(participants_of(store, study.id)) == 2


# -- names are text, codes are rate-limited ------------------------------------------------------


def test_participants_prints_names_as_text_not_terminal_commands(
    store: Store, new_study: Callable[..., str], run_cli: Callable[..., Any]
) -> None:
    new_study("team")
    study = get_study(store, "team")
    # Written the way an old version or a hand-edited import could have stored it.
    store.conn.execute(
        "INSERT INTO participants (study_id, name, started_at) VALUES (?, ?, ?)",
        (study.id, "Eva\x1b]0;owned\x07\x1b[2J[bold]x[/bold]", "2026-12-01T09:00:00+00:00"),
    )
    result = run_cli("participants", "team")
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;owned\\x07" in result.output and "[bold]x[/bold]" in result.output


def test_wrong_codes_are_rate_limited_per_address(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    now = 1_000_000.0
    for n in range(MAX_WRONG_CODES):
        assert code_wait_seconds(store, "10.0.0.7", now=now + n) == 0
        record_wrong_code(store, "10.0.0.7", now=now + n)
    wait = code_wait_seconds(store, "10.0.0.7", now=now + MAX_WRONG_CODES)
    assert 0 < wait <= CODE_WINDOW_S
    assert code_wait_seconds(store, "10.0.0.8", now=now + MAX_WRONG_CODES) == 0  # others fine
    assert code_wait_seconds(store, "10.0.0.7", now=now + CODE_WINDOW_S + 1) == 0


async def test_the_app_refuses_codes_after_too_many_wrong_ones(
    make_app: Callable[..., SortApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDSORT_CLIENT_ADDRESS", "10.0.0.9")
    app = make_app(lang="en", require_code=True)
    right = app.session.study.access_code or ""
    async with app.run_test(size=(100, 30)) as pilot:
        welcome = app.screen
        for _ in range(MAX_WRONG_CODES):
            assert app.start("Anna", "000000" if right != "000000" else "111111")
        refused = app.start("Anna", right)  # even the right code waits now
        assert refused is not None and "Too many wrong codes" in refused
        assert app.screen is welcome
        assert not participants_of(app.session.store, app.session.study.id)
        await pilot.pause()


def test_unknown_participant_in_merge_is_a_clear_error(
    store: Store, new_study: Callable[..., str], run_cli: Callable[..., Any]
) -> None:
    new_study("team")
    result = run_cli("participants", "merge", "team", "Nobody", "Else", "--lang", "en")
    assert result.exit_code == 2 and "no participant ‘Nobody’" in result.stderr
