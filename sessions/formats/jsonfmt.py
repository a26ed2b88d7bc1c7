"""The project's own JSON: a whole study, or one participant's results, in one file.

This is also the offline exchange format: a teacher's laptop exports their sort with
:func:`dump_participant`, the coordinator imports it with :func:`import_file` (or
``cardsort import``). Every sort carries a content fingerprint, so importing the same sort
twice is recognised and skipped instead of counted twice.

Layout (version 1)::

    {"format": "cardsort-drive", "version": 1,
     "study": {"name", "kind", "instructions_nl", "instructions_en", "settings", "categories",
               "questions"?: [{"number", "kind", "text_nl", "text_en",
                               "choices": [{"nl", "en"}]}]},
     "cards": [{"key", "label", "description", "restricted", "audience"?}],
     "participants": [{"name", "lang", "started_at", "finished_at", "duration_s",
                       "card_order": [card keys], "fingerprint",
                       "groups": [{"key", "label", "parent", "category"}],
                       "placements": [{"card", "state", "group", "position"}],
                       "answers"?: [{"question", "answer"}]}]}

``questions`` (optional; absent in files from before questions existed) are the questions the
study asks after the sort, in the order asked: ``number`` (1, 2, ...) names a question within
the file, ``kind`` is ``text`` or ``choice`` (then ``choices`` holds two or more options).
``answers`` (optional) are one participant's answers: ``question`` is a question's ``number``,
``answer`` the free text, or for a choice the chosen option's number as text (``"2"``). The
answers are not part of the fingerprint, so a sort exported before it had answers is still
recognised. An answer to a question the file does not hold is listed and left out.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeGuard

from sessions.formats.errors import FormatError, Problem
from sessions.formats.fingerprint import sort_fingerprint
from sessions.formats.fromstore import read_study
from sessions.formats.limits import MAX_POSITION, duration_or_none, valid_position
from sessions.formats.messages import said
from sessions.formats.parsed import (
    ImportReport,
    ParsedCard,
    ParsedGroup,
    ParsedPlacement,
    ParsedQuestion,
    ParsedSort,
    ParsedStudy,
)
from sessions.models import PlacementState, StudyKind
from sessions.outfile import write_output_file
from sessions.questions import MAX_ANSWER
from sessions.store import Store
from sessions.studies import get_participant, get_study

__all__ = [
    "FORMAT",
    "VERSION",
    "dump_participant",
    "dump_study",
    "from_dict",
    "load",
    "parse",
    "sort_fingerprint",
    "to_dict",
    "write",
]

FORMAT = "cardsort-drive"
VERSION = 1


def to_dict(study: ParsedStudy) -> dict[str, Any]:
    """The JSON-ready form of a parsed study."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "study": {
            "name": study.name,
            "kind": study.kind.value,
            "instructions_nl": study.instructions_nl,
            "instructions_en": study.instructions_en,
            "settings": dict(study.settings or {}),
            "categories": list(study.categories),
            **(
                {"questions": [_question_dict(q) for q in study.questions]}
                if study.questions
                else {}
            ),
        },
        "cards": [
            {
                "key": c.key,
                "label": c.label,
                "description": c.description,
                "restricted": c.restricted,
                **({"audience": c.audience} if c.audience else {}),
            }
            for c in study.cards
        ],
        "participants": [_sort_dict(s) for s in study.sorts],
    }


def _question_dict(question: ParsedQuestion) -> dict[str, Any]:
    return {
        "number": question.number,
        "kind": question.kind,
        "text_nl": question.text_nl,
        "text_en": question.text_en,
        "choices": [{"nl": nl, "en": en} for nl, en in question.choices],
    }


