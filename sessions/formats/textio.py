"""Reading delimited text the way spreadsheets write it: BOMs, encodings, ``;`` or ``,``.

Spreadsheets in a Dutch locale save CSV with ``;``; Excel adds a UTF-8 BOM; some tools write
UTF-16. We accept all of those, but a file that is not valid text in the encoding we settle on
is refused with the line of the first bad byte, never silently guessed into mojibake.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sessions.formats.errors import FormatError, Problem
from sessions.formats.messages import said

__all__ = [
    "FileText",
    "RowStream",
    "Table",
    "decode",
    "header_key",
    "match_key",
    "read_header",
    "read_table",
    "tidy",
]

DELIMITERS = (",", ";", "\t")


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """The text of a file: BOM-aware, UTF-8 unless ``encoding`` says otherwise."""
    if data.startswith(b"PK\x03\x04"):
        raise FormatError.one(
            source,
            said("xlsx"),
            line=1,
        )
    if encoding is None:
        if data.startswith(b"\xef\xbb\xbf"):
            encoding, data = "utf-8", data[3:]
        elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
            encoding = "utf-16"
        else:
            encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError as error:
        raise FormatError.one(source, said("unknown_encoding", encoding=encoding)) from error
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.start + 1].hex().upper()
        raise FormatError.one(
            source,
            said("not_encoding", encoding=encoding, byte=bad),
            line=line,
        ) from error
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FormatError.one(source, said("nul"), line=line)
    return text.lstrip("\ufeff")


_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class FileText:
    """A text file checked as :func:`decode` checks it, then read line by line from disk.

    A large CSV export is never held whole: every pass over its rows opens the file again.
    """

    path: Path
    encoding: str
    #: (size, modification time) when checked: a file changed since is refused, not half-read.
    stamp: tuple[int, int] = (0, 0)

    @classmethod
    def open(cls, path: Path, source: str, encoding: str | None = None) -> FileText:
        """Check the whole file in chunks; any problem is the error :func:`decode` gives."""
        with path.open("rb") as handle:
            head = handle.read(4)
            if head.startswith(b"PK\x03\x04"):
                return cls._refused(path, source, encoding)
            chosen = encoding
            if chosen is None:  # as decode(): a UTF-16 BOM says UTF-16, anything else UTF-8
                chosen = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
            try:
                decoder = codecs.getincrementaldecoder(chosen)()
            except LookupError:
                return cls._refused(path, source, encoding)
            handle.seek(0)
            try:
                while chunk := handle.read(_CHUNK):
                    if "\x00" in decoder.decode(chunk):
                        return cls._refused(path, source, encoding)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return cls._refused(path, source, encoding)
        return cls(path, chosen, _stamp(path))

    @classmethod
    def _refused(cls, path: Path, source: str, encoding: str | None) -> FileText:
        # rare: read whole so the message (and its line) is exactly decode()'s
        decode(path.read_bytes(), source, encoding)
        raise AssertionError("decode() accepted what the chunked check refused")  # pragma: no cover

    def lines(self) -> Iterator[str]:
        """The file's lines with their endings, as :func:`_lines` splits a text."""
        try:
            same = _stamp(self.path) == self.stamp
        except OSError:
            same = False
        if not same:
            raise FormatError.one(str(self.path), said("changed_while_reading"))
        with self.path.open(encoding=self.encoding, newline="") as handle:
            first = True
            for line in handle:
                yield line.lstrip("\ufeff") if first else line
                first = False

    def head(self, size: int = 4096) -> str:
        """The first ``size`` characters (enough to recognise JSON)."""
        with self.path.open(encoding=self.encoding, newline="") as handle:
            return handle.read(size).lstrip("\ufeff")

    def read(self) -> str:
        """The whole text, for formats that need it at once (JSON, the wide layout)."""
        return decode(self.path.read_bytes(), str(self.path), self.encoding)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _line_source(text: str | FileText, start: int = 0) -> Iterator[str]:
    return _lines(text, start) if isinstance(text, str) else text.lines()


def tidy(value: str) -> str:
    """A cell's value with surrounding white space (incl. non-breaking and zero-width) removed."""
    value = value.strip()  # str.strip() already removes non-breaking spaces
    if "\u200b" in value:
        value = value.strip("\u200b").strip()
    return value


def header_key(name: str) -> str:
    """A column name made comparable: NFKC, case-folded, ``_ - .`` and runs of spaces as one."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[()\[\]:#]", " ", text)
    text = re.sub(r"[\s_\-.]+", " ", text)
    return text.strip()


def match_key(label: str) -> str:
    """A label made comparable for card matching: case, accents and outer white space ignored."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", label))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class Table:
    """A rectangular CSV: a header and data rows, each with the file line it starts on."""

    source: str
    delimiter: str
    header: tuple[str, ...]
    header_line: int
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[tuple[int, list[str]]] = []
    previous = 0
    for record in reader:
        out.append((previous + 1, record))
        previous = reader.line_num
    return out


