"""The board at school scale (64 cards, 8 stacks) on an 80×24 terminal: every stack shows,
cut card names stay distinct, a pile says what scrolls out of sight, and the whole card is
one key away."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.widgets import Static

from cardsort.tui.modals import CardModal
from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.sorting import UNSORTED, UNSURE
from cardsort.tui.widgets import CardDetail, Pile, RepaintOnly
from sessions.store import Store
from tests.cardsort.tui.school_board import DESCRIPTION, school_board_app

ScreenText = Callable[[App[None]], str]


async def test_every_stack_and_many_cards_show_at_80_by_24(
    store: Store, screen_text: ScreenText
) -> None:
    app = school_board_app(store, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        groups = [p for k, p in screen.piles.items() if k not in (UNSORTED, UNSURE)]
        assert len(groups) == 8
        for pile in groups:  # all on screen, each showing at least three cards
            assert pile.region.bottom <= 22 and pile.scrollable_content_region.height >= 3
        assert not screen.query_one("#groups-more", RepaintOnly).display
        unsorted = screen.piles[UNSORTED]
        assert unsorted.scrollable_content_region.height >= 9  # was 7
        text = screen_text(app)
        assert "1 Groepen en klassen" in text  # a stack name uncut where it fits
        assert "2023-2024" in text and "2024-2025" in text  # the two copies told apart
        assert unsorted.border_subtitle == "▼ 30 meer"
        assert str(groups[0].border_subtitle).startswith("▼ 3 meer")


async def test_a_pile_scrolled_down_says_what_is_above_and_below(store: Store) -> None:
    app = school_board_app(store, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        unsorted = screen.piles[UNSORTED]
        for _ in range(12):
            await pilot.press("down")
        await pilot.pause()
        above, below = unsorted.hidden()
        assert above > 0 and below > 0 and above + below == 39 - 9
        assert unsorted.border_subtitle == f"▲ {above} ▼ {below} more"


async def test_more_stacks_than_fit_are_named_under_the_grid(store: Store) -> None:
    app = school_board_app(store, "nl", stacks=12)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#groups-more", RepaintOnly)
        assert line.display
        assert "11, 12" in line.content.plain and "stapel" in line.content.plain


async def test_the_whole_card_is_one_key_away(store: Store) -> None:
    app = school_board_app(store, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(CardDetail)
        shown = panel.render().plain
        assert shown.splitlines()[-1] == "▼ meer: druk op i"  # cut, and says so
        whole = DESCRIPTION.format(label="kopie van jaarplanning 2023-2024")
        assert whole.replace("\n", " ") in str(panel.tooltip).replace("\n", " ")
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, CardModal)
        card = app.screen.query_one("#card-text", Static).render()
        assert whole in str(card).replace("\n", " ")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_a_short_card_fits_the_panel_without_a_hint(store: Store) -> None:
    app = school_board_app(store, "en")
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(CardDetail)
        assert "press i" not in panel.render().plain
        assert isinstance(app.screen.query_one("#pile-unsorted"), Pile)


async def test_a_focused_stack_shows_its_whole_name(store: Store, screen_text: ScreenText) -> None:
    app = school_board_app(store, "nl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        pile = [p for k, p in screen.piles.items() if k not in (UNSORTED, UNSURE)][3]
        assert "4 Organisatie en pl…" in screen_text(app)  # the border cuts it at 80 columns
        pile.focus()
        await pilot.pause()
        status = screen.query_one("#status", RepaintOnly).content.plain
        assert status == "Stapel 4 Organisatie en planning (4 kaarten)"
