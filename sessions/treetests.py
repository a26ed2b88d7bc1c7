"""Tree tests in the store: the tested trees, the tasks, participants and their answers.

A tree test freezes a copy of the consensus version(s) it tests, so editing the consensus
afterwards (the point of testing) never changes what participants saw. Participants are split
over the versions of an A/B test as they arrive (the version with fewer people gets the next
one) and each gets their own shuffled task order, stored, so a participant who comes back
resumes with the same version and order. Every answer is written in its own transaction the
moment it is given (autosave), and an answer once given is never replaced. A live window
holds its participant's lease (:mod:`sessions.identity`, kind ``treetest``) as a sorting window
does, so two windows never answer as one person.

Plain data only (dicts and tuples): the application turns these into its own types.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sessions.clock import now_iso
from sessions.identity import check_lease, claim_lease, clean_name, name_key
from sessions.store import Store, StoreError

__all__ = [
    "AnswerRow",
    "TaskRow",
    "TreeTestParticipant",
    "TreeTestRecord",
    "add_task",
    "answers_of",
    "create_treetest",
    "finish_treetest_participant",
    "get_treetest",
    "import_answer_rows",
    "list_treetests",
    "remove_task",
    "save_answer",
    "start_treetest_participant",
    "tasks_of",
    "treetest_participants",
    "update_task",
]

VARIANTS = ("A", "B")


@dataclass(frozen=True, slots=True)
class TreeTestRecord:
    """A stored tree test: ``variants`` maps ``A``/``B`` to (consensus version, tree dict)."""

    id: int
    study_id: int
    name: str
    lang: str
    created_at: str
    variants: Mapping[str, tuple[int, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A stored task."""

    key: str
    position: int
    text_nl: str
    text_en: str
    targets: tuple[str, ...]
    origin: str


@dataclass(frozen=True, slots=True)
class TreeTestParticipant:
    """Somebody taking (or who took) a tree test."""

    id: int
    name: str
    variant: str
    lang: str | None
    task_order: tuple[str, ...]
    source: str
    started_at: str
    finished_at: str | None
    answered: frozenset[str]

    @property
    def next_task(self) -> str | None:
        """The first task in their order not answered yet (None: all done)."""
        return next((k for k in self.task_order if k not in self.answered), None)


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """A stored answer with its participant's name and version."""

    participant: str
    variant: str
    task: str
    steps: tuple[str, ...]
    chosen: str | None
    seconds: float


def create_treetest(
    store: Store,
    study_id: int,
    name: str,
    variants: Mapping[str, tuple[int, Mapping[str, Any]]],
    *,
    lang: str = "nl",
) -> TreeTestRecord:
    """Create a tree test of one consensus version (``{"A": ...}``) or two (``A`` and ``B``)."""
    name = " ".join(name.split())
    if not name:
        raise StoreError("A tree test needs a name.")
    if sorted(variants) not in (["A"], ["A", "B"]):
        raise StoreError("A tree test tests one consensus version (A) or two (A and B).")
    with store.transaction() as tx:
        if tx.execute("SELECT 1 FROM treetests WHERE name = ?", (name,)).fetchone():
            raise StoreError(f"A tree test called {name!r} exists already; choose another name.")
        cursor = tx.execute(
            "INSERT INTO treetests (study_id, name, lang, created_at) VALUES (?, ?, ?, ?)",
            (study_id, name, lang, now_iso()),
        )
        assert cursor.lastrowid is not None
        for variant, (version, tree) in variants.items():
            tx.execute(
                "INSERT INTO treetest_variants (treetest_id, variant, consensus_version, tree)"
                " VALUES (?, ?, ?, ?)",
                (cursor.lastrowid, variant, version, json.dumps(tree, ensure_ascii=False)),
            )
    return get_treetest(store, name)


def _record(store: Store, row: sqlite3.Row) -> TreeTestRecord:
    variants = {
        r["variant"]: (int(r["consensus_version"]), json.loads(r["tree"]))
        for r in store.conn.execute(
            "SELECT * FROM treetest_variants WHERE treetest_id = ? ORDER BY variant", (row["id"],)
        )
    }
    return TreeTestRecord(
        row["id"], row["study_id"], row["name"], row["lang"], row["created_at"], variants
    )


