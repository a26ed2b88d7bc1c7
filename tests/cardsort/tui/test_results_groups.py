"""``k`` in the coordinator's results: a complete partition into the number of folders asked for.

The CLI's ``--groups K``: every card lands in one of K top-level folders (none set apart), cards
that fit poorly are marked, and an empty answer goes back to the number the sorts suggest.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Label, Tree

from cardsort.tui.coordinator.app import CoordinatorApp
from cardsort.tui.coordinator.results import ResultsScreen
from cardsort.tui.modals import TextPrompt
from sessions.analysis_store import current_tree
from sessions.store import Store
from sessions.studies import get_study
from tests.cardsort.tui.test_results import TEAM, sort_like_the_team

CARDS = {card for cards in TEAM.values() for card in cards}
MARK = {"nl": "(past hier slecht)", "en": "(fits poorly)"}
PROMPT = {"nl": "Hoeveel hoofdmappen?", "en": "How many top-level folders?"}


def _folders(screen: ResultsScreen) -> list[set[str]]:
    tree = screen.query_one("#consensus", Tree)
    return [
        {leaf.data[2] for leaf in node.children if leaf.data and leaf.data[0] == "card"}
        for node in tree.root.children
        if node.data and node.data[0] == "folder"
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
async def test_k_asks_for_a_number_of_folders_and_puts_every_card_in_one(
    store: Store, new_study: Callable[..., str], lang: str
) -> None:
    new_study("team")
    for n in range(6):
        sort_like_the_team(store, f"Leerkracht {n}", swap=n == 5)
    study = get_study(store, "team")
    app = CoordinatorApp(store, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ResultsScreen)
        assert len(_folders(screen)) == 3  # the team's own three
        await pilot.press("k")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, TextPrompt)
        assert str(prompt.query_one(".dialog-title", Label).render()) == PROMPT[lang]
        await pilot.press("2", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        folders = _folders(screen)
        assert len(folders) == 2
        assert set().union(*folders) == CARDS  # complete: no card set apart
        assert not any(
            node.data == ("apart",) for node in screen.query_one("#consensus", Tree).root.children
        )
        assert screen.result is not None
        marked = {
            leaf.data[1]
            for node in screen.query_one("#consensus", Tree).root.children
            for leaf in node.children
            if leaf.data and leaf.data[0] == "card" and MARK[lang] in str(leaf.label)
        }
        assert marked == set(screen.result.low_fit) != set()  # a merged folder's odd card
        stored = current_tree(store, study.id)
        assert stored is not None and len(stored.tree["groups"]) == 2
        # a number the cards cannot make is refused, and nothing changes
        await pilot.press("k")
        await pilot.pause()
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press("9", "9", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert screen.n_groups == 2 and len(_folders(screen)) == 2
        # empty: the sorts decide again
        await pilot.press("k")
        await pilot.pause()
        for _ in range(5):
            await pilot.press("backspace")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.n_groups is None and len(_folders(screen)) == 3