def _sort_dict(sort: ParsedSort) -> dict[str, Any]:
    answers = [{"question": number, "answer": text} for number, text in sort.answers]
    return {
        "name": sort.participant,
        "lang": sort.lang,
        "started_at": sort.started_at,
        "finished_at": sort.finished_at,
        "duration_s": sort.duration_s,
        "card_order": list(sort.card_order),
        "fingerprint": sort_fingerprint(sort),
        "groups": [
            {"key": g.key, "label": g.label, "parent": g.parent_key, "category": g.category}
            for g in sort.groups
        ],
        "placements": [
            {
                "card": p.card_key,
                "state": p.state.value,
                "group": p.group_key,
                "position": p.position,
            }
            for p in sort.placements
        ],
        **({"answers": answers} if answers else {}),
    }


def dump_study(
    store: Store, study_name: str, participant_ids: Iterable[int] | None = None
) -> dict[str, Any]:
    """A study from the store (all participants, or only those given) as a JSON-ready dict."""
    return to_dict(read_study(store, get_study(store, study_name), participant_ids))


def dump_participant(store: Store, participant_id: int) -> dict[str, Any]:
    """One participant's results with the study's cards (the offline-mode hand-in)."""
    participant = get_participant(store, participant_id)
    row = store.conn.execute(
        "SELECT name FROM studies WHERE id = ?", (participant.study_id,)
    ).fetchone()
    return dump_study(store, row["name"], [participant_id])


def write(path: Path | str, data: Mapping[str, Any], *, force: bool = True) -> None:
    """Write JSON with :func:`sessions.outfile.write_output_file` (atomic for a regular file).

    ``force`` (the default, for the offline sort's own result file) replaces an existing
    regular file; links are written through and anything that is not a file is refused.
    """
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    write_output_file(Path(path), text, force=force)


class _Refused(ValueError):
    """A value the JSON reader will not even build (raised from its hooks)."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 15:
        raise _Refused(said("json.long_number", start=text[:20], digits=len(text.lstrip("-"))))
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(said("json.large_number", number=text[:20]))
    return value


def _constant(name: str) -> float:
    raise _Refused(said("json.not_a_number", name=name))


def parse(text: str, source: str) -> ParsedStudy:
    """Parse JSON text in this format.

    Hostile input is refused before it is used: nesting deeper than Python can follow, numbers
    of more than 15 digits, ``NaN`` and ``Infinity``, and text that is not valid Unicode (a
    lone surrogate such as ``"\\ud800"``, which no database or file name can hold).
    """
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        bad = error.object[error.start : error.end].encode("unicode_escape").decode("ascii")
        raise FormatError.one(source, said("json.surrogate", bad=bad)) from error
    except json.JSONDecodeError as error:
        raise FormatError.one(
            source, said("json.invalid", detail=error.msg), line=error.lineno
        ) from error
    except RecursionError as error:
        raise FormatError.one(source, said("json.too_deep")) from error
    except _Refused as error:
        raise FormatError.one(
            source, said("json.unusable", detail=error.args[0] if error.args else "")
        ) from error
    return from_dict(data, source)


def load(path: Path | str) -> ParsedStudy:
    """Read and validate a JSON file."""
    from sessions.formats.textio import decode

    target = Path(path)
    return parse(decode(target.read_bytes(), str(target)), str(target))


#: An audience code (cardsort.privacy.audiences): a built-in one or a name of 1-40 characters.
_AUDIENCE = re.compile(r"^(?:team|care|staff|management|named:[^\x00-\x1f]{1,40})$")


class _Checker:
    """Collects problems with their place in the document."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(self, where: str, reason: str) -> None:
        self.problems.append(Problem(reason, where=where))

    def text(
        self,
        obj: Mapping[str, Any],
        name: str,
        where: str,
        *,
        required: bool = False,
        default: str = "",
    ) -> str:
        value = obj.get(name, None)
        if value is None:
            if required:
                self.fail(where, said("json.missing", name=name))
            return default
        if not isinstance(value, str):
            self.fail(where, said("json.not_text", name=name, kind=type(value).__name__))
            return default
        return value

    def optional_text(self, obj: Mapping[str, Any], name: str, where: str) -> str | None:
        value = obj.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(where, said("json.not_text_or_null", name=name))
            return None
        return value

    def items(self, obj: Mapping[str, Any], name: str, where: str) -> list[Mapping[str, Any]]:
        value = obj.get(name, [])
        if not isinstance(value, list):
            self.fail(where, said("json.not_list", name=name))
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                out.append(item)
            else:
                self.fail(f"{where}.{name}[{index}]", said("json.not_object"))
        return out


