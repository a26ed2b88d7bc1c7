"""Who is sorting: names matched the way people type them, one live session per participant,
and wrong participant codes counted per network address.

Pure functions (:func:`clean_name`, :func:`name_key`, :func:`printable`) decide what a name is;
the store functions keep the shared state every browser tab's process sees:

- a *lease* per participant: the session that joined holds it and renews it while it runs; a
  second session for the same person is refused while the lease is live, unless it takes over,
  after which the first session's saves are refused (:class:`LeaseLost`) so it can tell its
  user, and nothing the new session shows is overwritten by the old one;
- the same lease serves every kind of participant (:data:`LeaseKind`): a sorting participant
  (table ``participant_leases``) or a tree-test participant (``treetest_leases``), each table
  tied to its participants so a lease goes with the person;
- *code attempts*: every wrong participant code from an address is recorded, and an address
  with :data:`MAX_WRONG_CODES` wrong codes within :data:`CODE_WINDOW_S` must wait.
"""

from __future__ import annotations

import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from typing import Literal

from sessions.store import Store, StoreError

__all__ = [
    "CODE_WINDOW_S",
    "LEASE_TTL_S",
    "MAX_NAME_LENGTH",
    "MAX_WRONG_CODES",
    "LeaseKind",
    "LeaseLost",
    "ParticipantBusy",
    "check_lease",
    "claim_lease",
    "clean_name",
    "code_wait_seconds",
    "lease_holder",
    "name_key",
    "printable",
    "record_wrong_code",
    "release_lease",
    "renew_lease",
]

#: A lease not renewed for this long belongs to a session that is gone (closed tab, kill -9).
LEASE_TTL_S = 20.0
#: Wrong participant codes an address may try within :data:`CODE_WINDOW_S`.
MAX_WRONG_CODES = 5
CODE_WINDOW_S = 600.0
MAX_NAME_LENGTH = 80

#: Which participants a lease belongs to: sorting (``participants``) or tree test
#: (``treetest_participants``).
LeaseKind = Literal["sort", "treetest"]
# Fixed table names, never from input: the kind only picks one of these.
_LEASE_TABLES: dict[str, str] = {"sort": "participant_leases", "treetest": "treetest_leases"}

# Characters that move the cursor, recolour a terminal or reorder text: never part of a name.
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


class ParticipantBusy(StoreError):
    """Another live session is sorting as this participant."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Somebody is sorting as {name!r} right now.")
        self.name = name


class LeaseLost(StoreError):
    """This session's participant was taken over by another session; its saves are refused."""

    def __init__(self) -> None:
        super().__init__("This sort continues in another window; this one no longer saves.")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") or char in _BIDI_CONTROLS


def clean_name(raw: str, *, limit: int | None = MAX_NAME_LENGTH) -> str:
    """A name as stored: control characters dropped, whitespace collapsed, length capped.

    >>> clean_name("  Juf\\x1b[31m  Anja\\t")
    'Juf[31m Anja'
    """
    kept = "".join(" " if char.isspace() else char for char in raw if not _is_control(char))
    return " ".join(kept.split())[:limit].strip()


def name_key(name: str) -> str:
    """What two names must share to be the same person: case, accents and spacing ignored.

    >>> name_key("juf anja") == name_key("Juf  Ánja")
    True
    """
    decomposed = unicodedata.normalize("NFKD", clean_name(name))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare.casefold())


