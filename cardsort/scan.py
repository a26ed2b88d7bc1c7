"""Scan a share into an inventory snapshot in the store, optionally hashing duplicate candidates.

Hashing every file of a school server would take hours; only files that share their size with
another file can be identical, so only those are read (the size pre-filter), with SHA-256.
Hashing never follows a symlink (``O_NOFOLLOW``) and a file that vanished or cannot be read is
simply left without a hash.
"""

from __future__ import annotations

import contextlib
import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import cast

from drive_adapters.inventory import EntryBatch
from drive_adapters.local_scan import RESTART, LocalWalk, Walker, check_root, sha256_file
from sessions.inventory import SnapshotWriter, duplicate_candidates
from sessions.models import Snapshot
from sessions.store import Store

__all__ = ["HASH_NAME", "ProgressCallback", "hash_candidates", "scan_local"]

HASH_NAME = "sha256"

ProgressCallback = Callable[[int, int], None]
"""Called with (entries seen, bytes seen) every few thousand entries."""


def hash_candidates(store: Store, snapshot_id: int, root: bytes) -> list[tuple[bytes, str, str]]:
    """Hash the files whose size another non-empty file shares: ``(path, name, hash)`` rows."""
    found: list[tuple[bytes, str, str]] = []
    for path in duplicate_candidates(store, snapshot_id):
        digest = sha256_file(os.path.join(root, path))
        if digest is not None:
            found.append((path, HASH_NAME, digest))
    return found


_STOP = object()


def _walk_in_background(
    walk: LocalWalk, batches: queue.Queue[object], stop: threading.Event
) -> None:
    """Walk the share and hand its batches over; the store is written by the caller.

    Reading ``find``'s output (or the Python walker's system calls) and writing SQLite
    overlap this way, and neither waits for the other's I/O.
    """
    try:
        for batch in walk:
            batches.put(batch)
            if stop.is_set():
                return
    except BaseException as error:  # handed to the caller, who re-raises it
        batches.put(error)
    finally:
        batches.put(_STOP)


def scan_local(
    store: Store,
    root: Path | str | bytes,
    *,
    hashes: bool = False,
    progress: ProgressCallback | None = None,
    every: int = 2_000,
    walker: Walker = "auto",
) -> Snapshot:
    """Scan a local folder into a new complete snapshot.

    Raises :class:`drive_adapters.local_scan.ScanRootError` (before writing anything) when the
    root cannot be scanned. An interruption (Ctrl-C) marks the snapshot aborted.
    """
    raw = check_root(os.fsencode(root))
    absolute = os.path.abspath(raw)
    shown = os.fsdecode(absolute)
    walk = LocalWalk(absolute, walker=walker)
    batches: queue.Queue[object] = queue.Queue(maxsize=16)
    stop = threading.Event()
    walker_thread = threading.Thread(
        target=_walk_in_background,
        args=(walk, batches, stop),
        name="scan-walker",
        daemon=True,
    )
    try:
        with SnapshotWriter(store, shown, absolute, hashed=hashes) as writer:
            walker_thread.start()
            next_report = 0
            while (item := batches.get()) is not _STOP:
                if isinstance(item, BaseException):
                    raise item
                if item is RESTART:
                    writer.restart()
                    next_report = 0
                    continue
                writer.add_batch(cast("EntryBatch", item))
                if progress is not None and writer.entries >= next_report:
                    progress(writer.entries, writer.bytes)
                    next_report = writer.entries + every
            if walk.late_problems:
                writer.add_problems(walk.late_problems)
            if progress is not None:
                progress(writer.entries, writer.bytes)
            if hashes:
                writer.flush()
                writer.set_hashes(hash_candidates(store, writer.snapshot_id, absolute))
            return writer.complete()
    finally:
        stop.set()
        while walker_thread.is_alive():  # drain so the walker is never stuck on a full queue
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.05)
