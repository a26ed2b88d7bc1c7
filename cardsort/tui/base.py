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
    "binding_help",
    "key_label",
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


#: Key names that differ by language or read better spelled out (catalogue ``keyname.*``).
KEY_NAMES = {
    "ctrl": "keyname.ctrl",
    "shift": "keyname.shift",
    "escape": "keyname.escape",
    "enter": "keyname.enter",
    "delete": "keyname.delete",
    "backspace": "keyname.backspace",
    "space": "keyname.space",
    "tab": "keyname.tab",
    "home": "keyname.home",
    "end": "keyname.end",
    "pageup": "keyname.pageup",
    "pagedown": "keyname.pagedown",
}
ARROWS = {"up": "↑", "down": "↓", "left": "←", "right": "→"}


def key_label(keys: str, tr: Translator) -> str:
    """``"z,ctrl+z"`` → ``"z / Ctrl+Z"``, with key names in the user's language."""

    def one(key: str) -> str:
        parts = []
        for part in key.split("+"):
            if part in KEY_NAMES:
                parts.append(tr(KEY_NAMES[part]))
            elif part in ARROWS:
                parts.append(ARROWS[part])
            elif (len(part) > 1 and part[0] == "f" and part[1:].isdigit()) or (
                "+" in key and len(part) == 1
            ):
                parts.append(part.upper())
            else:
                parts.append(part)
        return "+".join(parts)

    return " / ".join(one(k.strip()) for k in keys.split(",") if k.strip())


def binding_help(node: DOMNode, tr: Translator) -> list[tuple[str, str]]:
    """(keys, what they do) for every described binding of ``node``, one line per action."""
    by_action: dict[str, tuple[list[str], str]] = {}
    for _key, binding in node._bindings:
        if not binding.description:
            continue
        action = "send" if binding.action.startswith("send(") else binding.action
        names, _ = by_action.setdefault(action, ([], binding.description))
        if action == "send" and names:
            continue  # the first says "1…9" for all of them
        display = binding.key_display or key_label(binding.key, tr)
        if display not in names:
            names.append(display)
    return [(" / ".join(keys), description) for keys, description in by_action.values()]


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

    def get_key_display(self, binding: Binding) -> str:
        """Key names in the footer in the user's language (``Ctrl+P``, ``Esc``, ``spatie``)."""
        return binding.key_display or key_label(binding.key.split(",")[0], self.tr)

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
