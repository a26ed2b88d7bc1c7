"""The last screen: thank you, the answers are saved."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center
from textual.widgets import Footer, Header, Static

from cardsort.tui.base import BaseScreen

__all__ = ["TreeTestDone"]


class TreeTestDone(BaseScreen[None]):
    """Shown when every task is answered."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "key.quit")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Center(id="tt-done"):
            yield Static(self.tr("treetest.done"), id="tt-done-text")
        yield Footer()
