"""A snapshot's entries come back from their column chunks exactly as they went in."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drive_adapters.inventory import (
    EntryBatch,
    EntryKind,
    Problem,
    ScanEntry,
    problem_mask,
)
from sessions import inventory
from sessions.inventory import SnapshotWriter, iter_entries, problem_counts
from sessions.store import Store, StoreCorrupt

paths = st.binary(min_size=1, max_size=30).filter(lambda b: b"\0" not in b)
texts = st.text(max_size=20)
entries = st.builds(
    ScanEntry,
    path=paths,
    kind=st.sampled_from(EntryKind),
    size=st.integers(min_value=0, max_value=2**62),
    mtime=st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
    problems=st.lists(st.sampled_from(Problem), unique=True).map(
        lambda ps: tuple(p for p in Problem if p in ps)  # the order Problem declares
    ),
    hash=st.one_of(st.none(), texts),
    hash_name=st.one_of(st.none(), texts),
    item_id=st.one_of(st.none(), texts),
    link_target=st.one_of(st.none(), st.binary(max_size=20)),
    error=st.one_of(st.none(), texts),
)


def as_batch(items: list[ScanEntry]) -> EntryBatch:
    batch = EntryBatch()
    for e in items:
        batch.append_entry(e)
    return batch


@settings(max_examples=80, deadline=None)
@given(
    st.lists(entries, max_size=40, unique_by=lambda e: e.path),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.integers(min_value=1, max_value=9),
)
def test_entries_round_trip_through_chunks_of_any_size(
    items: list[ScanEntry], as_columns: list[bool], chunk_size: int
) -> None:
    # A batch carries no cloud ids or hashes: those entries go in one by one.
    def plain(e: ScanEntry) -> bool:
        return e.item_id is None and e.hash is None and e.hash_name is None

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(inventory, "CHUNK_SIZE", chunk_size)
            with SnapshotWriter(store, "/x", b"/x") as writer:
                for e, columns in zip(items, as_columns, strict=False):
                    if columns and plain(e):
                        writer.add_batch(as_batch([e]))
                    else:
                        writer.add(e)
                snapshot = writer.complete()
        back = list(iter_entries(store, snapshot.id))
        stored_chunks = store.conn.execute("SELECT count(*) FROM entry_chunks").fetchone()[0]
    assert back == items
    assert stored_chunks == math.ceil(len(items) / chunk_size)
    assert snapshot.entry_count == len(items)
    assert snapshot.file_count == sum(e.kind is EntryKind.FILE for e in items)
    assert snapshot.total_bytes == sum(e.size for e in items if e.kind is EntryKind.FILE)
    assert snapshot.problem_count == sum(bool(e.problems) for e in items)


def test_problems_and_hashes_found_after_the_walk_reach_stored_and_pending_entries(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inventory, "CHUNK_SIZE", 2)
    with SnapshotWriter(store, "/x", b"/x", hashed=True) as writer:
        for name in (b"a", b"b", b"c", b"d", b"e"):
            writer.add(ScanEntry(name, EntryKind.FILE, 3, 1.0))
        # "a" and "b" are stored by now, "e" still pending.
        writer.add_problems({b"a": problem_mask([Problem.CASE_TWIN]), b"e": 0})
        writer.set_hashes([(b"b", "sha256", "11"), (b"e", "sha256", "11")])
        snapshot = writer.complete()
    found = {e.path: e for e in iter_entries(store, snapshot.id)}
    assert found[b"a"].problems == (Problem.CASE_TWIN,)
    assert (found[b"b"].hash, found[b"e"].hash_name) == ("11", "sha256")
    assert found[b"c"].hash is None and found[b"c"].problems == ()
    assert snapshot.problem_count == 1
    assert problem_counts(store, snapshot.id) == {Problem.CASE_TWIN: 1}
    groups = inventory.duplicate_groups(store, snapshot.id)
    assert [(g.paths, g.wasted_bytes) for g in groups] == [((b"b", b"e"), 3)]


def test_a_restarted_walk_keeps_nothing_of_the_first_attempt(store: Store) -> None:
    with SnapshotWriter(store, "/x", b"/x") as writer:
        writer.add_batch(as_batch([ScanEntry(b"half", EntryKind.FILE, 9, 1.0)]))
        writer.flush()
        writer.restart()
        writer.add(ScanEntry(b"whole", EntryKind.FILE, 4, 1.0))
        snapshot = writer.complete()
    assert [e.path for e in iter_entries(store, snapshot.id)] == [b"whole"]
    assert (snapshot.entry_count, snapshot.total_bytes) == (1, 4)


def test_a_damaged_chunk_is_reported_not_misread(store: Store) -> None:
    with SnapshotWriter(store, "/x", b"/x") as writer:
        writer.add(ScanEntry(b"a", EntryKind.FILE, 1, 1.0))
        snapshot = writer.complete()
    store.conn.execute("UPDATE entry_chunks SET sizes = X'0102'")
    store.conn.commit()
    with pytest.raises(StoreCorrupt, match=r"damaged.*Scan the share again"):
        list(iter_entries(store, snapshot.id))