#: At most this many questions, options per choice and characters per question or option: a
#: few questions after a sort, never a survey (and never a file that floods the store).
MAX_QUESTIONS = 30
MAX_CHOICES = 20
MAX_QUESTION_TEXT = 500
#: Control characters (terminal escapes among them) never belong in a question or an answer.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _line_text(check: _Checker, obj: Mapping[str, Any], name: str, where: str, limit: int) -> str:
    """A one-line text of at most ``limit`` characters ("" and a problem otherwise)."""
    value = check.text(obj, name, where)
    if len(value) > limit:
        check.fail(where, said("json.too_long", name=name, limit=limit))
        return ""
    if _CONTROL.search(value):
        check.fail(where, said("json.control", name=name))
        return ""
    return value


def _questions(study: Mapping[str, Any], check: _Checker) -> tuple[ParsedQuestion, ...]:
    """The study's questions (none in files from before questions existed)."""
    if study.get("questions") is None:
        return ()
    items = check.items(study, "questions", "study")
    if len(items) > MAX_QUESTIONS:
        check.fail("study.questions", said("json.many_questions", limit=MAX_QUESTIONS))
        return ()
    questions: list[ParsedQuestion] = []
    numbers: set[int] = set()
    for index, item in enumerate(items):
        where = f"study.questions[{index}]"
        number = item.get("number")
        if not _whole(number) or not 1 <= number <= MAX_QUESTIONS:
            check.fail(where, said("json.bad_number", limit=MAX_QUESTIONS))
            continue
        if number in numbers:
            check.fail(where, said("json.question_twice", number=number))
        numbers.add(number)
        kind = item.get("kind")
        if kind not in ("text", "choice"):
            check.fail(where, said("json.question_kind", kind=str(kind)[:20]))
            continue
        text_nl = _line_text(check, item, "text_nl", where, MAX_QUESTION_TEXT).strip()
        text_en = _line_text(check, item, "text_en", where, MAX_QUESTION_TEXT).strip()
        if not (text_nl or text_en):
            check.fail(where, said("json.question_no_text"))
        choices: list[tuple[str, str]] = []
        options = check.items(item, "choices", where)
        if len(options) > MAX_CHOICES:
            check.fail(where, said("json.many_choices", limit=MAX_CHOICES))
            options = []
        for c_index, option in enumerate(options):
            c_where = f"{where}.choices[{c_index}]"
            nl = _line_text(check, option, "nl", c_where, MAX_QUESTION_TEXT).strip()
            en = _line_text(check, option, "en", c_where, MAX_QUESTION_TEXT).strip()
            if not (nl or en):
                check.fail(c_where, said("json.choice_no_text"))
            choices.append((nl, en))
        if kind == "choice" and len(choices) < 2:
            check.fail(where, said("json.few_choices"))
        if kind == "text" and choices:
            check.fail(where, said("json.text_with_choices"))
        questions.append(ParsedQuestion(number, kind, text_nl, text_en, tuple(choices)))
    return tuple(questions)


def _answers(
    item: Mapping[str, Any],
    where: str,
    name: str,
    questions: Mapping[int, ParsedQuestion],
    check: _Checker,
    notes: list[str],
) -> tuple[tuple[int, str], ...]:
    """One participant's answers; an answer to a question the file lacks is noted, not kept."""
    if item.get("answers") is None:
        return ()
    items = check.items(item, "answers", where)
    if len(items) > MAX_QUESTIONS:
        check.fail(f"{where}.answers", said("json.many_answers", limit=MAX_QUESTIONS))
        return ()
    answers: dict[int, str] = {}
    for index, answer in enumerate(items):
        a_where = f"{where}.answers[{index}]"
        number = answer.get("question")
        if not _whole(number):
            check.fail(a_where, said("json.bad_question"))
            continue
        text = _line_text(check, answer, "answer", a_where, MAX_ANSWER).strip()
        if number in answers:
            check.fail(a_where, said("json.answered_twice", number=number))
            continue
        question = questions.get(number)
        if question is None:
            notes.append(said("json.answer_no_question", name=name, number=number))
            continue
        if (
            question.kind == "choice"
            and text
            and not (text.isdigit() and 1 <= int(text) <= len(question.choices))
        ):
            check.fail(
                a_where,
                said(
                    "json.not_an_option", number=number, count=len(question.choices), text=text[:20]
                ),
            )
            continue
        if text:
            answers[number] = text
    return tuple(sorted(answers.items()))