def get_treetest(store: Store, name: str) -> TreeTestRecord:
    """A tree test by name; a clear error listing the ones that exist."""
    row = store.conn.execute("SELECT * FROM treetests WHERE name = ?", (name,)).fetchone()
    if row is None:
        names = [r[0] for r in store.conn.execute("SELECT name FROM treetests ORDER BY name")]
        known = f" Tree tests: {', '.join(names)}." if names else " There are none yet."
        raise StoreError(f"There is no tree test called {name!r}.{known}")
    return _record(store, row)


def list_treetests(store: Store) -> list[TreeTestRecord]:
    """Every tree test, oldest first."""
    rows = store.conn.execute("SELECT * FROM treetests ORDER BY id").fetchall()
    return [_record(store, r) for r in rows]


# -- tasks ---------------------------------------------------------------------------------


def tasks_of(store: Store, treetest_id: int) -> list[TaskRow]:
    """The tasks in the coordinator's order."""
    return [
        TaskRow(
            r["key"],
            r["position"],
            r["text_nl"],
            r["text_en"],
            tuple(json.loads(r["targets"])),
            r["origin"],
        )
        for r in store.conn.execute(
            "SELECT * FROM treetest_tasks WHERE treetest_id = ? ORDER BY position, id",
            (treetest_id,),
        )
    ]


def _check_task(text_nl: str, targets: Sequence[str]) -> None:
    if not text_nl.strip():
        raise StoreError("A task needs its question in Dutch.")
    if not targets:
        raise StoreError("Mark at least one correct folder for the task (--correct).")


def add_task(
    store: Store,
    treetest_id: int,
    text_nl: str,
    targets: Sequence[str],
    *,
    text_en: str = "",
    origin: str = "written",
    key: str | None = None,
) -> TaskRow:
    """Add a task at the end; its key is ``t<n>`` unless given (proposals use ``p<n>``)."""
    _check_task(text_nl, targets)
    with store.transaction() as tx:
        position = int(
            tx.execute(
                "SELECT coalesce(max(position), 0) + 1 FROM treetest_tasks WHERE treetest_id = ?",
                (treetest_id,),
            ).fetchone()[0]
        )
        taken = {
            r[0]
            for r in tx.execute(
                "SELECT key FROM treetest_tasks WHERE treetest_id = ?", (treetest_id,)
            )
        }
        if key is None or key in taken:
            prefix = "p" if origin == "proposed" else "t"
            number = 1
            while f"{prefix}{number}" in taken:
                number += 1
            key = f"{prefix}{number}"
        tx.execute(
            "INSERT INTO treetest_tasks (treetest_id, key, position, text_nl, text_en, targets,"
            " origin) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                treetest_id,
                key,
                position,
                text_nl.strip(),
                text_en.strip(),
                json.dumps(list(targets), ensure_ascii=False),
                origin,
            ),
        )
    return next(t for t in tasks_of(store, treetest_id) if t.key == key)


def _started(tx: sqlite3.Connection, treetest_id: int) -> bool:
    return (
        tx.execute(
            "SELECT 1 FROM treetest_participants WHERE treetest_id = ? LIMIT 1", (treetest_id,)
        ).fetchone()
        is not None
    )


def update_task(
    store: Store,
    treetest_id: int,
    key: str,
    *,
    text_nl: str | None = None,
    text_en: str | None = None,
    targets: Sequence[str] | None = None,
) -> TaskRow:
    """Change a task's texts or correct folders (a correction applies to answers given too)."""
    current = next((t for t in tasks_of(store, treetest_id) if t.key == key), None)
    if current is None:
        raise StoreError(f"There is no task {key!r} in this tree test.")
    new_nl = current.text_nl if text_nl is None else text_nl
    new_targets = current.targets if targets is None else tuple(targets)
    _check_task(new_nl, new_targets)
    with store.transaction() as tx:
        tx.execute(
            "UPDATE treetest_tasks SET text_nl = ?, text_en = ?, targets = ?"
            " WHERE treetest_id = ? AND key = ?",
            (
                new_nl.strip(),
                (current.text_en if text_en is None else text_en).strip(),
                json.dumps(list(new_targets), ensure_ascii=False),
                treetest_id,
                key,
            ),
        )
    return next(t for t in tasks_of(store, treetest_id) if t.key == key)


