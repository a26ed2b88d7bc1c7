"""Optional questions after the sort: set per study (free text or a choice, Dutch and English),
asked once the sort is finished, stored beside it and exported."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from textual.widgets import Input, RadioButton

from cardsort.tui.screens.finish import FinishScreen, QuestionsScreen, ThanksScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sort_app import SortApp
from sessions.questions import (
    add_question,
    answers_of,
    questions_of,
    remove_question,
    save_answers,
    study_answers,
)
from sessions.store import Store, StoreError
from sessions.studies import get_study, participants_of


def ask_two(store: Store, study: str = "team") -> tuple[int, int]:
    found = get_study(store, study)
    text = add_question(store, found.id, "Welke kaart was lastig?", "Which card was hard?")
    choice = add_question(
        store,
        found.id,
        "Hoe vaak gebruik je de schijf?",
        "How often do you use the drive?",
        choices=[("elke dag", "every day"), ("soms", "sometimes"), ("nooit", "never")],
    )
    return text.id, choice.id


async def sort_and_finish(app: SortApp, *answers: str) -> list[str]:
    """Join as Anna, put a card on a new stack, finish; returns the question texts shown."""
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*"Anna", "enter")
        await pilot.pause()
        await pilot.press("n", *"Alles", "enter", "f")
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionsScreen)
        shown = [str(label.render()) for label in screen.query("Label")]
        if answers:
            screen.query_one(Input).value = answers[0]
            buttons = list(screen.query(RadioButton))
            buttons[int(answers[1]) - 1].value = True
            await pilot.pause()
            await pilot.click("#send")
        else:
            await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)
    return shown


async def test_answers_are_stored_with_the_finished_sort(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    text_id, choice_id = ask_two(store)
    app = SortApp(SortSession.open(store, "team"), lang="nl")
    shown = await sort_and_finish(app, "Kopie van…", "2")
    assert "1. Welke kaart was lastig?" in shown and "2. Hoe vaak gebruik je de schijf?" in shown
    (anna,) = participants_of(store, get_study(store, "team").id)
    assert anna.finished
    assert answers_of(store, anna.id) == {text_id: "Kopie van…", choice_id: "2"}


async def test_questions_speak_english_and_can_be_skipped(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    ask_two(store)
    app = SortApp(SortSession.open(store, "team"), lang="en")
    shown = await sort_and_finish(app)
    assert "1. Which card was hard?" in shown
    (anna,) = participants_of(store, get_study(store, "team").id)
    assert anna.finished and answers_of(store, anna.id) == {}


async def test_a_study_without_questions_goes_straight_to_thanks(
    store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    app = SortApp(SortSession.open(store, "team"), lang="nl")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"Anna", "enter")
        await pilot.pause()
        await pilot.press("n", *"Alles", "enter", "f")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ThanksScreen)


def test_questions_and_answers_are_checked(store: Store, new_study: Callable[..., str]) -> None:
    new_study("team")
    study = get_study(store, "team")
    with pytest.raises(StoreError, match="needs its text"):
        add_question(store, study.id, "  ")
    with pytest.raises(StoreError, match="at least two"):
        add_question(store, study.id, "Kies", choices=[("ja", "yes")])
    text_id, choice_id = ask_two(store)
    session = SortSession.open(store, "team")
    session.join("Bram")
    assert session.participant is not None
    person = session.participant.id
    with pytest.raises(StoreError, match="not one of the choices"):
        save_answers(store, person, {text_id: "iets", choice_id: "7"})
    assert answers_of(store, person) == {}  # refused as a whole
    save_answers(store, person, {text_id: "eerst", choice_id: "1"})
    save_answers(store, person, {text_id: "later"})  # answering again replaces
    assert answers_of(store, person) == {text_id: "later", choice_id: "1"}
    with pytest.raises(StoreError, match="has answers"):
        remove_question(store, study.id, 1)
    assert [q.position for q in questions_of(store, study.id)] == [1, 2]
    assert [a.participant_name for a in study_answers(store, study.id)] == ["Bram", "Bram"]


def test_the_cli_asks_lists_and_exports_answers(
    store: Store, new_study: Callable[..., str], run_cli: Callable[..., Any], tmp_path: Any
) -> None:
    new_study("team")
    added = run_cli(
        "study", "ask", "team", "Wat miste je?", "--en", "What did you miss?", "--lang", "en"
    )
    assert added.exit_code == 0 and "Question 1 added (free text)" in added.output
    choice = run_cli(
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
        "--lang",
        "en",
    )
    assert "Question 2 added (a choice of 2)" in choice.output
    session = SortSession.open(store, "team")
    session.join("Anna")
    assert session.participant is not None
    first, second = questions_of(store, get_study(store, "team").id)
    save_answers(store, session.participant.id, {first.id: "Een map voor de MR", second.id: "1"})
    listed = run_cli("study", "questions", "team", "--lang", "nl").output
    assert "Wat miste je?" in listed and "keuze: ja / nee" in listed
    out = tmp_path / "answers.csv"
    assert run_cli("export", "team", str(out), "--format", "answers").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [(r["participant"], r["answer_nl"], r["answer_en"]) for r in rows] == [
        ("Anna", "Een map voor de MR", "Een map voor de MR"),
        ("Anna", "ja", "yes"),
    ]
    refused = run_cli("study", "questions", "team", "--remove", "1")
    assert refused.exit_code != 0 and "has answers" in refused.stderr + refused.output
