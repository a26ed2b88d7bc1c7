"""One participant's tree test against the store: join by name, autosave each answer, finish.

The store is the only shared state (a browser tab is its own process, as for sorting), so each
answer is written the moment it is given: a closed tab loses at most the task in hand, and a
participant who comes back by name continues with the same version and task order.

A session holds its participant's lease (:mod:`sessions.identity`, kind ``treetest``) under a
random token, exactly as a sorting session does: a second window with the same name is refused
until it takes over, after which this window's answers are refused
(:class:`sessions.identity.LeaseLost`) and :attr:`TreeTestSession.on_lease_lost` tells the app.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from cardsort.treetest import Task, TestTree
from cardsort.treetest_data import LoadedTreeTest, load_treetest
from cardsort.tui.lease_keeper import LeaseKeeper
from sessions.identity import LeaseLost
from sessions.store import Store
from sessions.studies import list_studies
from sessions.treetests import (
    TreeTestParticipant,
    finish_treetest_participant,
    save_answer,
    start_treetest_participant,
    treetest_participants,
)

__all__ = ["TreeTestSession"]


@dataclass
class TreeTestSession(LeaseKeeper):
    """A tree test opened for taking, and (after :meth:`join`) the participant taking it."""

    LEASE_KIND = "treetest"

    store: Store
    loaded: LoadedTreeTest
    participant: TreeTestParticipant | None = None
    shuffle_seed: int | None = None
    access_code: str = ""
    variant: str | None = None  # a fixed version (an offline file); None: the test balances
    #: This window's lease token (see :mod:`sessions.identity`).
    holder: str = field(default_factory=lambda: secrets.token_hex(16))
    #: Called once when another window took the participant over.
    on_lease_lost: Callable[[], None] | None = None
    lease_lost: bool = False

    @classmethod
    def open(cls, store: Store, name: str, *, shuffle_seed: int | None = None) -> TreeTestSession:
        """Load a tree test by name (``StoreError`` if there is none)."""
        loaded = load_treetest(store, name)
        study = next(s for s in list_studies(store) if s.id == loaded.record.study_id)
        return cls(store, loaded, shuffle_seed=shuffle_seed, access_code=study.access_code or "")

    def join(self, name: str, *, lang: str | None = None, take_over: bool = False) -> bool:
        """Start or resume ``name``; True when they are new.

        Raises :class:`sessions.identity.ParticipantBusy` while another live window takes the
        test as this participant, unless ``take_over``.
        """
        known = {p.name for p in treetest_participants(self.store, self.loaded.record.id)}
        self.participant = start_treetest_participant(
            self.store,
            self.loaded.record.id,
            name,
            lang=lang,
            shuffle_seed=self.shuffle_seed,
            variant=self.variant,
            holder=self.holder,
            take_over=take_over,
        )
        self.lease_lost = False
        return self.participant.name not in known

    def _refresh(self) -> None:
        assert self.participant is not None, "join() first"
        pid = self.participant.id
        self.participant = next(
            p for p in treetest_participants(self.store, self.loaded.record.id) if p.id == pid
        )

    @property
    def tree(self) -> TestTree:
        """The version this participant was given."""
        assert self.participant is not None, "join() first"
        return self.loaded.trees[self.participant.variant]

    def next_task(self) -> Task | None:
        """The next unanswered task in this participant's order (None: all done)."""
        assert self.participant is not None, "join() first"
        key = self.participant.next_task
        return None if key is None else next(t for t in self.loaded.tasks if t.key == key)

    def position(self) -> tuple[int, int]:
        """(number of the current task, how many tasks there are)."""
        assert self.participant is not None, "join() first"
        return len(self.participant.answered) + 1, len(self.participant.task_order)

    def answer(self, task: Task, steps: list[str], chosen: str | None, seconds: float) -> bool:
        """Store an answer now (autosave) and move on; False if another window answered first.

        Raises :class:`sessions.identity.LeaseLost` (and tells the app) once another window
        took this participant over: nothing is stored.
        """
        assert self.participant is not None, "join() first"
        try:
            saved = save_answer(
                self.store,
                self.participant.id,
                task.key,
                steps,
                chosen,
                round(seconds, 1),
                holder=self.holder,
            )
        except LeaseLost:
            self._lost()
            raise
        self._refresh()
        if self.participant.next_task is None:
            finish_treetest_participant(self.store, self.participant.id)
            self._refresh()
        return saved
