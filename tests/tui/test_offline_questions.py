"""The study's questions travel with the offline study file: the offline app asks them after the
sort exactly as online, the result file carries the answers, and `cardsort import` stores them
with that participant's sort (once, however often the file is imported)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.widgets import Input, RadioButton

from cardsort.cli.sort import open_study_file, write_result
from cardsort.tui.screens.finish import QuestionsScreen, ThanksScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.formats import jsonfmt
from sessions.questions import answers_of, study_answers
from sessions.store import Store
from sessions.studies import get_study, participants_of

Run = Callable[..., Any]


def ask_two(run_cli: Run) -> None:
    assert (
        run_cli("study", "ask", "team", "Wat miste je?", "--en", "What did you miss?").exit_code
        == 0
    )
    assert (
        run_cli(
            "study",
            "ask",
            "team",
            "Handig?",
            "--en",
            "Useful?",
            "--choice",
            "ja|yes",
            "--choice",
            "nee|no",
        ).exit_code
        == 0
    )


async def sort_offline_and_answer(work: Store, study: str, lang: str) -> tuple[int, list[str]]:
    """Carla sorts at home, finishes, answers both questions; returns her id and the questions."""
    app = SortApp(SortSession.open(work, study), lang=lang)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Carla", "enter", "n", *"Thuis", "enter", "f", "y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionsScreen)
        shown = [str(label.render()) for label in screen.query("Label")]
        screen.query_one(Input).value = "Een map voor de MR"
        list(screen.query(RadioButton))[1].value = True
        await pilot.pause()
        await pilot.click("#send")
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
    assert app.session.participant is not None
    return app.session.participant.id, shown


async def test_questions_and_answers_make_the_whole_offline_round_trip(
    run_cli: Run, store: Store, new_study: Callable[..., str], tmp_path: Path
) -> None:
    new_study("team")
    ask_two(run_cli)
    file = tmp_path / "home" / "team.json"
    file.parent.mkdir()
    assert run_cli("study", "export", "team", str(file)).exit_code == 0
    questions = json.loads(file.read_text("utf-8"))["study"]["questions"]
    assert [(q["number"], q["kind"], q["text_en"]) for q in questions] == [
        (1, "text", "What did you miss?"),
        (2, "choice", "Useful?"),
    ]
    assert questions[1]["choices"] == [{"nl": "ja", "en": "yes"}, {"nl": "nee", "en": "no"}]

    work, name = open_study_file(file)
    carla, shown = await sort_offline_and_answer(work, name, "en")
    assert "1. What did you miss?" in shown and "2. Useful?" in shown  # asked as online
    written = write_result(work, carla, file)
    work.close()
    hand_in = json.loads(written.read_text("utf-8"))
    assert hand_in["participants"][0]["answers"] == [
        {"question": 1, "answer": "Een map voor de MR"},
        {"question": 2, "answer": "2"},
    ]

    first = run_cli("import", "team", str(written), "--lang", "en")
    assert first.exit_code == 0, first.output + first.stderr
    assert "Stored 2 answer(s)" in first.output
    twice = run_cli("import", "team", str(written), "--lang", "en")
    assert twice.exit_code == 0 and "answer(s)" not in twice.output  # counted once
    study = get_study(store, "team")
    (person,) = participants_of(store, study.id)
    assert person.name == "Carla" and person.finished
    assert sorted(answers_of(store, person.id).values()) == ["2", "Een map voor de MR"]
    assert len(study_answers(store, study.id)) == 2

    out = tmp_path / "answers.csv"
    assert run_cli("export", "team", str(out), "--format", "answers").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [(r["participant"], r["answer_nl"], r["answer_en"]) for r in rows] == [
        ("Carla", "Een map voor de MR", "Een map voor de MR"),
        ("Carla", "nee", "no"),
    ]


def test_an_older_study_file_without_questions_still_sorts_and_imports(
    run_cli: Run, store: Store, new_study: Callable[..., str], tmp_path: Path
) -> None:
    new_study("team")
    file = tmp_path / "team.json"
    assert run_cli("study", "export", "team", str(file)).exit_code == 0
    data = json.loads(file.read_text("utf-8"))
    assert "questions" not in data["study"]  # a study without questions writes the old layout
    work, name = open_study_file(file)
    session = SortSession.open(work, name)
    board, _ = session.join("Dirk")
    board.move(board.piles["@unsorted"][0], board.add_group("Plan"))
    session.finish(board)
    assert session.participant is not None
    written = write_result(work, session.participant.id, file)
    work.close()
    assert "answers" not in json.loads(written.read_text("utf-8"))["participants"][0]
    ask_two(run_cli)  # the coordinator adds questions after the file went out
    result = run_cli("import", "team", str(written))
    assert result.exit_code == 0, result.output + result.stderr
    (dirk,) = participants_of(store, get_study(store, "team").id)
    assert dirk.finished and answers_of(store, dirk.id) == {}
    assert jsonfmt.load(written).questions == ()
