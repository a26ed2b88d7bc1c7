"""What the coordinator reads from ``cardsort scan``, ``report``, ``study
create|export|ask|questions`` and ``participants`` is in Dutch or English (``--lang``, else
``CARDSORT_LANG``): names quoted ‘so’, numbers as the language writes them, no Python reprs,
no tracebacks, and the same exit statuses in both languages."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.i18n_catalogue import CATALOGUE
from drive_adapters.inventory import Problem
from tests.conftest import CliResult

Run = Callable[..., CliResult]

#: A quoted Python repr ('name', b'name') where the CLI should print a name as text.
REPR = re.compile(r"(^|[\s(:=,])b?'[^'\n]+'")

#: (arguments, exit status, a Dutch phrase, the English one): the coordinator's journey.
JOURNEY: list[tuple[list[str], int, str, str]] = [
    (["scan", "{share}", "--hash"], 0, "Bovenste niveau", "Top-level item"),
    (["scan", "--show", "1"], 0, "symbolische koppelingen (vastgelegd", "symbolic links (recorded"),
    (["scan", "--list"], 0, "klaar", "complete"),
    (["scan"], 2, "Geef de map die gescand moet worden", "Give the folder to scan"),
    (["report", "duplicates"], 0, "Identieke bestanden in scan 1", "Identical files in scan 1"),
    (["report", "stale", "--years", "1"], 0, "Niet gewijzigd in 1 jaar", "Not changed in 1 years"),
    (["report", "stale", "--output", "{tmp}/x.txt"], 2, "hoort bij --format", "goes with --format"),
    (["cards", "propose"], 0, "", ""),
    (
        ["study", "create", "demo"],
        0,
        "Onderzoek ‘demo’ (open) gemaakt met",
        "Created open study ‘demo’ with",
    ),
    (["study", "create", "x", "--category", "A"], 2, "vaste categorieën", "fixed categories"),
    (["study", "export", "demo", "{tmp}/demo-{lang}.json"], 0, "Een leerkracht", "A teacher runs"),
    (["study", "questions", "demo"], 0, "stelt geen vragen", "asks no questions"),
    (
        ["study", "ask", "demo", "Handig?", "--choice", "ja|yes", "--choice", "nee|no"],
        0,
        "keuze uit 2",
        "a choice of 2",
    ),
    (["study", "questions", "demo"], 0, "keuze: ja / nee", "choice: yes / no"),
    (["participants", "demo"], 0, "Nog niemand is begonnen aan ‘demo’", "Nobody has started"),
    (
        ["participants", "merge", "demo", "Anna", "Bram"],
        2,
        "Er is geen deelnemer ‘Anna’",
        "There is no participant ‘Anna’",
    ),
]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_coordinators_commands_speak_dutch_and_english(
    lang: str, run_cli: Run, demo_share: Path, tmp_path: Path
) -> None:
    for args, status, dutch, english in JOURNEY:
        filled = [a.format(share=demo_share, tmp=tmp_path, lang=lang) for a in args]
        result = run_cli(*filled, "--lang", lang)
        said = result.output + result.stderr
        assert result.exit_code == status, (filled, said)
        assert "Traceback" not in said and "{" not in said, (filled, said)
        assert not REPR.search(said), (filled, said)
        wanted, other = (dutch, english) if lang == "nl" else (english, dutch)
        assert wanted in " ".join(said.split()), (filled, wanted, said)
        if other and other != wanted:
            assert other not in said, (filled, other, said)


def test_cardsort_lang_chooses_when_there_is_no_lang_option(
    run_cli: Run, demo_share: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDSORT_LANG", "en")
    assert "Top-level item" in run_cli("scan", str(demo_share)).output
    monkeypatch.setenv("CARDSORT_LANG", "nl")
    assert "Bovenste niveau" in run_cli("scan", "--show", "1").output


def test_every_scan_problem_has_words_in_both_languages() -> None:
    for problem in Problem:
        key = f"scan.problem.{problem.value}"
        assert key in CATALOGUE, key
        assert CATALOGUE[key]["nl"] != CATALOGUE[key]["en"]


@pytest.mark.parametrize(
    ("lang", "column", "missing", "unnamed"),
    [
        ("nl", "Beschrijving", "Niet in scan 1: Bestaat/niet", "Een kaart heeft een naam nodig."),
        ("en", "Description", "Not in scan 1: Bestaat/niet", "A card needs a label."),
    ],
)
def test_cards_speak_the_language_cardsort_lang_names(
    lang: str,
    column: str,
    missing: str,
    unnamed: str,
    run_cli: Run,
    demo_share: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CARDSORT_LANG", lang)
    assert run_cli("scan", str(demo_share)).exit_code == 0
    assert run_cli("cards", "propose").exit_code == 0
    assert column in run_cli("cards", "list").output
    refused = run_cli("cards", "add", "Spook", "--source", "Bestaat/niet")
    assert refused.exit_code == 2 and missing in refused.stderr
    blank = run_cli("cards", "add", "  ")
    assert blank.exit_code == 2 and unnamed in blank.stderr


def test_the_coordinators_texts_replace_no_other_text() -> None:
    from cardsort.coordinator_texts import COORDINATOR_TEXTS
    from cardsort.formats_texts import FORMAT_TEXTS
    from cardsort.migrate_texts import MIGRATE_TEXTS
    from cardsort.privacy.catalogue import PRIVACY_TEXTS

    others = set(MIGRATE_TEXTS) | set(FORMAT_TEXTS) | set(PRIVACY_TEXTS)
    assert not set(COORDINATOR_TEXTS) & others
    assert all(CATALOGUE[key] == texts for key, texts in COORDINATOR_TEXTS.items())
