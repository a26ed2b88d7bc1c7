"""One teacher's sorting session against the store: join by name, autosave, finish.

The store is the only shared state (every browser tab is its own process), so every action is
written with :func:`sessions.studies.save_sort` as soon as it happens: a killed process loses
nothing, and a participant who comes back by name continues exactly there.

A session holds its participant's lease (:mod:`sessions.identity`) under a random token: a
second session with the same name is refused until it chooses to take over, and from then on
this session's saves are refused (:class:`sessions.identity.LeaseLost`) and
:attr:`SortSession.on_lease_lost` tells the app, so two windows never overwrite each other.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cardsort.tui.lease_keeper import LeaseKeeper
from cardsort.tui.sorting import Board
from sessions.cards import cards_of
from sessions.identity import LeaseLost
from sessions.models import Card, Participant, Sort, Study
from sessions.store import Store
from sessions.studies import (
    categories_of,
    finish_participant,
    get_participant,
    get_study,
    join_participant,
    load_sort,
    save_sort,
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
class SortSession(LeaseKeeper):
    """A study opened for sorting, and (after :meth:`join`) the participant sorting it."""

    store: Store
    study: Study
    cards: dict[int, Card]
    categories: list[tuple[int, str]]
    participant: Participant | None = None
    #: This session's lease token (see :mod:`sessions.identity`).
    holder: str = field(default_factory=lambda: secrets.token_hex(16))
    #: Called once when another session took the participant over.
    on_lease_lost: Callable[[], None] | None = None
    lease_lost: bool = False

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

    def join(
        self, name: str, *, lang: str | None = None, take_over: bool = False
    ) -> tuple[Board, bool]:
        """Start or resume the participant called ``name``. Returns ``(board, created)``.

        A new participant gets the cards in a random order (unless the study says otherwise);
        the order is recorded, so a resumed sort shows the same stack. Raises
        :class:`sessions.identity.ParticipantBusy` while another live session sorts as this
        participant, unless ``take_over``.
        """
        order = list(self.cards)
        if self.study.settings.randomise_cards:
            random.SystemRandom().shuffle(order)
        participant, created = join_participant(
            self.store,
            self.study.id,
            name,
            holder=self.holder,
            take_over=take_over,
            card_order=order,
            lang=lang,
        )
        self.lease_lost = False
        self.participant = participant
        board = self.new_board()
        if created:  # nothing saved yet: the stack in the participant's recorded order
            board.load(Sort((), ()), participant.card_order)
            self.save(board)
        else:
            board.load(load_sort(self.store, participant.id), participant.card_order)
        return board, created

    def save(self, board: Board) -> None:
        """Write the whole board (one transaction), while this session holds the participant."""
        assert self.participant is not None, "join() first"
        try:
            save_sort(self.store, self.participant.id, board.to_sort(), holder=self.holder)
        except LeaseLost:
            self._lost()
            raise

    def finish(self, board: Board) -> float | None:
        """Save and mark the sort complete with the time taken since the participant started."""
        assert self.participant is not None, "join() first"
        self.save(board)
        duration = elapsed_seconds(self.participant.started_at)
        finish_participant(self.store, self.participant.id, duration_s=duration)
        self.participant = get_participant(self.store, self.participant.id)
        return duration
