"""The coordinator's app (``cardsort`` with no command): one mode per job.

``studies`` lists studies and makes new ones, ``progress`` follows the participants of the
chosen study live, ``results`` shows what the analysis found. Modes keep their own screen
stacks, so switching back and forth keeps each view where it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cardsort.tui.base import CardsortApp, binding_help, key_label
from cardsort.tui.commands import CoordinatorCommands
from cardsort.tui.coordinator.results import ResultsScreen
from cardsort.tui.coordinator.screens import NewStudyScreen, ProgressScreen, StudiesScreen
from cardsort.tui.coordinator.treetest import TreeTestResultsScreen
from cardsort.tui.modals import HelpModal
from sessions.store import Store

__all__ = ["CoordinatorApp"]


class CoordinatorApp(CardsortApp):
    """Studies, progress and results for the ICT coordinator."""

    MODES = {  # noqa: RUF012
        "studies": StudiesScreen,
        "progress": ProgressScreen,
        "results": ResultsScreen,
        "treetest": TreeTestResultsScreen,
    }
    DEFAULT_MODE = "studies"
    COMMANDS = {CoordinatorCommands}  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "key.help"),
        Binding("f2", "toggle_contrast", "key.contrast", show=False),
        Binding("f3", "switch_mode('studies')", "coord.cmd.studies"),
        Binding("f4", "switch_mode('progress')", "coord.cmd.progress"),
        Binding("f8", "switch_mode('results')", "coord.cmd.results"),
        Binding("f9", "switch_mode('treetest')", "coord.cmd.treetest"),
    ]

    def __init__(self, store: Store, *, lang: str, high_contrast: bool = False) -> None:
        super().__init__(lang=lang, high_contrast=high_contrast)
        self.store = store
        self.chosen_study: str | None = None
        self.title = self.tr("coord.title")

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            self.tr("key.contrast"), self.tr("palette.contrast_help"), self.action_toggle_contrast
        )
        yield SystemCommand(self.tr("key.quit"), self.tr("palette.quit_help"), self.exit)

    def action_new_study(self) -> None:
        """Open the new-study form (from the command palette)."""
        self.switch_mode("studies")
        self.push_screen(NewStudyScreen())

    def action_help(self) -> None:
        """F1: what the screen in view is for and its keys, then the keys that work anywhere."""
        screen = self.screen
        intro_key = getattr(screen, "HELP_INTRO", "coord.help_intro")
        keys = binding_help(screen, self.tr)
        keys += [
            ("F3", self.tr("coord.cmd.studies")),
            ("F4", self.tr("coord.cmd.progress")),
            ("F8", self.tr("coord.cmd.results")),
            ("F9", self.tr("coord.cmd.treetest")),
            ("F2", self.tr("key.contrast")),
            (key_label("ctrl+p", self.tr), self.tr("palette")),
            (key_label("ctrl+q", self.tr), self.tr("key.quit")),
        ]
        self.push_screen(HelpModal(self.tr(intro_key), keys))
