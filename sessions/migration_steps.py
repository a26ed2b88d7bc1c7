"""Schema steps that SQL alone cannot take; each runs inside its version's transaction.

A step runs right after the statements of the ``.sql`` migration with the same number and
before ``user_version`` is raised, so an interrupted upgrade leaves the file as it was.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable

from drive_adapters.inventory import KIND_CODES, EntryKind, Problem, problem_mask
from sessions.entry_chunks import CHUNK_SIZE, Chunk, Extras

__all__ = ["PYTHON_STEPS"]


def _entries_to_chunks(conn: sqlite3.Connection) -> None:
    """Version 4: convert per-entry rows into chunks (order and every field kept)."""
    snapshots = [r[0] for r in conn.execute("SELECT DISTINCT snapshot_id FROM entries")]
    for snapshot_id in snapshots:
        cursor = conn.execute(
            "SELECT path, kind, size, mtime, problems, hash, hash_name, item_id, link_target,"
            " error FROM entries WHERE snapshot_id = ? ORDER BY seq",
            (snapshot_id,),
        )
        seq = 1
        while rows := cursor.fetchmany(CHUNK_SIZE):
            extras = Extras()
            for i, row in enumerate(rows):
                for key, value in zip(
                    ("hash", "hash_name", "item_id", "link", "error"), row[5:], strict=True
                ):
                    if value is not None:
                        getattr(extras, key)[i] = bytes(value) if key == "link" else value
            chunk = Chunk.from_columns(
                seq,
                [bytes(r[0]) for r in rows],
                bytes(KIND_CODES[EntryKind(r[1])] for r in rows),
                [r[2] for r in rows],
                [math.nan if r[3] is None else r[3] for r in rows],
                [problem_mask([Problem(p) for p in r[4].split(",") if p]) for r in rows],
                extras,
            )
            conn.execute(
                "INSERT INTO entry_chunks (snapshot_id, first_seq, count, paths, kinds, sizes,"
                " mtimes, problems, extras) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (snapshot_id, seq, *chunk.to_row()),
            )
            seq += len(rows)
    conn.execute("DROP TABLE entries")


#: Python steps by schema version.
PYTHON_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {4: _entries_to_chunks}
