"""Write a parsed file into the store: all of it in one transaction, or nothing.

Sorts are taken from ``parsed.sorts`` one at a time and each is written before the next is
read, so a large file built participant by participant (:class:`~sessions.formats.longform.
LongSorts`) is never held whole; a refused sort rolls the whole transaction back.

Importing into a new study name creates the study from the file's cards. Importing into an
existing study matches the file's cards to the study's by label (ignoring case, accents and
surrounding white space) or by key, and refuses the file, listing every card it could not
match, rather than inventing cards. A sort already in the study (same participant, same
content fingerprint) is recognised and skipped; a different sort under a name already taken is
refused, replaced or imported under a new name, as the caller chooses.

A file's questions (asked after the sort) are created with a new study. Answers are stored with
the sort they came with, matched to the study's questions by kind, texts and options (the
numbering may differ); an answer to a question the study does not ask is listed in the result
and never stored, nor is a question invented for it. A sort skipped as already imported brings
no answers either, so importing a file twice counts once.
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from sessions.cards import NewCard, cards_of
from sessions.clock import now_iso
from sessions.formats.errors import FormatError, Problem
from sessions.formats.fingerprint import sort_fingerprint
from sessions.formats.fromstore import read_sort
from sessions.formats.messages import said
from sessions.formats.parsed import (
    ImportReport,
    ParsedPlacement,
    ParsedQuestion,
    ParsedSort,
    ParsedStudy,
)
from sessions.formats.textio import match_key
from sessions.models import Card, Group, Placement, Sort, Study, StudySettings
from sessions.questions import Question, add_question, questions_of, save_answers
from sessions.said import Listed
from sessions.store import Store
from sessions.studies import (
    categories_of,
    create_study,
    finish_participant,
    get_study,
    participants_of,
    save_sort,
    start_participant,
)

__all__ = ["ImportResult", "OnConflict", "apply_import", "match_cards"]


class OnConflict(enum.StrEnum):
    """What to do with a sort whose participant name is taken by a different sort."""

    REFUSE = "refuse"
    REPLACE = "replace"
    RENAME = "rename"


@dataclass(slots=True)
class ImportResult:
    """What an import did."""

    study: Study
    created_study: bool
    report: ImportReport
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Answers stored, and answers left out because the study does not ask their question:
    #: (participant, question text).
    answers: int = 0
    unknown_answers: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A human-readable summary."""
        out = self.report.lines()
        if self.created_study:
            out.append(said("created_study", study=self.study.name))
        out.extend(self.notes)
        out.append(
            said(
                "imported",
                count=len(self.added) + len(self.replaced) + len(self.renamed),
                study=self.study.name,
                added=len(self.added),
                replaced=len(self.replaced),
                renamed=len(self.renamed),
                duplicates=len(self.duplicates),
            )
        )
        for old, new in self.renamed:
            out.append(said("renamed", old=old, new=new))
        if self.duplicates:
            names = Listed([said("quoted", name=d) for d in self.duplicates])
            out.append(said("already_imported", names=names))
        if self.answers:
            out.append(said("answers_stored", count=self.answers))
        if self.unknown_answers:
            out.append(
                said("answers_left_out", count=len(self.unknown_answers), study=self.study.name)
            )
            out.extend(said("answer_left_out", name=n, text=t) for n, t in self.unknown_answers)
        return out


def match_cards(
    parsed: ParsedStudy, cards: list[Card]
) -> tuple[dict[str, Card], list[Problem], list[str]]:
    """Map the file's card keys to the study's cards: (mapping, problems, notes)."""
    by_key = {c.key: c for c in cards}
    by_label: dict[str, list[Card]] = {}
    for card in cards:
        by_label.setdefault(match_key(card.label), []).append(card)
    mapping: dict[str, Card] = {}
    problems: list[Problem] = []
    notes: list[str] = []
    unmatched: list[Problem] = []
    taken: dict[int, str] = {}
    for pc in parsed.cards:
        candidates = by_label.get(match_key(pc.label), [])
        keyed = by_key.get(pc.key) if parsed.card_keys_from_file else None
        if len(candidates) == 1:
            found: Card | None = candidates[0]
        elif keyed is not None and (
            keyed in candidates or (not candidates and parsed.card_keys_stable)
        ):
            found = keyed
            if match_key(keyed.label) != match_key(pc.label):
                notes.append(
                    said("matched_by_key", label=pc.label, key=keyed.key, study_label=keyed.label)
                )
        elif len(candidates) > 1:
            problems.append(
                Problem(
                    said(
                        "matches_many",
                        label=pc.label,
                        count=len(candidates),
                        keys=", ".join(c.key for c in candidates),
                    ),
                    pc.line,
                )
            )
            continue
        else:
            found = None
        if found is None:
            unmatched.append(Problem(said("matches_none", label=pc.label, key=pc.key), pc.line))
            continue
        if found.id in taken:
            problems.append(
                Problem(
                    said(
                        "both_match",
                        first=taken[found.id],
                        second=pc.label,
                        key=found.key,
                        study_label=found.label,
                    ),
                    pc.line,
                )
            )
            continue
        taken[found.id] = pc.label
        mapping[pc.key] = found
    if unmatched:
        problems.append(Problem(said("unmatched", count=len(unmatched))))
        problems.extend(unmatched)
    return mapping, problems, notes


