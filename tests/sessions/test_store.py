"""The store opens safely, upgrades older files in place and refuses what it must not touch."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest

from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from sessions import store as store_module
from sessions.cards import NewCard, cards_of
from sessions.entry_chunks import CHUNK_SIZE
from sessions.inventory import iter_entries
from sessions.models import Group, Placement, PlacementState, Sort
from sessions.store import (
    SCHEMA_VERSION,
    Store,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreTooNew,
    migrations,
)
from sessions.studies import create_study, load_sort, save_sort, start_participant


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_uses_wal_foreign_keys_and_latest_schema(store: Store) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.schema_version() == SCHEMA_VERSION == len(migrations())


def test_older_store_is_upgraded_in_place_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    for statement in store_module._split_sql(migrations()[0].sql):
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    conn.execute(
        "INSERT INTO snapshots (root, root_bytes, started_at, status) VALUES"
        " ('/srv/share', X'2F7372762F7368617265', '2020-01-01', 'complete')"
    )
    conn.execute(
        "INSERT INTO entries (snapshot_id, seq, path, depth, kind, size)"
        " VALUES (1, 1, ?, 1, 'file', 5)",
        (b"Groep 5",),
    )
    conn.commit()
    conn.close()

    with Store.open(path) as upgraded:
        assert upgraded.schema_version() == SCHEMA_VERSION
        assert upgraded.conn.execute("SELECT root FROM snapshots").fetchone()[0] == "/srv/share"
        (entry,) = iter_entries(upgraded, 1)
        assert (entry.path, entry.kind, entry.size, entry.mtime) == (b"Groep 5", "file", 5, None)
        tables = {
            r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")
        }
        assert "entries" not in tables  # converted into chunks, then dropped
        # Tables of later migrations are usable straight away.
        study = create_study(upgraded, "na upgrade", [NewCard("Zorg")])
        assert [c.label for c in cards_of(upgraded, study_id=study.id)] == ["Zorg"]


def test_per_entry_rows_of_a_version_3_store_become_chunks_with_every_field(
    tmp_path: Path,
) -> None:
    path = tmp_path / "v3.sqlite"
    conn = sqlite3.connect(path)
    for migration in migrations()[:3]:
        for statement in store_module._split_sql(migration.sql):
            conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 3")
    conn.execute(
        "INSERT INTO snapshots (root, root_bytes, started_at, status, hashed) VALUES"
        " ('/srv/share', X'2F', '2020-01-01', 'complete', 1)"
    )
    many = CHUNK_SIZE + 5  # two chunks
    rows = [
        (1, seq, b"Groep 8/blad %05d.docx" % seq, 2, "file", seq, 1.6e9 + seq / 7, "")
        for seq in range(3, many + 1)
    ]
    conn.execute(
        "INSERT INTO entries (snapshot_id, seq, path, depth, kind, size, mtime, problems, hash,"
        " hash_name, item_id, link_target, error) VALUES (1, 1, X'4F7564', 1, 'dir', 0, NULL,"
        " 'not-utf8,unreadable', NULL, NULL, NULL, NULL, 'Permission denied')"
    )
    conn.execute(
        "INSERT INTO entries (snapshot_id, seq, path, depth, kind, size, mtime, problems, hash,"
        " hash_name, item_id, link_target, error) VALUES (1, 2, ?, 1, 'symlink', 0, 1.5e9,"
        " 'symlink', 'ab12', 'sha256', 'ID!1', ?, NULL)",
        (b"link", b"/etc/\xff"),
    )
    conn.executemany(
        "INSERT INTO entries (snapshot_id, seq, path, depth, kind, size, mtime, problems)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()

    with Store.open(path) as upgraded:
        entries = list(iter_entries(upgraded, 1))
        chunks = upgraded.conn.execute("SELECT count(*) FROM entry_chunks").fetchone()[0]
    assert chunks == 2
    assert len(entries) == many
    first, link = entries[:2]
    assert first == ScanEntry(
        b"Oud",
        EntryKind.DIR,
        0,
        None,
        (Problem.NOT_UTF8, Problem.UNREADABLE),
        error="Permission denied",
    )
    assert link == ScanEntry(
        b"link",
        EntryKind.SYMLINK,
        0,
        1.5e9,
        (Problem.SYMLINK,),
        hash="ab12",
        hash_name="sha256",
        item_id="ID!1",
        link_target=b"/etc/\xff",
    )
    assert [(e.path, e.size, e.mtime) for e in entries[2:]] == [(r[2], r[5], r[6]) for r in rows]


def test_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\x17garbage" * 600)
    before = digest(path)
    with pytest.raises(StoreCorrupt, match="left untouched"):
        Store.open(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.sqlite"]


def test_a_text_file_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dit is geen database\n" * 100)
    before = digest(path)
    with pytest.raises(StoreCorrupt):
        Store.open(path)
    assert digest(path) == before


def test_store_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    with Store.open(path):
        pass
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = digest(path)
    with pytest.raises(StoreTooNew, match="newer cardsort-drive"):
        Store.open(path)
    assert digest(path) == before


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (y)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreCorrupt, match="another program"):
        Store.open(path)
    assert digest(path) == before


def test_a_folder_is_not_a_store_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_a_store_locked_too_long_gives_a_clear_error(store_path: Path) -> None:
    with Store.open(store_path):
        pass
    blocker = sqlite3.connect(store_path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        impatient = Store.open(store_path, busy_timeout_ms=200)
        with pytest.raises(StoreLocked, match="locked"), impatient.transaction() as tx:
            tx.execute("INSERT INTO decks (snapshot_id, created_at) VALUES (1, 'x')")
        impatient.close()
    finally:
        blocker.rollback()
        blocker.close()


def test_failed_action_leaves_no_partial_write(store: Store) -> None:
    study = create_study(store, "s", [NewCard("a"), NewCard("b")])
    person, _ = start_participant(store, study.id, "Juf Anja")
    a, b = cards_of(store, study_id=study.id)
    good = Sort((Group("g1", "Groepen"),), (Placement(a.id, PlacementState.PLACED, "g1"),))
    save_sort(store, person.id, good)
    bad = Sort(
        (Group("g1", "Groepen"),),
        (Placement(a.id, PlacementState.PLACED, "g1"), Placement(999_999, PlacementState.UNSURE)),
    )
    with pytest.raises(StoreError, match="do not belong"):
        save_sort(store, person.id, bad)
    assert load_sort(store, person.id) == good
    assert b.id not in {p.card_id for p in load_sort(store, person.id).placements}


def test_returning_participant_gets_the_same_record(store: Store) -> None:
    study = create_study(store, "s", [NewCard("a")])
    first, created = start_participant(store, study.id, "  Meester  Tom ", card_order=[1])
    again, created_again = start_participant(store, study.id, "Meester Tom", card_order=[9])
    assert created and not created_again
    assert again.id == first.id and again.card_order == (1,)


def test_a_store_used_from_worker_threads_closes_cleanly_on_the_main_thread(
    store_path: Path,
) -> None:
    store = Store.open(store_path)
    seen: list[int] = []

    def worker() -> None:
        seen.append(store.schema_version())

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    connections = list(store._connections)
    assert len(connections) == 4  # the opening thread's plus one per worker
    store.close()  # used to raise sqlite3.ProgrammingError for the workers' connections
    assert seen == [store.schema_version()] * 3  # a closed store reopens a connection on use
    for conn in connections:
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")
    store.close()
