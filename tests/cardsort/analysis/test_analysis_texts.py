"""Flags, reasons, verdict and warnings in words: one place for CLI, HTML and the app."""

from __future__ import annotations

import pytest

from cardsort.analysis import QUALITY_FLAGS
from cardsort.analysis_texts import flag_text, flags_text, inclusion_text, story_lines


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("code", [*QUALITY_FLAGS, "manual", "nothing_sorted"])
def test_every_flag_and_reason_has_words_not_a_code(code: str, lang: str) -> None:
    text = flag_text(code, lang)
    assert text and "_" not in text and text != code


def test_dutch_and_english_differ_and_none_is_a_dash() -> None:
    assert flag_text("too_fast", "nl") != flag_text("too_fast", "en")
    assert flags_text([], "nl") == "–"
    assert (
        inclusion_text(True, ["all_in_one"], "nl") == "niet meegeteld: alle kaarten op één stapel"
    )
    assert inclusion_text(False, [], "en") == "counted"


def test_story_puts_the_verdict_first_then_the_warnings() -> None:
    verdict = {"en": "Enough sorts.", "nl": "Genoeg sorteringen."}
    warnings = [{"code": "x", "en": "Mind this.", "nl": "Let hierop."}]
    assert story_lines(verdict, warnings, "nl") == ["Genoeg sorteringen.", "Let hierop."]
