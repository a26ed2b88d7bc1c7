"""The coordinator's results: the analysis of real sorts, the consensus tree with agreement and
stability, the heatmap, the dendrogram, the participants, and tree edits stored as versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.widgets import DataTable, OptionList, Static, Tree

from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.coordinator.results import ResultsScreen, heatmap_text
from cardsort.tui.modals import HelpModal, MoveToModal
from cardsort.tui.session import SortSession
from sessions.analysis_store import current_tree, store_edited_tree, tree_history
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
    text = heatmap_text(similarity, [1, 0], ("A", "B"), caption="Samen gelegd").plain
    caption, columns, first, second = text.splitlines()[:4]
    assert caption == "Samen gelegd"
    assert columns == "  1 2"  # the columns are numbered like the rows
    assert first == "1 ██▒▒ B" and second == "2 ▒▒██ A"
    assert "[▒▒] 50%" in text and "'" not in text  # a legend in words, no Python repr


def test_heatmap_columns_past_nine_read_top_down() -> None:
    import numpy as np

    similarity = np.eye(12)
    lines = heatmap_text(similarity, list(range(12)), tuple("ABCDEFGHIJKL")).plain.splitlines()
    assert lines[0] == "   " + "  " * 9 + "1 1 1 "
    assert lines[1] == "   1 2 3 4 5 6 7 8 9 0 1 2"
    assert lines[2].startswith(" 1 ██")


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


def sort_all_in_one(store: Store, name: str) -> None:
    session = SortSession.open(store, "team")
    board, _ = session.join(name)
    key = board.add_group("Alles")
    for card in list(board.piles["@unsorted"]):
        board.move(card, key)
    session.finish(board)


async def test_results_speak_the_coordinators_words(
    store: Store, new_study: Callable[..., str]
) -> None:
    """Flags in words, F1 for this screen, 'apart gezet' explained, folders not stacks, and
    card names (not ids) in the history."""
    new_study("team")
    for n in range(4):
        sort_like_the_team(store, f"Leerkracht {n}")
    sort_all_in_one(store, "Leerkracht 9")
    study = get_study(store, "team")
    app = CoordinatorApp(store, lang="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        table = screen.query_one("#people", DataTable)
        cells = [str(c) for i in range(table.row_count) for c in table.get_row_at(i)]
        assert "alle kaarten op één stapel" in cells
        assert not any("all_in_one" in c for c in cells)
        assert any(c.startswith("niet meegeteld: alle kaarten") for c in cells)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        keys = dict(app.screen.keys)
        assert keys["a"] == "opnieuw analyseren" and keys["v"] == "kaart verplaatsen"
        assert "Apart gezet" in app.screen.intro
        await pilot.press("escape")
        await pilot.pause()
        tree = screen.query_one("#consensus", Tree)
        leaf = tree.root.children[0].children[0]
        card_name = str(leaf.label)
        tree.focus()
        tree.move_cursor(leaf)
        await pilot.press("v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MoveToModal)
        options = dialog.query_one("#targets", OptionList)
        last = options.get_option_at_index(options.option_count - 1)
        assert str(last.prompt) == "+ Nieuwe map…"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v", "enter")  # the first folder
        await pilot.pause()
    notes = [v.note for v in tree_history(store, study.id)]
    assert any(card_name in note for note in notes[1:])
    assert not any(" c1" in note or "c2" in note for note in notes)


async def test_apart_gezet_is_explained_where_it_is_shown(
    store: Store, new_study: Callable[..., str]
) -> None:
    from cardsort.analysis import ConsensusTree
    from cardsort.consensus_edits import move_card

    new_study("team")
    for n in range(3):
        sort_like_the_team(store, f"Leerkracht {n}")
    study = get_study(store, "team")
    app = CoordinatorApp(store, lang="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        current = current_tree(store, study.id)
        assert current is not None
        tree = ConsensusTree.from_dict(current.tree)
        folder = tree.groups[0]
        apart = move_card(tree, folder.card_keys[0], folder.card_labels[0], None)
        store_edited_tree(store, study.id, apart.to_dict(), based_on=current.version, note="apart")
        await pilot.press("f5")
        await app.workers.wait_for_complete()
        await pilot.pause()
        root = app.screen.query_one("#consensus", Tree).root
        label = str(root.children[-1].label)
        assert label.startswith("Apart gezet") and "niet duidelijk bij één map" in label


async def test_unfinished_sorts_are_not_counted_and_say_so(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    for n in range(3):
        sort_like_the_team(store, f"Leerkracht {n}")
    session = SortSession.open(store, "team")
    board, _ = session.join("Nog Bezig")  # one card of six placed, not finished
    board.move(next(iter(board.piles["@unsorted"])), board.add_group("Iets"))
    session.save(board)
    app = CoordinatorApp(store, lang="nl")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await app.workers.wait_for_complete()
        await pilot.pause()
        verdict = str(app.screen.query_one("#results-verdict", Static).render())
        assert "3 sorteringen" in verdict and "1 sortering(en) nog niet klaar" in verdict
        table = app.screen.query_one("#people", DataTable)
        rows = {str(r[0]): [str(c) for c in r] for r in map(table.get_row_at, range(4))}
        assert rows["Nog Bezig"][2] == "nee (nog niet klaar)"
        assert all(rows[f"Leerkracht {n}"][2] == "meegeteld" for n in range(3))


def test_the_cli_leaves_unfinished_sorts_out_unless_asked(
    store: Store, new_study: Callable[..., str], run_cli: Callable[..., Any]
) -> None:
    new_study("team")
    for n in range(3):
        sort_like_the_team(store, f"Leerkracht {n}")
    session = SortSession.open(store, "team")
    board, _ = session.join("Nog Bezig")
    board.move(next(iter(board.piles["@unsorted"])), board.add_group("Iets"))
    session.save(board)
    plain = run_cli("analyse", "team", "--resamples", "0")
    assert plain.exit_code == 0, plain.stderr
    assert "3 sorts analysed" in plain.output
    assert "Not counted (not finished yet): Nog Bezig" in plain.output
    counted = run_cli("analyse", "team", "--resamples", "0", "--include-unfinished")
    assert "4 sorts analysed" in counted.output and "Not counted" not in counted.output
