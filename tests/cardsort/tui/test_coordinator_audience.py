"""The coordinator sets a folder's audience in the app as in the CLI; the tree shows it."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Tree

from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.coordinator.results import ResultsScreen
from sessions.folder_audiences import folder_audiences
from sessions.store import Store
from sessions.studies import get_study
from tests.cardsort.tui.test_results import sort_like_the_team


async def test_w_gives_the_selected_folder_an_audience(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    for n in range(4):
        sort_like_the_team(store, f"Leerkracht {n}")
    study = get_study(store, "team")
    app = CoordinatorApp(store, lang="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        tree = screen.query_one("#consensus", Tree)
        first = tree.root.children[0]
        folder = str(first.label).split("  ")[0].split(" ", 1)[1]
        tree.focus()
        tree.move_cursor(first)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press(*"zorg", "enter")  # typing filters the choices; Enter takes the first
        await pilot.pause()
        assert folder_audiences(store, study.id) == {folder: "care"}
        assert "🔒 zorgteam" in str(screen.query_one("#consensus", Tree).root.children[0].label)
        # A name of the coordinator's own
        tree = screen.query_one("#consensus", Tree)
        tree.move_cursor(tree.root.children[0])
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#targets").highlighted = (  # type: ignore[attr-defined]
            app.screen.query_one("#targets").option_count - 1  # type: ignore[attr-defined]
        )
        await pilot.press("down", "enter")  # "+ a name of your own…" is the last option
        await pilot.pause()
        await pilot.press(*"bouw onderbouw", "enter")
        await pilot.pause()
    assert folder_audiences(store, study.id) == {folder: "named:bouw onderbouw"}