def printable(text: str) -> str:
    """Text safe to print on a terminal: every control character shown as an escape, not run.

    >>> printable("Eva\\x1b]0;pwned\\x07")
    'Eva\\\\x1b]0;pwned\\\\x07'
    """
    return "".join(
        char if not _is_control(char) else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


@dataclass(frozen=True, slots=True)
class _Lease:
    holder: str
    renewed_at: float


def _table(kind: LeaseKind) -> str:
    return _LEASE_TABLES[kind]


def _lease(conn: sqlite3.Connection, participant_id: int, kind: LeaseKind) -> _Lease | None:
    row = conn.execute(
        f"SELECT holder, renewed_at FROM {_table(kind)} WHERE participant_id = ?",
        (participant_id,),
    ).fetchone()
    return None if row is None else _Lease(row[0], row[1])


def claim_lease(
    conn: sqlite3.Connection,
    participant_id: int,
    holder: str,
    *,
    name: str,
    take_over: bool,
    now: float | None = None,
    kind: LeaseKind = "sort",
) -> None:
    """Make ``holder`` the participant's live session, inside the caller's transaction.

    Raises :class:`ParticipantBusy` when another holder renewed the lease within
    :data:`LEASE_TTL_S` and ``take_over`` is false.
    """
    now = time.time() if now is None else now
    current = _lease(conn, participant_id, kind)
    live = current is not None and current.holder != holder
    if live and current is not None and now - current.renewed_at < LEASE_TTL_S and not take_over:
        raise ParticipantBusy(name)
    conn.execute(
        f"INSERT INTO {_table(kind)} (participant_id, holder, renewed_at) VALUES (?, ?, ?)"
        " ON CONFLICT (participant_id) DO UPDATE SET holder = excluded.holder,"
        " renewed_at = excluded.renewed_at",
        (participant_id, holder, now),
    )


def check_lease(
    conn: sqlite3.Connection, participant_id: int, holder: str, *, kind: LeaseKind = "sort"
) -> None:
    """Raise :class:`LeaseLost` unless ``holder`` still holds the participant (in a transaction).

    An expired lease still held by ``holder`` counts as held: nobody took it over.
    """
    current = _lease(conn, participant_id, kind)
    if current is None or current.holder != holder:
        raise LeaseLost()


def renew_lease(
    store: Store,
    participant_id: int,
    holder: str,
    *,
    now: float | None = None,
    kind: LeaseKind = "sort",
) -> bool:
    """Renew ``holder``'s lease; ``False`` when another session has taken the participant over."""
    with store.transaction() as tx:
        cursor = tx.execute(
            f"UPDATE {_table(kind)} SET renewed_at = ? WHERE participant_id = ? AND holder = ?",
            (time.time() if now is None else now, participant_id, holder),
        )
        return cursor.rowcount == 1


def release_lease(
    store: Store, participant_id: int, holder: str, *, kind: LeaseKind = "sort"
) -> None:
    """Give the participant free (the session ends); a no-op if it was taken over."""
    with store.transaction() as tx:
        tx.execute(
            f"DELETE FROM {_table(kind)} WHERE participant_id = ? AND holder = ?",
            (participant_id, holder),
        )


def lease_holder(store: Store, participant_id: int, *, kind: LeaseKind = "sort") -> str | None:
    """The token of the session holding the participant (expired or not), if any."""
    current = _lease(store.conn, participant_id, kind)
    return None if current is None else current.holder


def code_wait_seconds(store: Store, address: str, *, now: float | None = None) -> float:
    """How long ``address`` must wait before it may try a participant code again (0: now)."""
    now = time.time() if now is None else now
    times: list[float] = [
        float(row[0])
        for row in store.conn.execute(
            "SELECT at FROM code_attempts WHERE address = ? AND at > ? ORDER BY at DESC",
            (address, now - CODE_WINDOW_S),
        )
    ]
    if len(times) < MAX_WRONG_CODES:
        return 0.0
    # The window frees up when the oldest of the last MAX_WRONG_CODES attempts leaves it.
    return max(0.0, times[MAX_WRONG_CODES - 1] + CODE_WINDOW_S - now)


def record_wrong_code(store: Store, address: str, *, now: float | None = None) -> None:
    """Count one wrong participant code from ``address`` (old attempts are forgotten)."""
    now = time.time() if now is None else now
    with store.transaction() as tx:
        tx.execute("DELETE FROM code_attempts WHERE at <= ?", (now - CODE_WINDOW_S,))
        tx.execute("INSERT INTO code_attempts (address, at) VALUES (?, ?)", (address, now))
