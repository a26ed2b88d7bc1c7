"""Read a study (or some of its participants) from the store into a :class:`ParsedStudy`.

Every exporter starts here, so all formats write exactly what the store holds (the study's
questions and the participants' answers included; formats without a place for them leave
them out).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sessions.cards import cards_of
from sessions.formats.parsed import (
    ImportReport,
    ParsedCard,
    ParsedGroup,
    ParsedPlacement,
    ParsedQuestion,
    ParsedSort,
    ParsedStudy,
)
from sessions.models import Card, Participant, Study
from sessions.questions import answers_of, questions_of
from sessions.store import Store
from sessions.studies import categories_of, load_sort, participants_of

__all__ = ["read_sort", "read_study"]


def read_sort(
    store: Store,
    participant: Participant,
    cards: Iterable[Card],
    categories: dict[int, str],
    question_numbers: Mapping[int, int] | None = None,
) -> ParsedSort:
    """One participant's stored sort, with cards named by their keys.

    With ``question_numbers`` (question id → number in the file) the participant's answers
    come along, by question number.
    """
    keys = {card.id: card.key for card in cards}
    answers: tuple[tuple[int, str], ...] = ()
    if question_numbers:
        answers = tuple(
            sorted(
                (question_numbers[qid], text)
                for qid, text in answers_of(store, participant.id).items()
                if qid in question_numbers
            )
        )
    sort = load_sort(store, participant.id)
    return ParsedSort(
        participant=participant.name,
        groups=tuple(
            ParsedGroup(
                g.key,
                g.label,
                g.parent_key,
                categories.get(g.category_id) if g.category_id is not None else None,
            )
            for g in sort.groups
        ),
        placements=tuple(
            ParsedPlacement(keys[p.card_id], p.state, p.group_key, p.position)
            for p in sort.placements
            if p.card_id in keys
        ),
        duration_s=participant.duration_s,
        started_at=participant.started_at,
        finished_at=participant.finished_at,
        lang=participant.lang,
        card_order=tuple(keys[i] for i in participant.card_order if i in keys),
        answers=answers,
    )


def read_study(
    store: Store, study: Study, participant_ids: Iterable[int] | None = None
) -> ParsedStudy:
    """The study's cards, categories and sorts (all participants, or only those given)."""
    cards = cards_of(store, study_id=study.id)
    categories = {c.id: c.label for c in categories_of(store, study.id)}
    wanted = None if participant_ids is None else set(participant_ids)
    questions = questions_of(store, study.id)
    numbers = {q.id: number for number, q in enumerate(questions, start=1)}
    sorts = tuple(
        read_sort(store, p, cards, categories, numbers)
        for p in participants_of(store, study.id)
        if wanted is None or p.id in wanted
    )
    return ParsedStudy(
        cards=tuple(
            ParsedCard(c.key, c.label, c.description, c.restricted, audience=c.audience)
            for c in cards
        ),
        sorts=sorts,
        report=ImportReport("cardsort-drive store", f"study {study.name}"),
        kind=study.kind,
        categories=tuple(categories.values()),
        name=study.name,
        instructions_nl=study.instructions_nl,
        instructions_en=study.instructions_en,
        settings=study.settings.to_dict(),
        questions=tuple(
            ParsedQuestion(number, q.kind, q.text_nl, q.text_en, q.choices)
            for number, q in enumerate(questions, start=1)
        ),
    )
