"""The workspace store: one SQLite file (WAL) per workspace, with numbered schema migrations.

Opening is careful with the school's data: the file is first inspected read-only, so a file
that is corrupt, not a database, or written by a newer cardsort-drive is refused with a clear
message and left exactly as it was. Only then is it opened for writing, switched to WAL and
upgraded in place, one migration per transaction.

Every user action runs in :meth:`Store.transaction` (``BEGIN IMMEDIATE``), so many processes
(teachers sorting in browser tabs) can write at once: SQLite serialises the writers and the
busy timeout makes each wait its turn instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from sessions.migration_steps import PYTHON_STEPS
from sessions.private_files import create_private, make_dirs

__all__ = [
    "SCHEMA_VERSION",
    "Store",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "StoreTooNew",
    "default_store_path",
    "migrations",
]

APP_NAME = "cardsort-drive"
#: Application id written into the SQLite header, so we never mistake another app's database.
APPLICATION_ID = 0x43534456  # "CSDV"
BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """The store cannot be used; the message says why and what to do."""


class StoreCorrupt(StoreError):
    """The file is not a readable cardsort-drive store."""


class StoreLocked(StoreError):
    """Another process held the store for longer than the busy timeout."""


class StoreTooNew(StoreError):
    """The file was written by a newer version of cardsort-drive."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema step."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """All schema migrations shipped with this version, in order."""
    found: list[Migration] = []
    for item in resources.files("sessions.migrations").iterdir():
        name = item.name
        if not name.endswith(".sql"):
            continue
        number, _, rest = name.partition("_")
        found.append(Migration(int(number), rest.removesuffix(".sql"), item.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    expected = list(range(1, len(found) + 1))
    if [m.version for m in found] != expected:  # pragma: no cover - a packaging mistake
        raise RuntimeError(f"schema migrations are not numbered 1..n: {[m.version for m in found]}")
    return found


SCHEMA_VERSION = len(migrations())


def default_store_path() -> Path:
    """Where the workspace store lives unless ``--store`` or ``CARDSORT_STORE`` says otherwise."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "workspace.sqlite"


def _inspect(path: Path, busy_timeout_ms: int) -> tuple[int, int]:
    """Read (application_id, user_version) without changing the file in any way."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000)
    except sqlite3.OperationalError as error:
        raise StoreError(f"Cannot open the store {path}: {error}.") from error
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
        return int(app_id), int(version)
    except sqlite3.DatabaseError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise StoreLocked(
                f"The store {path} is locked by another program. Close other cardsort windows "
                "and try again."
            ) from error
        raise StoreCorrupt(
            f"{path} is not a readable cardsort-drive store ({error}). It was left untouched; "
            "restore it from a backup or point --store at another file."
        ) from error
    finally:
        conn.close()


class Store:
    """An open workspace store. Use :meth:`open`; close with :meth:`close` or ``with``.

    A store is safe to share between threads of one process (one connection each, created on
    first use) and between processes (SQLite file locking).
    """

    def __init__(self, path: Path, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> None:
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path | str, *, create: bool = True, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> Store:
        """Open (and if needed create or upgrade) the store at ``path``.

        ``busy_timeout_ms`` is how long a write waits for other writers before giving up.
        """
        path = Path(path)
        if path.is_dir():
            raise StoreError(f"The store path {path} is a folder; give a file name instead.")
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise StoreError(f"There is no store at {path}.")
        if exists:
            app_id, version = _inspect(path, busy_timeout_ms)
            if app_id not in (0, APPLICATION_ID) or (app_id == 0 and version != 0):
                raise StoreCorrupt(
                    f"{path} is an SQLite database of another program, not a cardsort-drive "
                    "store. It was left untouched."
                )
            if version > SCHEMA_VERSION:
                raise StoreTooNew(
                    f"The store {path} was written by a newer cardsort-drive (schema {version}, "
                    f"this version knows up to {SCHEMA_VERSION}). Upgrade cardsort-drive; the "
                    "file was left untouched."
                )
        else:
            try:
                # Private to this user (AVG): the store names school files and people.
                make_dirs(path.parent)
                create_private(path)
            except OSError as error:
                raise StoreError(
                    f"Cannot create the folder for the store {path}: {error}"
                ) from error
        store = cls(path, busy_timeout_ms=busy_timeout_ms)
        try:
            store._migrate()
        except BaseException:
            store.close()
            raise
        return store

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self.busy_timeout_ms / 1000,
                isolation_level=None,
                # Each thread gets its own connection (threading.local), but close() runs on
                # whichever thread shuts the store down, so SQLite's same-thread check must be off.
                check_same_thread=False,
            )
        except sqlite3.OperationalError as error:
            raise StoreError(f"Cannot open the store {self.path}: {error}.") from error
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")  # safe with WAL: no corruption on power loss
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (autocommit mode: use :meth:`transaction` to write)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def _migrate(self) -> None:
        conn = self.conn
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as error:
            raise self._translate(error) from error
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a read-only medium
            raise StoreError(f"The store {self.path} cannot use write-ahead logging ({mode}).")
        if self.schema_version() >= SCHEMA_VERSION:
            return  # up to date: opening takes no write lock, so readers never wait on writers
        for migration in migrations():
            with self.transaction() as tx:
                current = tx.execute("PRAGMA user_version").fetchone()[0]
                if current >= migration.version:
                    continue
                for statement in _split_sql(migration.sql):
                    tx.execute(statement)
                step = PYTHON_STEPS.get(migration.version)
                if step is not None:
                    step(tx)
                tx.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                tx.execute(f"PRAGMA user_version = {migration.version}")

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One user action: everything inside commits together or not at all."""
        conn = self.conn
        if conn.in_transaction:  # nested: the outer transaction decides
            yield conn
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise self._translate(error) from error
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        try:
            conn.commit()
        except sqlite3.OperationalError as error:  # pragma: no cover - disk full and the like
            conn.rollback()
            raise self._translate(error) from error

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """Several reads that must see one state of the store (WAL gives a statement outside a
        transaction its own snapshot, so a writer committing between two reads would otherwise
        pair new rows with old ones)."""
        conn = self.conn
        if conn.in_transaction:  # inside a transaction: already one snapshot
            yield conn
            return
        conn.execute("BEGIN DEFERRED")
        try:
            yield conn
        finally:
            conn.commit()  # nothing was written: this only ends the read snapshot

    def _translate(self, error: sqlite3.OperationalError) -> StoreError:
        text = str(error)
        if "locked" in text or "busy" in text:
            return StoreLocked(
                f"The store {self.path} stayed locked by another program for more than "
                f"{self.busy_timeout_ms / 1000:g} s. Close other cardsort windows and try again."
            )
        if "readonly" in text or "read-only" in text:
            return StoreError(f"The store {self.path} is read-only: {text}.")
        return StoreError(f"The store {self.path} could not be written: {text}.")

    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (the scripts hold no triggers or string ';')."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def store_from_env() -> Store:
    """Open the store named by ``CARDSORT_STORE`` or the default one (for subprocess workers)."""
    return Store.open(os.environ.get("CARDSORT_STORE") or default_store_path())