def _rekey(sort: ParsedSort, keys: dict[str, str]) -> ParsedSort:
    if all(keys[p.card_key] == p.card_key for p in sort.placements) and all(
        keys[k] == k for k in sort.card_order
    ):
        return sort  # the usual case for a new study: no copy of a large file's placements
    return replace(
        sort,
        placements=tuple(
            ParsedPlacement(keys[p.card_key], p.state, p.group_key, p.position)
            for p in sort.placements
        ),
        card_order=tuple(keys[k] for k in sort.card_order),
    )


def _question_key(
    kind: str, text_nl: str, text_en: str, choices: Iterable[tuple[str, str]]
) -> tuple[object, ...]:
    return (
        kind,
        match_key(text_nl),
        match_key(text_en),
        tuple((match_key(nl), match_key(en)) for nl, en in choices),
    )


def _match_questions(parsed: Iterable[ParsedQuestion], study: Iterable[Question]) -> dict[int, int]:
    """The file's question numbers → the study's question ids, for questions both ask."""
    by_key = {_question_key(q.kind, q.text_nl, q.text_en, q.choices): q.id for q in study}
    found: dict[int, int] = {}
    for question in parsed:
        key = _question_key(question.kind, question.text_nl, question.text_en, question.choices)
        if key in by_key:
            found[question.number] = by_key[key]
    return found


def _existing_study(store: Store, name: str) -> Study | None:
    if store.conn.execute("SELECT 1 FROM studies WHERE name = ?", (name,)).fetchone() is None:
        return None
    return get_study(store, name)


def _new_cards(parsed: ParsedStudy) -> tuple[list[NewCard], dict[str, str]]:
    cards: list[NewCard] = []
    keys: dict[str, str] = {}
    for number, pc in enumerate(parsed.cards, start=1):
        key = pc.key if parsed.card_keys_from_file else f"c{number}"
        keys[pc.key] = key
        cards.append(
            NewCard(
                pc.label,
                pc.description,
                key=key,
                restricted=pc.restricted,
                origin="imported",
                audience=pc.audience if pc.restricted else None,
            )
        )
    return cards, keys


def apply_import(
    store: Store,
    parsed: ParsedStudy,
    study_name: str,
    *,
    create: bool = True,
    on_conflict: OnConflict = OnConflict.REFUSE,
    source_tag: str = "import",
) -> ImportResult:
    """Write ``parsed`` into ``study_name`` in one transaction; refuse it whole on any problem."""
    source = parsed.report.source
    study = _existing_study(store, study_name)
    notes: list[str] = []
    if study is None:
        if not create:
            raise FormatError.one(source, said("no_study", study=study_name))
        new_cards, keys = _new_cards(parsed)
    else:
        mapping, problems, notes = match_cards(parsed, cards_of(store, study_id=study.id))
        if problems:
            raise FormatError(source, problems)
        keys = {k: card.key for k, card in mapping.items()}
        new_cards = []
        categories = {match_key(c.label) for c in categories_of(store, study.id)}
        unknown = sorted(
            {
                g.category
                for s in parsed.sorts
                for g in s.groups
                if g.category is not None and match_key(g.category) not in categories
            }
        )
        if unknown:
            raise FormatError.one(
                source, said("unknown_categories", study=study_name, categories=", ".join(unknown))
            )
    sorts = (_rekey(sort, keys) for sort in parsed.sorts)  # one at a time, never a list
    created = study is None
    with store.transaction():
        if study is None:
            settings = StudySettings.from_dict(parsed.settings or {})
            study = create_study(
                store,
                study_name,
                new_cards,
                kind=parsed.kind,
                categories=parsed.categories,
                instructions_nl=parsed.instructions_nl,
                instructions_en=parsed.instructions_en,
                settings=settings,
            )
            for question in sorted(parsed.questions, key=lambda q: q.number):
                add_question(
                    store,
                    study.id,
                    question.text_nl,
                    question.text_en,
                    choices=question.choices,
                )
        result = ImportResult(study, created, parsed.report, notes=notes)
        texts = {q.number: q.text_nl or q.text_en for q in parsed.questions}
        asked = _match_questions(parsed.questions, questions_of(store, study.id))
        conflicts: list[Problem] = []
        plan = _plan(store, study, sorts, on_conflict, result, conflicts)
        card_ids = {c.key: c.id for c in cards_of(store, study_id=study.id)}
        category_ids = {match_key(c.label): c.id for c in categories_of(store, study.id)}
        for name, sort, existing_id, fingerprint in plan:
            if conflicts:
                continue  # the import is refused: only check the rest, write nothing more
            participant_id = _write_sort(
                store,
                study,
                name,
                sort,
                existing_id,
                card_ids,
                category_ids,
                source_tag,
                fingerprint,
            )
            answers = {asked[n]: text for n, text in sort.answers if n in asked}
            result.unknown_answers.extend(
                (name, texts[n]) for n, _ in sort.answers if n not in asked
            )
            if answers:
                save_answers(store, participant_id, answers)
                result.answers += len(answers)
        if conflicts:
            raise FormatError(result.report.source, conflicts)  # rolls everything back
    return result


