"""kardSort's "Casolysis Data (.csv)": card_id, card_label, category_id, category_label, user_id.

One row per card per participant. A category is identified by ``(user_id, category_id)``, never
by its label (PyPI ``cardsort`` keys on the label and so merges two piles a user named alike).
A row with an empty ``category_id`` is a card the participant left unsorted.
"""

from __future__ import annotations

from collections.abc import Iterator

from sessions.formats.errors import FormatError, Problem
from sessions.formats.longform import LongRow, build_long
from sessions.formats.messages import said
from sessions.formats.parsed import ImportReport, ParsedStudy
from sessions.formats.textio import FileText, RowStream, header_key, tidy, write_csv
from sessions.models import PlacementState

__all__ = ["COLUMNS", "dump", "looks_like", "parse"]

COLUMNS = ("card_id", "card_label", "category_id", "category_label", "user_id")
_KEYS = {header_key(c): c for c in COLUMNS}


def looks_like(header: tuple[str, ...]) -> bool:
    """Whether a header is Casolysis (all five columns present)."""
    return set(_KEYS) <= {header_key(h) for h in header}


def parse(
    text: str | FileText, source: str, *, skip_lines: frozenset[int] = frozenset()
) -> ParsedStudy:
    """Parse Casolysis CSV text; refuse it whole on the first structural problem.

    The rows are streamed (a large export is never held as a table of rows, nor, when each
    participant's rows are together, as a whole study: see :mod:`sessions.formats.longform`)
    and rows starting on a line in ``skip_lines`` are left out.
    """
    table = RowStream(text, source, skip_lines=skip_lines)
    index: dict[str, int] = {}
    report = ImportReport("Casolysis CSV", source)
    for position, name in enumerate(table.header):
        column = _KEYS.get(header_key(name))
        if column is None:
            report.ignored.append(name)
        elif column in index:
            raise FormatError.one(
                source, said("column_twice", column=column), line=table.header_line
            )
        else:
            index[column] = position
            report.mapped.append((name, column))
    missing = [c for c in COLUMNS if c not in index]
    if missing:
        raise FormatError.one(
            source,
            said("missing_columns", missing=", ".join(missing), needed=", ".join(COLUMNS)),
            line=table.header_line,
        )
    problems: list[Problem] = []

    def again(found: list[Problem]) -> Iterator[LongRow]:
        stream = RowStream(text, source, skip_lines=skip_lines)
        yield from _rows(stream, index, found)
        found.extend(stream.problems)  # ragged rows, when an interleaved file is read again

    parsed = build_long(_rows(table, index, problems), source, report, problems, again=again)
    if table.problems:  # ragged rows first, as read_table refuses them before anything else
        raise FormatError(source, table.problems)
    return parsed


def _rows(table: RowStream, index: dict[str, int], problems: list[Problem]) -> Iterator[LongRow]:
    card_id, card_label, category_id, category_label, user_id = (index[c] for c in COLUMNS)
    people: dict[str, str] = {}  # raw user id -> participant name (white space collapsed)
    for line, record in table:
        card = tidy(record[card_id])
        label = tidy(record[card_label])
        group = tidy(record[category_id])
        group_label = tidy(record[category_label])
        raw_user = record[user_id]
        user = people.get(raw_user)
        if user is None:
            user = people[raw_user] = " ".join(raw_user.split())
        before = len(problems)
        for name, value in (("card_id", card), ("card_label", label), ("user_id", user)):
            if not value:
                problems.append(Problem(said("cell_empty", name=name), line))
        if not group and group_label:
            problems.append(Problem(said("category_no_id", label=group_label), line))
        if len(problems) == before:  # a broken row is reported, never checked against others
            yield LongRow(line, user, card, label, group or None, group_label)


def dump(study: ParsedStudy) -> tuple[str, list[str]]:
    """Casolysis CSV text for a study, and what the format could not hold."""
    labels = {card.key: card.label for card in study.cards}
    out: list[list[str]] = []
    unsure = 0
    nested = 0
    next_id = 1
    for sort in study.sorts:
        ids: dict[str, str] = {}
        for group in sort.groups:
            ids[group.key] = str(next_id)
            next_id += 1
            nested += group.parent_key is not None
        for placement in sort.placements:
            if placement.state is PlacementState.UNSURE:
                unsure += 1
            if placement.group_key is None:
                continue
            group = sort.group(placement.group_key)
            out.append(
                [
                    placement.card_key,
                    labels[placement.card_key],
                    ids[group.key],
                    group.label,
                    sort.participant,
                ]
            )
    warnings: list[str] = []
    if unsure:
        warnings.append(said("unsure_left_out_casolysis", count=unsure))
    if nested:
        warnings.append(said("nested_flat", count=nested))
    return write_csv(COLUMNS, out), warnings
