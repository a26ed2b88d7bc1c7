"""One task: the question, where you are, the folders here, and what you can do.

Keys: Enter/→ open the highlighted folder, ←/Backspace back up, H "I would look here"
("Hier zou ik kijken"), S skip. Everything also with the mouse (click a folder, the buttons).
Choosing needs an open folder: the top of the tree is nobody's answer.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Header, OptionList, Static

from cardsort.treetest import Navigator, Task, TestTree
from cardsort.tui.base import BaseScreen
from cardsort.tui.treetest.breadcrumb import Breadcrumb
from cardsort.tui.treetest.folder_list import FolderList

__all__ = ["TaskScreen"]

#: Called with (steps, chosen folder or None for a skip, seconds taken).
Answered = Callable[[list[str], str | None, float], None]


class TaskScreen(BaseScreen[None]):
    """Find where one item lives."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "open", "treetest.key.open", show=False),
        Binding("left,backspace", "up", "treetest.key.up", key_display="←"),
        Binding("h", "look_here", "treetest.key.look_here"),
        Binding("s", "skip", "treetest.key.skip"),
        Binding("f2", "app.toggle_contrast", "key.contrast"),
    ]

    def __init__(
        self,
        tree: TestTree,
        task: Task,
        number: int,
        total: int,
        on_answer: Answered,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.nav = Navigator(tree)
        self.question = task
        self.number = number
        self.total = total
        self.on_answer = on_answer
        self.clock = clock
        self.started = clock()

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Vertical(id="tt-task"):
            yield Static(
                self.tr("treetest.task_of", n=self.number, total=self.total), id="tt-count"
            )
            yield Static(self.question.text(self.tr.lang), id="tt-question")
            yield Breadcrumb(id="tt-trail")
            yield FolderList(id="tt-folders")
            yield Static("", id="tt-empty")
            yield Static("", id="tt-hint")
            with Horizontal(id="tt-buttons"):
                yield Button(f"← {self.tr('treetest.up')}", id="tt-up")
                yield Button(self.tr("treetest.look_here"), id="tt-here", variant="primary")
                yield Button(self.tr("treetest.skip"), id="tt-skip")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_level()
        self.query_one(FolderList).focus()

    def refresh_level(self) -> None:
        """Show the open folder's trail and the folders inside it."""
        self.query_one(Breadcrumb).show(self.tr("treetest.top"), self.nav.trail())
        choices = self.nav.choices()
        self.query_one(FolderList).show(choices)
        empty = self.query_one("#tt-empty", Static)
        empty.update("" if choices else self.tr("treetest.empty"))
        empty.display = not choices
        self.query_one("#tt-up", Button).disabled = not self.nav.can_choose()
        self.query_one("#tt-here", Button).disabled = not self.nav.can_choose()
        self.query_one("#tt-hint", Static).update("")

    @on(OptionList.OptionSelected, "#tt-folders")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.nav.enter(event.option.id)
            self.refresh_level()

    def action_open(self) -> None:
        """Open the highlighted folder."""
        folders = self.query_one(FolderList)
        if folders.highlighted is None:
            return
        option = folders.get_option_at_index(folders.highlighted)
        if option.id is not None:
            self.nav.enter(option.id)
            self.refresh_level()

    @on(Button.Pressed, "#tt-up")
    def action_up(self) -> None:
        """Back up one level."""
        if self.nav.up():
            self.refresh_level()
            self.query_one(FolderList).focus()

    @on(Button.Pressed, "#tt-here")
    def action_look_here(self) -> None:
        """Answer: the open folder is where I would look."""
        if not self.nav.can_choose():
            self.query_one("#tt-hint", Static).update(self.tr("treetest.open_first"))
            return
        self.on_answer(list(self.nav.steps), self.nav.current, self.clock() - self.started)

    @on(Button.Pressed, "#tt-skip")
    def action_skip(self) -> None:
        """Skip this task."""
        self.on_answer(list(self.nav.steps), None, self.clock() - self.started)
