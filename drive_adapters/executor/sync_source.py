"""Where a catch-up (and a copy from a cloud drive) reads the source: a local share, or a cloud
drive through its change feed.

:class:`LocalSource` rescans the share (:func:`scan_files`) and reads files in place.
:class:`CloudSource` never rescans: it keeps the source's items by id
(:class:`~drive_adapters.remote.feed.ItemIndex`, first from the inventory snapshot the plan was
made from), asks :meth:`~drive_adapters.base.DriveAdapter.changes_since` for what changed since
its cursor (the scan's delta link or start page token at first), and downloads a file only when
it is copied. Reading the changes costs requests in proportion to the changes, not to the drive.
Its index and cursor are kept in the catch-up journal and move on in the same transaction that
records a round's changes, so an interrupted round never skips or repeats a change.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from drive_adapters.base import DriveAdapter, DriveError
from drive_adapters.inventory import ScanEntry
from drive_adapters.plan import encode_path
from drive_adapters.remote.feed import ItemIndex

__all__ = ["CloudFiles", "CloudSource", "FileState", "LocalSource", "SyncSource", "scan_files"]

FileState = tuple[int, float | None]  # size, modification time


def scan_files(root: bytes) -> dict[bytes, FileState]:
    """Every regular file below ``root`` (links never followed, unreadable folders skipped)."""
    found: dict[bytes, FileState] = {}
    stack = [b""]
    while stack:
        rel = stack.pop()
        try:
            entries = list(os.scandir(os.path.join(root, rel) if rel else root))
        except OSError:
            continue
        for entry in entries:
            path = rel + b"/" + entry.name if rel else entry.name
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                stack.append(path)
            elif stat.S_ISREG(st.st_mode):
                found[path] = (st.st_size, st.st_mtime)
    return found


class SyncSource(Protocol):
    """What a catch-up needs of its source."""

    def load(self, db: sqlite3.Connection) -> None:
        """Pick up what an earlier catch-up kept in its journal ``db``."""

    def current(self) -> Mapping[bytes, FileState]:
        """Every source file now: path → (size, modification time)."""

    def save(self, db: sqlite3.Connection) -> None:
        """Keep what :meth:`current` learnt (inside the caller's transaction)."""

    def fetch(self, raw: bytes) -> Path:
        """A local file holding the source file's content now."""

    def release(self, raw: bytes) -> None:
        """The content from :meth:`fetch` is no longer needed."""

    def skip(self, raw: bytes) -> bool:
        """Whether a catch-up leaves this path alone (nothing there can be copied)."""


class LocalSource:
    """A share on this machine: rescanned, read in place."""

    def __init__(self, root: bytes) -> None:
        self.root = root

    def load(self, db: sqlite3.Connection) -> None:
        """Nothing kept: every catch-up scans again."""

    def current(self) -> Mapping[bytes, FileState]:
        return scan_files(self.root)

    def save(self, db: sqlite3.Connection) -> None:
        """Nothing to keep: the next catch-up scans again."""

    def fetch(self, raw: bytes) -> Path:
        return Path(os.fsdecode(os.path.join(self.root, raw)))

    def release(self, raw: bytes) -> None:
        """Nothing to release: the file was read in place."""

    def skip(self, raw: bytes) -> bool:
        """Every regular file of a share can be copied."""
        return False


class CloudFiles:
    """Source files of a cloud drive, downloaded one at a time into a private temporary folder
    with the source's modification time (so size-and-time checks hold as for a local file)."""

    def __init__(
        self,
        adapter: DriveAdapter,
        files: Mapping[bytes, tuple[str, int, float | None]],
        documents: Iterable[bytes] = (),
    ):
        """``files``: path → (item id, size, modification time), as :meth:`ItemIndex.files`
        has them; ``documents``: paths of documents, which have no bytes to copy."""
        self.adapter = adapter
        self.files = dict(files)
        self.documents = frozenset(documents)
        self._dir = tempfile.TemporaryDirectory(prefix="cardsort-source-")
        self._fetched: dict[bytes, Path] = {}
        self._numbers = itertools.count()
        self._lock = threading.Lock()  # upload workers fetch at the same time

    def fetch(self, raw: bytes) -> Path:
        """Download a source file (once, until :meth:`release`)."""
        with self._lock:
            done = self._fetched.get(raw)
            number = next(self._numbers)
        if done is not None:
            return done
        known = self.files.get(raw)
        if known is None and raw in self.documents:
            raise DriveError(
                f"{encode_path(raw)} is a Google Docs, Sheets or Slides document: it has no "
                "file to copy. Export it from Google Drive if the new place needs it."
            )
        if known is None:
            raise DriveError(f"{encode_path(raw)} is no longer in the source drive.")
        item_id, _size, mtime = known
        dest = Path(self._dir.name) / str(number)
        self.adapter.download(item_id, dest)
        if mtime is not None:
            os.utime(dest, (mtime, mtime))
        with self._lock:
            self._fetched[raw] = dest
        return dest

    def release(self, raw: bytes) -> None:
        """Remove a downloaded copy (the disk holds the files in flight, not the share)."""
        with self._lock:
            path = self._fetched.pop(raw, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """Remove every downloaded copy."""
        self._fetched.clear()
        self._dir.cleanup()


_SCHEMA = """
CREATE TABLE IF NOT EXISTS source_items (
    id TEXT PRIMARY KEY, parent TEXT, name TEXT NOT NULL, folder INTEGER NOT NULL,
    size INTEGER NOT NULL, mtime REAL, document INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS source_cursor (one INTEGER PRIMARY KEY CHECK (one = 1),
    cursor TEXT NOT NULL);
"""


class CloudSource:
    """A cloud drive read through its change feed (see the module docstring)."""

    def __init__(
        self, adapter: DriveAdapter, *, entries: Iterable[ScanEntry] = (), cursor: str | None
    ) -> None:
        """``entries`` and ``cursor``: the inventory snapshot the plan was made from and its
        change cursor, used until the catch-up journal holds newer ones."""
        if not adapter.supports_changes:
            raise DriveError(f"The {adapter.target} drive keeps no change feed to catch up from.")
        self.adapter = adapter
        self.root_id = adapter.root().id
        self.cursor = cursor or ""
        self.index = ItemIndex.from_entries(self.root_id, entries)
        self._files: CloudFiles | None = None
        self._documents: set[bytes] | None = None
        self._changed = False  # the index differs from what the journal holds

    def load(self, db: sqlite3.Connection) -> None:
        """Take the index and cursor the last catch-up kept, if any."""
        db.executescript(_SCHEMA)
        row = db.execute("SELECT cursor FROM source_cursor").fetchone()
        if row is not None:
            self.cursor = str(row[0])
            self.index = ItemIndex.from_rows(
                self.root_id,
                db.execute(
                    "SELECT id, parent, name, folder, size, mtime, document FROM source_items"
                ),
            )
        elif not self.cursor:
            raise DriveError(
                "The scan this plan was made from kept no change cursor (it is older than "
                "catch-up support); scan the source again and make a new plan."
            )

    def current(self) -> Mapping[bytes, FileState]:
        """The source now: the index brought up to date with the changes since the cursor."""
        feed = self.adapter.changes_since(self.cursor)
        self.index.apply(feed)
        self.cursor = feed.cursor
        self._changed = self._changed or bool(feed.changed or feed.removed or feed.complete)
        self._close_files()
        self._documents = None
        return {path: (size, mtime) for path, (_id, size, mtime) in self.index.files().items()}

    def save(self, db: sqlite3.Connection) -> None:
        """Keep the cursor, and the index when the feed changed it or the journal has none
        yet (inside the caller's transaction)."""
        first = db.execute("SELECT 1 FROM source_cursor").fetchone() is None
        if self._changed or first:
            db.execute("DELETE FROM source_items")
            db.executemany(
                "INSERT INTO source_items VALUES (?, ?, ?, ?, ?, ?, ?)", self.index.rows()
            )
            self._changed = False
        db.execute("INSERT OR REPLACE INTO source_cursor VALUES (1, ?)", (self.cursor,))

    def files(self) -> CloudFiles:
        """Downloads of the files the index knows."""
        if self._files is None:
            self._files = CloudFiles(self.adapter, self.index.files(), self.index.documents())
        return self._files

    def fetch(self, raw: bytes) -> Path:
        return self.files().fetch(raw)

    def release(self, raw: bytes) -> None:
        self.files().release(raw)

    def skip(self, raw: bytes) -> bool:
        """Google Docs, Sheets and Slides have no bytes to copy (they can only be exported):
        a catch-up leaves them out rather than setting them aside for ever."""
        if self._documents is None:
            self._documents = self.index.documents()
        return raw in self._documents

    def _close_files(self) -> None:
        if self._files is not None:
            self._files.close()
            self._files = None

    def close(self) -> None:
        """Remove downloaded copies."""
        self._close_files()
