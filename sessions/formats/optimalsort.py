"""OptimalSort's raw CSV export, read tolerantly.

Its layout is not documented and has changed over the years, so columns are recognised by
their header names (NFKC, case-folded, ``_ - .`` as spaces; look-alike letters from public
exports normalise away), unknown columns are ignored and listed, and the report says exactly
which column was read as what. Two layouts are accepted:

* long: one row per card per participant, with participant, card and category columns;
* wide: one row per participant, one column per card, cells holding the category label
  (known metadata columns such as "Time taken" are read, everything else is a card).

Categories in OptimalSort exports have no ids: within one participant, a category is its label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sessions.formats.errors import FormatError, Problem
from sessions.formats.limits import duration_or_none
from sessions.formats.longform import LongRow, build_long
from sessions.formats.messages import said
from sessions.formats.parsed import ImportReport, ParsedStudy
from sessions.formats.textio import FileText, RowStream, header_key, tidy, write_csv
from sessions.models import PlacementState
from sessions.said import Listed

__all__ = ["ROLES", "dump", "looks_like", "map_columns", "parse", "parse_duration"]

#: Header names (normalised with :func:`header_key`) and what they mean.
ROLES: dict[str, tuple[str, ...]] = {
    "participant": (
        "participant",
        "participant id",
        "participantid",
        "participant no",
        "participant number",
        "participant name",
        "participant code",
        "user",
        "user id",
        "userid",
        "respondent",
        "respondent id",
        "response id",
        "session id",
        "deelnemer",
    ),
    "card_label": ("card", "card label", "card name", "card title", "card text", "kaart"),
    "card_id": ("card id", "cardid", "card no", "card number", "card index"),
    "category_label": (
        "category",
        "category label",
        "category name",
        "category title",
        "group",
        "group label",
        "group name",
        "pile",
        "categorie",
        "groep",
    ),
    "category_id": ("category id", "categoryid", "category no", "group id", "groupid"),
    "duration": (
        "time taken",
        "time taken s",
        "time taken seconds",
        "time taken sec",
        "duration",
        "duration s",
        "duration seconds",
        "seconds",
        "time s",
        "time seconds",
        "completion time",
    ),
    "started": ("started", "started at", "start time", "start date", "start", "time started"),
    "finished": (
        "completed",
        "completed at",
        "completion date",
        "finished",
        "finished at",
        "end time",
        "ended",
        "end date",
        "time completed",
    ),
}
#: Columns recognised and deliberately not used (listed as ignored in the report).
_KNOWN_IGNORED = (
    "standardized category",
    "standardised category",
    "ip address",
    "ip",
    "comments",
    "comment",
    "email",
    "e mail",
    "status",
    "device",
    "browser",
    "os",
    "country",
    "city",
    "recording",
    "tags",
    "questionnaire",
    "pre study questions",
    "post study questions",
)
_BY_NAME = {header_key(name): role for role, names in ROLES.items() for name in names}
_IGNORED = {header_key(n) for n in _KNOWN_IGNORED}


def map_columns(header: tuple[str, ...]) -> tuple[dict[str, int], list[int], list[str]]:
    """(role → column index, indexes of unrecognised columns, recognised-but-unused names)."""
    roles: dict[str, int] = {}
    unknown: list[int] = []
    ignored: list[str] = []
    for index, name in enumerate(header):
        key = header_key(name)
        role = _BY_NAME.get(key)
        if role is not None and role not in roles:
            roles[role] = index
        elif key in _IGNORED or role is not None:
            ignored.append(name)
        else:
            unknown.append(index)
    return roles, unknown, ignored


def looks_like(header: tuple[str, ...]) -> bool:
    """Whether a header has a participant column (long or wide OptimalSort layout)."""
    roles, _, _ = map_columns(header)
    return "participant" in roles


_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)")


def parse_duration(text: str) -> float | None:
    """Seconds from ``"754"``, ``"754.2"``, ``"12:34"`` or ``"1:02:03"``; None if unreadable."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        match = _CLOCK.fullmatch(text)
        if match is None:
            return None
        hours, minutes, seconds = match.groups()
        if hours is not None and len(hours) > 6:
            return None
        return duration_or_none(int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds))
    return duration_or_none(value)


def parse(
    text: str | FileText, source: str, *, skip_lines: frozenset[int] = frozenset()
) -> ParsedStudy:
    """Parse an OptimalSort raw CSV (long or wide layout); rows in ``skip_lines`` left out.

    The rows are streamed, never held as a table.
    """
    table = RowStream(text, source, skip_lines=skip_lines)
    roles, unknown, ignored = map_columns(table.header)
    if "participant" not in roles:
        raise FormatError.one(
            source,
            said(
                "no_participant_column",
                columns=Listed([said("quoted", name=h) for h in table.header]),
            ),
            line=table.header_line,
        )
    report = ImportReport("OptimalSort raw CSV", source)
    for role, index in roles.items():
        report.mapped.append((table.header[index], role.replace("_", " ")))
    report.ignored.extend(ignored)
    has_card = "card_label" in roles or "card_id" in roles
    has_category = "category_label" in roles or "category_id" in roles
    if has_card and has_category:
        report.format = "OptimalSort raw CSV (long: one row per card)"
        report.ignored.extend(table.header[i] for i in unknown)
        return _parse_long(table, roles, source, report)
    if has_card or has_category:
        missing = "category" if has_card else "card"
        raise FormatError.one(
            source,
            said("half_long", found="card" if has_card else "category", missing=missing),
            line=table.header_line,
        )
    if not unknown:
        raise FormatError.one(source, said("no_card_columns"), line=table.header_line)
    report.format = "OptimalSort raw CSV (wide: one column per card)"
    report.mapped.extend((table.header[i], "card") for i in unknown)
    return _parse_wide(table.header, table, roles, unknown, source, report)


