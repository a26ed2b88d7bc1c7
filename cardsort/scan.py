"""Scan a share into an inventory snapshot in the store, optionally hashing duplicate candidates.

Hashing every file of a school server would take hours; only files that share their size with
another file can be identical, so only those are read (the size pre-filter), with SHA-256.
Hashing never follows a symlink (``O_NOFOLLOW``) and a file that vanished or cannot be read is
simply left without a hash.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from drive_adapters.local_scan import check_root, scan_tree
from sessions.inventory import SnapshotWriter
from sessions.models import Snapshot
from sessions.store import Store

__all__ = ["HASH_NAME", "ProgressCallback", "hash_candidates", "scan_local"]

HASH_NAME = "sha256"
_CHUNK = 1 << 20

ProgressCallback = Callable[[int, int], None]
"""Called with (entries seen, bytes seen) every few thousand entries."""


def _hash_file(path: bytes) -> str | None:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hash_candidates(store: Store, snapshot_id: int, root: bytes) -> list[tuple[bytes, str, str]]:
    """Hash the files whose size another non-empty file shares: ``(path, name, hash)`` rows."""
    rows = store.conn.execute(
        "SELECT path FROM entries WHERE snapshot_id = ? AND kind = 'file' AND size > 0"
        " AND size IN (SELECT size FROM entries WHERE snapshot_id = ? AND kind = 'file'"
        " AND size > 0 GROUP BY size HAVING count(*) > 1) ORDER BY path",
        (snapshot_id, snapshot_id),
    ).fetchall()
    found: list[tuple[bytes, str, str]] = []
    for (path,) in rows:
        digest = _hash_file(os.path.join(root, bytes(path)))
        if digest is not None:
            found.append((bytes(path), HASH_NAME, digest))
    return found


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
    with SnapshotWriter(store, shown, absolute, hashed=hashes) as writer:
        seen = 0
        for entry in scan_tree(absolute):
            writer.add(entry)
            seen += 1
            if progress is not None and seen % every == 0:
                progress(seen, writer.bytes)
        if progress is not None:
            progress(seen, writer.bytes)
        if hashes:
            writer.flush()
            writer.set_hashes(hash_candidates(store, writer.snapshot_id, absolute))
        return writer.complete()
