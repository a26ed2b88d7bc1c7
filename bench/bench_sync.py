"""Benchmark of the catch-up pass (``cardsort migrate sync``): requests scale with the changes.

A 100,000-file share was copied (the plan's baseline); then 1 % of it changes (500 files edited,
500 new). The catch-up is run against a local copy through an adapter that counts every call
it receives (lookups, new folders, uploads, moves) — the requests a cloud target would get.
Baseline measured in the same run: a comparison that asks the target about every file (one
lookup per file, what a verify-style catch-up does). Prints both and their ratio.

Only the files the catch-up touches exist on the target copy: every other file's copy is never
asked about, which is exactly the property measured.

The cloud-source cases: a OneDrive library (fake Graph server) and a Google shared drive (fake
Drive) of 20,000 files are scanned (the deltaLink / start page token kept), then 1 % changes
(100 files edited, 100 added). A catch-up reads the changes since the scan's cursor
(:class:`~drive_adapters.executor.sync_source.CloudSource`) and downloads each changed file
once; the baseline in the same run is a full rescan (delta from scratch / a walk, what a
catch-up without the cursor would need). Prints both and their ratio.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.bench_plan import _cards, _consensus, _snapshot, _write_share
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.base import DriveItem
from drive_adapters.executor.sync import CatchUp, Deleted
from drive_adapters.inventory import EntryKind
from drive_adapters.local import LocalAdapter
from drive_adapters.local_scan import scan_tree

FILES = 100_000
CARDS = 50
CLOUD_FILES = 20_000


class CountingLocal(LocalAdapter):
    """The local adapter, counting the calls a catch-up makes (a cloud target's requests)."""

    calls = 0

    def item_at(self, path: Sequence[str]) -> DriveItem | None:
        CountingLocal.calls += 1
        return super().item_at(path)

    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        CountingLocal.calls += 1
        return super().create_folder(parent_id, name)

    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        CountingLocal.calls += 1
        return super().move(item_id, new_parent_id, new_name)

    def upload(self, source: Path, parent_id: str, name: str, **options: Any) -> DriveItem:
        CountingLocal.calls += 1
        return super().upload(source, parent_id, name, **options)


def main() -> None:
    """Both cases: a local source, then a cloud source."""
    local_main()
    cloud_main()


def local_main() -> None:
    """Print requests of a 1 % catch-up against the one-lookup-per-file baseline."""
    with tempfile.TemporaryDirectory(prefix="cardsort-bench-sync-") as tmp:
        share, copy = Path(tmp) / "share", Path(tmp) / "kopie"
        _write_share(share, FILES, CARDS)
        entries = list(scan_tree(os.fsencode(share)))
        cards = _cards(CARDS)
        plan = build_plan(
            _consensus([c.key for c in cards]),
            cards,
            _snapshot(os.fsencode(share), len(entries)),
            entries,
            study="bench",
            options=PlanOptions(rules="local"),
        )
        files = [i for i in plan.items if i.kind == "file" and i.target]
        edited = files[:: len(files) // 500][:500]
        for item in edited:  # the target holds the copies of the files that change
            assert item.target is not None
            target = copy.joinpath(*item.target)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"")
            os.utime(target, (item.mtime or 0, item.mtime or 0))
            (share / os.fsdecode(item.source)).write_bytes(b"bewerkt\n")
        for n in range(500):
            (share / f"Map {n % CARDS:02d}" / "Sub 0" / f"nieuw {n}.txt").write_bytes(b"nieuw\n")
        adapter = CountingLocal(copy)
        catch_up = CatchUp(plan, adapter, Path(tmp) / "sync.sqlite", Deleted.LIST)
        started = time.perf_counter()
        result = catch_up.run()
        seconds = time.perf_counter() - started
        catch_up.close()
        n_files = sum(1 for e in entries if e.kind is EntryKind.FILE)
        changes = sum(result.done.values())
        print(f"share: {n_files:,} files; changed since apply: {changes:,} ({result.done})")
        per_change = CountingLocal.calls / max(1, changes)
        print(
            f"catch-up requests to the target: {CountingLocal.calls:,} "
            f"({per_change:.1f} per change), {seconds:.1f} s"
        )
        print(f"baseline (one lookup per file): {n_files:,} requests")
        print(f"ratio catch-up / baseline: {CountingLocal.calls / n_files:.3f}")


def cloud_main() -> None:
    """Both cloud sources: requests of a 1 % catch-up against a full rescan."""
    onedrive_case()
    gdrive_case()


def _report(
    platform: str, files: int, changed: int, full: int, feed: int, seconds: float, per_file: int
) -> None:
    """``per_file``: requests one download takes (Graph: a 302 to a download URL, then it)."""
    downloads = changed * per_file
    catch_up = feed + downloads  # the feed, then each changed file downloaded once
    rescan = full + downloads  # the same downloads after reading the whole drive again
    print(f"cloud source ({platform} fake): {files:,} files, {changed:,} changed since the scan")
    print(
        f"  catch-up from the change feed: {catch_up:,} requests to the source ({feed} to read "
        f"the changes in {seconds:.1f} s, {downloads:,} for {changed:,} downloads)"
    )
    print(f"  baseline (full rescan, then the same downloads): {rescan:,} requests ({full:,} + "
          f"{downloads:,})")  # fmt: skip
    print(f"  reading the changes / reading the drive: {feed} / {full:,} = {feed / full:.3f}")


def _scan_then_catch_up(
    adapter: Any,
    reset: Callable[[], None],
    requests: Callable[[], int],
    edit: Callable[[int], None],
    add: Callable[[int], None],
) -> tuple[int, int, int, int, float]:
    """Scan a cloud drive in full, then edit and add 1% of its files (half each) and read the
    change feed from the scan's cursor: files, changed, full-scan and feed requests, seconds.

    ``edit(i)`` edits the ``i``-th file made, ``add(n)`` adds the ``n``-th new file;
    ``reset``/``requests`` zero and read the fake's request count.
    """
    from drive_adapters.executor.sync_source import CloudSource

    reset()
    entries = list(adapter.scan())
    full = requests()
    cursor = adapter.scan_cursor
    assert cursor is not None
    changed = CLOUD_FILES // 100
    for i in range(0, CLOUD_FILES, CLOUD_FILES // (changed // 2))[: changed // 2]:
        edit(i)
    for n in range(changed // 2):
        add(n)
    source = CloudSource(adapter, entries=entries, cursor=cursor)
    reset()
    started = time.perf_counter()
    now = source.current()
    feed = requests()
    seconds = time.perf_counter() - started
    source.close()
    files = sum(1 for e in entries if e.kind is EntryKind.FILE)
    assert len(now) == files + changed // 2
    return files, changed, full, feed, seconds


def onedrive_case() -> None:
    """A OneDrive library: delta from the scan's deltaLink against delta from scratch."""
    from drive_adapters.onedrive import open_target
    from tests.fakes.graph_server import FakeGraphServer

    with FakeGraphServer() as server:
        folders = [server.add_folder(server.me.root_id, f"Map {n:02d}") for n in range(CARDS)]
        ids = [
            server.add_file(folders[n % CARDS], f"stuk {n}.txt", b"x" * (n % 97), mtime=1.7e9)
            for n in range(CLOUD_FILES)
        ]
        adapter = open_target("me", {"base_url": server.url})
        try:
            measured = _scan_then_catch_up(
                adapter,
                server.reset_counts,
                server.total_requests,
                lambda i: server.edit_file(ids[i], b"bewerkt\n", mtime=1.8e9),
                lambda n: server.add_file(
                    folders[n % CARDS], f"nieuw {n}.txt", b"nieuw\n", mtime=1.8e9
                ),
            )
        finally:
            adapter.close()
    _report("OneDrive", *measured, 2)


def gdrive_case() -> None:
    """A Google shared drive: changes.list from the start token against a walk."""
    from drive_adapters.gdrive.target import open_target
    from tests.fakes.drive_server import FOLDER, start_fake

    with tempfile.TemporaryDirectory(prefix="cardsort-bench-sync-g-") as tmp:
        server, ids = start_fake(Path(tmp) / "cert", shared_drives=["Team"])
        drive, root = server.drive, ids["Team"]
        try:
            folders = [
                drive.create({"name": f"Map {n:02d}", "mimeType": FOLDER, "parents": [root]}, True)
                for n in range(CARDS)
            ]
            made = [
                drive.create({"name": f"stuk {n}.txt", "parents": [folders[n % CARDS].id]}, True,
                             content=b"x" * (n % 97))
                for n in range(CLOUD_FILES)
            ]  # fmt: skip
            adapter = open_target(f"shared:{root}", server.options(retry_scale="0.001"))
            measured = _scan_then_catch_up(
                adapter,
                drive.reset_counts,
                drive.api_calls,
                lambda i: drive.edit_file(made[i].id, b"bewerkt\n", 1.8e9),
                lambda n: drive.create(
                    {"name": f"nieuw {n}.txt", "parents": [folders[n % CARDS].id]},
                    True,
                    content=b"n",
                ),
            )
            adapter.close()
        finally:
            server.stop()
    _report("Google Drive", *measured, 1)


if __name__ == "__main__":
    main()
