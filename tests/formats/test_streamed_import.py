"""A large long file is imported participant by participant, never held as a whole study.

The import takes one sort, writes it, and only then reads the next; a file whose participants'
rows are together is checked in one pass holding one participant and its sorts are built again
one at a time while they are written, each pass reading the file from disk line by line.
Memory itself is measured in ``bench/bench_import_large``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from sessions.formats import FormatError, ParsedSort, ParsedStudy, apply_import, read_file
from sessions.formats.longform import LongSorts
from sessions.store import Store
from tests.formats.helpers import partitions, store_contents

CARDS = ("Rooster", "Notulen", "Toetsen", "Ouderavond")


def _casolysis(people: list[str], *, interleave: bool = False) -> str:
    rows = [
        (person, card, f"{person}-{n % 2}", f"Stapel {n % 2}")
        for person in people
        for n, card in enumerate(CARDS, start=1)
    ]
    if interleave:  # every participant's first card, then every second card, ...
        rows.sort(key=lambda row: CARDS.index(row[1]))
    lines = ["card_id,card_label,category_id,category_label,user_id"]
    lines += [f"{CARDS.index(c) + 1},{c},{g},{label},{p}" for p, c, g, label in rows]
    return "\n".join(lines) + "\n"


class _Watched(Sequence[ParsedSort]):
    """Sorts handed out one at a time, checking the store already holds every earlier one."""

    def __init__(self, sorts: tuple[ParsedSort, ...], store: Store) -> None:
        self.sorts = sorts
        self.store = store
        self.handed_out = 0

    def __len__(self) -> int:
        return len(self.sorts)

    def __getitem__(self, index: int) -> ParsedSort:  # type: ignore[override]
        raise AssertionError("the import must not index the sorts (that needs them all)")

    def __iter__(self) -> Iterator[ParsedSort]:
        for sort in self.sorts:
            written = self.store.conn.execute("SELECT count(*) FROM participants").fetchone()[0]
            assert written == self.handed_out, "a sort was read before the previous was written"
            self.handed_out += 1
            yield sort


def test_each_sort_is_written_before_the_next_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(_casolysis([f"deelnemer {n}" for n in range(6)]), encoding="utf-8")
    parsed, _ = read_file(path)
    store = Store.open(tmp_path / "store.sqlite")
    watched = _Watched(tuple(parsed.sorts), store)
    study = ParsedStudy(cards=parsed.cards, sorts=watched, report=parsed.report)
    result = apply_import(store, study, "groot")
    assert watched.handed_out == 6
    assert len(result.added) == 6


def test_a_file_with_each_participant_together_is_read_as_a_stream_of_sorts(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(_casolysis(["Ans", "Bram", "Carla"]), encoding="utf-8")
    parsed, _ = read_file(path)
    assert isinstance(parsed.sorts, LongSorts)  # not a tuple of every sort
    assert len(parsed.sorts) == 3
    assert [s.participant for s in parsed.sorts] == ["Ans", "Bram", "Carla"]
    assert [s.participant for s in parsed.sorts] == ["Ans", "Bram", "Carla"]  # again


def test_interleaved_and_grouped_files_import_the_same_study(tmp_path: Path) -> None:
    people = ["Ans", "Bram", "Carla"]
    grouped, interleaved = tmp_path / "grouped.csv", tmp_path / "interleaved.csv"
    grouped.write_text(_casolysis(people), encoding="utf-8")
    interleaved.write_text(_casolysis(people, interleave=True), encoding="utf-8")
    store = Store.open(tmp_path / "store.sqlite")
    apply_import(store, read_file(grouped)[0], "a")
    parsed, _ = read_file(interleaved)
    assert isinstance(parsed.sorts, tuple)  # read whole, as before
    apply_import(store, parsed, "b")
    assert partitions(store, "a") == partitions(store, "b")
    assert set(partitions(store, "a")) == set(people)


def test_a_card_in_two_piles_of_an_interleaved_participant_is_still_refused(
    tmp_path: Path,
) -> None:
    text = _casolysis(["Ans", "Bram"], interleave=True) + "1,Rooster,Ans-9,Stapel 9,Ans\n"
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError, match="card ‘1’ is in two groups of participant ‘Ans’"):
        read_file(path)


def test_a_conflict_found_after_sorts_were_written_rolls_all_of_them_back(
    tmp_path: Path,
) -> None:
    store = Store.open(tmp_path / "store.sqlite")
    first = tmp_path / "first.csv"
    first.write_text(_casolysis(["Carla"]), encoding="utf-8")
    apply_import(store, read_file(first)[0], "studie")
    before = store_contents(store)
    later = tmp_path / "later.csv"  # Ans and Bram are new; Carla's sort differs from hers
    later.write_text(
        _casolysis(["Ans", "Bram", "Carla"]).replace(
            "4,Ouderavond,Carla-0,Stapel 0,Carla", "4,Ouderavond,Carla-1,Stapel 1,Carla"
        ),
        encoding="utf-8",
    )
    with pytest.raises(FormatError, match="participant ‘Carla’ already has a different sort"):
        apply_import(store, read_file(later)[0], "studie")
    assert store_contents(store) == before


@pytest.mark.parametrize(
    ("encoding", "bom", "newline", "given"),
    [
        ("utf-8", b"", "\n", None),
        ("utf-8", b"\xef\xbb\xbf", "\r\n", None),
        ("utf-16", b"", "\r\n", None),  # the codec writes its own BOM
        ("cp1252", b"", "\r", "cp1252"),
    ],
)
def test_a_file_read_row_by_row_from_disk_reads_as_its_whole_text(
    tmp_path: Path, encoding: str, bom: bytes, newline: str, given: str | None
) -> None:
    text = _casolysis(["Anné", "Bram"]).replace("Rooster", "Roosters én")
    plain = tmp_path / "plain.csv"
    plain.write_text(text, encoding="utf-8")
    other = tmp_path / "other.csv"
    other.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    store = Store.open(tmp_path / "store.sqlite")
    apply_import(store, read_file(plain)[0], "a")
    parsed, _ = read_file(other, encoding=given)
    assert isinstance(parsed.sorts, LongSorts)
    apply_import(store, parsed, "b")
    assert partitions(store, "a") == partitions(store, "b")
    assert "Roosters én" in {label for p in partitions(store, "b")["Anné"] for label in p[1]}


def test_a_file_changed_between_check_and_import_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(_casolysis(["Ans", "Bram"]), encoding="utf-8")
    parsed, _ = read_file(path)
    path.write_text(_casolysis(["Ans", "Bram", "Carla"]), encoding="utf-8")
    store = Store.open(tmp_path / "store.sqlite")
    with pytest.raises(FormatError, match="the file changed while it was being imported"):
        apply_import(store, parsed, "studie")
    assert store.conn.execute("SELECT count(*) FROM studies").fetchone()[0] == 0
