"""Inventory snapshots in the store: writing a scan, reading entries, and the report queries.

A snapshot is written as ``running``, filled in batches, and marked ``complete`` only when the
scan finished; an interrupted scan is marked ``aborted`` (or found ``running`` by a later
process and treated as unfinished). Readers only ever pick complete snapshots by default.

Entries are stored in chunks of packed columns (:mod:`sessions.entry_chunks`); the reports
below read them chunk by chunk, so a million-entry snapshot never sits in memory at once.
"""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from drive_adapters.inventory import (
    KIND_CODES,
    KINDS_BY_CODE,
    PROBLEM_BITS,
    EntryBatch,
    EntryKind,
    Problem,
    ScanEntry,
    problems_of_mask,
)
from sessions.clock import now_iso
from sessions.entry_chunks import CHUNK_SIZE, Chunk, Extras
from sessions.models import Snapshot, SnapshotStatus
from sessions.store import Store, StoreCorrupt, StoreError

__all__ = [
    "DuplicateGroup",
    "SnapshotWriter",
    "StaleItem",
    "TopLevelSummary",
    "duplicate_candidates",
    "duplicate_groups",
    "get_snapshot",
    "iter_entries",
    "latest_snapshot",
    "list_snapshots",
    "now_iso",
    "problem_counts",
    "stale_items",
    "top_level_summary",
]


