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

from drive_adapters.inventory import Problem
from drive_adapters.local_scan import Row, check_root, scan_rows, sha256_file
from sessions.inventory import SnapshotWriter
from sessions.models import Snapshot
from sessions.store import Store

__all__ = ["HASH_NAME", "ProgressCallback", "hash_candidates", "scan_local"]

HASH_NAME = "sha256"

ProgressCallback = Callable[[int, int], None]
"""Called with (entries seen, bytes seen) every few thousand entries."""


def hash_candidates(store: Store, snapshot_id: int, root: bytes) -> list[tuple[bytes, str, str]]:
    """Hash the files whose size another non-empty file shares: ``(path, name, hash)`` rows."""
    # Lock and system files (Thumbs.db, ~$...) are junk, not documents stored twice: not read.
    documents = (
        "snapshot_id = ? AND kind = 'file' AND size > 0"
        f" AND problems NOT LIKE '%{Problem.LOCK_FILE}%'"
        f" AND problems NOT LIKE '%{Problem.SYSTEM_FILE}%'"
    )
    rows = store.conn.execute(
        f"SELECT path FROM entries WHERE {documents} AND size IN"
        f" (SELECT size FROM entries WHERE {documents} GROUP BY size HAVING count(*) > 1)"
        " ORDER BY path",
        (snapshot_id, snapshot_id),
    ).fetchall()
    found: list[tuple[bytes, str, str]] = []
    for (path,) in rows:
        digest = sha256_file(os.path.join(root, bytes(path)))
        if digest is not None:
            found.append((bytes(path), HASH_NAME, digest))
    return found


_STOP = object()


def _walk_in_background(
    root: bytes, batches: queue.Queue[object], stop: threading.Event, size: int = 2_000
) -> None:
    """Walk the share and hand rows over in batches; the store is written by the caller.

    Walking (system calls, mostly outside the GIL) and writing SQLite (also largely outside
    the GIL) overlap on two cores, which is what keeps a scan close to ``find``'s speed.
    """
    batch: list[Row] = []
    try:
        for row in scan_rows(root):
            batch.append(row)
            if len(batch) >= size:
                batches.put(batch)
                batch = []
                if stop.is_set():
                    return
        if batch:
            batches.put(batch)
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
) -> Snapshot:
    """Scan a local folder into a new complete snapshot.

    Raises :class:`drive_adapters.local_scan.ScanRootError` (before writing anything) when the
    root cannot be scanned. An interruption (Ctrl-C) marks the snapshot aborted.
    """
    raw = check_root(os.fsencode(root))
    absolute = os.path.abspath(raw)
    shown = os.fsdecode(absolute)
    batches: queue.Queue[object] = queue.Queue(maxsize=16)
    stop = threading.Event()
    walker = threading.Thread(
        target=_walk_in_background,
        args=(absolute, batches, stop),
        name="scan-walker",
        daemon=True,
    )
    try:
        with SnapshotWriter(store, shown, absolute, hashed=hashes) as writer:
            walker.start()
            seen = next_report = 0
            while (item := batches.get()) is not _STOP:
                if isinstance(item, BaseException):
                    raise item
                rows = cast("list[Row]", item)
                writer.add_rows(rows)
                seen += len(rows)
                if progress is not None and seen >= next_report:
                    progress(seen, writer.bytes)
                    next_report = seen + every
            if progress is not None:
                progress(seen, writer.bytes)
            if hashes:
                writer.flush()
                writer.set_hashes(hash_candidates(store, writer.snapshot_id, absolute))
            return writer.complete()
    finally:
        stop.set()
        while walker.is_alive():  # drain so the walker is never stuck on a full queue
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.05)
