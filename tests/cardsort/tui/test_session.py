"""The store side of a teacher's session: recorded random order, autosave, time taken."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cardsort.tui.screens.finish import format_duration
from cardsort.tui.session import SortSession, elapsed_seconds
from sessions.store import Store
from sessions.studies import get_participant, load_sort


def test_each_participant_gets_a_recorded_random_order(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team", randomise_cards=True)
    orders = set()
    for n in range(8):
        session = SortSession.open(store, "team")
        board, created = session.join(f"P{n}")
        assert created and session.participant is not None
        recorded = get_participant(store, session.participant.id).card_order
        assert list(recorded) == board.piles["@unsorted"]  # shown as recorded
        assert sorted(recorded) == sorted(session.cards)
        orders.add(recorded)
    assert len(orders) > 1  # 8 shuffles of 6 cards are not all the same


def test_fixed_order_when_the_study_says_so(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team", randomise_cards=False)
    session = SortSession.open(store, "team")
    board, _ = session.join("Anna")
    assert board.piles["@unsorted"] == sorted(session.cards)


def test_every_save_is_the_whole_board(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team")
    session = SortSession.open(store, "team")
    board, _ = session.join("Anna")
    key = board.add_group("Plan")
    board.move(board.piles["@unsorted"][0], key)
    session.save(board)
    assert session.participant is not None
    saved = load_sort(store, session.participant.id)
    expected = board.to_sort()
    assert saved.groups == expected.groups
    assert set(saved.placements) == set(expected.placements)
    session.release()  # the window closed
    again, created = SortSession.open(store, "team").join("  anna ")  # same name, as typed
    assert not created and again.piles == board.piles


def test_time_taken() -> None:
    start = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert elapsed_seconds(start.isoformat(), start + timedelta(minutes=12, seconds=5)) == 725
    assert elapsed_seconds(None) is None and elapsed_seconds("gisteren") is None
    assert format_duration(725) == "12:05" and format_duration(3723) == "1:02:03"
    assert format_duration(None) == "–"
