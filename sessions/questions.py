"""Questions a study asks after the sort, and the participants' answers.

A study may ask a few optional questions once a participant has finished sorting ("Which card
was hard to place?", "How often do you use the shared drive?"), each either free text or a
choice between options, each in Dutch and English. Answers are stored beside the sort (one per
question and participant; answering again replaces the answer) and exported with it. A
question that somebody answered is never changed or removed, so every answer keeps the text it
answered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sessions.clock import now_iso
from sessions.store import Store, StoreError

__all__ = [
    "Answer",
    "Question",
    "add_question",
    "answers_of",
    "questions_of",
    "remove_question",
    "save_answers",
    "study_answers",
]

#: Longest free-text answer kept (a paragraph, not a file).
MAX_ANSWER = 2000


@dataclass(frozen=True, slots=True)
class Question:
    """One question: ``kind`` is ``text`` or ``choice`` (then ``choices`` holds the options)."""

    id: int
    study_id: int
    position: int
    kind: str
    text_nl: str
    text_en: str
    choices: tuple[tuple[str, str], ...] = ()  # (nl, en) per option

    def text(self, lang: str) -> str:
        """The question in ``lang`` (the other language when that one is empty)."""
        first, other = (
            (self.text_nl, self.text_en) if lang == "nl" else (self.text_en, self.text_nl)
        )
        return first or other

    def options(self, lang: str) -> list[str]:
        """The choices in ``lang``."""
        return [(nl if lang == "nl" else en) or nl or en for nl, en in self.choices]

    def answer_text(self, answer: str, lang: str) -> str:
        """An answer as a person reads it: a choice's words, or the free text."""
        if self.kind == "choice" and answer.isdigit() and 1 <= int(answer) <= len(self.choices):
            return self.options(lang)[int(answer) - 1]
        return answer


@dataclass(frozen=True, slots=True)
class Answer:
    """One participant's answer to one question."""

    question_id: int
    participant_id: int
    participant_name: str
    answer: str
    answered_at: str


def _question(row: Mapping[str, object]) -> Question:
    choices = json.loads(str(row["choices"]))
    return Question(
        int(str(row["id"])),
        int(str(row["study_id"])),
        int(str(row["position"])),
        str(row["kind"]),
        str(row["text_nl"]),
        str(row["text_en"]),
        tuple((str(c.get("nl", "")), str(c.get("en", ""))) for c in choices),
    )


def questions_of(store: Store, study_id: int) -> list[Question]:
    """The study's questions in the order they are asked."""
    rows = store.conn.execute(
        "SELECT * FROM study_questions WHERE study_id = ? ORDER BY position", (study_id,)
    ).fetchall()
    return [_question(r) for r in rows]


def add_question(
    store: Store,
    study_id: int,
    text_nl: str,
    text_en: str = "",
    *,
    choices: Sequence[tuple[str, str]] = (),
) -> Question:
    """Add a question at the end: free text, or a choice when ``choices`` (nl, en) are given."""
    text_nl, text_en = " ".join(text_nl.split()), " ".join(text_en.split())
    if not (text_nl or text_en):
        raise StoreError("A question needs its text (in Dutch, English or both).")
    options = [(" ".join(nl.split()), " ".join(en.split())) for nl, en in choices]
    if any(not (nl or en) for nl, en in options):
        raise StoreError("Every choice needs a text.")
    if len(options) == 1:
        raise StoreError("A choice needs at least two options (or ask a free-text question).")
    with store.transaction() as tx:
        position = int(
            tx.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM study_questions WHERE study_id = ?",
                (study_id,),
            ).fetchone()[0]
        )
        cursor = tx.execute(
            "INSERT INTO study_questions (study_id, position, kind, text_nl, text_en, choices)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                study_id,
                position,
                "choice" if options else "text",
                text_nl,
                text_en,
                json.dumps([{"nl": nl, "en": en} for nl, en in options], ensure_ascii=False),
            ),
        )
        question_id = int(cursor.lastrowid or 0)
    return next(q for q in questions_of(store, study_id) if q.id == question_id)


def remove_question(store: Store, study_id: int, position: int) -> None:
    """Remove an unanswered question (answered ones stay, with the text they answered)."""
    with store.transaction() as tx:
        row = tx.execute(
            "SELECT id FROM study_questions WHERE study_id = ? AND position = ?",
            (study_id, position),
        ).fetchone()
        if row is None:
            raise StoreError(f"There is no question {position}.")
        if tx.execute(
            "SELECT 1 FROM question_answers WHERE question_id = ?", (row["id"],)
        ).fetchone():
            raise StoreError(f"Question {position} has answers already; it stays as it is.")
        tx.execute("DELETE FROM study_questions WHERE id = ?", (row["id"],))


def save_answers(store: Store, participant_id: int, answers: Mapping[int, str]) -> None:
    """Store a participant's answers (question id → text or choice number); blanks are skipped.

    Refused as a whole, with nothing stored, if an answer is not one of its question's choices.
    """
    row = store.conn.execute(
        "SELECT study_id FROM participants WHERE id = ?", (participant_id,)
    ).fetchone()
    if row is None:
        raise StoreError(f"There is no participant {participant_id}.")
    questions = {q.id: q for q in questions_of(store, int(row["study_id"]))}
    clean: list[tuple[int, str]] = []
    for question_id, answer in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise StoreError(f"Question {question_id} does not belong to this study.")
        text = answer.strip()[:MAX_ANSWER]
        if not text:
            continue
        if question.kind == "choice" and not (
            text.isdigit() and 1 <= int(text) <= len(question.choices)
        ):
            raise StoreError(f"{text!r} is not one of the choices of question {question.position}.")
        clean.append((question_id, text))
    stamp = now_iso()
    with store.transaction() as tx:
        tx.executemany(
            "INSERT INTO question_answers (question_id, participant_id, answer, answered_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (question_id, participant_id)"
            " DO UPDATE SET answer = excluded.answer, answered_at = excluded.answered_at",
            [(qid, participant_id, text, stamp) for qid, text in clean],
        )


def answers_of(store: Store, participant_id: int) -> dict[int, str]:
    """One participant's answers: question id → answer."""
    return {
        int(r["question_id"]): str(r["answer"])
        for r in store.conn.execute(
            "SELECT question_id, answer FROM question_answers WHERE participant_id = ?",
            (participant_id,),
        )
    }


def study_answers(store: Store, study_id: int) -> list[Answer]:
    """Every answer of a study, by question then by participant."""
    rows = store.conn.execute(
        "SELECT a.*, p.name AS participant_name FROM question_answers a"
        " JOIN study_questions q ON q.id = a.question_id"
        " JOIN participants p ON p.id = a.participant_id"
        " WHERE q.study_id = ? ORDER BY q.position, p.id",
        (study_id,),
    ).fetchall()
    return [
        Answer(
            int(r["question_id"]),
            int(r["participant_id"]),
            str(r["participant_name"]),
            str(r["answer"]),
            str(r["answered_at"]),
        )
        for r in rows
    ]
