"""Fixtures for the TUI tests: a store in tmp_path with studies of each kind, app factories."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.console import Console
from textual.app import App

from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.cards import NewCard
from sessions.models import StudyKind, StudySettings
from sessions.store import Store
from sessions.studies import create_study

CARDS = [
    NewCard("Roosters", "Lesroosters en pauzediensten", (b"Roosters/rooster 2024.xlsx",)),
    NewCard("Nieuwsbrieven", "Nieuwsbrieven aan ouders", (b"Nieuwsbrieven/nb-01.docx",)),
    NewCard("Sinterklaas", "Draaiboek en liedjes", (b"Vieringen/Sint/draaiboek.docx",)),
    NewCard("Kerst", "Kerstviering en musical"),
    NewCard("Cito-toetsen", "Toetsuitslagen per groep", restricted=True),
    NewCard("Notulen MR", "Vergaderstukken van de MR"),
]
CATEGORIES = ["Organisatie", "Vieringen", "Onderwijs"]


def make_study(
    store: Store, name: str = "team", kind: StudyKind = StudyKind.OPEN, **settings: object
) -> str:
    """Create a study with the six test cards (not shuffled unless asked)."""
    settings.setdefault("randomise_cards", False)
    create_study(
        store,
        name,
        CARDS,
        kind=kind,
        settings=StudySettings(**settings),  # type: ignore[arg-type]
        categories=CATEGORIES if kind is not StudyKind.OPEN else (),
        instructions_nl="Sorteer de kaarten.",
        instructions_en="Sort the cards.",
    )
    return name


@pytest.fixture
def make_app(store: Store) -> Callable[..., SortApp]:
    def factory(
        kind: StudyKind = StudyKind.OPEN,
        lang: str = "en",
        require_code: bool = False,
        name: str = "team",
        **settings: object,
    ) -> SortApp:
        make_study(store, name, kind, **settings)
        return SortApp(SortSession.open(store, name), lang=lang, require_code=require_code)

    return factory


def render_text(app: App[None]) -> str:
    """The screen as plain text (what a participant reads), like export_screenshot without SVG."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


@pytest.fixture
def screen_text() -> Callable[[App[None]], str]:
    """The plain-text renderer of the current screen."""
    return render_text


@pytest.fixture
def new_study(store: Store) -> Callable[..., str]:
    """Create a study with the six test cards: ``new_study(name, kind, **settings)``."""

    def factory(name: str = "team", kind: StudyKind = StudyKind.OPEN, **settings: object) -> str:
        return make_study(store, name, kind, **settings)

    return factory
