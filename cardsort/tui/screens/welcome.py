"""The first screen a teacher sees: what this is about, and "what is your name?".

Short sentences, one input, one button. A returning name continues the earlier sort; when the
study is served to the school network the participant code printed by ``cardsort serve`` is
asked as well (textual-serve itself has no authentication).
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

__all__ = ["WelcomeScreen"]


class WelcomeScreen(BaseScreen[None]):
    """Instructions and the participant's name (and, if needed, the study's code)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "key.help"),
        Binding("f2", "app.toggle_contrast", "key.contrast"),
    ]

    def __init__(
        self,
        study_name: str,
        instructions: str,
        *,
        require_code: bool,
        on_start: Callable[[str, str], str | None],
    ) -> None:
        super().__init__()
        self.study_name = study_name
        self.instructions = instructions
        self.require_code = require_code
        self.on_start = on_start

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        scroll = VerticalScroll(id="welcome")
        scroll.can_focus = False  # a click on an empty part must not take focus from the name
        with scroll, Center(), Vertical(id="welcome-box"):
            yield Label(self.tr("welcome.title"), id="welcome-title")
            yield Static(
                self.instructions or self.tr("welcome.default_instructions"), id="instructions"
            )
            yield Static(self.tr("welcome.how"), id="how")
            yield Label(self.tr("welcome.name_label"))
            yield Input(placeholder=self.tr("welcome.name_placeholder"), id="name")
            if self.require_code:
                yield Label(self.tr("welcome.code_label"))
                yield Input(placeholder="123456", id="code", password=False)
            yield Static("", id="welcome-error")
            yield Button(self.tr("welcome.start"), id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.study_name
        self.query_one("#name", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        name = self.query_one("#name", Input).value
        code = self.query_one("#code", Input).value if self.require_code else ""
        if self.require_code and not self.query_one("#code", Input).has_focus and not code:
            self.query_one("#code", Input).focus()
            return
        problem = self.on_start(name, code)
        if problem:  # may quote the typed name: shown as text, never as markup
            self.query_one("#welcome-error", Static).update(Text(problem))

    def action_help(self) -> None:
        from cardsort.tui.modals import HelpModal

        self.app.push_screen(
            HelpModal(
                self.tr("help.welcome_intro"),
                [("Enter", self.tr("welcome.start")), ("F2", self.tr("key.contrast"))],
            )
        )
