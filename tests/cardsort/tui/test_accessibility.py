"""Keyboard help, language, NO_COLOR, the high-contrast theme and the command palette."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rich.style import Style
from textual.binding import Binding
from textual.color import Color
from textual.command import CommandPalette
from textual.filter import Monochrome, NoColor

from cardsort.tui.base import CONTRAST_THEME
from cardsort.tui.modals import HelpModal
from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.sort_app import SortApp
from sessions.models import StudyKind

AppFactory = Callable[..., SortApp]
FORBIDDEN_IN_BROWSERS = {"ctrl+w", "ctrl+t", "ctrl+n"}


async def open_board(app: SortApp, pilot: object) -> BoardScreen:
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(*"Anna", "enter")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    assert isinstance(app.screen, BoardScreen)
    return app.screen


@pytest.mark.parametrize(("lang", "word"), [("nl", "verplaats naar…"), ("en", "move to…")])
async def test_f1_lists_every_board_key_in_the_language(
    make_app: AppFactory, lang: str, word: str
) -> None:
    app = make_app(StudyKind.OPEN, lang=lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        keys = dict(app.screen.keys)
        assert keys["m"] == word
        assert {"1…9", "n", "u", "0", "r", "g", "z / Ctrl+Z", "f", "i"} <= set(keys)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


async def test_footer_speaks_dutch_and_no_browser_keys_are_bound(make_app: AppFactory) -> None:
    app = make_app(StudyKind.OPEN, lang="nl")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_board(app, pilot)
        descriptions = {b.description for _, b, _, _ in screen.active_bindings.values()}
        assert {"nieuwe stapel", "weet ik niet", "klaar", "hulp"} <= descriptions
        bound = {key for node in (app, screen) for key, _ in node._bindings}
        assert not bound & FORBIDDEN_IN_BROWSERS


async def test_no_color_keeps_the_highlight_visible(
    make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(StudyKind.CLOSED)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(app, pilot)
        assert app.no_color
        pile = screen.piles["@unsorted"]
        # what the terminal gets: the option line through the app's own NO_COLOR filter
        (no_color,) = [f for f in app._filters if isinstance(f, NoColor | Monochrome)]
        shown = no_color.apply(list(pile.render_line(0)), Color(0, 0, 0))
        other = no_color.apply(list(pile.render_line(1)), Color(0, 0, 0))
        highlighted = [seg.style or Style() for seg in shown if seg.text.strip()]
        plain = [seg.style or Style() for seg in other if seg.text.strip()]
        assert highlighted and all(s.underline and s.bold for s in highlighted)
        assert plain and not any(s.underline or s.bold for s in plain)
        for style in highlighted + plain:  # grey at most: nothing is told by colour
            for colour in (style.color, style.bgcolor):
                if colour is not None and colour.triplet is not None:
                    assert len(set(colour.triplet)) == 1


async def test_high_contrast_theme_by_option_and_by_f2(make_app: AppFactory) -> None:
    app = make_app(StudyKind.OPEN)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(app, pilot)
        assert app.theme != CONTRAST_THEME.name
        await pilot.press("f2")
        assert app.theme == CONTRAST_THEME.name
        await pilot.press("f2")
        assert app.theme != CONTRAST_THEME.name
    contrast = SortApp(
        app.session.__class__.open(app.session.store, "team"), lang="nl", high_contrast=True
    )
    async with contrast.run_test(size=(100, 30)):
        assert contrast.theme == CONTRAST_THEME.name


async def test_command_palette_offers_board_actions_in_dutch(make_app: AppFactory) -> None:
    app = make_app(StudyKind.OPEN, lang="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen._placeholder == "Zoek een opdracht…"
        await pilot.press(*"nieuwe stapel")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Via palet", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert [g.label for g in screen.board.groups] == ["Via palet"]


async def test_dutch_help_names_the_keys_in_dutch(make_app: AppFactory) -> None:
    app = make_app(StudyKind.OPEN, lang="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        keys = dict(app.screen.keys)
        assert keys["pijltjes ↑ ↓"] == "een kaart kiezen"
        assert keys["Ctrl+P"] == "opdrachten"
        assert "x / Delete" in keys and not any("ctrl+" in k or "escape" in k for k in keys)
        assert app.get_key_display(Binding("escape", "x")) == "Esc"
        assert app.get_key_display(Binding("space", "x")) == "spatiebalk"
