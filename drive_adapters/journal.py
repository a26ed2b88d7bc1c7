"""The crash-safe journal of applying (and undoing) one plan on one target.

An SQLite file next to the plan, in WAL mode: every state change is committed before the next
step, so after ``kill -9`` the journal tells exactly which operation may have been half-done.
(``synchronous=NORMAL``: a power cut may lose the last few commits, never consistency; the
executor therefore checks the target for every unfinished operation when it resumes.)

Each operation goes ``pending → started → done`` (or ``failed``), with the source's
fingerprint taken just before it ran, the destination's id, and for copies the resume token of
the upload. Undo has its own status per operation, so undo can
be interrupted and resumed too. Paths and destination ids are stored as
:func:`~drive_adapters.plan.encode_name` text (byte-exact, printable), so names that are not
UTF-8 or hold control characters go through.

The journal never holds secrets: target specs are stored without their options (which may name
credential files), and resume tokens are the adapter's upload handles only. A OneDrive upload
handle is a pre-authenticated URL, valid for that one upload for a few days; so the file is
readable by its owner only and a handle is erased the moment its operation is done. A token
may also be ``id:<id>``: the id a create was reserved before it was sent (Drive; see
:meth:`~drive_adapters.base.DriveAdapter.reserve_ids`), not a secret.
"""

from __future__ import annotations

import contextlib
import enum
import os
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from drive_adapters.plan import Op, decode_name, encode_name
from sessions.said import Said

#: Why a journal cannot be used, in English; the CLI says them in Dutch or English
#: (catalogue ``exec.journal.<code>``; a test keeps the two in step).
JOURNAL_ENGLISH = {
    "cannot_open": "The journal {path} cannot be opened: {detail}.",
    "other_plan": "The journal {path} belongs to another plan ({plan}). Use the plan folder it "
    "was made for, or a new folder for a new plan.",
    "ops_changed": "The plan's operations changed since it was first applied (was it edited?). "
    "Finish or undo the earlier run with the original plan first.",
    "other_target": "This plan was applied to {was} ({was_mode}); it cannot continue on {target} "
    "({mode}). Undo it there first.",
}


def _said(code: str, /, **params: object) -> Said:
    return Said(f"exec.journal.{code}", JOURNAL_ENGLISH[code], params)


