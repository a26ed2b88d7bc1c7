"""Shown in a window whose participant continued in another window (a take-over).

The board is gone from this window so nobody keeps sorting where nothing is saved any more;
the sentence says that everything done here was kept.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.widgets import Footer, Header, Label, Static

from cardsort.tui.base import BaseScreen

__all__ = ["TakenOverScreen"]


class TakenOverScreen(BaseScreen[None]):
    """ "You continue in another window": the end of this window's session."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "key.close")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.participant_name = name

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Center(id="thanks"), Vertical(id="thanks-box"):
            yield Label(self.tr("identity.taken_title"), id="taken-title")
            # a participant's name is text, never markup
            yield Static(Text(self.tr("identity.taken_body", name=self.participant_name)))
        yield Footer()
