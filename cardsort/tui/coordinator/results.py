"""The results of a study for the coordinator.

Placeholder until the analysis package offers ``analyse``: it shows how many sorts are in
and says that the analysis views come with the analysis.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Label, Static

from cardsort.tui.coordinator.screens import CoordinatorBase
from sessions.studies import get_study, list_studies, participants_of

__all__ = ["ResultsScreen"]


class ResultsScreen(CoordinatorBase):
    """What the sorts of the chosen study say."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f5", "refresh", "key.refresh")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Label("", id="results-title", classes="coord-title")
        yield Static("", id="results-body", classes="coord-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        name = self.chosen
        if name is None:
            studies = list_studies(self.store)
            name = studies[-1].name if studies else None
        title = self.query_one("#results-title", Label)
        if name is None:
            title.update(self.tr("coord.studies.none"))
            return
        study = get_study(self.store, name)
        done = sum(p.finished for p in participants_of(self.store, study.id))
        title.update(self.tr("coord.results.title", name=study.name))
        self.query_one("#results-body", Static).update(self.tr("coord.results.pending", done=done))
