"""Dirty real exports: `--skip-invalid-rows` imports what is valid and lists what it skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.formats import FormatError, import_file, read_file
from sessions.store import Store
from tests.sessions.formats.helpers import partitions, store_contents

# kardSort's Casolysis layout, as exported with three rows that lost their user id.
DIRTY = (
    "card_id,card_label,category_id,category_label,user_id\n"
    "1,Rapporten,1,Leerlingzorg,ann\n"
    "2,Notulen MR,2,Directie,ann\n"
    "3,Kerstviering,3,Vieringen,ann\n"
    "1,Rapporten,7,Zorg,\n"
    "2,Notulen MR,8,Bestuur,bob\n"
    "3,Kerstviering,8,Bestuur,bob\n"
    "1,Rapporten,9,Zorg,\n"
    "2,Notulen MR,9,Zorg,\n"
    "3,Kerstviering,4,Feest,ann\n"
)


def _write(tmp_path: Path, text: str, name: str = "kardsort.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_without_the_option_the_whole_file_is_refused(store: Store, tmp_path: Path) -> None:
    before = store_contents(store)
    with pytest.raises(FormatError) as caught:
        import_file(store, "s", _write(tmp_path, DIRTY))
    assert [p.line for p in caught.value.problems][:3] == [5, 8, 9]
    assert store_contents(store) == before


def test_skipping_imports_the_valid_rows_and_lists_every_skipped_line(
    store: Store, tmp_path: Path
) -> None:
    result = import_file(store, "s", _write(tmp_path, DIRTY), skip_invalid=True)
    skipped = result.report.skipped
    # three rows without a user id, and ann's second placement of card 3 (in two piles)
    assert [line for line, _ in skipped] == [5, 8, 9, 10]
    assert skipped[0][1] == ("user_id is empty",)
    assert "two groups" in skipped[3][1][0]
    text = "\n".join(result.lines())
    assert "Skipped 4 invalid row(s)" in text and "line 8: user_id is empty" in text
    assert partitions(store, "s") == {
        "ann": frozenset(
            {
                ("Leerlingzorg", frozenset({"Rapporten"})),
                ("Directie", frozenset({"Notulen MR"})),
                ("Vieringen", frozenset({"Kerstviering"})),
            }
        ),
        "bob": frozenset({("Bestuur", frozenset({"Notulen MR", "Kerstviering"}))}),
    }


def test_a_problem_with_the_file_itself_is_never_skipped(tmp_path: Path) -> None:
    text = "card_id,card_label,category_id,user_id\n1,Rapporten,1,ann\n"
    with pytest.raises(FormatError, match="missing column"):
        read_file(_write(tmp_path, text), "casolysis", skip_invalid=True)
    only_bad = "card_id,card_label,category_id,category_label,user_id\n1,Rapporten,1,Zorg,\n"
    with pytest.raises(FormatError, match="no sorts"):
        read_file(_write(tmp_path, only_bad, "bad.csv"), skip_invalid=True)


def test_ragged_rows_of_a_wide_file_are_skipped_too(tmp_path: Path) -> None:
    text = "item,j1,j2\nKerst,1,2\nRapporten,1\nNotulen,2,2\n"
    parsed, _ = read_file(_write(tmp_path, text, "wide.csv"), skip_invalid=True)
    assert [c.label for c in parsed.cards] == ["Kerst", "Notulen"]
    assert parsed.report.skipped[0][0] == 3 and "ragged" in parsed.report.skipped[0][1][0]


def test_group_ids_written_as_decimals_are_ids_not_folder_names(tmp_path: Path) -> None:
    text = "item,j1,j2\nKerst,1.0,3.0\nSint,1.0,3.0\nRapporten,2.0,1.0;4.0\nNotulen,2.0,1.0\n"
    parsed, _ = read_file(_write(tmp_path, text, "wide.csv"))
    assert all(group.label == "" for sort in parsed.sorts for group in sort.groups)
    first = parsed.sorts[0]
    assert len(first.groups) == 2


def test_the_real_kardsort_export_with_rows_missing_a_user_id(
    external_data: Path, store: Store, tmp_path: Path
) -> None:
    """PyPI cardsort's kardSort test data, plus three rows that lost their user id."""
    lines = (external_data / "katoss-cardsort" / "test-data.csv").read_text("utf-8").splitlines()
    card_id, label, category, category_label, _user = lines[1].split(",")
    broken = [f"{card_id},{label},{category},{category_label}," for _ in range(3)]
    dirty = _write(tmp_path, "\n".join([*lines, *broken]) + "\n")
    with pytest.raises(FormatError):
        import_file(store, "k", dirty)
    result = import_file(store, "k", dirty, skip_invalid=True)
    assert [line for line, _ in result.report.skipped] == [
        len(lines) + 1,
        len(lines) + 2,
        len(lines) + 3,
    ]
    assert len(result.added) == 5