def _snapshot(row: sqlite3.Row) -> Snapshot:
    return Snapshot(
        id=row["id"],
        root=row["root"],
        root_bytes=bytes(row["root_bytes"]),
        source=row["source"],
        source_ref=row["source_ref"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        status=SnapshotStatus(row["status"]),
        hashed=bool(row["hashed"]),
        entry_count=row["entry_count"],
        file_count=row["file_count"],
        dir_count=row["dir_count"],
        total_bytes=row["total_bytes"],
        problem_count=row["problem_count"],
        change_cursor=row["change_cursor"],
    )


_FILE = KIND_CODES[EntryKind.FILE]
_DIR = KIND_CODES[EntryKind.DIR]
_INSERT_CHUNK = (
    "INSERT INTO entry_chunks (snapshot_id, first_seq, count, paths, kinds, sizes, mtimes,"
    " problems, extras) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


_T = TypeVar("_T")


def _window(column: dict[int, _T], start: int, stop: int) -> dict[int, _T]:
    """The part of a sparse column between two indexes, renumbered from ``start``."""
    return {i - start: v for i, v in column.items() if start <= i < stop}


class SnapshotWriter:
    """Writes one scan into the store chunk by chunk; use as a context manager.

    Leaving the ``with`` block normally marks the snapshot complete with its totals; leaving it
    by an exception (Ctrl-C included) marks it aborted, so no half snapshot is ever complete.
    Entries keep the order they are added in.
    """

    def __init__(
        self,
        store: Store,
        root: str,
        root_bytes: bytes,
        *,
        source: str = "local",
        source_ref: str | None = None,
        hashed: bool = False,
    ) -> None:
        self.store = store
        self._pending = EntryBatch()
        self._extras = Extras()  # item ids and hashes of the pending entries
        self._seq = 0  # entries written so far
        self.files = self.dirs = self.bytes = self.problems = 0
        with store.transaction() as tx:
            cursor = tx.execute(
                "INSERT INTO snapshots (root, root_bytes, source, source_ref, started_at, status,"
                " hashed) VALUES (?, ?, ?, ?, ?, 'running', ?)",
                (root, root_bytes, source, source_ref, now_iso(), int(hashed)),
            )
            assert cursor.lastrowid is not None
            self.snapshot_id: int = cursor.lastrowid

    @property
    def entries(self) -> int:
        """Entries added so far."""
        return self._seq + len(self._pending)

    def add(self, entry: ScanEntry) -> None:
        """Queue one entry; written with the next chunk."""
        index = len(self._pending)
        self._pending.append_entry(entry)
        extras = self._extras
        if entry.item_id is not None:
            extras.item_id[index] = entry.item_id
        if entry.hash is not None:
            extras.hash[index] = entry.hash
        if entry.hash_name is not None:
            extras.hash_name[index] = entry.hash_name
        if index + 1 >= CHUNK_SIZE:
            self._write(final=False)

    def add_all(self, entries: Iterable[ScanEntry]) -> None:
        """Queue many entries."""
        for entry in entries:
            self.add(entry)

    def add_batch(self, batch: EntryBatch) -> None:
        """Queue a walk's columns as they are (the fast path of a local scan)."""
        pending = self._pending
        offset = len(pending)
        pending.paths.extend(batch.paths)
        pending.kinds.extend(batch.kinds)
        pending.sizes.extend(batch.sizes)
        pending.mtimes.extend(batch.mtimes)
        pending.problems.extend(batch.problems)
        pending.links.update((offset + i, v) for i, v in batch.links.items())
        pending.errors.update((offset + i, v) for i, v in batch.errors.items())
        if len(pending) >= CHUNK_SIZE:
            self._write(final=False)

    def flush(self) -> None:
        """Write every queued entry."""
        self._write(final=True)

    def _write(self, *, final: bool) -> None:
        """Write the queued entries as chunks; without ``final`` a short tail stays queued."""
        pending, extras = self._pending, self._extras
        n = len(pending)
        cut = n if final else n - n % CHUNK_SIZE
        if cut == 0:
            return
        rows = []
        for start in range(0, cut, CHUNK_SIZE):
            stop = min(start + CHUNK_SIZE, cut)
            chunk = Chunk.from_columns(
                self._seq + 1,
                pending.paths[start:stop],
                pending.kinds[start:stop],
                pending.sizes[start:stop],
                pending.mtimes[start:stop],
                pending.problems[start:stop],
                Extras(
                    _window(pending.links, start, stop),
                    _window(pending.errors, start, stop),
                    _window(extras.item_id, start, stop),
                    _window(extras.hash, start, stop),
                    _window(extras.hash_name, start, stop),
                ),
            )
            self._count(chunk)
            rows.append((self.snapshot_id, self._seq + 1, *chunk.to_row()))
            self._seq += len(chunk)
        with self.store.transaction() as tx:
            tx.executemany(_INSERT_CHUNK, rows)
        rest = EntryBatch(
            pending.paths[cut:],
            pending.kinds[cut:],
            pending.sizes[cut:],
            pending.mtimes[cut:],
            pending.problems[cut:],
            _window(pending.links, cut, n),
            _window(pending.errors, cut, n),
        )
        self._extras = Extras(
            item_id=_window(extras.item_id, cut, n),
            hash=_window(extras.hash, cut, n),
            hash_name=_window(extras.hash_name, cut, n),
        )
        self._pending = rest

    def _count(self, chunk: Chunk) -> None:
        kinds = np.frombuffer(chunk.kinds, dtype=np.uint8)
        files = kinds == _FILE
        self.files += int(files.sum())
        self.dirs += int((kinds == _DIR).sum())
        self.bytes += int(np.frombuffer(chunk.sizes, dtype=np.int64)[files].sum())
        self.problems += int(np.count_nonzero(np.frombuffer(chunk.problems, dtype=np.uint16)))

    def _patch(self, change: Callable[[Chunk, int], None], paths: Set[bytes]) -> None:
        """Apply ``change(chunk, index)`` to the stored entries whose path is in ``paths``."""
        self.flush()
        if not paths:
            return
        changed: list[tuple[bytes, str, int, int]] = []
        for chunk in _chunks(self.store, self.snapshot_id):
            hits = [i for i, p in enumerate(chunk.paths) if p in paths]
            if not hits:
                continue
            before = sum(1 for i in hits if chunk.problems[i])
            for i in hits:
                change(chunk, i)
            self.problems += sum(1 for i in hits if chunk.problems[i]) - before
            changed.append((*chunk.patchable_columns(), self.snapshot_id, chunk.first_seq))
        # Written once the reading is done: SQLite leaves a read undefined when its own
        # connection changes the table under it.
        with self.store.transaction() as tx:
            tx.executemany(
                "UPDATE entry_chunks SET problems = ?, extras = ?"
                " WHERE snapshot_id = ? AND first_seq = ?",
                changed,
            )

    def add_problems(self, masks: Mapping[bytes, int]) -> None:
        """Add problems found after their entries were written (twins seen later in a walk)."""

        def change(chunk: Chunk, i: int) -> None:
            chunk.problems[i] |= masks[chunk.paths[i]]

        self._patch(change, masks.keys())

    def set_hashes(self, hashes: Iterable[tuple[bytes, str, str]]) -> None:
        """Record content hashes ``(path, hash_name, hash)`` found after the walk."""
        found = {path: (name, digest) for path, name, digest in hashes}

        def change(chunk: Chunk, i: int) -> None:
            name, digest = found[chunk.paths[i]]
            chunk.extras.hash_name[i] = name
            chunk.extras.hash[i] = digest

        self._patch(change, found.keys())

    def complete(self, *, change_cursor: str | None = None) -> Snapshot:
        """Flush and mark the snapshot complete with its totals (and a cloud scan's cursor)."""
        self.flush()
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE snapshots SET status = 'complete', finished_at = ?, entry_count = ?,"
                " file_count = ?, dir_count = ?, total_bytes = ?, problem_count = ?,"
                " change_cursor = ? WHERE id = ?",
                (
                    now_iso(),
                    self._seq,
                    self.files,
                    self.dirs,
                    self.bytes,
                    self.problems,
                    change_cursor,
                    self.snapshot_id,
                ),
            )
        return get_snapshot(self.store, self.snapshot_id)

    def restart(self) -> None:
        """Drop every entry written so far: the walk starts over (see ``LocalWalk``)."""
        self._pending, self._extras = EntryBatch(), Extras()
        self._seq = 0
        self.files = self.dirs = self.bytes = self.problems = 0
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM entry_chunks WHERE snapshot_id = ?", (self.snapshot_id,))

    def abort(self) -> None:
        """Mark the snapshot aborted and drop its entries (an unfinished scan is no evidence)."""
        self._pending = EntryBatch()
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM entry_chunks WHERE snapshot_id = ?", (self.snapshot_id,))
            tx.execute(
                "UPDATE snapshots SET status = 'aborted', finished_at = ? WHERE id = ?",
                (now_iso(), self.snapshot_id),
            )

    def __enter__(self) -> SnapshotWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is not None:
            self.abort()


def get_snapshot(store: Store, snapshot_id: int) -> Snapshot:
    """A snapshot by id."""
    row = store.conn.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
    if row is None:
        raise StoreError(f"There is no scan with id {snapshot_id}. See `cardsort scan --list`.")
    return _snapshot(row)


def latest_snapshot(store: Store) -> Snapshot:
    """The most recent complete snapshot; a clear error if there is none."""
    row = store.conn.execute(
        "SELECT * FROM snapshots WHERE status = 'complete' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise StoreError("There is no complete scan yet. Run `cardsort scan PATH` first.")
    return _snapshot(row)


def list_snapshots(store: Store) -> list[Snapshot]:
    """All snapshots, newest first."""
    rows = store.conn.execute("SELECT * FROM snapshots ORDER BY id DESC").fetchall()
    return [_snapshot(r) for r in rows]


def _chunks(store: Store, snapshot_id: int) -> Iterator[Chunk]:
    """The stored chunks of a snapshot, in order."""
    cursor = store.conn.execute(
        "SELECT first_seq, count, paths, kinds, sizes, mtimes, problems, extras"
        " FROM entry_chunks WHERE snapshot_id = ? ORDER BY first_seq",
        (snapshot_id,),
    )
    for row in cursor:
        try:
            yield Chunk.from_row(*row)
        except (ValueError, KeyError) as error:
            raise StoreCorrupt(
                f"Scan {snapshot_id} in the store {store.path} is damaged ({error})."
                " Scan the share again."
            ) from None


def iter_entries(
    store: Store, snapshot_id: int, *, under: bytes | None = None
) -> Iterator[ScanEntry]:
    """Every entry of a snapshot in the order the scan met them (optionally only below ``under``).

    Folders come before their contents; siblings may come in any order (a file system's or a
    cloud listing's), so a reader that shows or decides by order sorts for itself.
    """
    prefix = None if under is None else under + b"/"
    for chunk in _chunks(store, snapshot_id):
        if prefix is None:
            yield from chunk.entries()
            continue
        for i, path in enumerate(chunk.paths):
            if path == under or path.startswith(prefix):
                yield chunk.entry(i)


@dataclass(frozen=True, slots=True)
class TopLevelSummary:
    """Totals for one top-level item of a share."""

    path: bytes
    kind: EntryKind
    files: int
    bytes: int
    last_change: float | None
    problems: int


def top_level_summary(store: Store, snapshot_id: int) -> list[TopLevelSummary]:
    """Per top-level item: files below it, their size, the last change, entries with problems."""
    # top -> [files, bytes, last change, problems]
    totals: dict[bytes, list[float]] = {}
    kinds: dict[bytes, EntryKind] = {}
    for chunk in _chunks(store, snapshot_id):
        for path, kind, size, mtime, mask in zip(
            chunk.paths, chunk.kinds, chunk.sizes, chunk.mtimes, chunk.problems, strict=True
        ):
            slash = path.find(b"/")
            if slash < 0:
                top = path
                kinds[top] = KINDS_BY_CODE[kind]
            else:
                top = path[:slash]
            row = totals.get(top)
            if row is None:
                row = totals[top] = [0, 0, -math.inf, 0]
            if kind == _FILE:
                row[0] += 1
                row[1] += size
                if mtime > row[2]:  # NaN (unknown) never is
                    row[2] = mtime
            if mask:
                row[3] += 1
    return [
        TopLevelSummary(
            path=top,
            kind=kinds.get(top, EntryKind.DIR),
            files=int(row[0]),
            bytes=int(row[1]),
            last_change=None if row[2] == -math.inf else row[2],
            problems=int(row[3]),
        )
        for top, row in sorted(totals.items())
    ]


def problem_counts(store: Store, snapshot_id: int) -> dict[Problem, int]:
    """How many entries carry each problem (problems nobody has are left out)."""
    masks: Counter[int] = Counter()
    for chunk in _chunks(store, snapshot_id):
        masks.update(chunk.problems)
    counts = dict.fromkeys(Problem, 0)  # in the order Problem declares, whatever the scan's
    for mask, n in masks.items():
        for problem in problems_of_mask(mask):
            counts[problem] += n
    return {problem: n for problem, n in counts.items() if n}


_JUNK = PROBLEM_BITS[Problem.LOCK_FILE] | PROBLEM_BITS[Problem.SYSTEM_FILE]


def duplicate_candidates(store: Store, snapshot_id: int) -> list[bytes]:
    """Files worth hashing: non-empty documents whose size another such file shares.

    Lock and system files (Thumbs.db, ``~$...``) are junk, not documents stored twice, so they
    are never candidates. Sorted by path.
    """

    def documents() -> Iterator[tuple[bytes, int]]:
        for chunk in _chunks(store, snapshot_id):
            for path, kind, size, mask in zip(
                chunk.paths, chunk.kinds, chunk.sizes, chunk.problems, strict=True
            ):
                if kind == _FILE and size > 0 and not mask & _JUNK:
                    yield path, size

    # Two reads of the chunks rather than every document's path in memory: a school server
    # holds hundreds of thousands of files, of which only a few share a size.
    sizes = Counter(size for _, size in documents())
    return sorted(path for path, size in documents() if sizes[size] > 1)


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Files with identical content."""

    hash: str
    size: int
    paths: tuple[bytes, ...]

    @property
    def wasted_bytes(self) -> int:
        """Bytes that all copies but one take."""
        return self.size * (len(self.paths) - 1)


def duplicate_groups(store: Store, snapshot_id: int) -> list[DuplicateGroup]:
    """Groups of identical files (same size and content hash), most wasted space first."""
    snapshot = get_snapshot(store, snapshot_id)
    if not snapshot.hashed:
        raise StoreError(
            "This scan has no content hashes. Run `cardsort scan PATH --hash` to find duplicates."
        )
    groups: dict[str, list[bytes]] = {}
    sizes: dict[str, int] = {}
    for chunk in _chunks(store, snapshot_id):
        for i, digest in chunk.extras.hash.items():
            if chunk.kinds[i] == _FILE and chunk.sizes[i] > 0:
                groups.setdefault(digest, []).append(chunk.paths[i])
                sizes[digest] = chunk.sizes[i]
    result = [
        DuplicateGroup(h, sizes[h], tuple(sorted(p))) for h, p in groups.items() if len(p) > 1
    ]
    result.sort(key=lambda g: (-g.wasted_bytes, g.paths))
    return result


@dataclass(frozen=True, slots=True)
class StaleItem:
    """A top-level item (or a folder below it) nobody changed for a long time."""

    path: bytes
    files: int
    bytes: int
    last_change: float


def stale_items(store: Store, snapshot_id: int, *, older_than: float) -> list[StaleItem]:
    """Folders (any depth, outermost only) whose newest file is older than ``older_than``.

    A folder is reported once, at the highest level where everything below it is stale, so
    "Archief 2015" is one line, not a thousand.
    """
    newest: dict[bytes, float] = {}
    counts: dict[bytes, tuple[int, int]] = {}
    loose: list[tuple[bytes, int, float]] = []
    for chunk in _chunks(store, snapshot_id):
        for path, kind, size, mtime in zip(
            chunk.paths, chunk.kinds, chunk.sizes, chunk.mtimes, strict=True
        ):
            if kind != _FILE:
                continue
            mtime = 0.0 if math.isnan(mtime) else mtime
            if b"/" not in path:
                loose.append((path, size, mtime))
            parts = path.split(b"/")
            for i in range(1, len(parts)):
                folder = b"/".join(parts[:i])
                newest[folder] = max(newest.get(folder, 0.0), mtime)
                files, total = counts.get(folder, (0, 0))
                counts[folder] = (files + 1, total + size)
    result: list[StaleItem] = []
    for folder in sorted(newest):
        if newest[folder] >= older_than:
            continue
        parent = folder.rsplit(b"/", 1)[0] if b"/" in folder else None
        if parent is not None and newest.get(parent, older_than) < older_than:
            continue  # the parent is reported already
        files, size = counts[folder]
        result.append(StaleItem(folder, files, size, newest[folder]))
    for path, size, mtime in sorted(loose):
        if mtime < older_than:
            result.append(StaleItem(path, 1, size, mtime))
    result.sort(key=lambda s: (s.last_change, s.path))
    return result
