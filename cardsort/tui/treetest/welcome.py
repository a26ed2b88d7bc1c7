"""The first screen of a tree test: what it is about, and "your name or code".

When the test is served to the school network the study's participant code is asked as well
(textual-serve itself has no authentication), as for sorting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Label, Static

from cardsort.tui.base import BaseScreen

__all__ = ["TreeTestWelcome"]


class TreeTestWelcome(BaseScreen[None]):
    """Instructions and the participant's name."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "app.toggle_contrast", "key.contrast"),
    ]

    def __init__(
        self, on_start: Callable[[str, str], str | None], *, require_code: bool = False
    ) -> None:
        super().__init__()
        self.on_start = on_start
        self.require_code = require_code

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="tt-welcome"), Center(), Vertical(id="tt-welcome-box"):
            yield Label(self.tr("treetest.title"), id="tt-title")
            yield Static(self.tr("treetest.intro"), id="tt-intro")
            yield Label(self.tr("treetest.name_prompt"))
            yield Input(id="tt-name")
            if self.require_code:
                yield Label(self.tr("welcome.code_label"))
                yield Input(placeholder="123456", id="tt-code")
            yield Static("", id="tt-error")
            yield Button(self.tr("treetest.start"), id="tt-start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tt-name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#tt-start")
    def _start(self) -> None:
        code = ""
        if self.require_code:
            field = self.query_one("#tt-code", Input)
            if not field.value and not field.has_focus:
                field.focus()
                return
            code = field.value
        problem = self.on_start(self.query_one("#tt-name", Input).value, code)
        if problem:
            self.show_problem(problem)

    def show_problem(self, problem: str) -> None:
        """Say under the form why the test did not start."""
        self.query_one("#tt-error", Static).update(Text(problem))  # a name is text, not markup