__all__ = ["JOURNAL_ENGLISH", "Journal", "JournalError", "JournalRow", "OpStatus"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ops (
    seq          INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    src          TEXT,
    dst          TEXT,
    status       TEXT NOT NULL DEFAULT 'pending'
                 CHECK (status IN ('pending', 'started', 'done', 'failed', 'skipped')),
    source_fp    TEXT,
    dest_id      TEXT,
    resume_token TEXT,
    message      TEXT,
    started_at   TEXT,
    finished_at  TEXT,
    undo_status  TEXT NOT NULL DEFAULT 'pending'
                 CHECK (undo_status IN ('pending', 'started', 'done', 'failed', 'skipped')),
    undo_message TEXT
);
"""


class JournalError(Exception):
    """The journal cannot be used for this plan and target; the message says why."""


class OpStatus(enum.StrEnum):
    """Where one operation is."""

    PENDING = "pending"
    STARTED = "started"  # may or may not have happened: check the target before going on
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"  # deliberately not done (reported), e.g. an old folder not empty


@dataclass(frozen=True, slots=True)
class JournalRow:
    """One operation as the journal last recorded it."""

    seq: int
    status: OpStatus
    source_fp: str | None
    dest_id: str | None
    resume_token: str | None
    message: str | None
    undo_status: OpStatus
    undo_message: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _path(parts: tuple[str, ...] | None) -> str | None:
    return None if parts is None else "/".join(encode_name(p) for p in parts)


def _text(value: str | None) -> str | None:
    """Text SQLite can store: a name that is not UTF-8 (held as surrogate escapes) or holds
    control characters comes through :func:`encode_name`, whose escapes are printable."""
    return None if value is None else encode_name(value)


def _shown(value: str | None) -> str | None:
    """A message for a person: undecodable bytes as ``\\xNN``, everything else as it is."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class Journal:
    """One plan applied to one target (``:memory:`` for simulate)."""

    def __init__(self, path: Path | str) -> None:
        self.path = str(path)
        self._lock = threading.RLock()
        try:
            if self.path != ":memory:":
                # Created private before SQLite opens it; SQLite gives the -wal and -shm files
                # the same permissions as the database file.
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            # One connection shared by the executor's upload workers, serialised by a lock.
            self.conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=30, check_same_thread=False
            )
            self.conn.row_factory = sqlite3.Row
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # An upload session's URL accepts bytes without sign-in until the upload ends: once
            # it is erased (finish), its old bytes must not linger in the file's free space.
            self.conn.execute("PRAGMA secure_delete = ON")
            self.conn.executescript(_SCHEMA)
            self._sessions = False  # whether this connection recorded an upload session URL
        except (sqlite3.DatabaseError, OSError) as error:
            raise JournalError(_said("cannot_open", path=self.path, detail=error)) from error

    @classmethod
    def memory(cls) -> Journal:
        """A throw-away journal (simulate)."""
        return cls(":memory:")

    def close(self) -> None:
        """Close the file. When upload session URLs were recorded, the file is rewritten first
        (``VACUUM``): a row's erased URL can survive in a page's unused bytes even with
        ``secure_delete``, and it stays valid until its upload ends. Closing twice is harmless."""
        with self._lock:
            if self._sessions:
                self._sessions = False
                with contextlib.suppress(sqlite3.Error):  # a full disk: the rows hold none anyway
                    self.conn.execute("VACUUM")
            self.conn.close()

    # -- binding to a plan ---------------------------------------------------------------------

    def meta(self) -> dict[str, str]:
        """All recorded facts about this journal."""
        return {r["key"]: r["value"] for r in self._query("SELECT key, value FROM meta")}

    def set_meta(self, **values: str) -> None:
        """Record facts (plan id, digest, target, state)."""
        with self._lock, self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET"
                " value = excluded.value",
                list(values.items()),
            )

    def bind(self, *, plan_id: str, digest: str, target: str, mode: str, ops: Iterable[Op]) -> None:
        """Tie the journal to a plan's operations on a target, or check that it already is."""
        meta = self.meta()
        if meta:
            if meta.get("plan_id") != plan_id:
                raise JournalError(_said("other_plan", path=self.path, plan=meta.get("plan_id")))
            if meta.get("digest") != digest:
                raise JournalError(_said("ops_changed"))
            if meta.get("target") != target or meta.get("mode") != mode:
                raise JournalError(
                    _said(
                        "other_target",
                        was=meta.get("target"),
                        was_mode=meta.get("mode"),
                        target=target,
                        mode=mode,
                    )
                )
            return
        rows = [(op.seq, op.kind.value, _path(op.src), _path(op.dst)) for op in ops]
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany("INSERT INTO ops (seq, kind, src, dst) VALUES (?, ?, ?, ?)", rows)
            self.conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [
                    ("plan_id", plan_id),
                    ("digest", digest),
                    ("target", target),
                    ("mode", mode),
                    ("state", "new"),
                    ("created_at", _now()),
                ],
            )
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    # -- rows ----------------------------------------------------------------------------------

    def rows(self) -> dict[int, JournalRow]:
        """Every operation's record, by sequence number."""
        return {
            r["seq"]: JournalRow(
                r["seq"],
                OpStatus(r["status"]),
                r["source_fp"],
                None if r["dest_id"] is None else decode_name(r["dest_id"]),
                r["resume_token"],
                r["message"],
                OpStatus(r["undo_status"]),
                r["undo_message"],
            )
            for r in self._query("SELECT * FROM ops ORDER BY seq")
        }

    def counts(self) -> dict[str, int]:
        """Operations per status."""
        return {r[0]: r[1] for r in self._query("SELECT status, count(*) FROM ops GROUP BY 1")}

    def started(self, seq: int, source_fp: str | None) -> None:
        """About to run: written (and synced) before the target is touched."""
        self._write(
            "UPDATE ops SET status = 'started', source_fp = ?, started_at = ?, message = NULL"
            " WHERE seq = ?",
            (source_fp, _now(), seq),
        )

    def token(self, seq: int, token: str) -> None:
        """An upload's resume token, recorded before any byte is sent."""
        with self._lock:
            self._sessions = True
            self._write("UPDATE ops SET resume_token = ? WHERE seq = ?", (token, seq))

    def tokens(self, tokens: dict[int, str]) -> None:
        """Many operations' tokens in one commit (the ids a run reserved for its creates)."""
        with self._lock, self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "UPDATE ops SET resume_token = ? WHERE seq = ?",
                [(token, seq) for seq, token in tokens.items()],
            )

    def finish(
        self, seq: int, status: OpStatus, *, dest_id: str | None = None, message: str | None = None
    ) -> None:
        """Done, failed or skipped. A done or skipped operation's upload handle is erased."""
        self._write(
            "UPDATE ops SET status = ?, dest_id = coalesce(?, dest_id), message = ?,"
            " finished_at = ?,"
            " resume_token = CASE WHEN ? IN ('done', 'skipped') THEN NULL ELSE resume_token END"
            " WHERE seq = ?",
            (status.value, _text(dest_id), _shown(message), _now(), status.value, seq),
        )

    def undo_mark(self, seq: int, status: OpStatus, message: str | None = None) -> None:
        """Undo progress of one operation."""
        self._write(
            "UPDATE ops SET undo_status = ?, undo_message = ? WHERE seq = ?",
            (status.value, _shown(message), seq),
        )

    def _write(self, sql: str, params: tuple[object, ...]) -> None:
        with self._lock:
            self.conn.execute(sql, params)

    def _query(self, sql: str) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql).fetchall()
