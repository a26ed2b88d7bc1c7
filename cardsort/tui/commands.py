"""Command palette providers: the main actions of the screen in view, in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from cardsort.tui.base import CardsortApp

__all__ = ["BoardCommands", "CoordinatorCommands"]

#: (catalogue key, action run on the current screen)
BOARD_ACTIONS: tuple[tuple[str, str], ...] = (
    ("key.move", "move_dialog"),
    ("key.new_group", "new_group"),
    ("key.rename", "rename"),
    ("key.merge", "merge"),
    ("key.delete", "delete_group"),
    ("key.undo", "undo"),
    ("key.finish", "finish"),
    ("key.help", "help"),
)

COORDINATOR_ACTIONS: tuple[tuple[str, str], ...] = (
    ("coord.cmd.studies", "app.switch_mode('studies')"),
    ("coord.cmd.new_study", "app.new_study"),
    ("coord.cmd.progress", "app.switch_mode('progress')"),
    ("coord.cmd.results", "app.switch_mode('results')"),
    ("key.contrast", "app.toggle_contrast"),
)


class _ActionCommands(Provider):
    """Offer a fixed list of actions that the current screen can run."""

    actions: tuple[tuple[str, str], ...] = ()

    def _commands(self) -> list[tuple[str, Callable[[], object]]]:
        app = cast(CardsortApp, self.app)
        screen = self.screen
        found: list[tuple[str, Callable[[], object]]] = []
        for key, action in self.actions:
            name = action.removeprefix("app.").split("(")[0]
            owner = app if action.startswith("app.") else screen
            if action.startswith("app.") or hasattr(owner, f"action_{name}"):
                found.append((app.tr(key), partial(owner.run_action, action.removeprefix("app."))))
        return found

    async def discover(self) -> Hits:
        for text, run in self._commands():
            yield DiscoveryHit(text, run)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, run in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), run, text=text)


class BoardCommands(_ActionCommands):
    """Sorting actions."""

    actions = BOARD_ACTIONS


class CoordinatorCommands(_ActionCommands):
    """Coordinator actions."""

    actions = COORDINATOR_ACTIONS
