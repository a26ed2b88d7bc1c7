"""What both apps share: the translator on the app, translated key bindings, the themes.

Binding descriptions in ``BINDINGS`` are catalogue keys; :func:`translate_bindings` swaps
them for the participant's language when a screen is made, so the footer, the help screen
and the command palette all speak Dutch or English.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, ClassVar, TypeVar, cast

from textual.app import App
from textual.binding import Binding, BindingsMap, BindingType
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from cardsort.i18n import Translator

__all__ = [
    "CONTRAST_THEME",
    "BaseModal",
    "BaseScreen",
    "CardsortApp",
    "translate_bindings",
    "translator",
]

T = TypeVar("T")

#: Black, white and yellow only: readable on a projector and for low vision.
CONTRAST_THEME = Theme(
    name="cardsort-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
)
DEFAULT_THEME = "textual-dark"


def translate_bindings(node: DOMNode, tr: Translator) -> None:
    """Replace the binding descriptions of ``node`` (catalogue keys) by translated text."""
    bindings: BindingsMap = node._bindings
    translated: dict[str, list[Binding]] = {}
    for key, items in bindings.key_to_bindings.items():
        translated[key] = [
            dataclasses.replace(
                b,
                description=tr.get(b.description) if b.description else "",
                tooltip=tr.get(b.tooltip) if b.tooltip else "",
            )
            for b in items
        ]
    node._bindings = BindingsMap.from_keys(translated)


def translator(node: DOMNode) -> Translator:
    """The translator of the running app."""
    return cast("CardsortApp", node.app).tr


class CardsortApp(App[None]):
    """Base of both apps: a translator, the high-contrast theme, translated bindings."""

    CSS_PATH = str(Path(__file__).with_name("cardsort.tcss"))
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "key.quit", show=False, priority=True)
    ]

    def __init__(self, *, lang: str, high_contrast: bool = False) -> None:
        super().__init__()
        self.tr = Translator(lang)
        translate_bindings(self, self.tr)
        self.register_theme(CONTRAST_THEME)
        self.theme = CONTRAST_THEME.name if high_contrast else DEFAULT_THEME

    def action_command_palette(self) -> None:
        """The command palette, asking in the user's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            placeholder = self.tr("palette.placeholder")
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_toggle_contrast(self) -> None:
        """Switch between the normal and the high-contrast theme."""
        self.theme = DEFAULT_THEME if self.theme == CONTRAST_THEME.name else CONTRAST_THEME.name


class BaseScreen(Screen[T]):
    """A screen whose bindings speak the app's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self, self.tr)

    @property
    def tr(self) -> Translator:
        """The app's translator."""
        return translator(self)


class BaseModal(ModalScreen[T]):
    """A modal screen whose bindings speak the app's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self, self.tr)

    @property
    def tr(self) -> Translator:
        """The app's translator."""
        return translator(self)