def remove_task(store: Store, treetest_id: int, key: str) -> None:
    """Drop a task; refused once somebody started the test (their answers would dangle)."""
    with store.transaction() as tx:
        if _started(tx, treetest_id):
            raise StoreError(
                "Participants have started this tree test; a task can no longer be removed. "
                "Create a new tree test instead."
            )
        cursor = tx.execute(
            "DELETE FROM treetest_tasks WHERE treetest_id = ? AND key = ?", (treetest_id, key)
        )
        if not cursor.rowcount:
            raise StoreError(f"There is no task {key!r} in this tree test.")


# -- participants and answers --------------------------------------------------------------


def treetest_participants(store: Store, treetest_id: int) -> list[TreeTestParticipant]:
    """Everybody who started the test, in the order they arrived."""
    answered: dict[int, set[str]] = {}
    for pid, task in store.conn.execute(
        "SELECT a.participant_id, a.task_key FROM treetest_answers a JOIN treetest_participants p"
        " ON p.id = a.participant_id WHERE p.treetest_id = ?",
        (treetest_id,),
    ):
        answered.setdefault(pid, set()).add(task)
    return [
        TreeTestParticipant(
            r["id"],
            r["name"],
            r["variant"],
            r["lang"],
            tuple(json.loads(r["task_order"])),
            r["source"],
            r["started_at"],
            r["finished_at"],
            frozenset(answered.get(r["id"], ())),
        )
        for r in store.conn.execute(
            "SELECT * FROM treetest_participants WHERE treetest_id = ? ORDER BY id",
            (treetest_id,),
        )
    ]


def start_treetest_participant(
    store: Store,
    treetest_id: int,
    name: str,
    *,
    lang: str | None = None,
    source: str = "app",
    variant: str | None = None,
    shuffle_seed: int | None = None,
    holder: str | None = None,
    take_over: bool = False,
) -> TreeTestParticipant:
    """Start (or resume, for a name seen before) a participant: version and task order kept.

    Names are cleaned and matched as for sorting (:mod:`sessions.identity`): "juf anja" comes
    back as "Juf Ánja" did, and control characters never reach a coordinator's terminal. With
    ``holder`` (a live window) the participant's lease is taken in the same transaction, as for
    sorting: while another live window holds it this raises
    :class:`sessions.identity.ParticipantBusy` unless ``take_over``.
    """
    name = clean_name(name)
    if not name:
        raise StoreError("Give your name or code to start.")
    with store.transaction() as tx:
        key = name_key(name)
        row = next(
            (
                r
                for r in tx.execute(
                    "SELECT id, name FROM treetest_participants WHERE treetest_id = ?",
                    (treetest_id,),
                )
                if name_key(r["name"]) == key
            ),
            None,
        )
        if row is not None:
            name = row["name"]
        else:
            keys = [
                r[0]
                for r in tx.execute(
                    "SELECT key FROM treetest_tasks WHERE treetest_id = ? ORDER BY position",
                    (treetest_id,),
                )
            ]
            if not keys:
                raise StoreError("This tree test has no tasks yet; add tasks first.")
            counts = dict(
                tx.execute(
                    "SELECT v.variant, count(p.id) FROM treetest_variants v LEFT JOIN"
                    " treetest_participants p ON p.treetest_id = v.treetest_id"
                    " AND p.variant = v.variant WHERE v.treetest_id = ? GROUP BY v.variant",
                    (treetest_id,),
                ).fetchall()
            )
            if variant is None:
                variant = min(sorted(counts), key=lambda v: counts[v])
            elif variant not in counts:
                raise StoreError(f"This tree test has no version {variant!r}.")
            rng = random.Random(shuffle_seed) if shuffle_seed is not None else random.Random()
            rng.shuffle(keys)
            tx.execute(
                "INSERT INTO treetest_participants (treetest_id, name, variant, lang, task_order,"
                " source, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (treetest_id, name, variant, lang, json.dumps(keys), source, now_iso()),
            )
        if holder is not None:
            (pid,) = tx.execute(
                "SELECT id FROM treetest_participants WHERE treetest_id = ? AND name = ?",
                (treetest_id, name),
            ).fetchone()
            claim_lease(tx, pid, holder, name=name, take_over=take_over, kind="treetest")
    return next(p for p in treetest_participants(store, treetest_id) if p.name == name)


