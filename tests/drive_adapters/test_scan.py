"""Scanning copes with what school servers hold: it never crashes, loses or follows anything."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from cardsort.demo_share import DemoShareStats
from cardsort.scan import scan_local
from drive_adapters.inventory import EntryKind, Problem
from drive_adapters.local_scan import ScanRootError, scan_tree
from sessions.inventory import (
    duplicate_groups,
    iter_entries,
    latest_snapshot,
    list_snapshots,
    stale_items,
)
from sessions.models import SnapshotStatus
from sessions.store import Store, StoreError


def walk_manifest(root: Path) -> set[bytes]:
    """Every path below root, byte-exact, found independently of the scanner (os.walk)."""
    base = os.fsencode(root)
    found: set[bytes] = set()
    for folder, dirs, files in os.walk(base, followlinks=False):
        rel = os.path.relpath(folder, base)
        for name in dirs + files:
            found.add(name if rel == b"." else os.path.join(rel, name))
    return found


def by_path(store: Store, snapshot_id: int) -> dict[bytes, object]:
    return {e.path: e for e in iter_entries(store, snapshot_id)}


def test_scan_of_the_demo_share_loses_nothing(store: Store, demo_share: Path) -> None:
    snapshot = scan_local(store, demo_share)
    paths = [e.path for e in iter_entries(store, snapshot.id)]
    assert len(paths) == len(set(paths)) == snapshot.entry_count
    assert set(paths) == walk_manifest(demo_share)
    assert snapshot.status is SnapshotStatus.COMPLETE


def test_every_trap_of_the_demo_share_is_reported(
    store: Store, demo_share_master: DemoShareStats
) -> None:
    # The master copy: copying would fill in the sparse file's holes. Scanning changes nothing.
    entries = by_path(store, scan_local(store, demo_share_master.root).id)

    def problems(path: bytes) -> tuple[Problem, ...]:
        return entries[path].problems  # type: ignore[attr-defined, no-any-return]

    latin1 = b"Oud/Verslag ouderavond caf\xe9 2012.doc"
    assert Problem.NOT_UTF8 in problems(latin1)
    nfc = ("Vieringen/" + unicodedata.normalize("NFC", "Café oudervereniging.docx")).encode()
    nfd = ("Vieringen/" + unicodedata.normalize("NFD", "Café oudervereniging.docx")).encode()
    assert Problem.NFC_NFD_TWIN in problems(nfc) and Problem.NFC_NFD_TWIN in problems(nfd)
    assert Problem.CASE_TWIN in problems(b"Vergaderingen/Teamvergadering/Notulen.docx")
    assert Problem.CASE_TWIN in problems(b"Vergaderingen/Teamvergadering/notulen.docx")
    outside = entries[b"ICT/Systeemmap"]
    assert outside.kind is EntryKind.SYMLINK and outside.link_target == b"/etc"  # type: ignore[attr-defined]
    assert not any(p.startswith(b"ICT/Systeemmap/") for p in entries), "followed a symlink"
    assert not any(p.startswith(b"ICT/Snelkoppeling protocollen/") for p in entries)
    deep = [p for p in entries if p.endswith(b"Eindelijk gevonden.docx")]
    assert len(deep) == 1 and Problem.DEEP_PATH in problems(deep[0])
    assert Problem.EMPTY_FILE in problems(b"Scans/Scan_leeg.pdf")
    assert Problem.SPARSE_FILE in problems(b"ICT/Chromebooks/backup.img")
    assert Problem.LOCK_FILE in problems(b"~$Jaarplanning 2025-2026.xlsx")
    for system in (b"Thumbs.db", b"desktop.ini", b"Meester Tom/.DS_Store"):
        assert Problem.SYSTEM_FILE in problems(system)


def test_names_that_are_not_utf8_are_kept_byte_exact(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "share"
    root.mkdir()
    weird = b"Rapport \xff\xfe groep 5.doc"
    (Path(os.fsdecode(os.fsencode(root) + b"/" + weird))).write_bytes(b"x")
    entries = by_path(store, scan_local(store, root).id)
    assert weird in entries


def test_unreadable_folder_is_recorded_and_the_scan_goes_on(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder; test_cli.py covers this with root's powers dropped")
    root = tmp_path / "share"
    (root / "Geheim").mkdir(parents=True)
    (root / "Geheim" / "a.txt").write_text("x")
    (root / "Open.txt").write_text("y")
    os.chmod(root / "Geheim", 0)
    try:
        entries = {e.path: e for e in scan_tree(root)}
    finally:
        os.chmod(root / "Geheim", 0o755)
    assert Problem.UNREADABLE in entries[b"Geheim"].problems
    assert b"Open.txt" in entries


def test_hashing_finds_identical_files_only_among_equal_sizes(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "share"
    for folder in ("Zorg", "Protocollen", "Oud"):
        (root / folder).mkdir(parents=True)
    (root / "Zorg" / "Pestprotocol.pdf").write_bytes(b"P" * 5000)
    (root / "Protocollen" / "Pestprotocol.pdf").write_bytes(b"P" * 5000)
    (root / "Oud" / "zelfde grootte.pdf").write_bytes(b"Q" * 5000)  # same size, other content
    (root / "Oud" / "uniek.pdf").write_bytes(b"unique")
    (root / "Oud" / "leeg1.txt").write_bytes(b"")
    (root / "Oud" / "leeg2.txt").write_bytes(b"")
    for folder in ("Zorg", "Oud"):  # the same bytes, but junk: not what "stored twice" means
        (root / folder / "Thumbs.db").write_bytes(b"thumbs")
        (root / folder / "~$Verslag.docx").write_bytes(b"lock")
    snapshot = scan_local(store, root, hashes=True)
    groups = duplicate_groups(store, snapshot.id)
    assert [g.paths for g in groups] == [
        (b"Protocollen/Pestprotocol.pdf", b"Zorg/Pestprotocol.pdf")
    ]
    assert groups[0].wasted_bytes == 5000
    hashed = {e.path for e in iter_entries(store, snapshot.id) if e.hash}
    assert b"Oud/uniek.pdf" not in hashed, "a file with a unique size must not be read"
    assert b"Oud/Thumbs.db" not in hashed, "lock and system files are never read"


def test_duplicates_report_needs_a_hashed_scan(store: Store, tmp_path: Path) -> None:
    (tmp_path / "share").mkdir()
    snapshot = scan_local(store, tmp_path / "share")
    with pytest.raises(StoreError, match="--hash"):
        duplicate_groups(store, snapshot.id)


def test_stale_report_names_the_outermost_stale_folder(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "share"
    old, new = 1_400_000_000.0, 1_750_000_000.0
    for rel, mtime in [
        ("Archief 2015/a/x.doc", old),
        ("Archief 2015/b/y.doc", old),
        ("Groep 5/oud/z.doc", old),
        ("Groep 5/nieuw.doc", new),
        ("los.txt", old),
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
        os.utime(path, (mtime, mtime))
    snapshot = scan_local(store, root)
    stale = {s.path: s.files for s in stale_items(store, snapshot.id, older_than=1_600_000_000.0)}
    assert stale == {b"Archief 2015": 2, b"Groep 5/oud": 1, b"los.txt": 1}


def test_interrupted_scan_never_leaves_a_complete_snapshot(store: Store, demo_share: Path) -> None:
    def interrupt(seen: int, _bytes: int) -> None:
        if seen >= 1000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        scan_local(store, demo_share, progress=interrupt, every=500)
    (snapshot,) = list_snapshots(store)
    assert snapshot.status is SnapshotStatus.ABORTED
    assert store.conn.execute("SELECT count(*) FROM entry_chunks").fetchone()[0] == 0
    with pytest.raises(StoreError, match="no complete scan"):
        latest_snapshot(store)


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_bad_roots_are_refused_before_anything_is_written(
    store: Store, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "nope"
    if kind == "file":
        target.write_text("not a folder")
    with pytest.raises(ScanRootError):
        scan_local(store, target)
    assert list_snapshots(store) == []
