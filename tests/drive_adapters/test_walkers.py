"""GNU find and the Python walker see the same share the same way, and find's failures are safe.

The find walker is what makes a scan fast; the Python walker is what runs where GNU find is
missing and what takes over when find stumbles. Whatever the share holds, both must record
exactly the same entries: path bytes, kind, size, the very same ``st_mtime`` float, every
problem, symlink targets.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardsort.scan import scan_local
from drive_adapters import find_walk
from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from drive_adapters.local_scan import LocalWalk, scan_tree
from sessions.inventory import get_snapshot, iter_entries
from sessions.models import SnapshotStatus
from sessions.store import Store
from tests.conftest import DemoShareStats

needs_find = pytest.mark.skipif(not find_walk.available(), reason="GNU find is not installed")


def walked(root: Path | bytes, walker: str) -> dict[bytes, ScanEntry]:
    return {e.path: e for e in scan_tree(os.fsencode(root), walker=walker)}  # type: ignore[arg-type]


def stored(store: Store, snapshot_id: int) -> dict[bytes, ScanEntry]:
    return {e.path: e for e in iter_entries(store, snapshot_id)}


@needs_find
def test_both_walkers_record_the_demo_share_identically(
    demo_share_master: DemoShareStats,
) -> None:
    by_find = walked(demo_share_master.root, "find")
    by_python = walked(demo_share_master.root, "python")
    assert by_find == by_python
    problems = {p for e in by_find.values() for p in e.problems}
    # The demo share holds every trap, so this comparison covered each of them.
    assert {
        Problem.NOT_UTF8,
        Problem.NFC_NFD_TWIN,
        Problem.CASE_TWIN,
        Problem.SYMLINK,
        Problem.DEEP_PATH,
        Problem.LONG_PATH,
        Problem.EMPTY_FILE,
        Problem.SPARSE_FILE,
        Problem.LOCK_FILE,
        Problem.SYSTEM_FILE,
    } <= problems


# -- random shares ------------------------------------------------------------------------

NAMES = [
    b"Rapport.docx",
    b"rapport.docx",
    b"RAPPORT.DOCX",
    unicodedata.normalize("NFC", "Café.txt").encode(),
    unicodedata.normalize("NFD", "Café.txt").encode(),
    unicodedata.normalize("NFD", "CAFÉ.txt").encode(),
    b"caf\xe9 2012.doc",  # Latin-1: not UTF-8
    "straße".encode(),
    b"STRASSE",
    b"~$notulen.docx",
    b".~lock.plan.odt#",
    b"Thumbs.db",
    b"thumbs.DB",
    b"desktop.ini",
    b".DS_Store",
    b"._verslag.docx",
    b"@eaDir",
    b"Nieuwe map (2)",
    b"-rf",
    b"(",
    b"a b",
    b"a\tb",
    b"line\nbreak",
]
name = st.one_of(
    st.sampled_from(NAMES),
    st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b),
).filter(lambda b: b not in (b".", b".."))
mtime_ns = st.one_of(
    st.integers(min_value=0, max_value=2**31 * 10**9),
    st.integers(min_value=-(10**18), max_value=32_503_680_000 * 10**9),  # 1938 .. 3000
)


@st.composite
def shares(draw: st.DrawFn) -> list[tuple[bytes, str, int, int]]:
    """(path, kind, size or link choice, mtime ns) rows of a small share, parents first."""
    folders = [b""]
    rows: list[tuple[bytes, str, int, int]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=25))):
        parent = draw(st.sampled_from(folders))
        depth = parent.count(b"/") + 1 if parent else 0
        kind = draw(st.sampled_from(["file", "file", "dir", "link", "fifo"]))
        if depth >= 17:
            kind = "file"
        path = (parent + b"/" if parent else b"") + draw(name)
        if any(r[0] == path for r in rows):
            continue
        rows.append((path, kind, draw(st.integers(0, 3)), draw(mtime_ns)))
        if kind == "dir":
            folders.append(path)
    deep = draw(st.integers(min_value=0, max_value=1))
    if deep:  # one chain past the deep-path limit, with a long name at its end
        chain = b"/".join(b"d%d" % i for i in range(17))
        for i in range(1, 18):
            rows.append((b"/".join(chain.split(b"/")[:i]), "dir", 0, 10**18))
        rows.append((chain + b"/" + b"n" * 180, "file", 1, 10**18))
    return rows


def build(root: bytes, rows: list[tuple[bytes, str, int, int]]) -> None:
    for path, kind, extra, _ns in rows:
        full = os.path.join(root, path)
        if kind == "dir":
            os.mkdir(full)
        elif kind == "file":
            with open(full, "wb") as handle:
                handle.write(b"x" * extra)
        elif kind == "link":
            os.symlink([b"../outside", b"Rapport.docx", b"/etc/passwd", b"\xff"][extra], full)
        else:
            os.mkfifo(full)
    for path, kind, _extra, ns in reversed(rows):  # contents first: a folder's time sticks
        if kind != "link":
            os.utime(os.path.join(root, path), ns=(ns, ns))


@needs_find
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shares())
def test_both_walkers_agree_on_any_share(rows: list[tuple[bytes, str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(os.fsencode(tmp), b"share")
        os.mkdir(root)
        build(root, rows)
        by_find = walked(root, "find")
        by_python = walked(root, "python")
        assert by_find == by_python
        assert set(by_find) == {r[0] for r in rows}
        for path, kind, _extra, _ns in rows:
            if kind in ("file", "dir"):  # exactly what os.lstat says, not a rounding of it
                assert by_find[path].mtime == os.lstat(os.path.join(root, path)).st_mtime


@needs_find
def test_twins_far_apart_in_the_listing_are_flagged_in_the_store(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "share"
    folder = share / "Notulen"
    (folder / "Archief").mkdir(parents=True)
    for i in range(400):
        (folder / f"notulen {i:03d}.docx").write_bytes(b"x")
        (folder / "Archief" / f"oud {i:03d}.docx").write_bytes(b"x")
    (folder / "Rapport.docx").write_bytes(b"a")
    (folder / "rapport.docx").write_bytes(b"b")
    # Tiny batches: the twins, and the folder's files before and after its subfolder, are
    # handed over in different batches, so the earlier twin is stored before the later shows.
    monkeypatch.setattr(find_walk, "_BLOCK", 512)
    by_find = scan_local(store, share, walker="find")
    by_python = scan_local(store, share, walker="python")
    found, expected = stored(store, by_find.id), stored(store, by_python.id)
    assert found == expected
    for twin in (b"Notulen/Rapport.docx", b"Notulen/rapport.docx"):
        assert found[twin].problems == (Problem.CASE_TWIN,)
    assert by_find.problem_count == by_python.problem_count == 2
    assert by_find.entry_count == len(found) == 2 + 800 + 2  # folders, files, twins


# -- when find cannot be used -------------------------------------------------------------


def fake_find(tmp_path: Path, body: str) -> str:
    script = tmp_path / "find"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


@needs_find
def test_a_find_that_fails_midway_is_replaced_by_the_python_walker(
    store: Store, demo_share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = find_walk._executable()
    # A find that walks, then reports an error (as it does for a folder that refuses to open).
    failing = fake_find(tmp_path, f'"{real}" "$@"; exit 1')
    monkeypatch.setattr(find_walk, "_executable", lambda: failing)
    walk = LocalWalk(os.fsencode(demo_share))
    assert sum(len(b) for b in walk) > 2 * 2_000  # everything, then everything again
    assert walk.used == "python"
    snapshot = scan_local(store, demo_share)
    reference = scan_local(store, demo_share, walker="python")
    assert snapshot.status is SnapshotStatus.COMPLETE
    assert stored(store, snapshot.id) == stored(store, reference.id)
    assert snapshot.entry_count == reference.entry_count  # nothing counted twice


@needs_find
def test_a_failing_find_asked_for_by_name_aborts_the_scan_with_a_reason(
    store: Store, demo_share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = fake_find(tmp_path, "printf 'f  1\\0'; exit 1")  # half an entry, then an error
    monkeypatch.setattr(find_walk, "_executable", lambda: failing)
    with pytest.raises(find_walk.FindFailed, match="exit status 1"):
        scan_local(store, demo_share, walker="find")
    snapshots = store.conn.execute("SELECT id FROM snapshots").fetchall()
    assert get_snapshot(store, snapshots[0][0]).status is SnapshotStatus.ABORTED
    assert store.conn.execute("SELECT count(*) FROM entry_chunks").fetchone()[0] == 0


def test_without_gnu_find_the_python_walker_scans(
    demo_share: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    find_walk._executable.cache_clear()
    fake_find(tmp_path, 'echo "usage: find [-H | -L | -P] [-EXdsx] path ..."; exit 1')
    monkeypatch.setenv("PATH", str(tmp_path))  # only a find that is not GNU find
    try:
        assert not find_walk.available()
        walk = LocalWalk(os.fsencode(demo_share))
        entries = sum(len(b) for b in walk)
    finally:
        monkeypatch.undo()
        find_walk._executable.cache_clear()
    assert walk.used == "python"
    assert entries == len(walked(demo_share, "python"))


@needs_find
def test_a_share_whose_name_looks_like_an_option_is_walked_not_obeyed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    share = tmp_path / "-delete"
    share.mkdir()
    (share / "keep.txt").write_bytes(b"k")
    monkeypatch.chdir(tmp_path)
    entries = walked(b"-delete", "find")
    assert set(entries) == {b"keep.txt"}
    assert (share / "keep.txt").exists()


@needs_find
def test_find_never_follows_a_link_out_of_the_share(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"s")
    share = tmp_path / "share"
    share.mkdir()
    (share / "naar buiten").symlink_to(outside, target_is_directory=True)
    entries = walked(share, "find")
    assert set(entries) == {b"naar buiten"}
    link = entries[b"naar buiten"]
    assert link.kind is EntryKind.SYMLINK and link.link_target == os.fsencode(outside)


@needs_find
def test_the_cli_scans_with_either_walker_and_explains_a_failing_find(
    run_cli: Callable[..., Any],
    demo_share: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    portable = run_cli("scan", str(demo_share), "--walker", "python")
    native = run_cli("scan", str(demo_share), "--walker", "find")
    assert portable.exit_code == native.exit_code == 0
    # Same totals and problems; only the scan number in the title differs.
    assert portable.output.replace("Scan 1", "Scan 2") == native.output
    failing = fake_find(tmp_path, "exit 1")
    monkeypatch.setattr(find_walk, "_executable", lambda: failing)
    refused = run_cli("scan", str(demo_share), "--walker", "find")
    assert refused.exit_code == 2
    assert "--walker python" in refused.stderr and "Traceback" not in refused.stderr


@needs_find
def test_a_root_given_as_a_link_is_walked_by_both_walkers(tmp_path: Path) -> None:
    share = tmp_path / "srv" / "share"
    (share / "Zorg").mkdir(parents=True)
    (share / "Zorg" / "plan.docx").write_bytes(b"p")
    (share / "terug").symlink_to(share, target_is_directory=True)  # a loop, never entered
    mount = tmp_path / "schijf-S"
    mount.symlink_to(share, target_is_directory=True)
    by_find = walked(mount, "find")
    assert by_find == walked(mount, "python")
    assert set(by_find) == {b"Zorg", b"Zorg/plan.docx", b"terug"}
