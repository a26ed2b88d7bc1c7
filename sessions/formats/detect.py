"""Recognise a sort file's format by its content, and read it.

JSON starts with ``{``. A CSV with the five Casolysis columns is Casolysis; one with a
participant column (``Participant ID`` and the like) is OptimalSort; anything else with a
first column of card names and one column per participant is the wide layout.

A file is checked as text in one chunked pass and then read from disk line by line
(:class:`~sessions.formats.textio.FileText`), so a large long-format CSV is never held whole;
JSON and the wide layout are read whole as they need.
"""

from __future__ import annotations

from pathlib import Path

from sessions.formats import casolysis, jsonfmt, optimalsort, wide
from sessions.formats.errors import FormatError
from sessions.formats.messages import said
from sessions.formats.parsed import ParsedStudy
from sessions.formats.textio import FileText, read_header

__all__ = ["FORMATS", "detect", "parse_text", "read_file"]

FORMATS = ("casolysis", "wide", "optimalsort", "json")


def _wide(
    text: str | FileText, source: str, *, skip_lines: frozenset[int] = frozenset()
) -> ParsedStudy:
    """The wide layout, read whole (its rows are cards, not participants)."""
    whole = text if isinstance(text, str) else text.read()
    return wide.parse(whole, source, skip_lines=skip_lines)


_CSV_PARSERS = {
    "casolysis": casolysis.parse,
    "wide": _wide,
    "optimalsort": optimalsort.parse,
}


def detect(text: str | FileText, source: str) -> str:
    """The format of a file's text (one of :data:`FORMATS`)."""
    start = text if isinstance(text, str) else text.head()
    if start.lstrip().startswith(("{", "[")):
        return "json"
    _, header = read_header(text, source)
    if casolysis.looks_like(header):
        return "casolysis"
    if optimalsort.looks_like(header):
        return "optimalsort"
    return "wide"


def parse_text(
    text: str | FileText, source: str, fmt: str = "auto", *, skip_invalid: bool = False
) -> tuple[ParsedStudy, str]:
    """Parse text in ``fmt`` (or the detected format); returns (parsed, format name).

    With ``skip_invalid`` a CSV whose only problems are in data rows (an empty user id, a card
    in two piles of one participant, a ragged row) is read without those rows; every skipped
    line and its reasons are in ``parsed.report.skipped``. A problem with the file as a whole
    (a missing column, no sorts left) still refuses it.
    """
    if fmt == "auto":
        fmt = detect(text, source)
    if fmt == "json":
        if skip_invalid:
            raise FormatError.one(source, said("json_no_rows"))
        return jsonfmt.parse(text if isinstance(text, str) else text.read(), source), fmt
    parser = _CSV_PARSERS.get(fmt)
    if parser is None:
        raise FormatError.one(
            source, said("unknown_format", format=fmt, formats=", ".join(FORMATS))
        )
    if not skip_invalid:
        return parser(text, source), fmt
    header_line, _ = read_header(text, source)
    skipped: dict[int, list[str]] = {}
    while True:  # each round skips at least one more line, so this ends
        try:
            parsed = parser(text, source, skip_lines=frozenset(skipped))
        except FormatError as error:
            rows = [p for p in error.problems if p.line is not None and p.line > header_line]
            if len(rows) != len(error.problems) or any(p.line in skipped for p in rows):
                raise
            for problem in rows:
                assert problem.line is not None
                skipped.setdefault(problem.line, []).append(problem.reason)
            continue
        parsed.report.skipped = [(line, tuple(skipped[line])) for line in sorted(skipped)]
        return parsed, fmt


def read_file(
    path: Path | str, fmt: str = "auto", encoding: str | None = None, *, skip_invalid: bool = False
) -> tuple[ParsedStudy, str]:
    """Read and fully validate a sort file; nothing is written anywhere."""
    target = Path(path)
    source = str(target)
    try:
        text = FileText.open(target, source, encoding)
    except FileNotFoundError as error:
        raise FormatError.one(source, said("no_file")) from error
    except IsADirectoryError as error:
        raise FormatError.one(source, said("is_folder")) from error
    except OSError as error:
        raise FormatError.one(source, said("cannot_read", why=error.strerror)) from error
    return parse_text(text, source, fmt, skip_invalid=skip_invalid)
