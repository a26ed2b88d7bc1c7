"""The analysis story in words: participant flags, exclusion reasons, verdict and warnings.

One place for the CLI summary, the HTML report and the coordinator app, so all three tell the
same story in the same Dutch or English words and never show a code such as ``too_fast``.
Flags and reasons come from :mod:`cardsort.i18n_catalogue` (keys ``flag.<code>``); the verdict
and the warnings arrive from the analysis already written in both languages (``{"en", "nl"}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cardsort.i18n import Translator
from cardsort.i18n_catalogue import CATALOGUE

__all__ = ["flag_text", "flags_text", "inclusion_text", "story_lines", "text_in"]


def flag_text(code: str, lang: str) -> str:
    """A participant flag or exclusion reason in words (``"too_fast"`` → ``"erg snel gesorteerd"``).

    A code the catalogue does not know is shown with its underscores as spaces, never raw.
    """
    key = f"flag.{code}"
    if key in CATALOGUE:
        return Translator(lang)(key)
    return code.replace("_", " ")


def flags_text(codes: Iterable[str], lang: str) -> str:
    """Several flags joined with commas; ``"–"`` when there are none."""
    words = [flag_text(c, lang) for c in codes]
    return ", ".join(words) if words else "–"


def inclusion_text(excluded: bool, reasons: Sequence[str], lang: str) -> str:
    """``"meegeteld"`` or ``"niet meegeteld: <reasons in words>"``."""
    tr = Translator(lang)
    if not excluded:
        return tr("flag.counted")
    return tr("flag.left_out", reasons=flags_text(reasons, lang))


def text_in(texts: Mapping[str, Any], lang: str) -> str:
    """One language out of a ``{"en": ..., "nl": ...}`` text (English when missing)."""
    value = texts.get(lang) or texts.get("en") or ""
    return str(value)


def story_lines(
    verdict_text: Mapping[str, Any], warnings: Sequence[Mapping[str, Any]], lang: str
) -> list[str]:
    """The verdict first, then every warning, in one language: what all three views show.

    Takes ``result.verdict.text`` and ``result.warnings`` (or the same from ``to_dict()``).
    """
    lines = [text_in(verdict_text, lang)]
    lines.extend(text_in(w, lang) for w in warnings)
    return [line for line in lines if line]
