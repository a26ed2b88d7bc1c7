"""The wide item × participant CSV (DistatisR, SensoMineR ``fast``).

One row per card (the first column names it), one column per participant. A cell is the
participant's group for that card: a group id (``3``, ``G3``) or the group's words separated
by ``;`` (``exotic;sweet``: the words are the label, and equal word lists in one column are one
group). A blank cell is a card the participant left unsorted. Group ids are local to a column.
"""

from __future__ import annotations

import re

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
from sessions.formats.textio import read_table, tidy, write_csv
from sessions.models import PlacementState

__all__ = ["dump", "is_group_id", "parse"]

# A spreadsheet that stored the ids as numbers writes them as "3.0": still an id, not a name.
_ID = re.compile(r"[A-Za-z]{0,2}\d{1,6}(?:[.,]0+)?")


def is_group_id(cell: str) -> bool:
    """Whether a cell is a bare group id (``7``, ``G3``, ``3.0``) rather than label words.

    Examples
    --------
    >>> [is_group_id(c) for c in ("7", "G3", "3.0", "1,0", "3.5", "fruity")]
    [True, True, True, True, False, False]
    """
    return _ID.fullmatch(cell) is not None


def _group_of(cell: str) -> tuple[str, str]:
    """(group key, label) of a non-blank cell."""
    if is_group_id(cell):
        return cell, ""
    words = [w for w in (tidy(part) for part in cell.split(";")) if w]
    text = ";".join(words)
    if words and all(is_group_id(w) for w in words):
        return text, ""  # "1.0;4.0" is a pile of ids, not a name anybody gave
    return text, text


def parse(text: str, source: str, *, skip_lines: frozenset[int] = frozenset()) -> ParsedStudy:
    """Parse wide CSV text; refuse it whole on any structural problem.

    Card rows starting on a line in ``skip_lines`` are left out.
    """
    table = read_table(text, source, skip_lines=skip_lines)
    report = ImportReport("wide item × participant CSV", source)
    item_column = tidy(table.header[0]) or "(first column)"
    report.mapped.append((item_column, "card label"))
    problems: list[Problem] = []
    names: list[str] = []
    seen_names: dict[str, int] = {}
    for position, raw in enumerate(table.header[1:], start=2):
        name = " ".join(raw.split())
        if not name:
            problems.append(
                Problem(said("column_no_participant", position=position), table.header_line)
            )
        elif name in seen_names:
            problems.append(
                Problem(
                    said(
                        "participant_two_columns",
                        participant=name,
                        first=seen_names[name],
                        second=position,
                    ),
                    table.header_line,
                )
            )
        seen_names.setdefault(name, position)
        names.append(name)
    report.mapped.append((f"{len(names)} other columns", "one participant each"))
    cards: list[ParsedCard] = []
    seen_items: dict[str, int] = {}
    for number, (line, record) in enumerate(table.rows, start=1):
        label = tidy(record[0])
        if not label:
            problems.append(Problem(said("card_name_empty"), line))
        elif label in seen_items:
            problems.append(
                Problem(said("card_listed_twice", card=label, line=seen_items[label]), line)
            )
        seen_items.setdefault(label, line)
        cards.append(ParsedCard(f"c{number}", label, line=line))
    if not table.rows:
        problems.append(Problem(said("no_cards"), table.header_line))
    if problems:
        raise FormatError(source, problems)
    sorts: list[ParsedSort] = []
    ids_used = 0
    words_used = 0
    for column, name in enumerate(names, start=1):
        groups: dict[str, ParsedGroup] = {}
        placements: list[ParsedPlacement] = []
        for position, (card, (_line, record)) in enumerate(zip(cards, table.rows, strict=True)):
            cell = tidy(record[column])
            if not cell:
                placements.append(
                    ParsedPlacement(card.key, PlacementState.UNSORTED, None, position)
                )
                continue
            key, label = _group_of(cell)
            if label:
                words_used += 1
            else:
                ids_used += 1
            groups.setdefault(key, ParsedGroup(key, label))
            placements.append(ParsedPlacement(card.key, PlacementState.PLACED, key, position))
        sorts.append(
            ParsedSort(name, tuple(groups.values()), tuple(placements), line=table.header_line)
        )
    report.notes.append(said("wide_cells", ids=ids_used, words=words_used))
    return ParsedStudy(
        cards=tuple(cards), sorts=tuple(sorts), report=report, card_keys_from_file=False
    )


def _cell_labels(groups: list[ParsedGroup]) -> dict[str, str]:
    """The cell text of each group: its label where that round-trips, else a group id.

    An unlabelled group keeps its own key when that is an id (``G3`` stays ``G3``), so a wide
    file read and written again comes out the same.
    """
    counts: dict[str, int] = {}
    for group in groups:
        counts[group.label] = counts.get(group.label, 0) + 1
    cells: dict[str, str] = {}
    for group in groups:
        text = group.label
        if (
            tidy(text)
            and not is_group_id(tidy(text))
            and _group_of(text) == (text, text)
            and counts[text] == 1
        ):
            cells[group.key] = text
    used = set(cells.values())
    for group in groups:
        if group.key in cells:
            continue
        if is_group_id(group.key) and group.key not in used:
            cells[group.key] = group.key
            used.add(group.key)
    number = 1
    for group in groups:
        if group.key in cells:
            continue
        while f"G{number}" in used:
            number += 1
        cells[group.key] = f"G{number}"
        used.add(cells[group.key])
    return cells


def dump(study: ParsedStudy) -> tuple[str, list[str]]:
    """Wide CSV text for a study, and what the format could not hold."""
    warnings: list[str] = []
    item_names: list[str] = []
    taken: set[str] = set()
    for card in study.cards:
        name = card.label
        if name in taken or not tidy(name):
            name = f"{card.label} ({card.key})"
            warnings.append(said("label_not_unique", key=card.key, name=name))
        taken.add(name)
        item_names.append(name)
    columns: list[dict[str, str]] = []
    relabelled = 0
    unsure = 0
    nested = 0
    for sort in study.sorts:
        cells = _cell_labels(list(sort.groups))
        relabelled += sum(1 for g in sort.groups if g.label and cells[g.key] != g.label)
        nested += sum(1 for g in sort.groups if g.parent_key is not None)
        column: dict[str, str] = {}
        for placement in sort.placements:
            if placement.group_key is not None:
                column[placement.card_key] = cells[placement.group_key]
            elif placement.state is PlacementState.UNSURE:
                unsure += 1
        columns.append(column)
    rows = [
        [name, *(column.get(card.key, "") for column in columns)]
        for name, card in zip(item_names, study.cards, strict=True)
    ]
    if relabelled:
        warnings.append(said("relabelled", count=relabelled))
    if unsure:
        warnings.append(said("unsure_blank", count=unsure))
    if nested:
        warnings.append(said("nested", count=nested))
    header = ["item", *(sort.participant for sort in study.sorts)]
    return write_csv(header, rows), warnings