def _meta(
    record: Sequence[str], roles: dict[str, int], line: int, report: ImportReport
) -> tuple[float | None, str | None, str | None]:
    duration = None
    if "duration" in roles:
        raw = tidy(record[roles["duration"]])
        duration = parse_duration(raw)
        if raw and duration is None:
            report.notes.append(said("bad_time", line=line, raw=raw))
    started = (tidy(record[roles["started"]]) or None) if "started" in roles else None
    finished = (tidy(record[roles["finished"]]) or None) if "finished" in roles else None
    return duration, started, finished


def _parse_long(
    rows: RowStream,
    roles: dict[str, int],
    source: str,
    report: ImportReport,
) -> ParsedStudy:
    problems: list[Problem] = []
    out: list[LongRow] = []
    for line, record in rows:
        participant = " ".join(record[roles["participant"]].split())
        card_label = tidy(record[roles["card_label"]]) if "card_label" in roles else ""
        card_key = tidy(record[roles["card_id"]]) if "card_id" in roles else card_label
        group_label = tidy(record[roles["category_label"]]) if "category_label" in roles else ""
        group_key = tidy(record[roles["category_id"]]) if "category_id" in roles else group_label
        if not participant:
            problems.append(Problem(said("participant_empty"), line))
        if not card_key:
            problems.append(Problem(said("card_empty"), line))
        duration, started, finished = _meta(record, roles, line, report)
        out.append(
            LongRow(
                line,
                participant,
                card_key,
                card_label or card_key,
                group_key or None,
                group_label,
                duration,
                started,
                finished,
            )
        )
    if rows.problems:  # ragged rows first, as a table reader refuses them before anything else
        raise FormatError(source, rows.problems)
    if problems:
        raise FormatError(source, problems)
    if "category_id" not in roles:
        report.notes.append(said("labels_within_participant"))
    parsed = build_long(out, source, report)
    parsed.card_keys_from_file = "card_id" in roles
    return parsed


def _parse_wide(
    header: tuple[str, ...],
    rows: RowStream,
    roles: dict[str, int],
    card_columns: list[int],
    source: str,
    report: ImportReport,
) -> ParsedStudy:
    problems: list[Problem] = []
    labels = [tidy(header[i]) for i in card_columns]
    seen: dict[str, int] = {}
    for index, label in zip(card_columns, labels, strict=True):
        if not label:
            problems.append(Problem(said("column_no_card", position=index + 1), 1))
        elif label in seen:
            problems.append(Problem(said("card_two_columns", card=label), 1))
        seen[label] = index
    out: list[LongRow] = []
    for line, record in rows:
        participant = " ".join(record[roles["participant"]].split())
        if not participant:
            problems.append(Problem(said("participant_empty"), line))
        duration, started, finished = _meta(record, roles, line, report)
        for index, label in zip(card_columns, labels, strict=True):
            category = tidy(record[index])
            out.append(
                LongRow(
                    line,
                    participant,
                    label,
                    label,
                    category or None,
                    category,
                    duration,
                    started,
                    finished,
                )
            )
    if rows.problems:  # ragged rows first, as a table reader refuses them before anything else
        raise FormatError(source, rows.problems)
    if problems:
        raise FormatError(source, problems)
    report.notes.append(said("labels_within_participant"))
    parsed = build_long(out, source, report)
    parsed.card_keys_from_file = False
    return parsed


def dump(study: ParsedStudy) -> tuple[str, list[str]]:
    """The long layout: one row per placed card, with the participant's time taken."""
    labels = {card.key: card.label for card in study.cards}
    header = (
        "Participant ID",
        "Card ID",
        "Card label",
        "Category ID",
        "Category label",
        "Time taken (s)",
    )
    rows: list[list[str]] = []
    unsure = 0
    for sort in study.sorts:
        duration = "" if sort.duration_s is None else f"{sort.duration_s:g}"
        numbers = {group.key: str(n) for n, group in enumerate(sort.groups, start=1)}
        for placement in sort.placements:
            unsure += placement.state is PlacementState.UNSURE
            if placement.group_key is None:
                continue
            group = sort.group(placement.group_key)
            rows.append(
                [
                    sort.participant,
                    placement.card_key,
                    labels[placement.card_key],
                    numbers[group.key],
                    group.label,
                    duration,
                ]
            )
    warnings: list[str] = []
    if unsure:
        warnings.append(said("unsure_left_out", count=unsure))
    return write_csv(header, rows), warnings
