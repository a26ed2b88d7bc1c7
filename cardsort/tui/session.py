"""One teacher's sorting session against the store: join by name, autosave, finish.

The store is the only shared state (textual-serve runs one process per browser tab), so every
action is written with :func:`sessions.studies.save_sort` as soon as it happens: a killed
process loses nothing, and a participant who comes back by name continues exactly there.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime

from cardsort.tui.sorting import Board
from sessions.cards import cards_of
from sessions.models import Card, Participant, Sort, Study
from sessions.store import Store
from sessions.studies import (
    categories_of,
    finish_participant,
    get_participant,
    get_study,
    load_sort,
    save_sort,
    start_participant,
)

__all__ = ["SortSession", "elapsed_seconds"]


def elapsed_seconds(started_at: str | None, now: datetime | None = None) -> float | None:
    """Seconds between a stored ISO time and now (``None`` if the start is unknown)."""
    if not started_at:
        return None
    try:
        start = datetime.fromisoformat(started_at)
    except ValueError:
        return None
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    return max(0.0, ((now or datetime.now(UTC)) - start).total_seconds())


@dataclass
class SortSession:
    """A study opened for sorting, and (after :meth:`join`) the participant sorting it."""

    store: Store
    study: Study
    cards: dict[int, Card]
    categories: list[tuple[int, str]]
    participant: Participant | None = None

    @classmethod
    def open(cls, store: Store, study_ref: str) -> SortSession:
        """Load a study by name or id, with its cards and categories."""
        study = get_study(store, study_ref)
        cards = {c.id: c for c in cards_of(store, study_id=study.id)}
        categories = [(c.id, c.label) for c in categories_of(store, study.id)]
        return cls(store, study, cards, categories)

    def new_board(self) -> Board:
        """An empty board for this study (all cards on the stack)."""
        return Board(
            list(self.cards),
            kind=self.study.kind,
            settings=self.study.settings,
            categories=self.categories,
        )

    def join(self, name: str, *, lang: str | None = None) -> tuple[Board, bool]:
        """Start or resume the participant called ``name``. Returns ``(board, created)``.

        A new participant gets the cards in a random order (unless the study says otherwise);
        the order is recorded, so a resumed sort shows the same stack.
        """
        order = list(self.cards)
        if self.study.settings.randomise_cards:
            random.SystemRandom().shuffle(order)
        participant, created = start_participant(
            self.store, self.study.id, name, card_order=order, lang=lang
        )
        self.participant = participant
        board = self.new_board()
        if created:  # nothing saved yet: the stack in the participant's recorded order
            board.load(Sort((), ()), participant.card_order)
            self.save(board)
        else:
            board.load(load_sort(self.store, participant.id), participant.card_order)
        return board, created

    def save(self, board: Board) -> None:
        """Write the whole board (one transaction)."""
        assert self.participant is not None, "join() first"
        save_sort(self.store, self.participant.id, board.to_sort())

    def finish(self, board: Board) -> float | None:
        """Save and mark the sort complete with the time taken since the participant started."""
        assert self.participant is not None, "join() first"
        self.save(board)
        duration = elapsed_seconds(self.participant.started_at)
        finish_participant(self.store, self.participant.id, duration_s=duration)
        self.participant = get_participant(self.store, self.participant.id)
        return duration
