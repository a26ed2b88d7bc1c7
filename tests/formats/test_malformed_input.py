"""A malformed file is refused with its file, line and reason, and the store stays unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.formats import FormatError, OnConflict, import_file
from sessions.store import Store
from tests.formats.helpers import store_contents

GOOD = (
    "card_id,card_label,category_id,category_label,user_id\n"
    "1,Rapporten,1,Leerlingzorg,ann\n"
    "2,Notulen MR,2,Directie,ann\n"
    "3,Kerstviering,3,Vieringen,ann\n"
    "1,Rapporten,7,Zorg,bob\n"
    "2,Notulen MR,8,Bestuur,bob\n"
    "3,Kerstviering,8,Bestuur,bob\n"
)


def refused(store: Store, path: Path, **kwargs: object) -> FormatError:
    """Import ``path`` into study ``s``, expect a refusal, and check nothing changed."""
    before = store_contents(store)
    with pytest.raises(FormatError) as caught:
        import_file(store, "s", path, **kwargs)  # type: ignore[arg-type]
    assert store_contents(store) == before
    assert str(path) in str(caught.value)
    assert "Nothing was imported." in str(caught.value)
    return caught.value


def write(tmp_path: Path, text: str | bytes, name: str = "sorts.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def seeded(store: Store, tmp_path: Path) -> Store:
    """A store that already holds a study, so 'unchanged' is a meaningful check."""
    import_file(store, "existing", write(tmp_path, GOOD, "seed.csv"))
    return store


def test_missing_columns_are_named(seeded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "card_id,card_label,category_id,user_id\n1,A,1,ann\n")
    error = refused(seeded, path, fmt="casolysis")
    assert error.first.line == 1
    assert "category_label" in error.first.reason


def test_card_in_two_groups_of_one_participant(seeded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "1,Rapporten,8,Bestuur,bob\n")
    error = refused(seeded, path)
    assert error.first.line == 8
    assert "two groups of participant ‘bob’" in error.first.reason


def test_card_with_two_labels(seeded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "2,Notulen,8,Bestuur,cas\n")
    error = refused(seeded, path)
    assert (error.first.line, "line 3") == (8, "line 3")
    assert "‘Notulen’" in error.first.reason and "‘Notulen MR’" in error.first.reason


def test_group_with_two_labels_in_one_participant(seeded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "4,Jaarplan,8,Beleid,bob\n")
    error = refused(seeded, path)
    assert error.first.line == 8 and "group ‘8’" in error.first.reason


def test_ragged_rows_are_each_listed(seeded: Store, tmp_path: Path) -> None:
    lines = GOOD.splitlines()
    lines[2] += ",extra"
    lines[5] = "2,Notulen MR,8"
    error = refused(seeded, write(tmp_path, "\n".join(lines) + "\n"))
    assert [p.line for p in error.problems] == [3, 6]
    assert "ragged row: 6 field(s) where the header has 5" in error.problems[0].reason


def test_semicolon_line_in_a_comma_file_gets_a_hint(seeded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "4;Jaarplan;9;Beleid;cas\n")
    error = refused(seeded, path)
    assert error.first.line == 8
    assert "seems to use ‘;’ where the header uses ‘,’" in error.first.reason


def test_semicolon_files_and_bom_are_accepted(store: Store, tmp_path: Path) -> None:
    text = "\ufeff" + GOOD.replace(",", ";").replace("\n", "\r\n")  # Excel, Dutch locale
    result = import_file(store, "s", write(tmp_path, text.encode("utf-8")))
    assert sorted(result.added) == ["ann", "bob"]
    utf16 = write(tmp_path, GOOD.encode("utf-16"), "utf16.csv")
    assert import_file(store, "t", utf16).added == ["ann", "bob"]


def test_wrong_encoding_names_the_line(seeded: Store, tmp_path: Path) -> None:
    text = GOOD + "4,Café-avond,9,Vieringen,cas\n"
    error = refused(seeded, write(tmp_path, text.encode("cp1252")))
    assert error.first.line == 8
    assert "not valid utf-8" in error.first.reason and "--encoding" in error.first.reason


def test_explicit_encoding_reads_a_legacy_file(store: Store, tmp_path: Path) -> None:
    text = GOOD + "4,Café-avond,9,Vieringen,cas\n"
    import_file(store, "s", write(tmp_path, text.encode("cp1252")), encoding="cp1252")
    labels = [r[0] for r in store.conn.execute("SELECT label FROM cards ORDER BY position")]
    assert "Café-avond" in labels


def test_spreadsheet_workbook_is_refused(seeded: Store, tmp_path: Path) -> None:
    error = refused(seeded, write(tmp_path, b"PK\x03\x04rest-of-zip", "sorts.xlsx"))
    assert "save it as CSV" in error.first.reason


def test_missing_file(seeded: Store, tmp_path: Path) -> None:
    error = refused(seeded, tmp_path / "nope.csv")
    assert "no such file" in error.first.reason


def test_wide_duplicate_participant_and_card(seeded: Store, tmp_path: Path) -> None:
    text = "item,ann,bob,ann\nRapporten,1,1,1\nNotulen,2,1,1\nRapporten,1,2,2\n,1,1,1\n"
    error = refused(seeded, write(tmp_path, text), fmt="wide")
    reasons = [(p.line, p.reason) for p in error.problems]
    assert (1, "participant ‘ann’ heads columns 2 and 4") in reasons
    assert (4, "card ‘Rapporten’ is listed twice (also on line 2)") in reasons
    assert (5, "the card name (first column) is empty") in reasons


def test_json_with_a_card_placed_twice(seeded: Store, tmp_path: Path) -> None:
    text = """{"format": "cardsort-drive", "version": 1,
      "cards": [{"key": "c1", "label": "Rapporten"}],
      "participants": [{"name": "ann", "groups": [{"key": "g1", "label": "Zorg"}],
        "placements": [{"card": "c1", "state": "placed", "group": "g1"},
                       {"card": "c1", "state": "unsure", "group": null}]}]}"""
    error = refused(seeded, write(tmp_path, text, "sorts.json"))
    assert error.first.where == "participants[0].placements[1]"
    assert "placed twice" in error.first.reason


def test_invalid_json_names_the_line(seeded: Store, tmp_path: Path) -> None:
    error = refused(
        seeded, write(tmp_path, '{"format": "cardsort-drive",\n"version": 1,\n}', "x.json")
    )
    assert error.first.line == 3


def test_unmatched_cards_are_all_listed_not_invented(seeded: Store, tmp_path: Path) -> None:
    text = (
        "card_id,card_label,category_id,category_label,user_id\n"
        "1,  RAPPORTEN ,1,Zorg,cas\n"
        "2,Schoolgids,1,Zorg,cas\n"
        "3,Kerstviering,2,Feest,cas\n"
        "4,Luizenpluis,2,Feest,cas\n"
    )
    path = write(tmp_path, text)
    before = store_contents(seeded)
    with pytest.raises(FormatError) as caught:
        import_file(seeded, "existing", path)
    assert store_contents(seeded) == before
    unmatched = [p for p in caught.value.problems if "matches no card" in p.reason]
    assert [(p.line, p.reason.split(" (")[0]) for p in unmatched] == [
        (3, "card ‘Schoolgids’"),
        (5, "card ‘Luizenpluis’"),
    ]


def test_different_sort_under_a_taken_name_is_refused_by_default(
    seeded: Store, tmp_path: Path
) -> None:
    changed = GOOD.replace("3,Kerstviering,3,Vieringen,ann", "3,Kerstviering,1,Leerlingzorg,ann")
    path = write(tmp_path, changed)
    before = store_contents(seeded)
    with pytest.raises(FormatError) as caught:
        import_file(seeded, "existing", path)
    assert store_contents(seeded) == before
    assert "participant ‘ann’ already has a different sort" in caught.value.first.reason
    assert caught.value.first.line == 2
    result = import_file(seeded, "existing", path, on_conflict=OnConflict.RENAME)
    assert result.renamed == [("ann", "ann (2)")] and result.duplicates == ["bob"]


def test_optimalsort_without_participant_column(seeded: Store, tmp_path: Path) -> None:
    path = write(tmp_path, "Card,Category\nA,B\n")
    error = refused(seeded, path, fmt="optimalsort")
    assert error.first.line == 1 and "no participant column" in error.first.reason
