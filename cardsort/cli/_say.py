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

__all__ = ["counted", "markup_safe", "num", "plain", "plan_note", "rule_label", "say", "shown"]


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
    if text.key not in CATALOGUE:  # a code the catalogue does not know yet: its English
        return str(text)
    return tr(text.key, **params)


#: The planner's notes on an item (kept in English in plan.yaml and items.csv, the plan's
#: record), part by part, with their catalogue keys.
_NOTES = {
    "symlink (never followed)": "note.symlink",
    "not a regular file or folder": "note.special",
    "lock file": "note.lock",
    "system file": "note.system",
    "travels with its folder when restructuring in place": "note.with_folder",
    "stays where it is": "note.stays",
    "keeps excluded items, so it stays": "note.keeps_excluded",
    "emptied by the plan, then removed": "note.emptied",
    "not readable (no permission), left in place: move it by hand, or scan again as someone "
    "who can read it": "note.unreadable_folder",
}


def plan_note(tr: Translator, note: str) -> str:
    """A plan item's note (``lock file; stays where it is``) in ``tr``'s language; parts the
    tool does not know (a platform's own words) stay as they are."""
    parts = []
    for part in note.split("; "):
        if part.startswith("unreadable: "):
            parts.append(tr("note.unreadable", why=part.removeprefix("unreadable: ")))
        else:
            parts.append(tr(_NOTES[part]) if part in _NOTES else part)
    return "; ".join(parts)


def rule_label(tr: Translator, code: str) -> str:
    """A plan or rules problem code (``path-too-long``) in words; an unknown code as it is."""
    key = f"rule.{code}"
    return tr(key) if key in CATALOGUE else code


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
