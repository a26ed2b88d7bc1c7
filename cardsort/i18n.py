"""Every text a teacher or coordinator sees, in Dutch and English, looked up by key.

The texts live in :mod:`cardsort.i18n_catalogue`; the UI passes keys, never literal
sentences, and a test scans the TUI source to keep it that way. The language is chosen, in
order, by an explicit ``--lang``, the study's setting, ``CARDSORT_LANG``, then the locale.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping

from cardsort.i18n_catalogue import CATALOGUE

__all__ = ["LANGUAGES", "Translator", "locale_language", "pick_language"]

LANGUAGES: tuple[str, ...] = ("nl", "en")


def locale_language(environ: Mapping[str, str] | None = None) -> str | None:
    """``nl`` or ``en`` from ``LC_ALL``/``LC_MESSAGES``/``LANG`` (or the C library), if known."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else ("en" if code not in ("c", "posix") else None)
    if environ is None:
        try:
            code = (locale.getlocale()[0] or "").split("_")[0].lower()
        except ValueError:  # pragma: no cover - broken locale settings
            code = ""
        if code in LANGUAGES:
            return code
    return None


def pick_language(
    explicit: str | None = None,
    study: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The language to show: ``--lang``, else the study's, else the environment's, else Dutch."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, study, env.get("CARDSORT_LANG")):
        if candidate and candidate.lower() in LANGUAGES:
            return candidate.lower()
    return locale_language(environ) or "nl"


class Translator:
    """Looks texts up in one language: ``tr("board.moved", card="Roosters", pile="Team")``."""

    def __init__(self, lang: str) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
        self.lang = lang

    def __call__(self, key: str, /, **params: object) -> str:
        """The text for ``key`` with ``{placeholders}`` filled in; ``KeyError`` if unknown."""
        text = CATALOGUE[key][self.lang]
        return text.format(**params) if params else text

    def count(self, key: str, count: int, /, **params: object) -> str:
        """A text about ``count`` things: ``key.one`` for exactly one, if the catalogue has it."""
        one = f"{key}.one"
        return self(one if count == 1 and one in CATALOGUE else key, count=count, **params)

    def get(self, key: str, /, **params: object) -> str:
        """Like calling, but returns ``key`` itself when it is not in the catalogue.

        Only for texts that may come from Textual itself (its own binding descriptions).
        """
        return self(key, **params) if key in CATALOGUE else key
