"""The teacher's app: welcome → board → summary → thank-you, against one study in a store.

The same app runs in a terminal (``cardsort sort``), in a browser tab (``cardsort serve``
starts one process per tab) and offline on a study file; only the store differs.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from textual.app import SystemCommand
from textual.screen import Screen

from cardsort.card_language import localise_card
from cardsort.tui.base import CardsortApp
from cardsort.tui.commands import BoardCommands
from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.screens.finish import FinishScreen, QuestionsScreen, ThanksScreen
from cardsort.tui.screens.welcome import WelcomeScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sorting import Board
from sessions.questions import questions_of, save_answers
from sessions.store import StoreError

__all__ = ["SortApp"]


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

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            self.tr("key.contrast"), self.tr("palette.contrast_help"), self.action_toggle_contrast
        )
        yield SystemCommand(self.tr("key.quit"), self.tr("palette.quit_help"), self.exit)

    def on_mount(self) -> None:
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
        """Join as ``name``; returns a problem to show on the welcome screen, or ``None``."""
        if not " ".join(name.split()):
            return self.tr("welcome.name_missing")
        expected = self.session.study.access_code or ""
        if self.require_code and not hmac.compare_digest(code.strip(), expected):
            return self.tr("welcome.code_wrong")
        try:
            board, created = self.session.join(name, lang=self.tr.lang)
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
