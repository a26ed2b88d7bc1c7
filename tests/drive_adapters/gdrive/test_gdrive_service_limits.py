"""Google Drive behaviours the happy path never meets: a sustained per-user write limit that
counts every batch part, batch parts run in any order, and the single-request upload limit.

Each is a switch of the fake Drive (tests/fakes/drive_server.py says where it comes from).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from drive_adapters.base import DriveItem
from tests.drive_adapters.gdrive.conftest import adapter_for
from tests.fakes.drive_server import Chaos, FakeDriveServer

Factory = Callable[..., tuple[FakeDriveServer, dict[str, str]]]


def test_writes_are_shaped_to_the_sustained_rate_and_never_meet_the_limit(
    fake_factory: Factory,
) -> None:
    # 12 writes in any 0.1 s; the budget allows at most 8 (a batch) + 30/s × 0.1 s = 11. A slow
    # machine only spreads the writes further apart.
    server, _ = fake_factory(chaos=Chaos(write_limit=(12, 0.1)))
    adapter = adapter_for(server, writes_per_second="30", batch_size="8")
    try:
        root = adapter.root().id
        made = adapter.create_folders([(root, f"Groep {i}") for i in range(30)])
    finally:
        adapter.close()
    assert all(isinstance(m, DriveItem) for m in made)
    assert server.drive.injected["write-limit"] == 0  # paced, not refused and retried


def test_a_batch_of_a_hundred_writes_meets_the_limit(fake_factory: Factory) -> None:
    """The old shape (100 parts a batch, no budget) is what the limit refuses."""
    server, _ = fake_factory(chaos=Chaos(write_limit=(12, 0.1)))
    adapter = adapter_for(server, writes_per_second="0", batch_size="100")
    try:
        root = adapter.root().id
        adapter.create_folders([(root, f"Groep {i}") for i in range(30)])
    finally:
        adapter.close()
    assert server.drive.injected["write-limit"] > 0


def test_batch_parts_run_in_any_order_and_results_still_match(fake_factory: Factory) -> None:
    server, _ = fake_factory()
    adapter = adapter_for(server)
    try:
        root = adapter.root().id
        names = [f"Kaart {i:02d}" for i in range(20)]
        made = adapter.create_folders([(root, name) for name in names])
    finally:
        adapter.close()
    assert [m.name for m in made if isinstance(m, DriveItem)] == names


def test_a_large_file_is_never_sent_in_one_request(fake_factory: Factory, tmp_path: Path) -> None:
    big = tmp_path / "film.mp4"
    big.write_bytes(b"\x00\x01" * (3 * 1024 * 1024))  # 6 MiB: above the single-request limit
    server, _ = fake_factory()
    options: dict[str, Any] = {"chunk_size": str(1024 * 1024)}
    adapter = adapter_for(server, **options)
    try:
        item = adapter.upload(big, adapter.root().id, big.name)
    finally:
        adapter.close()
    assert item.size == big.stat().st_size
    assert server.drive.requests.get("upload.multipart", 0) == 0


def test_undo_of_our_copies_leaves_no_trash_counting_against_the_cap(
    fake_factory: Factory, tmp_path: Path
) -> None:
    source = tmp_path / "werk.txt"
    source.write_bytes(b"huiswerk")
    server, ids = fake_factory()
    shared = next(iter(ids.values()))
    before = server.drive.drive_items(shared)
    adapter = adapter_for(server)
    try:
        folder = adapter.create_folder(adapter.root().id, "Kopie")
        item = adapter.upload(source, folder.id, source.name)
        adapter.delete(item.id)
        adapter.delete(folder.id)
        trashed = adapter.stats["trashed"]
    finally:
        adapter.close()
    assert server.drive.drive_items(shared) == before and trashed == 0
