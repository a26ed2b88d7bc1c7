"""kardSort's "Casolysis Data (.csv)": card_id, card_label, category_id, category_label, user_id.

One row per card per participant. A category is identified by ``(user_id, category_id)``, never
by its label (PyPI ``cardsort`` keys on the label and so merges two piles a user named alike).
A row with an empty ``category_id`` is a card the participant left unsorted.
"""

from __future__ import annotations

from sessions.formats.errors import FormatError, Problem
from sessions.formats.longform import LongRow, build_long
from sessions.formats.parsed import ImportReport, ParsedStudy
from sessions.formats.textio import header_key, read_table, tidy, write_csv
from sessions.models import PlacementState

__all__ = ["COLUMNS", "dump", "looks_like", "parse"]

COLUMNS = ("card_id", "card_label", "category_id", "category_label", "user_id")
_KEYS = {header_key(c): c for c in COLUMNS}


def looks_like(header: tuple[str, ...]) -> bool:
    """Whether a header is Casolysis (all five columns present)."""
    return set(_KEYS) <= {header_key(h) for h in header}


def parse(text: str, source: str, *, skip_lines: frozenset[int] = frozenset()) -> ParsedStudy:
    """Parse Casolysis CSV text; refuse it whole on the first structural problem.

    Rows starting on a line in ``skip_lines`` are left out.
    """
    table = read_table(text, source, skip_lines=skip_lines)
    index: dict[str, int] = {}
    report = ImportReport("Casolysis CSV", source)
    for position, name in enumerate(table.header):
        column = _KEYS.get(header_key(name))
        if column is None:
            report.ignored.append(name)
        elif column in index:
            raise FormatError.one(
                source, f"column {column!r} appears twice", line=table.header_line
            )
        else:
            index[column] = position
            report.mapped.append((name, column))
    missing = [c for c in COLUMNS if c not in index]
    if missing:
        raise FormatError.one(
            source,
            f"missing column(s) {', '.join(missing)}; a Casolysis file needs {', '.join(COLUMNS)}",
            line=table.header_line,
        )
    rows: list[LongRow] = []
    problems: list[Problem] = []
    for line, record in table.rows:
        value = {c: tidy(record[i]) for c, i in index.items()}
        for required in ("card_id", "card_label", "user_id"):
            if not value[required]:
                problems.append(Problem(f"{required} is empty", line))
        if not value["category_id"] and value["category_label"]:
            problems.append(
                Problem(f"category {value['category_label']!r} has no category_id", line)
            )
        rows.append(
            LongRow(
                line=line,
                participant=" ".join(value["user_id"].split()),
                card_key=value["card_id"],
                card_label=value["card_label"],
                group_key=value["category_id"] or None,
                group_label=value["category_label"],
            )
        )
    if problems:
        raise FormatError(source, problems)
    return build_long(rows, source, report)


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
        warnings.append(f"{unsure} card(s) marked unsure are left out (Casolysis has no 'unsure').")
    if nested:
        warnings.append(
            f"{nested} subgroup(s) are written as groups of their own (Casolysis is flat)."
        )
    return write_csv(COLUMNS, out), warnings
