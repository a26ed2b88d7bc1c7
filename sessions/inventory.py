"""Inventory snapshots in the store: writing a scan, reading entries, and the report queries.

A snapshot is written as ``running``, filled in batches, and marked ``complete`` only when the
scan finished; an interrupted scan is marked ``aborted`` (or found ``running`` by a later
process and treated as unfinished). Readers only ever pick complete snapshots by default.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from sessions.models import Snapshot, SnapshotStatus
from sessions.store import Store, StoreError

__all__ = [
    "DuplicateGroup",
    "SnapshotWriter",
    "StaleItem",
    "TopLevelSummary",
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

BATCH = 5_000


def now_iso() -> str:
    """The current time as an ISO 8601 string in UTC, the store's time format."""
    return datetime.now(UTC).isoformat(timespec="seconds")


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
    )


class SnapshotWriter:
    """Writes one scan into the store in batches; use as a context manager.

    Leaving the ``with`` block normally marks the snapshot complete with its totals; leaving it
    by an exception (Ctrl-C included) marks it aborted, so no half snapshot is ever complete.
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
        self._pending: list[tuple[object, ...]] = []
        self._seq = 0
        self.files = self.dirs = self.bytes = self.problems = 0
        with store.transaction() as tx:
            cursor = tx.execute(
                "INSERT INTO snapshots (root, root_bytes, source, source_ref, started_at, status,"
                " hashed) VALUES (?, ?, ?, ?, ?, 'running', ?)",
                (root, root_bytes, source, source_ref, now_iso(), int(hashed)),
            )
            assert cursor.lastrowid is not None
            self.snapshot_id: int = cursor.lastrowid

    def add(self, entry: ScanEntry) -> None:
        """Queue one entry; written with the next batch."""
        self._queue(
            entry.path,
            entry.kind.value,
            entry.size,
            entry.mtime,
            ",".join(entry.problems),
            entry.link_target,
            entry.error,
            entry.hash,
            entry.hash_name,
            entry.item_id,
        )

    def add_rows(
        self, rows: Iterable[tuple[bytes, str, int, float | None, str, bytes | None, str | None]]
    ) -> None:
        """Queue raw rows ``(path, kind, size, mtime, problems, link_target, error)``.

        The fast path of a local scan (see ``drive_adapters.local_scan.scan_rows``).
        """
        for path, kind, size, mtime, problems, link, error in rows:
            self._queue(path, kind, size, mtime, problems, link, error, None, None, None)

    def _queue(
        self,
        path: bytes,
        kind: str,
        size: int,
        mtime: float | None,
        problems: str,
        link: bytes | None,
        error: str | None,
        digest: str | None,
        hash_name: str | None,
        item_id: str | None,
    ) -> None:
        self._seq += 1
        if kind == "file":
            self.files += 1
            self.bytes += size
        elif kind == "dir":
            self.dirs += 1
        if problems:
            self.problems += 1
        self._pending.append(
            (
                self.snapshot_id,
                self._seq,
                path,
                path.count(b"/") + 1,
                kind,
                size,
                mtime,
                problems,
                digest,
                hash_name,
                item_id,
                link,
                error,
            )
        )
        if len(self._pending) >= BATCH:
            self.flush()

    def add_all(self, entries: Iterable[ScanEntry]) -> None:
        """Queue many entries."""
        for entry in entries:
            self.add(entry)

    def flush(self) -> None:
        """Write the queued entries in one transaction."""
        if not self._pending:
            return
        with self.store.transaction() as tx:
            tx.executemany(
                "INSERT INTO entries (snapshot_id, seq, path, depth, kind, size, mtime, problems,"
                " hash, hash_name, item_id, link_target, error)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._pending,
            )
        self._pending.clear()

    def set_hashes(self, hashes: Iterable[tuple[bytes, str, str]]) -> None:
        """Record content hashes ``(path, hash_name, hash)`` found after the walk."""
        self.flush()
        with self.store.transaction() as tx:
            tx.executemany(
                "UPDATE entries SET hash = ?, hash_name = ? WHERE snapshot_id = ? AND path = ?",
                [(h, name, self.snapshot_id, path) for path, name, h in hashes],
            )

    def complete(self) -> Snapshot:
        """Flush and mark the snapshot complete with its totals."""
        self.flush()
        with self.store.transaction() as tx:
            tx.execute(
                "UPDATE snapshots SET status = 'complete', finished_at = ?, entry_count = ?,"
                " file_count = ?, dir_count = ?, total_bytes = ?, problem_count = ? WHERE id = ?",
                (
                    now_iso(),
                    self._seq,
                    self.files,
                    self.dirs,
                    self.bytes,
                    self.problems,
                    self.snapshot_id,
                ),
            )
        return get_snapshot(self.store, self.snapshot_id)

    def abort(self) -> None:
        """Mark the snapshot aborted and drop its entries (an unfinished scan is no evidence)."""
        self._pending.clear()
        with self.store.transaction() as tx:
            tx.execute("DELETE FROM entries WHERE snapshot_id = ?", (self.snapshot_id,))
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


def _entry(row: sqlite3.Row) -> ScanEntry:
    problems = tuple(Problem(p) for p in row["problems"].split(",") if p)
    link = row["link_target"]
    return ScanEntry(
        path=bytes(row["path"]),
        kind=EntryKind(row["kind"]),
        size=row["size"],
        mtime=row["mtime"],
        problems=problems,
        hash=row["hash"],
        hash_name=row["hash_name"],
        item_id=row["item_id"],
        link_target=bytes(link) if link is not None else None,
        error=row["error"],
    )


def iter_entries(
    store: Store, snapshot_id: int, *, under: bytes | None = None
) -> Iterator[ScanEntry]:
    """Every entry of a snapshot in discovery order (optionally only those below ``under``)."""
    if under is None:
        cursor = store.conn.execute(
            "SELECT * FROM entries WHERE snapshot_id = ? ORDER BY seq", (snapshot_id,)
        )
    else:
        cursor = store.conn.execute(
            "SELECT * FROM entries WHERE snapshot_id = ? AND (path = ? OR"
            " (path >= ? AND path < ?)) ORDER BY seq",
            (snapshot_id, under, under + b"/", under + b"0"),  # '0' sorts right after '/'
        )
    for row in cursor:
        yield _entry(row)


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
    rows = store.conn.execute(
        """
        WITH tops AS (
            SELECT CASE WHEN instr(path, X'2F') = 0 THEN path
                        ELSE substr(path, 1, instr(path, X'2F') - 1) END AS top,
                   kind, size, mtime, problems
            FROM entries WHERE snapshot_id = ?
        )
        SELECT top,
               sum(kind = 'file') AS files,
               sum(CASE WHEN kind = 'file' THEN size ELSE 0 END) AS bytes,
               max(CASE WHEN kind = 'file' THEN mtime END) AS last_change,
               sum(problems != '') AS problems
        FROM tops GROUP BY top ORDER BY top
        """,
        (snapshot_id,),
    ).fetchall()
    kinds = dict(
        store.conn.execute(
            "SELECT path, kind FROM entries WHERE snapshot_id = ? AND depth = 1", (snapshot_id,)
        ).fetchall()
    )
    return [
        TopLevelSummary(
            path=bytes(r["top"]),
            kind=EntryKind(kinds.get(r["top"], "dir")),
            files=r["files"],
            bytes=r["bytes"],
            last_change=r["last_change"],
            problems=r["problems"],
        )
        for r in rows
    ]


def problem_counts(store: Store, snapshot_id: int) -> dict[Problem, int]:
    """How many entries carry each problem."""
    counts: dict[Problem, int] = {}
    for (problems,) in store.conn.execute(
        "SELECT problems FROM entries WHERE snapshot_id = ? AND problems != ''", (snapshot_id,)
    ):
        for p in problems.split(","):
            counts[Problem(p)] = counts.get(Problem(p), 0) + 1
    return counts


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
    rows = store.conn.execute(
        """
        SELECT hash, size, path FROM entries
        WHERE snapshot_id = ? AND kind = 'file' AND size > 0 AND hash IS NOT NULL
          AND hash IN (SELECT hash FROM entries WHERE snapshot_id = ? AND kind = 'file'
                       AND size > 0 AND hash IS NOT NULL GROUP BY hash HAVING count(*) > 1)
        ORDER BY hash, path
        """,
        (snapshot_id, snapshot_id),
    ).fetchall()
    groups: dict[str, list[bytes]] = {}
    sizes: dict[str, int] = {}
    for row in rows:
        groups.setdefault(row["hash"], []).append(bytes(row["path"]))
        sizes[row["hash"]] = row["size"]
    result = [DuplicateGroup(h, sizes[h], tuple(p)) for h, p in groups.items()]
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
    rows = store.conn.execute(
        "SELECT path, kind, size, mtime FROM entries WHERE snapshot_id = ? AND kind IN"
        " ('file', 'dir') ORDER BY path",
        (snapshot_id,),
    ).fetchall()
    newest: dict[bytes, float] = {}
    counts: dict[bytes, tuple[int, int]] = {}
    dirs: set[bytes] = set()
    loose: list[tuple[bytes, int, float]] = []
    for row in rows:
        path = bytes(row["path"])
        if row["kind"] == "dir":
            dirs.add(path)
            continue
        mtime = row["mtime"] or 0.0
        if b"/" not in path:
            loose.append((path, row["size"], mtime))
        parts = path.split(b"/")
        for i in range(1, len(parts)):
            folder = b"/".join(parts[:i])
            newest[folder] = max(newest.get(folder, 0.0), mtime)
            files, size = counts.get(folder, (0, 0))
            counts[folder] = (files + 1, size + row["size"])
    result: list[StaleItem] = []
    for folder in sorted(newest):
        if newest[folder] >= older_than:
            continue
        parent = folder.rsplit(b"/", 1)[0] if b"/" in folder else None
        if parent is not None and newest.get(parent, older_than) < older_than:
            continue  # the parent is reported already
        files, size = counts[folder]
        result.append(StaleItem(folder, files, size, newest[folder]))
    for path, size, mtime in loose:
        if mtime < older_than:
            result.append(StaleItem(path, 1, size, mtime))
    result.sort(key=lambda s: s.last_change)
    return result
