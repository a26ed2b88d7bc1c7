"""``cardsort`` with no command: open the coordinator app on the workspace store."""

from __future__ import annotations

from cardsort.cli._app import AppContext
from cardsort.i18n import pick_language

__all__ = ["open_coordinator"]


def open_coordinator(app_context: AppContext) -> None:
    """Run the coordinator app (studies, progress, results) until the user quits."""
    from cardsort.tui.coordinator.app import CoordinatorApp

    CoordinatorApp(app_context.store, lang=pick_language()).run()
