"""Recognise a sort file's format by its content, and read it.

JSON starts with ``{``. A CSV with the five Casolysis columns is Casolysis; one with a
participant column (``Participant ID`` and the like) is OptimalSort; anything else with a
first column of card names and one column per participant is the wide layout.
"""

from __future__ import annotations

from pathlib import Path

from sessions.formats import casolysis, jsonfmt, optimalsort, wide
from sessions.formats.errors import FormatError
from sessions.formats.parsed import ParsedStudy
from sessions.formats.textio import decode, read_table

__all__ = ["FORMATS", "detect", "parse_text", "read_file"]

FORMATS = ("casolysis", "wide", "optimalsort", "json")
_PARSERS = {
    "casolysis": casolysis.parse,
    "wide": wide.parse,
    "optimalsort": optimalsort.parse,
    "json": jsonfmt.parse,
}


def detect(text: str, source: str) -> str:
    """The format of a file's text (one of :data:`FORMATS`)."""
    if text.lstrip().startswith(("{", "[")):
        return "json"
    table = read_table(text, source)
    if casolysis.looks_like(table.header):
        return "casolysis"
    if optimalsort.looks_like(table.header):
        return "optimalsort"
    return "wide"


def parse_text(text: str, source: str, fmt: str = "auto") -> tuple[ParsedStudy, str]:
    """Parse text in ``fmt`` (or the detected format); returns (parsed, format name)."""
    if fmt == "auto":
        fmt = detect(text, source)
    parser = _PARSERS.get(fmt)
    if parser is None:
        raise FormatError.one(source, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return parser(text, source), fmt


def read_file(
    path: Path | str, fmt: str = "auto", encoding: str | None = None
) -> tuple[ParsedStudy, str]:
    """Read and fully validate a sort file; nothing is written anywhere."""
    target = Path(path)
    source = str(target)
    try:
        data = target.read_bytes()
    except FileNotFoundError as error:
        raise FormatError.one(source, "there is no such file") from error
    except IsADirectoryError as error:
        raise FormatError.one(source, "this is a folder, not a file") from error
    except OSError as error:
        raise FormatError.one(source, f"cannot read the file: {error.strerror}") from error
    return parse_text(decode(data, source, encoding), source, fmt)
