"""Sorts written one row per card per participant (Casolysis, OptimalSort's long layout).

Both long formats reduce to the same rows; this module checks them (a card keeps one label, a
group keeps one label, a card is in at most one group of a participant) and builds the sorts.

A large export lists each participant's rows together. Given a way to read the rows ``again``,
:func:`build_long` checks the file in one pass holding only the current participant, and the
study's sorts are built one participant at a time from a second pass while they are written
(:class:`LongSorts`): memory stays bounded by one participant, not the file. A file that
interleaves participants is read whole, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from sessions.formats.errors import FormatError, Problem
from sessions.formats.messages import said
from sessions.formats.parsed import (
    ImportReport,
    ParsedCard,
    ParsedGroup,
    ParsedPlacement,
    ParsedSort,
    ParsedStudy,
)
from sessions.models import PlacementState

__all__ = ["LongRow", "LongSorts", "build_long"]


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


#: Reads the rows once more; the reader appends problems it finds to the list it is given.
RowSource = Callable[[list[Problem]], Iterable[LongRow]]


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
                    said(
                        "group_two_labels",
                        group=row.group_key,
                        participant=row.participant,
                        label=row.group_label,
                        earlier=seen[0],
                        line=seen[1],
                    ),
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
        reason = said(
            "card_two_groups",
            card=row.card_key,
            participant=row.participant,
            earlier=earlier[0],
            line=earlier[1],
            group=row.group_key,
        )
    else:
        reason = said(
            "card_twice_for", card=row.card_key, participant=row.participant, line=earlier[1]
        )
    problems.append(Problem(reason, row.line))


def _sort(name: str, user: _User) -> ParsedSort:
    return ParsedSort(
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


class _Interleaved(Exception):
    """A participant's rows continue after another participant's: read the file whole."""


class LongSorts(Sequence[ParsedSort]):
    """The sorts of a checked long file, built one participant at a time on each iteration.

    Iterating reads the rows again and yields a participant's sort as soon as their rows end,
    so only one participant is held at a time. Indexing iterates (for tests and small files).
    """

    def __init__(self, again: RowSource, count: int) -> None:
        self._again = again
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[ParsedSort]:
        current: tuple[str, _User] | None = None
        for row in self._again([]):
            if current is None or current[0] != row.participant:
                if current is not None:
                    yield _sort(*current)
                current = (row.participant, _User(row))
            _check_row(row, row.card_key, current[1], [])
        if current is not None:
            yield _sort(*current)

    def __getitem__(self, index: int) -> ParsedSort:  # type: ignore[override]
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]


def build_long(
    rows: Iterable[LongRow],
    source: str,
    report: ImportReport,
    problems: list[Problem] | None = None,
    *,
    again: RowSource | None = None,
) -> ParsedStudy:
    """Check long rows and turn them into a :class:`ParsedStudy` (or refuse with every problem).

    ``rows`` is consumed once (a generator streams a large file); ``problems`` already found
    by the caller's row reader, which may still be adding to it while ``rows`` runs, are
    reported with the rest. With ``again`` (the same rows read anew) and each participant's
    rows together, only the current participant is held and the sorts are a :class:`LongSorts`.
    """
    if again is None:
        return _build(rows, source, report, [] if problems is None else problems, streamed=False)
    try:
        return _build(rows, source, report, [] if problems is None else problems, again=again)
    except _Interleaved:
        fresh: list[Problem] = []
        return _build(again(fresh), source, report, fresh, streamed=False)


def _build(
    rows: Iterable[LongRow],
    source: str,
    report: ImportReport,
    problems: list[Problem],
    *,
    streamed: bool = True,
    again: RowSource | None = None,
) -> ParsedStudy:
    cards: dict[str, tuple[str, int]] = {}
    canonical: dict[str, str] = {}  # one string object per card key, however many rows
    users: dict[str, _User] = {}
    finished: set[str] = set()  # participants whose rows have ended (streamed only)
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
                    said(
                        "card_two_labels",
                        card=row.card_key,
                        label=row.card_label,
                        earlier=known[0],
                        line=known[1],
                    ),
                    row.line,
                )
            )
        user = users.get(row.participant)
        if user is None:
            if streamed:
                if row.participant in finished:
                    raise _Interleaved
                finished.update(users)
                users.clear()  # the previous participant's rows have ended: forget them
            user = users[row.participant] = _User(row)
        _check_row(row, canonical[row.card_key], user, problems)
    if not count:
        problems.append(Problem(said("no_sorts")))
    if problems:
        raise FormatError(source, sorted(problems, key=lambda p: p.line or 0))
    parsed_cards = tuple(
        ParsedCard(key, cards[key][0], line=cards[key][1]) for key in _card_order(list(cards))
    )
    if streamed:
        assert again is not None
        sorts: Sequence[ParsedSort] = LongSorts(again, len(finished) + len(users))
        return ParsedStudy(cards=parsed_cards, sorts=sorts, report=report)
    built = []
    while users:  # each participant's working dicts go as soon as their sort is built
        name = next(iter(users))
        built.append(_sort(name, users.pop(name)))
    return ParsedStudy(cards=parsed_cards, sorts=tuple(built), report=report)
