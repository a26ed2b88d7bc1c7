"""The teacher's app: welcome → board → summary → thank-you, against one study in a store.

The same app runs in a terminal (``cardsort sort``), in a browser tab (``cardsort serve``
starts one process per tab) and offline on a study file; only the store differs.
"""

from __future__ import annotations

import hmac
import math
import os
from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from cardsort.card_language import localise_card
from cardsort.i18n import Translator
from cardsort.tui.base import CardsortApp
from cardsort.tui.commands import BoardCommands
from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.screens.finish import FinishScreen, QuestionsScreen, ThanksScreen
from cardsort.tui.screens.taken_over import TakenOverScreen
from cardsort.tui.screens.welcome import WelcomeScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sorting import Board
from sessions.identity import ParticipantBusy, code_wait_seconds, name_key, record_wrong_code
from sessions.questions import questions_of, save_answers
from sessions.store import Store, StoreError

__all__ = ["CLIENT_ADDRESS_ENV", "LEASE_RENEW_S", "SortApp", "code_problem"]

#: The browser's network address, set by ``cardsort serve`` for each tab's app.
CLIENT_ADDRESS_ENV = "CARDSORT_CLIENT_ADDRESS"
#: How often a session renews its participant's lease (well within LEASE_TTL_S); the
#: environment variable of the same name overrides it (a test lets a window learn of a
#: take-over only from its refused save).
LEASE_RENEW_S = 5.0


def code_problem(
    tr: Translator, store: Store, address: str, code: str, expected: str | None
) -> str | None:
    """What is wrong with a participant code typed at ``address`` (``None``: it is right).

    Wrong codes count per network address and lock it out for a while (sorting and tree
    testing alike); ``expected`` ``None`` refuses every code.
    """
    try:
        wait = code_wait_seconds(store, address)
        if wait > 0:
            return tr("identity.code_wait", minutes=math.ceil(wait / 60))
        if expected is not None and hmac.compare_digest(code.strip().encode(), expected.encode()):
            return None
        record_wrong_code(store, address)
    except StoreError as error:
        return tr("error.save_failed", error=str(error))
    return tr("welcome.code_wrong")


class SortApp(CardsortApp):
    """Sort the cards of one study as one participant."""

    COMMANDS = {BoardCommands}  # noqa: RUF012

    def __init__(
        self,
        session: SortSession,
        *,
        lang: str,
        require_code: bool = False,
        high_contrast: bool = False,
    ) -> None:
        super().__init__(lang=lang, high_contrast=high_contrast)
        self.session = session
        self.require_code = require_code
        self.board: Board | None = None
        self.title = session.study.name
        self.client_address = os.environ.get(CLIENT_ADDRESS_ENV, "local")
        self._busy_key: str | None = None  # a name refused as busy once: the next try takes over
        session.on_lease_lost = self._taken_over

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            self.tr("key.contrast"), self.tr("palette.contrast_help"), self.action_toggle_contrast
        )
        yield SystemCommand(self.tr("key.quit"), self.tr("palette.quit_help"), self.exit)

    def on_mount(self) -> None:
        every = float(os.environ.get("CARDSORT_LEASE_RENEW_S", LEASE_RENEW_S))
        self.set_interval(every, self.session.renew)
        study = self.session.study
        self.push_screen(
            WelcomeScreen(
                study.name,
                study.instructions(self.tr.lang),
                require_code=self.require_code,
                on_start=self.start,
            )
        )

    def start(self, name: str, code: str) -> str | None:
        """Join as ``name``; returns a problem to show on the welcome screen, or ``None``.

        A name somebody is sorting under right now is refused once; the same name again takes
        that participant over (the other window is told). Wrong codes count per address.
        """
        if not " ".join(name.split()):
            return self.tr("welcome.name_missing")
        if self.require_code:
            problem = self._check_code(code)
            if problem:
                return problem
        key = name_key(name)
        try:
            board, created = self.session.join(
                name, lang=self.tr.lang, take_over=key == self._busy_key
            )
        except ParticipantBusy as busy:
            self._busy_key = key
            return self.tr("identity.busy", name=busy.name)
        except StoreError as error:
            return self.tr("error.save_failed", error=str(error))
        self.board = board
        participant = self.session.participant
        if participant is not None and participant.finished:
            self.switch_screen(ThanksScreen(participant.duration_s, already=True))
            return None
        self.switch_screen(BoardScreen(self.session, board, on_finish=self.ask_finish))
        if not created:
            self.notify(self.tr("welcome.resumed"))
        return None

    def _check_code(self, code: str) -> str | None:
        """The study's participant code, rate-limited per network address."""
        expected = self.session.study.access_code or ""
        return code_problem(self.tr, self.session.store, self.client_address, code, expected)

    def _taken_over(self) -> None:
        """Another window took this participant over: stop showing a board that no longer saves."""
        participant = self.session.participant
        name = participant.name if participant is not None else ""
        self.call_later(self._show_taken_over, name)

    def _show_taken_over(self, name: str) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(TakenOverScreen(name))

    def on_unmount(self) -> None:
        self.session.release()

    def ask_finish(self) -> None:
        """Show the summary; on confirmation mark the sort complete and say thank you."""
        board = self.board
        assert board is not None

        def answered(done: bool | None) -> None:
            if not done:
                return
            try:
                duration = self.session.finish(board)  # finished first: questions are extra
            except StoreError as error:
                self.notify(self.tr("error.save_failed", error=str(error)), severity="error")
                return
            questions = questions_of(self.session.store, self.session.study.id)
            if not questions:
                self.switch_screen(ThanksScreen(duration))
                return

            def questions_answered(answers: dict[int, str] | None) -> None:
                participant = self.session.participant
                if answers and participant is not None:
                    try:
                        save_answers(self.session.store, participant.id, answers)
                    except StoreError as error:
                        self.notify(
                            self.tr("error.save_failed", error=str(error)), severity="error"
                        )
                self.switch_screen(ThanksScreen(duration))

            self.push_screen(QuestionsScreen(questions), questions_answered)

        def label(card_id: int) -> str:
            return localise_card(self.session.cards[card_id], self.tr.lang).label

        self.push_screen(FinishScreen(board, label), answered)

    @property
    def board_screen(self) -> BoardScreen | None:
        """The board, when it is showing."""
        for screen in self.screen_stack:
            if isinstance(screen, BoardScreen):
                return screen
        return None
