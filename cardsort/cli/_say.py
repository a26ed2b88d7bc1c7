"""Saying things to the admin at the CLI edge: messages in the chosen language, numbers as that
language writes them, and user-provided text printed as text (never read as Rich markup).

The executor and the format readers hand back :class:`~sessions.said.Said` messages (a
catalogue key and its parameters); :func:`say` looks them up in the catalogue. Anything else (a
platform's own words) is shown as it came.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from cardsort.i18n import Translator
from cardsort.i18n_catalogue import CATALOGUE
from sessions.said import Listed, Said

__all__ = ["counted", "markup_safe", "num", "plain", "say", "shown"]


def say(tr: Translator, text: str) -> str:
    """``text`` in ``tr``'s language when it is a :class:`Said` (or a :class:`Listed` of them),
    else as it is."""
    if isinstance(text, Listed):
        return text.separator.join(say(tr, part) for part in text.parts)
    if not isinstance(text, Said):
        return text
    params = {
        name: say(tr, value) if isinstance(value, Said | Listed) else value
        for name, value in text.params.items()
    }
    return tr(text.key, **params)


def num(tr: Translator, n: int | float, digits: int = 0) -> str:
    """A number as the language writes it: 2,127.5 in English, 2.127,5 in Dutch."""
    text = f"{n:,.{digits}f}"
    if tr.lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def counted(tr: Translator, key: str, n: int, /, **params: object) -> str:
    """A text about ``n`` things (``{count}``): ``key.one`` for exactly one, where there is one."""
    one = f"{key}.one"
    return tr(one if n == 1 and one in CATALOGUE else key, count=num(tr, n), **params)


def shown(text: str) -> str:
    """Printable form of text that may hold undecodable bytes (lone surrogates)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def plain(console: Console, text: str, style: str | None = None) -> None:
    """Print ``text`` exactly: a name like ``[b]x`` stays ``[b]x`` (Rich markup is not read),
    undecodable bytes are shown escaped; ``style`` colours the whole line. Long lines are left
    to the terminal to wrap, so a path or a command copies whole."""
    console.print(shown(text), markup=False, style=style, soft_wrap=True)


def markup_safe(text: str) -> str:
    """User-provided ``text`` for inside a Rich markup string (``[`` is escaped)."""
    return escape(shown(text))
