"""``cardsort consensus show|history|use|move|rename|merge`` speak Dutch and English: the
coordinator reads the edit, the stored version and mistakes in the chosen language (names
quoted ‘so’, no reprs, no traceback), while the version history keeps each edit's note in one
stable wording (English), whoever made it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sessions.cards import NewCard
from sessions.store import Store
from sessions.studies import create_study
from tests.conftest import CliResult

Run = Callable[..., CliResult]
REPR = re.compile(r"(^|[\s(:=,])b?'[^'\n]+'")


@pytest.mark.parametrize(
    ("lang", "phrases", "foreign"),
    [
        (
            "nl",
            [
                "‘Scans’ verplaatst naar",
                "Bewaard als versie 2 van de mappenstructuur",
                "hernoemd tot ‘Computers en website’",
                "Mappenstructuur versie 3 (bewerkt, huidige)",
                "← huidige",
                "Versie 1 van de mappenstructuur is nu de huidige.",
                "samengevoegd met",
                "Geen enkele map heet ‘Nergens’",
                "Geen enkele kaart past bij ‘Niets’",
            ],
            "Stored as",
        ),
        (
            "en",
            [
                "Moved ‘Scans’ to",
                "Stored as consensus version 2",
                "to ‘Computers en website’",
                "Consensus version 3 (edited, current)",
                "← current",
                "Consensus version 1 is now current.",
                "Merged ‘",
                "No folder is called ‘Nergens’",
                "No card matches ‘Niets’",
            ],
            "Bewaard als",
        ),
    ],
)
def test_consensus_edits_speak_the_coordinators_language(
    lang: str, phrases: list[str], foreign: str, run_cli: Run, team_file: Path
) -> None:
    run_cli("import", "school", str(team_file))
    assert run_cli("analyse", "school", "--resamples", "0").exit_code == 0
    tree = json.loads(run_cli("consensus", "show", "school", "--json", "-").output)
    zorg = next(i for i, g in enumerate(tree["groups"], 1) if "Rapporten" in g["cards"])
    ict = next(i for i, g in enumerate(tree["groups"], 1) if "Website" in g["cards"])
    steps = [
        (0, "move", "school", "Scans", str(zorg)),
        (0, "rename", "school", str(ict), "Computers en website"),
        (0, "show", "school"),
        (0, "history", "school"),
        (0, "use", "school", "1"),
        (0, "merge", "school", "1", "2"),
        (2, "move", "school", "IB", "Nergens"),
        (2, "move", "school", "Niets", "1"),
    ]
    said = ""
    for status, *args in steps:
        result = run_cli("consensus", *args, "--lang", lang)
        text = result.output + result.stderr
        assert result.exit_code == status, (args, text)
        assert "Traceback" not in text and not REPR.search(text), (args, text)
        said += " " + " ".join(text.split())
    for phrase in phrases:
        assert phrase in said, (phrase, said)
    assert foreign not in said
    # the history keeps the notes as recorded, in one wording for every language
    history = run_cli("consensus", "history", "school", "--lang", "nl").output
    assert "Moved ‘Scans’" in " ".join(history.split())


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "nl",
            [
                "2 namen tellen nu als ‘Feesten’.",
                "‘Bestaat niet’ staat niet in de namenlijst.",
                "‘teacher 3’ telt niet mee in de analyse.",
                "Weggelaten in ‘school’",
                "‘teacher 3’ telt weer mee in de analyse.",
                "Onbekende regel ‘sloppy’; kies uit",
                "Noem een deelnemer of een --rule (niet allebei).",
            ],
        ),
        (
            "en",
            [
                "2 labels now count as ‘Feesten’.",
                "‘Bestaat niet’ is not in the label map.",
                "‘teacher 3’ is left out of the analysis.",
                "Exclusions in ‘school’",
                "‘teacher 3’ is part of the analysis again.",
                "Unknown rule ‘sloppy’; choose one of",
                "Name a participant or a --rule (not both).",
            ],
        ),
    ],
)
def test_labels_and_exclusions_speak_the_coordinators_language(
    lang: str, phrases: list[str], run_cli: Run, team_file: Path
) -> None:
    run_cli("import", "school", str(team_file))
    steps = [
        (0, "labels", "merge", "school", "Feesten", "Vieringen", "--into", "Feesten"),
        (2, "labels", "split", "school", "Bestaat niet"),
        (0, "exclude", "school", "teacher 3", "--reason", "test"),
        (0, "exclude", "school", "--list"),
        (0, "include", "school", "teacher 3"),
        (2, "exclude", "school", "--rule", "sloppy"),
        (2, "include", "school"),
    ]
    said = ""
    for status, *args in steps:
        result = run_cli(*args, "--lang", lang)
        text = result.output + result.stderr
        assert result.exit_code == status, (args, text)
        assert "Traceback" not in text and not REPR.search(text), (args, text)
        said += " " + " ".join(text.split())
    for phrase in phrases:
        assert phrase in said, (phrase, said)


@pytest.mark.parametrize(
    ("lang", "stored", "empty"),
    [
        ("nl", "Bewaard als versie 1 van de mappenstructuur (de huidige).", "nog geen sorteringen"),
        ("en", "Stored as consensus version 1 (current).", "has no sorts yet"),
    ],
)
def test_analyse_says_where_the_consensus_went_in_the_coordinators_language(
    lang: str, stored: str, empty: str, run_cli: Run, team_file: Path, store_path: Path
) -> None:
    with Store.open(store_path) as store:
        create_study(store, "leeg", [NewCard("Rekenen"), NewCard("Taal")])
    missing = run_cli("analyse", "leeg", "--lang", lang)
    assert missing.exit_code == 2 and empty in missing.stderr, missing.stderr
    assert run_cli("import", "school", str(team_file)).exit_code == 0
    result = run_cli("analyse", "school", "--resamples", "0", "--lang", lang)
    assert result.exit_code == 0, result.output
    assert stored in " ".join(result.output.split())
    assert "Traceback" not in result.output and not REPR.search(result.output)


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "nl",
            [
                "Boomtest ‘juni’ gemaakt van de mappenstructuur, versie 1 (A).",
                "Volgende stap: voeg taken toe",
                "Er is geen map ‘Nergens’ in de geteste structuur.",
                "Een A/B-test heeft twee verschillende versies nodig.",
            ],
        ),
        (
            "en",
            [
                "Created tree test ‘juni’ of consensus version 1 (A).",
                "Next: add tasks",
                "There is no folder ‘Nergens’ in the tested tree.",
                "An A/B test needs two different versions.",
            ],
        ),
    ],
)
def test_treetest_create_and_tasks_speak_the_coordinators_language(
    lang: str,
    phrases: list[str],
    run_cli: Run,
    team_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CARDSORT_LANG", lang)  # a tree test's --lang is its participants'
    run_cli("import", "school", str(team_file))
    assert run_cli("analyse", "school", "--resamples", "0").exit_code == 0
    steps = [
        (0, "create", "juni", "--study", "school", "--lang", "nl"),
        (2, "tasks", "add", "juni", "--nl", "Waar?", "--correct", "Nergens"),
        (2, "create", "ab", "--study", "school", "--compare", "1"),
    ]
    said = ""
    for status, *args in steps:
        result = run_cli("treetest", *args)
        text = result.output + result.stderr
        assert result.exit_code == status, (args, text)
        assert "Traceback" not in text and not REPR.search(text), (args, text)
        said += " " + " ".join(text.split())
    for phrase in phrases:
        assert phrase in said, (phrase, said)