def _kind(value: object, checker: _Checker) -> StudyKind:
    try:
        return StudyKind(str(value) if value is not None else "open")
    except ValueError:
        checker.fail("study.kind", said("json.study_kind", kind=value))
        return StudyKind.OPEN


def from_dict(data: object, source: str = "<json>") -> ParsedStudy:
    """Validate a JSON document and turn it into a :class:`ParsedStudy`."""
    if not isinstance(data, Mapping):
        raise FormatError.one(source, said("json.not_document"))
    if data.get("format") != FORMAT:
        raise FormatError.one(source, said("json.not_ours", format=data.get("format")))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= VERSION:
        raise FormatError.one(source, said("json.version", version=version, supported=VERSION))
    check = _Checker()
    study = data.get("study") or {}
    if not isinstance(study, Mapping):
        check.fail("study", said("json.not_object"))
        study = {}
    settings = study.get("settings") or {}
    if not isinstance(settings, Mapping):
        check.fail("study.settings", said("json.not_object"))
        settings = {}
    categories = study.get("categories") or []
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        check.fail("study.categories", said("json.not_labels"))
        categories = []
    cards: list[ParsedCard] = []
    keys: set[str] = set()
    for index, card in enumerate(check.items(data, "cards", "document")):
        where = f"cards[{index}]"
        key = check.text(card, "key", where, required=True)
        label = check.text(card, "label", where, required=True)
        if key in keys:
            check.fail(where, said("json.card_key_twice", key=key))
        keys.add(key)
        if not label.strip() and key:
            check.fail(where, said("json.empty_label"))
        audience = check.optional_text(card, "audience", where)
        if audience is not None and not _AUDIENCE.match(audience):
            check.fail(where, said("json.audience", audience=audience[:40]))
            audience = None
        cards.append(
            ParsedCard(
                key,
                label.strip(),
                check.text(card, "description", where),
                bool(card.get("restricted", False)),
                audience=audience,
            )
        )
    if not cards:
        check.fail("cards", said("json.no_cards"))
    questions = _questions(study, check)
    by_number = {q.number: q for q in questions}
    answer_notes: list[str] = []
    sorts: list[ParsedSort] = []
    names: set[str] = set()
    for index, item in enumerate(check.items(data, "participants", "document")):
        sort = _sort(item, f"participants[{index}]", keys, set(categories), check)
        if sort is None:
            continue
        sort = replace(
            sort,
            answers=_answers(
                item, f"participants[{index}]", sort.participant, by_number, check, answer_notes
            ),
        )
        if sort.participant in names:
            check.fail(
                f"participants[{index}]",
                said("json.participant_twice", participant=sort.participant),
            )
        names.add(sort.participant)
        sorts.append(sort)
    kind = _kind(study.get("kind"), check)
    if check.problems:
        raise FormatError(source, check.problems)
    report = ImportReport("cardsort-drive JSON", source)
    report.notes.extend(answer_notes)
    for sort, item in zip(sorts, data.get("participants", []), strict=False):
        stated = item.get("fingerprint") if isinstance(item, Mapping) else None
        if stated and stated != sort_fingerprint(sort):
            report.notes.append(said("json.changed_after_export", participant=sort.participant))
    name = study.get("name")
    return ParsedStudy(
        cards=tuple(cards),
        sorts=tuple(sorts),
        report=report,
        kind=kind,
        categories=tuple(categories),
        name=name if isinstance(name, str) else None,
        instructions_nl=check.text(study, "instructions_nl", "study"),
        instructions_en=check.text(study, "instructions_en", "study"),
        settings=dict(settings),
        card_keys_stable=True,
        questions=questions,
    )