def save_answer(
    store: Store,
    participant_id: int,
    task_key: str,
    steps: Sequence[str],
    chosen: str | None,
    seconds: float,
    *,
    holder: str | None = None,
) -> bool:
    """Store one answer the moment it is given; False if that task was answered already.

    With ``holder`` the answer is stored only while that window holds the participant's lease;
    after another window took over it raises :class:`sessions.identity.LeaseLost` and stores
    nothing.
    """
    with store.transaction() as tx:
        if holder is not None:
            check_lease(tx, participant_id, holder, kind="treetest")
        cursor = tx.execute(
            "INSERT INTO treetest_answers (participant_id, task_key, steps, chosen, seconds,"
            " answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (participant_id, task_key, json.dumps(list(steps)), chosen, seconds, now_iso()),
        )
        return bool(cursor.rowcount)


def finish_treetest_participant(store: Store, participant_id: int) -> None:
    """Mark a participant as done (kept if already set)."""
    with store.transaction() as tx:
        tx.execute(
            "UPDATE treetest_participants SET finished_at = coalesce(finished_at, ?) WHERE id = ?",
            (now_iso(), participant_id),
        )


def answers_of(store: Store, treetest_id: int) -> list[AnswerRow]:
    """Every answer of the test, by participant then in the order given."""
    return [
        AnswerRow(
            r["name"],
            r["variant"],
            r["task_key"],
            tuple(json.loads(r["steps"])),
            r["chosen"],
            float(r["seconds"]),
        )
        for r in store.conn.execute(
            "SELECT p.name, p.variant, a.* FROM treetest_answers a JOIN treetest_participants p"
            " ON p.id = a.participant_id WHERE p.treetest_id = ? ORDER BY p.id, a.answered_at,"
            " a.rowid",
            (treetest_id,),
        )
    ]


def import_answer_rows(
    store: Store, treetest_id: int, rows: Sequence[AnswerRow], *, source: str = "import"
) -> int:
    """Store answers collected elsewhere (or simulated) in one transaction; returns how many.

    A participant already in the test keeps their version; one who answered a task already makes
    the whole import fail (nothing is stored), so importing a file twice changes nothing.
    """
    with store.transaction() as tx:
        keys = [
            r[0]
            for r in tx.execute(
                "SELECT key FROM treetest_tasks WHERE treetest_id = ? ORDER BY position",
                (treetest_id,),
            )
        ]
        ids: dict[str, tuple[int, str]] = {
            r["name"]: (r["id"], r["variant"])
            for r in tx.execute(
                "SELECT id, name, variant FROM treetest_participants WHERE treetest_id = ?",
                (treetest_id,),
            )
        }
        stored = 0
        for row in rows:
            if row.participant not in ids:
                order = [r.task for r in rows if r.participant == row.participant]
                order += [k for k in keys if k not in order]
                cursor = tx.execute(
                    "INSERT INTO treetest_participants (treetest_id, name, variant, task_order,"
                    " source, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        treetest_id,
                        row.participant,
                        row.variant,
                        json.dumps(order),
                        source,
                        now_iso(),
                        now_iso(),
                    ),
                )
                assert cursor.lastrowid is not None
                ids[row.participant] = (cursor.lastrowid, row.variant)
            pid, variant = ids[row.participant]
            if variant != row.variant:
                raise StoreError(
                    f"{row.participant} took version {variant} of this test, not {row.variant}."
                    " Nothing was imported."
                )
            cursor = tx.execute(
                "INSERT INTO treetest_answers (participant_id, task_key, steps, chosen, seconds,"
                " answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (pid, row.task, json.dumps(list(row.steps)), row.chosen, row.seconds, now_iso()),
            )
            if not cursor.rowcount:
                raise StoreError(
                    f"{row.participant} answered task {row.task} already. Nothing was imported."
                )
            stored += 1
    return stored
