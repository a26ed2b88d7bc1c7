"""What the sort-file readers tell a coordinator exists in Dutch and English: every format hands
back its problems, notes and summary as messages (a code and its parameters) that
``cardsort import`` and ``cardsort export`` say in the chosen language, with names in
typographic quotes, never Python reprs."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cardsort.cli._say import say
from cardsort.i18n import Translator
from cardsort.i18n_catalogue import CATALOGUE
from sessions.formats import FormatError, parse_text
from sessions.formats.messages import ENGLISH
from sessions.said import Said

REPR = re.compile(r"(^|[\s(:=,])b?'[^'\n]+'")
HEADER = "card_id,card_label,category_id,category_label,user_id\n"
GOOD = HEADER + "".join(
    f"{card},Kaart {card},{1 + card % 2},{'Roosters' if card % 2 else 'Notulen'},{person}\n"
    for person in ("ann", "bob")
    for card in (1, 2, 3, 4)
)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    assert "Traceback" not in text and "{" not in text, text
    assert not REPR.search(text), text
    return text


def test_every_format_message_has_dutch_and_the_same_english() -> None:
    for code, english in ENGLISH.items():
        assert CATALOGUE[f"format.{code}"]["en"] == english, code


def test_a_problem_is_data_and_its_english_is_unchanged() -> None:
    bad = HEADER + "1,Kaart 1,1,Roosters,ann\n1,Kaart 1,2,Notulen,ann\n"
    with pytest.raises(FormatError) as caught:
        parse_text(bad, "team.csv", "casolysis")
    reason = caught.value.first.reason
    assert isinstance(reason, Said) and reason.key == "format.card_two_groups"
    assert reason == "card ‘1’ is in two groups of participant ‘ann’ (‘1’ on line 2 and ‘2’ here)"
    dutch = [say(Translator("nl"), line) for line in caught.value.lines()]
    assert dutch == [
        "team.csv:3: kaart ‘1’ ligt op twee stapels van deelnemer ‘ann’ (‘1’ op regel 2 en ‘2’ "
        "hier)",
        "Er is niets geïmporteerd.",
    ]


@pytest.mark.parametrize(
    ("lang", "summary", "refused", "hint"),
    [
        ("nl", "sortering(en) geïmporteerd in ‘team’", "staat er twee keer in", "Voeg --skip"),
        ("en", "sort(s) into ‘team’", "is listed twice", "To import the valid rows"),
    ],
)
def test_import_reports_in_both_languages(
    lang: str,
    summary: str,
    refused: str,
    hint: str,
    run_cli: Callable[..., Any],
    tmp_path: Path,
) -> None:
    good = tmp_path / "team.csv"
    good.write_text(GOOD, encoding="utf-8")
    dry = run_cli("import", "team", str(good), "--dry-run", "--lang", lang)
    assert dry.exit_code == 0
    assert ("Het bestand is in orde" if lang == "nl" else "The file is valid") in _clean(dry.output)
    done = run_cli("import", "team", str(good), "--lang", lang)
    assert done.exit_code == 0 and summary in _clean(done.output)
    again = run_cli("import", "team", str(good), "--lang", lang)
    assert ("Al eerder geïmporteerd: ‘ann’, ‘bob’" if lang == "nl" else "Already imported") in (
        _clean(again.output)
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "4,Kaart 4,1,Roosters,bob\n", encoding="utf-8")
    result = run_cli("import", "other", str(bad), "--lang", lang)
    assert result.exit_code == 2
    text = _clean(result.output + result.stderr)
    assert refused in text and hint in text
    assert ("Er is niets geïmporteerd" if lang == "nl" else "Nothing was imported") in text


def test_export_says_what_it_wrote_in_dutch(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    source = tmp_path / "team.csv"
    source.write_text(GOOD, encoding="utf-8")
    assert run_cli("import", "team", str(source)).exit_code == 0
    out = tmp_path / "out.csv"
    result = run_cli("export", "team", str(out), "--format", "wide", "--lang", "nl")
    assert result.exit_code == 0
    assert f"{out} geschreven (wide)." in _clean(result.output)
