"""The coordinator's results: the analysis of real sorts, the consensus tree with agreement and
stability, the heatmap, the dendrogram, the participants, and tree edits stored as versions."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import DataTable, Static, Tree

from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.coordinator.results import ResultsScreen, heatmap_text
from cardsort.tui.session import SortSession
from sessions.analysis_store import current_tree, tree_history
from sessions.store import Store
from sessions.studies import get_study

#: Card labels per group; every participant sorts the same way, except that some swap Kerst.
TEAM = {
    "Organisatie": ["Roosters", "Nieuwsbrieven", "Notulen MR"],
    "Feesten": ["Sinterklaas", "Kerst"],
    "Leerlingen": ["Cito-toetsen"],
}


def sort_like_the_team(store: Store, name: str, *, swap: bool = False) -> None:
    session = SortSession.open(store, "team")
    board, _ = session.join(name)
    by_label = {c.label: c.id for c in session.cards.values()}
    for label, cards in TEAM.items():
        key = board.add_group(label)
        for card in cards:
            target = key
            if swap and card == "Kerst":
                target = board.groups[0].key
            board.move(by_label[card], target)
    session.finish(board)


async def test_results_show_tree_heatmap_dendrogram_and_edits_are_stored(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    for n in range(6):
        sort_like_the_team(store, f"Leerkracht {n}", swap=n == 5)
    study = get_study(store, "team")
    app = CoordinatorApp(store, lang="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")  # results of the chosen study
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert "6 sorteringen" in str(screen.query_one("#results-verdict", Static).render())
        tree = screen.query_one("#consensus", Tree)
        folders = [str(node.label) for node in tree.root.children]
        assert any(
            "Sinterklaas" in str(leaf.label) for n in tree.root.children for leaf in n.children
        )
        assert all("overeenstemming" in f for f in folders)
        assert len(screen.query_one("#people", DataTable).rows) == 6
        assert "█" in str(screen.query_one("#heatmap", Static).render())
        assert screen.query("#dendrogram")  # the PlotextPlot is there
        first = current_tree(store, study.id)
        assert first is not None and not first.edited
        # rename the first folder: cursor on it, r, type, Enter
        tree.focus()
        tree.move_cursor(tree.root.children[0])
        await pilot.press("r")
        await pilot.pause()
        for _ in range(40):
            await pilot.press("backspace")
        await pilot.press(*"Schoolzaken", "enter")
        await pilot.pause()
        # move a card to a new folder
        leaf = tree.root.children[1].children[0]
        tree.move_cursor(leaf)
        await pilot.press("v")
        await pilot.pause()
        app.screen.query_one("#targets").highlighted = (  # type: ignore[attr-defined]
            app.screen.query_one("#targets").option_count - 1  # type: ignore[attr-defined]
        )
        await pilot.press("down", "enter")  # "+ new…" is the last option
        await pilot.pause()
        await pilot.press(*"Apart", "enter")
        await pilot.pause()
    history = tree_history(store, study.id)
    assert len(history) == 3
    latest = current_tree(store, study.id)
    assert latest is not None and latest.edited and latest.based_on == history[1].version
    labels = [g["label"] for g in latest.tree["groups"]]
    assert "Schoolzaken" in labels and "Apart" in labels


def test_heatmap_reads_without_colour() -> None:
    import numpy as np

    similarity = np.array([[1.0, 0.5], [0.5, 1.0]])
    text = heatmap_text(similarity, [1, 0], ("A", "B")).plain
    first, second = text.splitlines()[:2]
    assert first == "1 ██▒▒ B" and second == "2 ▒▒██ A"


async def test_results_say_when_there_are_too_few_sorts(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    app = CoordinatorApp(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "at least 2" in str(app.screen.query_one("#results-verdict", Static).render())


async def test_analysing_again_and_again_never_crashes_nor_adds_identical_versions(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    for n in range(4):
        sort_like_the_team(store, f"Leerkracht {n}", swap=n == 3)
    study = get_study(store, "team")
    app = CoordinatorApp(store, lang="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        for key in ["f5", "a"] * 6:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert len(app.screen.query("#dendrogram")) == 1
        assert "4 sorteringen" in str(app.screen.query_one("#results-verdict", Static).render())
        assert [v.version for v in tree_history(store, study.id)] == [1]
        # After a person's edit, analysing again keeps the edit current and adds nothing new.
        tree = app.screen.query_one("#consensus", Tree)
        tree.focus()
        tree.move_cursor(tree.root.children[0])
        await pilot.press("r", *"Schoolzaken", "enter")
        await pilot.pause()
        for _ in range(3):
            await pilot.press("a")
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert len(app.screen.query("#dendrogram")) == 1
    assert app.return_value is None and app._exception is None
    history = tree_history(store, study.id)
    assert [(v.version, v.edited, v.current) for v in history] == [
        (1, False, False),
        (2, True, True),
    ]
