"""The streamed rows of a large file are exactly the rows of the table reader."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.formats import FormatError
from sessions.formats.textio import RowStream, read_table

CELL = st.text(st.sampled_from(list('ab ,;"\n')), max_size=4)


@settings(max_examples=80, deadline=None, database=None)
@given(rows=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=6), blank=st.booleans())
def test_streamed_rows_equal_the_table_rows(rows: list[list[str]], blank: bool) -> None:
    def quote(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"'

    lines = ["h1,h2,h3", *(",".join(quote(c) for c in row) for row in rows)]
    if blank:
        lines.insert(1, "")
    text = "\n".join(lines) + "\n"
    try:
        table = read_table(text, "t.csv", delimiter=",")
    except FormatError:
        return
    stream = RowStream(text, "t.csv")
    assert [(n, tuple(r)) for n, r in stream] == list(table.rows)
    assert stream.problems == []


def test_ragged_rows_are_reported_after_the_pass_with_their_line() -> None:
    stream = RowStream("a,b,c\n1,2,3\n1;2;3\n4,5,6\n", "t.csv")
    assert [n for n, _ in stream] == [2, 4]
    assert [p.line for p in stream.problems] == [3]
    assert "seems to use ‘;’" in stream.problems[0].reason


def test_skipped_lines_are_never_read() -> None:
    stream = RowStream("a,b\n1,2\n3\n5,6\n", "t.csv", skip_lines=frozenset({3}))
    assert [n for n, _ in stream] == [2, 4] and stream.problems == []


def test_a_one_column_header_is_refused() -> None:
    with pytest.raises(FormatError, match="only 1 column"):
        RowStream("just\n1\n", "t.csv")


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_every_line_ending_streams_alike(ending: str) -> None:
    text = ending.join(["a,b", "1,2", '"x\ny",4', ""])
    rows = [r for _, r in RowStream(text, "t.csv")]
    assert rows == [["1", "2"], ["x\ny", "4"]]