def _sort(
    item: Mapping[str, Any], where: str, cards: set[str], categories: set[str], check: _Checker
) -> ParsedSort | None:
    before = len(check.problems)
    name = " ".join(check.text(item, "name", where, required=True).split())
    if not name:
        check.fail(where, said("json.no_name"))
    groups: list[ParsedGroup] = []
    group_keys: set[str] = set()
    for g_index, group in enumerate(check.items(item, "groups", where)):
        g_where = f"{where}.groups[{g_index}]"
        key = check.text(group, "key", g_where, required=True)
        if key in group_keys:
            check.fail(g_where, said("json.group_key_twice", key=key))
        group_keys.add(key)
        category = check.optional_text(group, "category", g_where)
        if category is not None and category not in categories:
            check.fail(g_where, said("json.unknown_category", category=category))
        groups.append(
            ParsedGroup(
                key,
                check.text(group, "label", g_where),
                check.optional_text(group, "parent", g_where),
                category,
            )
        )
    parents = {g.key: g.parent_key for g in groups}
    for g_index, parsed_group in enumerate(groups):
        if parsed_group.parent_key is not None and parsed_group.parent_key not in group_keys:
            check.fail(
                f"{where}.groups[{g_index}]",
                said("json.unknown_parent", group=parsed_group.parent_key),
            )
        seen: set[str] = set()
        cursor: str | None = parsed_group.key
        while cursor is not None and cursor in parents:
            if cursor in seen:
                check.fail(f"{where}.groups[{g_index}]", said("json.cycle"))
                break
            seen.add(cursor)
            cursor = parents[cursor]
    placements: list[ParsedPlacement] = []
    placed: dict[str, int] = {}
    for p_index, placement in enumerate(check.items(item, "placements", where)):
        p_where = f"{where}.placements[{p_index}]"
        card = check.text(placement, "card", p_where, required=True)
        if card not in cards:
            check.fail(p_where, said("json.unknown_card", card=card))
        if card in placed:
            check.fail(
                p_where,
                said("json.placed_twice", card=card, name=name, index=placed[card]),
            )
        placed[card] = p_index
        raw_state = placement.get("state", "placed")
        try:
            state = PlacementState(raw_state)
        except ValueError:
            check.fail(p_where, said("json.unknown_state", state=raw_state))
            continue
        group_key = check.optional_text(placement, "group", p_where)
        if (state is PlacementState.PLACED) != (group_key is not None):
            check.fail(p_where, said("json.group_only_placed"))
            continue
        if group_key is not None and group_key not in group_keys:
            check.fail(p_where, said("json.unknown_group", group=group_key))
        position = placement.get("position", p_index)
        if not valid_position(position):
            check.fail(p_where, said("json.bad_position", limit=MAX_POSITION))
            continue
        placements.append(ParsedPlacement(card, state, group_key, position))
    duration = item.get("duration_s")
    if duration is not None and (
        not isinstance(duration, int | float)
        or isinstance(duration, bool)
        or duration_or_none(float(duration)) is None
    ):
        check.fail(where, "'duration_s' must be a number of seconds (0 to 30 days)")
        duration = None
    order = item.get("card_order") or []
    if not isinstance(order, list) or not all(isinstance(k, str) and k in cards for k in order):
        check.fail(where, "'card_order' must list card keys of this file")
        order = []
    if len(check.problems) > before:
        return None
    return ParsedSort(
        participant=name,
        groups=tuple(groups),
        placements=tuple(placements),
        duration_s=float(duration) if duration is not None else None,
        started_at=check.optional_text(item, "started_at", where),
        finished_at=check.optional_text(item, "finished_at", where),
        lang=check.optional_text(item, "lang", where),
        card_order=tuple(order),
    )