def _sniff(header_text: str) -> str:
    best, best_count = ",", 1
    for delimiter in DELIMITERS:
        try:
            fields = next(csv.reader([header_text], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if len(fields) > best_count:
            best, best_count = delimiter, len(fields)
    return best


def read_header(text: str | FileText, source: str) -> tuple[int, tuple[str, ...]]:
    """The first non-blank record and its line, read without parsing the rest of the file."""
    if not isinstance(text, str):
        return _file_header(text, source)
    start = 0
    line = 1
    while True:
        end = text.find("\n", start)
        chunk = text[start:] if end < 0 else text[start:end]
        if chunk.strip():
            break
        if end < 0:
            raise FormatError.one(source, said("empty"), line=1)
        start, line = end + 1, line + 1
    delimiter = _sniff(chunk)
    # lines sliced off one at a time: a StringIO of the rest would copy the whole file
    reader = csv.reader(_lines(text, start), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise FormatError.one(source, said("bad_header", detail=error), line=line) from error
    return line, tuple(header)


def _file_header(text: FileText, source: str) -> tuple[int, tuple[str, ...]]:
    lines = text.lines()
    line = 0
    for chunk in lines:
        line += 1
        if chunk.strip():
            break
    else:
        raise FormatError.one(source, said("empty"), line=1)
    reader = csv.reader(itertools.chain([chunk], lines), delimiter=_sniff(chunk.rstrip("\r\n")))
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise FormatError.one(source, said("bad_header", detail=error), line=line) from error
    return line, tuple(header)


class RowStream:
    """The data rows of delimited text, one at a time, for files too large to hold as a table.

    Iterating yields ``(line, record)`` for every non-blank row of the header's width, in file
    order, skipping rows that start on a line in ``skip_lines``; a ragged row is not yielded
    but recorded in :attr:`problems`, so the caller refuses the file after one pass exactly as
    :func:`read_table` would. Nothing but the current row is kept.
    """

    def __init__(
        self, text: str | FileText, source: str, *, skip_lines: frozenset[int] = frozenset()
    ) -> None:
        self.text = text
        self.source = source
        self.skip_lines = skip_lines
        self.header_line, self.header = read_header(text, source)
        self.delimiter = _sniff(_line_at(text, self.header_line))
        self.problems: list[Problem] = []
        if len(self.header) < 2:
            raise FormatError.one(
                source,
                said("few_columns", count=len(self.header), minimum=2),
                line=self.header_line,
            )

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        # Lines sliced off the text one at a time: io.StringIO would copy the whole file into
        # four bytes per character first (200 MB for a 50 MB export).
        reader = csv.reader(_line_source(self.text), delimiter=self.delimiter, strict=True)
        width = len(self.header)
        previous = 0
        try:
            for record in reader:
                line = previous + 1
                previous = reader.line_num
                if line <= self.header_line or line in self.skip_lines:
                    continue
                if len(record) != width:
                    if any(cell.strip() for cell in record):
                        self.problems.append(_ragged(record, width, self.delimiter, line))
                    continue
                if any(cell.strip() for cell in record):
                    yield line, record
        except csv.Error as error:
            raise FormatError.one(self.source, said("bad_csv", detail=error)) from error


# A line and its ending, as universal newlines read it: \r\n, \r or \n.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def _lines(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text`` from ``start`` with their endings (``\r\n``, ``\r`` or ``\n``)."""
    for match in _LINE.finditer(text, start):
        yield match.group()


def _ragged(record: Sequence[str], width: int, delimiter: str, line: int) -> Problem:
    reason = said("ragged", count=len(record), width=width)
    for other in DELIMITERS:
        if other != delimiter and len(record) == 1 and other in record[0]:
            used, header = _delimiter_name(other), _delimiter_name(delimiter)
            reason = said(
                "ragged_delimiter", count=len(record), width=width, used=used, header=header
            )
    return Problem(reason, line)


def _delimiter_name(delimiter: str) -> str:
    return said("tab") if delimiter == "\t" else said("quoted", name=delimiter)


def _line_at(text: str | FileText, number: int) -> str:
    if not isinstance(text, str):
        line = next(itertools.islice(text.lines(), number - 1, None), "")
        return line.rstrip("\r\n")
    start = 0
    for _ in range(number - 1):
        start = text.index("\n", start) + 1
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def read_table(
    text: str,
    source: str,
    *,
    delimiter: str | None = None,
    min_columns: int = 2,
    skip_lines: frozenset[int] = frozenset(),
) -> Table:
    """Parse delimited text into a :class:`Table`, refusing ragged rows with their line.

    Data rows starting on a line in ``skip_lines`` are left out (``--skip-invalid-rows``; the
    header is never skipped). Detection and parsing both read the table; the last few results
    are remembered so a large file is split into rows once.
    """
    return _read_table(text, source, delimiter, min_columns, skip_lines)


@functools.lru_cache(maxsize=2)
def _read_table(
    text: str, source: str, delimiter: str | None, min_columns: int, skip_lines: frozenset[int]
) -> Table:
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise FormatError.one(source, said("empty"), line=1)
    delimiter = delimiter or _sniff(lines[first])
    try:
        records = _records(text, delimiter)
    except csv.Error as error:
        raise FormatError.one(source, said("bad_csv", detail=error)) from error
    records = [(n, r) for n, r in records if any(cell.strip() for cell in r)]
    if not records:
        raise FormatError.one(source, said("only_separators"))
    header_line, header = records[0]
    if skip_lines:
        records = [records[0], *((n, r) for n, r in records[1:] if n not in skip_lines)]
    if len(header) < min_columns:
        raise FormatError.one(
            source,
            said("few_columns", count=len(header), minimum=min_columns),
            line=header_line,
        )
    problems = [
        _ragged(record, len(header), delimiter, line)
        for line, record in records[1:]
        if len(record) != len(header)
    ]
    if problems:
        raise FormatError(source, problems)
    return Table(
        source=source,
        delimiter=delimiter,
        header=tuple(header),
        header_line=header_line,
        rows=tuple((n, tuple(r)) for n, r in records[1:]),
    )


def write_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """CSV text with a header, ``,``-delimited, minimal quoting, ``\\n`` line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
