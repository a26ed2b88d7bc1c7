"""The participant's tree-test app: welcome → the tasks one by one → thank you.

The same app runs in a terminal (``cardsort treetest take``) and in a browser tab
(``cardsort treetest serve``, one process per tab through textual-serve); only the store
connects them, as for sorting. One window per person, as for sorting: the window renews its
participant's lease while it runs; the same name typed again in a second window is refused
once and then takes over, and the first window shows that it continues elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

from cardsort.i18n import pick_language
from cardsort.tui.base import CardsortApp
from cardsort.tui.screens.taken_over import TakenOverScreen
from cardsort.tui.sort_app import CLIENT_ADDRESS_ENV, LEASE_RENEW_S, code_problem
from cardsort.tui.treetest.done import TreeTestDone
from cardsort.tui.treetest.session import TreeTestSession
from cardsort.tui.treetest.task_screen import TaskScreen
from cardsort.tui.treetest.welcome import TreeTestWelcome
from sessions.identity import (
    LeaseLost,
    ParticipantBusy,
    name_key,
)
from sessions.store import Store, StoreError

__all__ = ["TreeTestApp"]


class TreeTestApp(CardsortApp):
    """Take one tree test as one participant."""

    CSS_PATH = [CardsortApp.CSS_PATH, str(Path(__file__).with_name("treetest.tcss"))]  # type: ignore[assignment]  # noqa: RUF012

    def __init__(
        self,
        store: Store,
        name: str,
        *,
        participant: str | None = None,
        lang: str | None = None,
        shuffle_seed: int | None = None,
        high_contrast: bool = False,
        require_code: bool = False,
        variant: str | None = None,
    ) -> None:
        self.session = TreeTestSession.open(store, name, shuffle_seed=shuffle_seed)
        self.session.variant = variant
        super().__init__(
            lang=pick_language(lang, self.session.loaded.record.lang), high_contrast=high_contrast
        )
        self.participant_name = participant
        self.require_code = require_code
        self.client_address = os.environ.get(CLIENT_ADDRESS_ENV, "local")
        self.title = self.tr("treetest.title")
        self._busy_key: str | None = None  # a name refused once as busy: next time, take over
        self.session.on_lease_lost = self._taken_over

    def on_mount(self) -> None:
        every = float(os.environ.get("CARDSORT_LEASE_RENEW_S", LEASE_RENEW_S))
        self.set_interval(every, self.session.renew)
        problem = None
        if self.participant_name and not self.require_code:
            problem = self.start(self.participant_name)
            if problem is None:
                return
        welcome = TreeTestWelcome(on_start=self.start, require_code=self.require_code)
        self.push_screen(welcome)
        if problem:
            self.call_after_refresh(welcome.show_problem, problem)

    def on_unmount(self) -> None:
        self.session.release()

    def start(self, name: str, code: str = "") -> str | None:
        """Join as ``name`` (with the study's code when asked); a problem to show, or None.

        A name somebody takes the test under right now is refused once; the same name again
        takes that participant over (the other window is told).
        """
        if not " ".join(name.split()):
            return self.tr("welcome.name_missing")
        if self.require_code:
            problem = self._check_code(code)
            if problem:
                return problem
        key = name_key(name)
        try:
            created = self.session.join(name, lang=self.tr.lang, take_over=key == self._busy_key)
        except ParticipantBusy as busy:
            self._busy_key = key
            return self.tr("treetest.busy", name=busy.name)
        except StoreError as error:
            return self.tr("error.save_failed", error=str(error))
        if not created:
            self.notify(self.tr("treetest.resumed"))
        self.show_next()
        return None

    def _check_code(self, code: str) -> str | None:
        """The study's participant code, rate-limited per network address as for sorting."""
        expected = self.session.access_code or None  # no code set: none is right
        return code_problem(self.tr, self.session.store, self.client_address, code, expected)

    def show_next(self) -> None:
        """The next task, or the thank-you screen."""
        task = self.session.next_task()
        screen = (
            TreeTestDone()
            if task is None
            else TaskScreen(self.session.tree, task, *self.session.position(), self.answered)
        )
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def answered(self, steps: list[str], chosen: str | None, seconds: float) -> None:
        """Save the answer at once, then go on."""
        task = self.session.next_task()
        assert task is not None
        try:
            saved = self.session.answer(task, steps, chosen, seconds)
        except LeaseLost:
            return  # the other window continues; _taken_over shows this window why it stopped
        except StoreError as error:
            self.notify(self.tr("error.save_failed", error=str(error)), severity="error")
            return
        if not saved:  # the same person answered it in another window first: that answer stays
            self.notify(self.tr("treetest.answered_elsewhere"))
        self.show_next()

    def _taken_over(self) -> None:
        """Another window took this participant over: stop showing tasks that no longer save."""
        participant = self.session.participant
        self.call_later(self._show_taken_over, participant.name if participant else "")

    def _show_taken_over(self, name: str) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(TakenOverScreen(name))
        else:
            self.push_screen(TakenOverScreen(name))
