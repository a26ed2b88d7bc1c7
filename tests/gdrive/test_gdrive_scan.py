"""Scanning a Google drive into inventory records, in full and incrementally from changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drive_adapters.gdrive import GDriveAdapter
from drive_adapters.gdrive.scan import apply_changes, scan_drive
from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from tests.fakes.drive_server import FOLDER, FakeDrive, FakeDriveServer, start_fake
from tests.gdrive.conftest import adapter_for


def test_google_docs_and_shortcuts_are_flagged_not_hashed(
    drive: GDriveAdapter, fake: FakeDriveServer
) -> None:
    state, root = fake.drive, drive.root_id
    folder = state.create({"name": "Vergaderingen", "mimeType": FOLDER, "parents": [root]}, True)
    state.create(
        {
            "name": "Notulen MR",
            "mimeType": "application/vnd.google-apps.document",
            "parents": [folder.id],
        },
        True,
    )
    state.create(
        {
            "name": "Rooster",
            "mimeType": "application/vnd.google-apps.spreadsheet",
            "parents": [folder.id],
        },
        True,
    )
    pdf = state.create({"name": "Jaarplan.pdf", "parents": [folder.id]}, True, content=b"%PDF-1.7")
    short = state.create(
        {
            "name": "Snelkoppeling",
            "mimeType": "application/vnd.google-apps.shortcut",
            "parents": [root],
        },
        True,
    )
    entries = {e.path: e for e in scan_drive(drive)}
    doc = entries[b"Vergaderingen/Notulen MR"]
    assert doc.kind is EntryKind.FILE and doc.problems == (Problem.CLOUD_DOCUMENT,)
    assert doc.hash is None and doc.size == 0
    assert entries[b"Vergaderingen/Rooster"].problems == (Problem.CLOUD_DOCUMENT,)
    stored = entries[b"Vergaderingen/Jaarplan.pdf"]
    assert stored.size == 8 and stored.hash_name == "sha256" and stored.item_id == pdf.id
    assert stored.hash == state.files[pdf.id].sha256
    assert entries[b"Snelkoppeling"].kind is EntryKind.SYMLINK
    assert entries[b"Snelkoppeling"].item_id == short.id
    assert entries[b"Vergaderingen"].kind is EntryKind.DIR


def test_scan_pages_through_large_folders_and_groups_folder_queries(
    drive: GDriveAdapter, fake: FakeDriveServer
) -> None:
    state, root = fake.drive, drive.root_id
    big = state.create({"name": "Foto's", "mimeType": FOLDER, "parents": [root]}, True)
    for n in range(1203):
        state.create({"name": f"IMG_{n:04d}.jpg", "parents": [big.id]}, True, content=b"j")
    for n in range(60):
        state.create({"name": f"Map {n}", "mimeType": FOLDER, "parents": [root]}, True)
    fake.drive.reset_counts()
    entries = list(scan_drive(drive))
    assert len(entries) == 1 + 1203 + 60
    assert len({e.path for e in entries}) == len(entries)
    # root (1 query, 1 page) + 61 folders in 2 grouped queries, the first one 2 pages
    assert fake.drive.requests["files.list"] == 4


# -- incremental scans: a property over random changes -------------------------------------


@pytest.fixture(scope="module")
def shared_fake(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FakeDriveServer]:
    server, _ = start_fake(tmp_path_factory.mktemp("cert"), shared_drives=["Team Blokhuus"])
    yield server
    server.stop()


def key(entries: list[ScanEntry]) -> list[tuple[bytes, str, int, str | None, str | None]]:
    return sorted((e.path, e.kind.value, e.size, e.hash, e.item_id) for e in entries)


ops = st.lists(
    st.tuples(
        st.sampled_from(["mkdir", "file", "move", "rename", "trash"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=ops)
def test_changes_bring_an_old_scan_up_to_date(
    shared_fake: FakeDriveServer, steps: list[tuple[str, int, int]]
) -> None:
    state = FakeDrive()  # a fresh drive behind the same server for every example
    shared_fake.drive = state
    drive_id = state.add_shared_drive("scratch")
    adapter = adapter_for(shared_fake, f"shared:{drive_id}")
    a = state.create({"name": "A", "mimeType": FOLDER, "parents": [drive_id]}, True)
    state.create({"name": "B", "mimeType": FOLDER, "parents": [a.id]}, True)
    state.create({"name": "x.txt", "parents": [a.id]}, True, content=b"x")
    old = list(scan_drive(adapter))
    token = adapter.start_page_token()
    for op, i, j in steps:
        live = [f for f in state.live_files(drive_id)]
        folders = [drive_id] + [f.id for f in live if f.is_folder]
        if op == "mkdir":
            state.create(
                {"name": f"d{i % 7}", "mimeType": FOLDER, "parents": [folders[i % len(folders)]]},
                True,
            )
        elif op == "file":
            state.create(
                {"name": f"f{i % 7}", "parents": [folders[i % len(folders)]]},
                True,
                content=bytes([j % 256]),
            )
        elif live and op in ("move", "rename", "trash"):
            item = live[i % len(live)]
            if op == "move":
                target = state.files[folders[j % len(folders)]]
                if not state.is_ancestor(item.id, target) and target.id != item.parent:
                    state.update(
                        item.id,
                        {},
                        {
                            "supportsAllDrives": "true",
                            "addParents": target.id,
                            "removeParents": item.parent or "",
                        },
                    )
            elif op == "rename":
                state.update(item.id, {"name": f"r{j % 5}"}, {"supportsAllDrives": "true"})
            else:
                state.update(item.id, {"trashed": True}, {"supportsAllDrives": "true"})
    feed = adapter.changes_since(token)
    assert int(feed.cursor) >= int(token)
    assert key(apply_changes(old, drive_id, feed.changed, feed.removed)) == key(
        list(scan_drive(adapter))
    )


def test_pure_apply_changes_drops_items_moved_out_of_the_root(tmp_path: Path) -> None:
    old = [
        ScanEntry(b"A", EntryKind.DIR, item_id="a"),
        ScanEntry(b"A/x", EntryKind.FILE, item_id="x"),
    ]
    from drive_adapters.base import DriveItem, ItemKind

    moved_out = DriveItem("a", "elsewhere", "A", ItemKind.FOLDER)
    assert apply_changes(old, "root", [moved_out], []) == []
    renamed = DriveItem("a", "root", "A2", ItemKind.FOLDER)
    assert [e.path for e in apply_changes(old, "root", [renamed], [])] == [b"A2", b"A2/x"]