def _plan(
    store: Store,
    study: Study,
    sorts: Iterable[ParsedSort],
    on_conflict: OnConflict,
    result: ImportResult,
    conflicts: list[Problem],
) -> Iterator[tuple[str, ParsedSort, int | None, str]]:
    """Decide, per sort as it comes, whether it is new, a duplicate, a replacement or renamed.

    Each entry carries the sort's fingerprint, computed once here. A sort whose name is taken
    under ``OnConflict.REFUSE`` is added to ``conflicts`` instead.
    """
    participants = participants_of(store, study.id)
    cards = cards_of(store, study_id=study.id)
    categories = {c.id: c.label for c in categories_of(store, study.id)}
    existing: dict[str, tuple[int, str]] = {}
    for participant in participants:
        # what the study holds now (the sort may have changed in the app since an import)
        fingerprint = sort_fingerprint(read_sort(store, participant, cards, categories))
        existing[participant.name] = (participant.id, fingerprint)
    names = set(existing)
    for sort in sorts:
        fingerprint = sort_fingerprint(sort)
        same_person = [
            n
            for n in existing
            if n == sort.participant or re.fullmatch(re.escape(sort.participant) + r" \(\d+\)", n)
        ]
        if any(existing[n][1] == fingerprint for n in same_person):
            result.duplicates.append(sort.participant)
            continue
        if sort.participant not in existing:
            yield sort.participant, sort, None, fingerprint
            result.added.append(sort.participant)
            names.add(sort.participant)
            continue
        participant_id = existing[sort.participant][0]
        if on_conflict is OnConflict.REPLACE:
            yield sort.participant, sort, participant_id, fingerprint
            result.replaced.append(sort.participant)
        elif on_conflict is OnConflict.RENAME:
            number = 2
            while f"{sort.participant} ({number})" in names:
                number += 1
            new_name = f"{sort.participant} ({number})"
            names.add(new_name)
            yield new_name, sort, None, fingerprint
            result.renamed.append((sort.participant, new_name))
        else:
            conflicts.append(
                Problem(
                    said("conflict", participant=sort.participant, study=study.name),
                    sort.line,
                )
            )


def _write_sort(
    store: Store,
    study: Study,
    name: str,
    sort: ParsedSort,
    existing_id: int | None,
    card_ids: dict[str, int],
    category_ids: dict[str, int],
    source_tag: str,
    fingerprint: str,
) -> int:
    """Write one sort; returns its participant's id."""
    order = [card_ids[k] for k in sort.card_order]
    if existing_id is None:
        participant, _ = start_participant(
            store,
            study.id,
            name,
            card_order=order,
            lang=sort.lang,
            source=source_tag,
            fingerprint=fingerprint,
        )
        participant_id = participant.id
    else:
        participant_id = existing_id
    groups = tuple(
        Group(
            g.key,
            g.label,
            g.parent_key,
            # a closed/hybrid sort from another tool names the category by its label
            category_ids.get(match_key(g.category if g.category is not None else g.label)),
            position,
        )
        for position, g in enumerate(sort.groups)
    )
    placements = tuple(
        Placement(card_ids[p.card_key], p.state, p.group_key, p.position) for p in sort.placements
    )
    save_sort(store, participant_id, Sort(groups, placements))
    with store.transaction() as tx:
        tx.execute(
            "UPDATE participants SET fingerprint = ?, source = ?, card_order = ?,"
            " started_at = coalesce(?, started_at), lang = coalesce(?, lang) WHERE id = ?",
            (
                fingerprint,
                source_tag,
                json.dumps(order),
                sort.started_at,
                sort.lang,
                participant_id,
            ),
        )
    finish_participant(
        store,
        participant_id,
        duration_s=sort.duration_s,
        finished_at=sort.finished_at or now_iso(),
    )
    return participant_id
