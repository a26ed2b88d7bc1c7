"""Small dialogs: move a card to… (type to filter), ask for a name, confirm, help, and the
whole card (its full description, which the board's panel may not have room for).

Each is a ``ModalScreen[T]`` that dismisses with its answer; Escape always means "cancel".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cardsort.tui.base import BaseModal

__all__ = [
    "CardModal",
    "ConfirmModal",
    "HelpModal",
    "MoveToModal",
    "PickTarget",
    "TextPrompt",
]

#: Option id of the "new group…" entry in the move dialog.
NEW_GROUP = "@new"


@dataclass(frozen=True, slots=True)
class PickTarget:
    """One choice in the move dialog: a pile key and the text shown for it."""

    key: str
    text: str


class MoveToModal(BaseModal[str | None]):
    """Choose a pile by typing part of its name or number; Enter picks the first match."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", "key.cancel"),
        Binding("down", "focus_list", "key.down", show=False),
    ]

    def __init__(
        self,
        title: str,
        targets: list[PickTarget],
        *,
        allow_new: bool,
        new_text: str | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.targets = targets
        self.allow_new = allow_new
        #: The "new …" entry: a stack for teachers (the default), a folder for the coordinator.
        self.new_text = new_text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder=self.tr("move.filter"), id="filter")
            yield OptionList(id="targets")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        options = [
            Option(Text(t.text), id=t.key)
            for t in self.targets
            if all(w in t.text.casefold() for w in words)
        ]
        if self.allow_new:
            new_text = self.new_text or self.tr("move.new_group")
            options.append(Option(Text(new_text), id=NEW_GROUP))
        targets = self.query_one("#targets", OptionList)
        targets.set_options(options)
        if options:
            targets.highlighted = 0

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    def _submit_first(self) -> None:
        targets = self.query_one("#targets", OptionList)
        if targets.highlighted is not None:
            self.dismiss(targets.get_option_at_index(targets.highlighted).id)

    @on(OptionList.OptionSelected, "#targets")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one("#targets", OptionList).focus()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class TextPrompt(BaseModal[str | None]):
    """Ask for one line of text (a group's name). Empty answers are allowed when ``optional``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "key.cancel")]

    def __init__(self, title: str, value: str = "", *, hint: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            if self.hint:
                yield Static(self.hint, classes="dialog-hint")
            yield Input(self.value, id="answer")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("button.ok"), id="ok", variant="primary")
                yield Button(self.tr("button.cancel"), id="cancel")

    @on(Input.Submitted, "#answer")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one("#answer", Input).value)

    @on(Button.Pressed, "#cancel")
    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ConfirmModal(BaseModal[bool]):
    """A yes/no question; ``y``/``j`` and ``n``/Escape answer it from the keyboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,j", "answer(True)", "button.yes"),
        Binding("n,escape", "answer(False)", "button.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("button.yes"), id="yes", variant="primary")
                yield Button(self.tr("button.no"), id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class HelpModal(BaseModal[None]):
    """F1: what the screen is for and every key that works on it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "key.close")]

    def __init__(self, intro: str, keys: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self.intro = intro
        self.keys = keys

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(self.intro + "\n\n")
        width = max((len(k) for k, _ in self.keys), default=4) + 2
        for key, description in self.keys:
            text.append(key.ljust(width), style="bold")
            text.append(description + "\n")
        with Vertical(classes="dialog-box help-box"):
            yield Label(self.tr("help.title"), classes="dialog-title")
            with VerticalScroll():
                yield Static(text, id="help-text")
            yield Button(self.tr("button.close"), id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class CardModal(BaseModal[None]):
    """``i`` on the board: one card whole (label, description, examples), scrollable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,enter,q", "close", "key.close"),
    ]

    def __init__(self, text: Text) -> None:
        super().__init__(classes="dialog")
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box card-box"):
            with VerticalScroll():
                yield Static(self.text, id="card-text")
            yield Button(self.tr("button.close"), id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
