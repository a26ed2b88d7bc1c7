"""Read a study (or some of its participants) from the store into a :class:`ParsedStudy`.

Every exporter starts here, so all formats write exactly what the store holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from sessions.cards import cards_of
from sessions.formats.parsed import (
    ImportReport,
    ParsedCard,
    ParsedGroup,
    ParsedPlacement,
    ParsedSort,
    ParsedStudy,
)
from sessions.models import Card, Participant, Study
from sessions.store import Store
from sessions.studies import categories_of, load_sort, participants_of

__all__ = ["read_sort", "read_study"]


def read_sort(
    store: Store, participant: Participant, cards: Iterable[Card], categories: dict[int, str]
) -> ParsedSort:
    """One participant's stored sort, with cards named by their keys."""
    keys = {card.id: card.key for card in cards}
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
    )


def read_study(
    store: Store, study: Study, participant_ids: Iterable[int] | None = None
) -> ParsedStudy:
    """The study's cards, categories and sorts (all participants, or only those given)."""
    cards = cards_of(store, study_id=study.id)
    categories = {c.id: c.label for c in categories_of(store, study.id)}
    wanted = None if participant_ids is None else set(participant_ids)
    sorts = tuple(
        read_sort(store, p, cards, categories)
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
    )
