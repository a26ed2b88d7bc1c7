"""Questions and answers in the JSON exchange format: a hostile questions or answers block is
refused whole with a reason and changes nothing; an answer to a question the study does not
ask is listed and never stored, and no question is invented for it."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.formats import FormatError, apply_import, jsonfmt
from sessions.questions import answers_of, questions_of
from sessions.store import Store
from sessions.studies import get_study, participants_of
from tests.formats.helpers import store_contents

QUESTIONS = [
    {"number": 1, "kind": "text", "text_nl": "Wat miste je?", "text_en": "What did you miss?"},
    {
        "number": 2,
        "kind": "choice",
        "text_nl": "Handig?",
        "text_en": "Useful?",
        "choices": [{"nl": "ja", "en": "yes"}, {"nl": "nee", "en": "no"}],
    },
]

HAND_IN: dict[str, Any] = {
    "format": "cardsort-drive",
    "version": 1,
    "study": {"name": "team", "kind": "open", "questions": QUESTIONS},
    "cards": [{"key": "c1", "label": "Roosters"}, {"key": "c2", "label": "Kerst"}],
    "participants": [
        {
            "name": "Carla",
            "groups": [{"key": "g", "label": "Thuis"}],
            "placements": [
                {"card": "c1", "state": "placed", "group": "g", "position": 0},
                {"card": "c2", "state": "unsorted", "group": None, "position": 1},
            ],
            "answers": [{"question": 1, "answer": "Een map"}, {"question": 2, "answer": "1"}],
        }
    ],
}


def with_answers(answers: object) -> dict[str, Any]:
    document = copy.deepcopy(HAND_IN)
    document["participants"][0]["answers"] = answers
    return document


def parse(document: object) -> Any:
    return jsonfmt.parse(json.dumps(document), "carla.result.json")


def test_a_new_study_from_a_hand_in_gets_its_questions_and_answers(store: Store) -> None:
    result = apply_import(store, parse(HAND_IN), "team")
    study = get_study(store, "team")
    texts = [(q.kind, q.text_nl, q.choices) for q in questions_of(store, study.id)]
    assert texts == [
        ("text", "Wat miste je?", ()),
        ("choice", "Handig?", (("ja", "yes"), ("nee", "no"))),
    ]
    (carla,) = participants_of(store, study.id)
    assert sorted(answers_of(store, carla.id).values()) == ["1", "Een map"]
    assert result.answers == 2 and result.unknown_answers == []
    again = apply_import(store, parse(HAND_IN), "team")  # the same file again: counted once
    assert again.duplicates == ["Carla"] and again.answers == 0
    assert len(questions_of(store, study.id)) == 2


def test_answers_to_questions_the_study_does_not_ask_are_listed_not_invented(
    store: Store,
) -> None:
    document = copy.deepcopy(HAND_IN)
    del document["study"]["questions"]
    del document["participants"][0]["answers"]
    apply_import(store, parse(document), "team")  # the study, without questions
    other = copy.deepcopy(HAND_IN)
    other["participants"][0]["name"] = "Dirk"
    other["participants"][0]["answers"].append({"question": 9, "answer": "zomaar"})
    parsed = parse(other)
    assert any("question 9" in note and "no such question" in note for note in parsed.report.notes)
    result = apply_import(store, parsed, "team")
    study = get_study(store, "team")
    assert questions_of(store, study.id) == []  # nothing invented
    assert result.answers == 0
    assert result.unknown_answers == [("Dirk", "Wat miste je?"), ("Dirk", "Handig?")]
    assert "2 answer(s) left out" in "\n".join(result.lines())
    dirk = next(p for p in participants_of(store, study.id) if p.name == "Dirk")
    assert dirk.finished and answers_of(store, dirk.id) == {}


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ("alles goed", "‘answers’ must be a list"),
        ([{"question": "1", "answer": "x"}], "‘question’ must be a question's number"),
        ([{"question": True, "answer": "x"}], "‘question’ must be a question's number"),
        ([{"question": 1, "answer": {"x": 1}}], "‘answer’ must be text"),
        ([{"question": 1, "answer": "x" * 2001}], "longer than 2000 characters"),
        ([{"question": 1, "answer": "\x1b]0;pwned\x07"}], "control characters"),
        ([{"question": 2, "answer": "7"}], "not one of its option numbers"),
        ([{"question": 2, "answer": "nee"}], "not one of its option numbers"),
        ([{"question": 1, "answer": "a"}, {"question": 1, "answer": "b"}], "answered twice"),
        ([{"question": 1, "answer": "a"}] * 31, "more than 30 answers"),
        (["1: ja"], "must be an object"),
    ],
)
def test_a_hostile_answers_block_is_refused_and_changes_nothing(
    store: Store, run_cli: Callable[..., Any], tmp_path: Path, answers: object, reason: str
) -> None:
    apply_import(store, parse(HAND_IN), "team")
    before = store_contents(store)
    with pytest.raises(FormatError, match=reason):
        parse(with_answers(answers))
    file = tmp_path / "hostile.result.json"
    document = with_answers(answers)
    document["participants"][0]["name"] = "Eve"
    file.write_text(json.dumps(document), encoding="utf-8")
    result = run_cli("import", "team", str(file), "--lang", "en")
    assert result.exit_code != 0 and reason.split("’")[-1].strip() in result.stderr
    assert "Traceback" not in result.stderr + result.output
    assert store_contents(store) == before


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ({"number": 3, "kind": "shell", "text_nl": "x"}, "unknown question kind"),
        ({"number": 1, "kind": "text", "text_nl": "dubbel"}, "number 1 is used twice"),
        ({"number": 0, "kind": "text", "text_nl": "nul"}, "‘number’ must be a whole number"),
        ({"number": 3, "kind": "text", "text_nl": " "}, "the question has no text"),
        ({"number": 3, "kind": "choice", "text_nl": "Kies", "choices": [{"nl": "a"}]}, "two"),
        ({"number": 3, "kind": "choice", "text_nl": "Kies", "choices": "a|b"}, "must be a list"),
        ({"number": 3, "kind": "text", "text_nl": "Vraag", "choices": [{"nl": "a"}]}, "no choices"),
        ({"number": 3, "kind": "text", "text_nl": "\x1b[2J"}, "control characters"),
    ],
)
def test_a_hostile_questions_block_is_refused(question: dict[str, Any], reason: str) -> None:
    document = copy.deepcopy(HAND_IN)
    document["study"]["questions"].append(question)
    with pytest.raises(FormatError, match=reason):
        parse(document)


def test_a_file_asking_too_many_questions_is_refused() -> None:
    document = copy.deepcopy(HAND_IN)
    document["study"]["questions"] = [
        {"number": n, "kind": "text", "text_nl": f"Vraag {n}"} for n in range(1, 32)
    ]
    with pytest.raises(FormatError, match="more than 30 questions"):
        parse(document)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(["question", "answer", "x"]), inner, max_size=3)
        ),
        max_leaves=12,
    )
)
def test_any_answers_value_parses_or_is_refused_cleanly(answers: object) -> None:
    try:
        parsed = parse(with_answers(answers))
    except FormatError:
        return
    (sort,) = parsed.sorts
    numbers = {q.number for q in parsed.questions}
    assert all(number in numbers and text == text.strip() and text for number, text in sort.answers)
