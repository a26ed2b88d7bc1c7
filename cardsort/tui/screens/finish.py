"""Finishing: a summary of the groups with a confirmation, the study's optional questions
(if it has any), then a thank-you.

If the study's rules are not met yet (unnamed groups, cards left when all must be sorted)
the summary says what to fix and offers only "back to sorting".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    Static,
)

from cardsort.tui.base import BaseScreen
from cardsort.tui.sorting import UNSORTED, UNSURE, Board
from sessions.questions import Question

__all__ = ["FinishScreen", "QuestionsScreen", "ThanksScreen", "format_duration"]


def format_duration(seconds: float | None) -> str:
    """``12:05`` (minutes:seconds) or ``1:02:03``; ``–`` when unknown."""
    if seconds is None:
        return "–"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class FinishScreen(BaseScreen[bool]):
    """The groups at a glance; dismisses ``True`` to finish, ``False`` to go back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "finish.back"),
        Binding("enter,y,j", "confirm", "finish.confirm"),
    ]

    def __init__(self, board: Board, card_labels: Callable[[int], str]) -> None:
        super().__init__()
        self.board = board
        self.card_labels = card_labels
        self.problems = board.finish_problems()

    def compose(self) -> ComposeResult:
        summary = Text()
        for group, count in self.board.summary():
            indent = "   " if group.parent_key else ""
            name = group.label or self.tr("group.unnamed")
            summary.append(f"{indent}{self.board.number_of(group.key)} {name}", style="bold")
            summary.append(" — " + self.tr.count("finish.cards", count) + "\n")
        unsure = len(self.board.piles.get(UNSURE, []))
        if unsure:
            summary.append(self.tr.count("finish.unsure", unsure) + "\n")
        left = len(self.board.piles[UNSORTED])
        if left:
            summary.append(self.tr.count("finish.left", left) + "\n")
        yield Header(show_clock=False)
        with VerticalScroll(id="finish"), Center(), Vertical(id="finish-box"):
            yield Label(self.tr("finish.title"), id="finish-title")
            yield Static(summary, id="summary")
            if self.problems:
                problems = Text(self.tr("finish.fix_first") + "\n", style="bold")
                for problem in self.problems:
                    problems.append("✗ " + self.tr(problem.key, **problem.params) + "\n")
                yield Static(problems, id="problems")
                yield Button(self.tr("finish.back"), id="back", variant="primary")
            else:
                yield Static(self.tr("finish.question"), id="question")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.tr("finish.confirm"), id="confirm", variant="primary")
                    yield Button(self.tr("finish.back"), id="back")
        yield Footer()

    @on(Button.Pressed, "#confirm")
    def action_confirm(self) -> None:
        if not self.problems:
            self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confirm":
            return not self.problems
        return True


class QuestionsScreen(BaseScreen[dict[int, str]]):
    """The study's optional questions after the sort; dismisses with the answers ({} = skipped).

    Free text in an input, a choice as radio buttons; nothing is required. The answers are
    question id → text, or the chosen option's number for a choice.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "skip", "questions.skip")]

    def __init__(self, questions: Sequence[Question]) -> None:
        super().__init__()
        self.questions = list(questions)

    def compose(self) -> ComposeResult:
        lang = self.tr.lang
        yield Header(show_clock=False)
        with VerticalScroll(id="finish"), Center(), Vertical(id="finish-box"):
            yield Label(self.tr("questions.title"), id="finish-title")
            yield Static(self.tr("questions.intro"), classes="dialog-hint")
            for number, question in enumerate(self.questions, start=1):
                yield Label(Text(f"{number}. {question.text(lang)}", style="bold"))
                if question.kind == "choice":
                    with RadioSet(id=f"q-{question.id}", classes="question"):
                        for option in question.options(lang):
                            yield RadioButton(Text(option))
                else:
                    yield Input(id=f"q-{question.id}", classes="question", max_length=2000)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("questions.send"), id="send", variant="primary")
                yield Button(self.tr("questions.skip"), id="skip")
        yield Footer()

    def answers(self) -> dict[int, str]:
        """What was filled in: question id → text or choice number (blanks left out)."""
        found: dict[int, str] = {}
        for question in self.questions:
            widget = self.query_one(f"#q-{question.id}")
            if isinstance(widget, RadioSet):
                if widget.pressed_index >= 0:
                    found[question.id] = str(widget.pressed_index + 1)
            elif isinstance(widget, Input) and widget.value.strip():
                found[question.id] = widget.value.strip()
        return found

    @on(Button.Pressed, "#send")
    def action_send(self) -> None:
        self.dismiss(self.answers())

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        self.dismiss({})


class ThanksScreen(BaseScreen[None]):
    """The end: thank you, and how long it took."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", "key.close")]

    def __init__(self, duration: float | None, *, already: bool = False) -> None:
        super().__init__()
        self.duration = duration
        self.already = already

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Center(id="thanks"), Vertical(id="thanks-box"):
            yield Label(self.tr("thanks.title"), id="thanks-title")
            if self.already:
                yield Static(self.tr("thanks.already"))
            yield Static(self.tr("thanks.time", time=format_duration(self.duration)))
            yield Static(self.tr("thanks.close"))
        yield Footer()
