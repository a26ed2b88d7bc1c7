"""Benchmark of the catch-up pass (``cardsort migrate sync``): requests scale with the changes.

A 100,000-file share was copied (the plan's baseline); then 1 % of it changes (500 files edited,
500 new). The catch-up is run against a local copy through an adapter that counts every call
it receives (lookups, new folders, uploads, moves) — the requests a cloud target would get.
Baseline measured in the same run: a comparison that asks the target about every file (one
lookup per file, what a verify-style catch-up does). Prints both and their ratio.

Only the files the catch-up touches exist on the target copy: every other file's copy is never
asked about, which is exactly the property measured.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Sequence
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


if __name__ == "__main__":
    main()
