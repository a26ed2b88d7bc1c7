"""Sorts written one row per card per participant (Casolysis, OptimalSort's long layout).

Both long formats reduce to the same rows; this module checks them (a card keeps one label, a
group keeps one label, a card is in at most one group of a participant) and builds the sorts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sessions.formats.errors import FormatError, Problem
from sessions.formats.parsed import (
    ImportReport,
    ParsedCard,
    ParsedGroup,
    ParsedPlacement,
    ParsedSort,
    ParsedStudy,
)
from sessions.models import PlacementState

__all__ = ["LongRow", "build_long"]


@dataclass(frozen=True, slots=True)
class LongRow:
    """One card of one participant; ``group_key`` None means the card was left unsorted."""

    line: int
    participant: str
    card_key: str
    card_label: str
    group_key: str | None
    group_label: str = ""
    duration_s: float | None = None
    started_at: str | None = None
    finished_at: str | None = None


def _card_order(keys: list[str]) -> list[str]:
    if keys and all(k.isdigit() for k in keys):
        return sorted(keys, key=int)
    return keys


@dataclass(slots=True)
class _User:
    first: LongRow
    groups: dict[str, tuple[str, int]] = field(default_factory=dict)
    group_keys: dict[str, str] = field(default_factory=dict)
    placements: dict[str, tuple[str | None, int]] = field(default_factory=dict)


def _check_row(row: LongRow, card_key: str, user: _User, problems: list[Problem]) -> None:
    group_key = row.group_key
    if group_key is not None:
        seen = user.groups.get(group_key)
        if seen is None:
            user.groups[group_key] = (row.group_label, row.line)
            user.group_keys[group_key] = group_key
        elif seen[0] != row.group_label:
            problems.append(
                Problem(
                    f"group {row.group_key!r} of participant {row.participant!r} is called "
                    f"{row.group_label!r} here but {seen[0]!r} on line {seen[1]}",
                    row.line,
                )
            )
        else:
            group_key = user.group_keys[group_key]  # one string per group, not one per row
    earlier = user.placements.get(card_key)
    if earlier is None:
        user.placements[card_key] = (group_key, row.line)
        return
    if earlier[0] != row.group_key:
        reason = (
            f"card {row.card_key!r} is in two groups of participant {row.participant!r}"
            f" ({earlier[0]!r} on line {earlier[1]} and {row.group_key!r} here)"
        )
    else:
        reason = (
            f"card {row.card_key!r} of participant {row.participant!r} is listed twice "
            f"(also on line {earlier[1]})"
        )
    problems.append(Problem(reason, row.line))


def build_long(
    rows: Iterable[LongRow],
    source: str,
    report: ImportReport,
    problems: list[Problem] | None = None,
) -> ParsedStudy:
    """Check long rows and turn them into a :class:`ParsedStudy` (or refuse with every problem).

    ``rows`` is consumed once (a generator streams a large file); ``problems`` already found
    by the caller's row reader, which may still be adding to it while ``rows`` runs, are
    reported with the rest.
    """
    problems = [] if problems is None else problems
    cards: dict[str, tuple[str, int]] = {}
    canonical: dict[str, str] = {}  # one string object per card key, however many rows
    users: dict[str, _User] = {}
    count = 0
    for row in rows:
        count += 1
        known = cards.get(row.card_key)
        if known is None:
            cards[row.card_key] = (row.card_label, row.line)
            canonical[row.card_key] = row.card_key
        elif row.card_label and known[0] != row.card_label:
            problems.append(
                Problem(
                    f"card {row.card_key!r} is called {row.card_label!r} here but "
                    f"{known[0]!r} on line {known[1]}",
                    row.line,
                )
            )
        user = users.get(row.participant)
        if user is None:
            user = users[row.participant] = _User(row)
        _check_row(row, canonical[row.card_key], user, problems)
    if not count:
        problems.append(Problem("the file has a header but no sorts"))
    if problems:
        raise FormatError(source, sorted(problems, key=lambda p: p.line or 0))
    parsed_cards = tuple(
        ParsedCard(key, cards[key][0], line=cards[key][1]) for key in _card_order(list(cards))
    )
    sorts = []
    while users:  # each participant's working dicts go as soon as their sort is built
        name = next(iter(users))
        user = users.pop(name)
        sorts.append(
            ParsedSort(
                participant=name,
                groups=tuple(ParsedGroup(key, label) for key, (label, _) in user.groups.items()),
                placements=tuple(
                    ParsedPlacement(
                        card,
                        PlacementState.PLACED if group is not None else PlacementState.UNSORTED,
                        group,
                        position,
                    )
                    for position, (card, (group, _)) in enumerate(user.placements.items())
                ),
                duration_s=user.first.duration_s,
                started_at=user.first.started_at,
                finished_at=user.first.finished_at,
                line=user.first.line,
            )
        )
    return ParsedStudy(cards=parsed_cards, sorts=tuple(sorts), report=report)
