"""Studies, participants and sorts in the store.

Saving a sort replaces the participant's groups and placements in one transaction, so a reader
(the coordinator's progress view, the analysis) always sees a whole sort, never half of one,
and a teacher's app can autosave after every move without ever leaving a torn state.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sessions.cards import NewCard, cards_of, insert_cards
from sessions.clock import now_iso
from sessions.identity import check_lease, claim_lease, clean_name, name_key
from sessions.models import (
    Category,
    Group,
    Participant,
    Placement,
    PlacementState,
    Sort,
    Study,
    StudyKind,
    StudySettings,
)
from sessions.store import Store, StoreError

__all__ = [
    "MergeResult",
    "Progress",
    "categories_of",
    "create_study",
    "delete_participant",
    "finish_participant",
    "get_participant",
    "get_study",
    "join_participant",
    "list_studies",
    "load_sort",
    "merge_participants",
    "participants_of",
    "progress",
    "save_sort",
    "set_categories",
    "start_participant",
    "update_study",
]


def _study(row: sqlite3.Row) -> Study:
    return Study(
        id=row["id"],
        name=row["name"],
        kind=StudyKind(row["kind"]),
        instructions_nl=row["instructions_nl"],
        instructions_en=row["instructions_en"],
        settings=StudySettings.from_dict(json.loads(row["settings"])),
        snapshot_id=row["snapshot_id"],
        access_code=row["access_code"],
        created_at=row["created_at"],
    )


def create_study(
    store: Store,
    name: str,
    cards: Sequence[NewCard],
    *,
    kind: StudyKind = StudyKind.OPEN,
    instructions_nl: str = "",
    instructions_en: str = "",
    settings: StudySettings | None = None,
    categories: Sequence[str] = (),
    snapshot_id: int | None = None,
) -> Study:
    """Create a study with its cards (and categories for closed and hybrid sorts)."""
    name = name.strip()
    if not name:
        raise StoreError("A study needs a name.")
    if not cards:
        raise StoreError("A study needs at least one card.")
    if kind is not StudyKind.OPEN and not categories:
        raise StoreError(f"A {kind.value} sort needs categories: pass --category for each one.")
    with store.transaction() as tx:
        if tx.execute("SELECT 1 FROM studies WHERE name = ?", (name,)).fetchone():
            raise StoreError(f"A study called {name!r} exists already; choose another name.")
        cursor = tx.execute(
            "INSERT INTO studies (name, kind, instructions_nl, instructions_en, settings,"
            " snapshot_id, access_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                name,
                kind.value,
                instructions_nl,
                instructions_en,
                json.dumps((settings or StudySettings()).to_dict(), sort_keys=True),
                snapshot_id,
                f"{secrets.randbelow(10**6):06d}",
                now_iso(),
            ),
        )
        assert cursor.lastrowid is not None
        study_id = cursor.lastrowid
        insert_cards(tx, cards, study_id=study_id)
        _write_categories(tx, study_id, categories)
    return get_study(store, name)


def _write_categories(tx: sqlite3.Connection, study_id: int, labels: Sequence[str]) -> None:
    seen: set[str] = set()
    for position, label in enumerate(labels):
        clean = label.strip()
        if not clean or clean.casefold() in seen:
            raise StoreError(f"Category {label!r} is empty or given twice.")
        seen.add(clean.casefold())
        tx.execute(
            "INSERT INTO categories (study_id, label, position) VALUES (?, ?, ?)",
            (study_id, clean, position),
        )


def set_categories(store: Store, study_id: int, labels: Sequence[str]) -> None:
    """Replace a study's predefined categories (only before anybody sorted)."""
    with store.transaction() as tx:
        if tx.execute("SELECT 1 FROM participants WHERE study_id = ?", (study_id,)).fetchone():
            raise StoreError("Categories cannot change once participants have started sorting.")
        tx.execute("DELETE FROM categories WHERE study_id = ?", (study_id,))
        _write_categories(tx, study_id, labels)


def update_study(
    store: Store,
    study_id: int,
    *,
    instructions_nl: str | None = None,
    instructions_en: str | None = None,
    settings: StudySettings | None = None,
) -> None:
    """Change a study's instructions or settings."""
    with store.transaction() as tx:
        if instructions_nl is not None:
            tx.execute(
                "UPDATE studies SET instructions_nl = ? WHERE id = ?", (instructions_nl, study_id)
            )
        if instructions_en is not None:
            tx.execute(
                "UPDATE studies SET instructions_en = ? WHERE id = ?", (instructions_en, study_id)
            )
        if settings is not None:
            tx.execute(
                "UPDATE studies SET settings = ? WHERE id = ?",
                (json.dumps(settings.to_dict(), sort_keys=True), study_id),
            )


def get_study(store: Store, name: str) -> Study:
    """A study by name (or numeric id); a clear error listing the studies if it is unknown."""
    row = store.conn.execute("SELECT * FROM studies WHERE name = ?", (name,)).fetchone()
    if row is None and name.isdigit():
        row = store.conn.execute("SELECT * FROM studies WHERE id = ?", (int(name),)).fetchone()
    if row is None:
        known = ", ".join(s.name for s in list_studies(store)) or "none yet"
        raise StoreError(f"There is no study called {name!r} (studies: {known}).")
    return _study(row)


def list_studies(store: Store) -> list[Study]:
    """All studies, oldest first."""
    return [_study(r) for r in store.conn.execute("SELECT * FROM studies ORDER BY id")]


def categories_of(store: Store, study_id: int) -> list[Category]:
    """A study's predefined categories in order."""
    return [
        Category(r["id"], r["label"], r["position"])
        for r in store.conn.execute(
            "SELECT * FROM categories WHERE study_id = ? ORDER BY position", (study_id,)
        )
    ]


def _participant(row: sqlite3.Row) -> Participant:
    return Participant(
        id=row["id"],
        study_id=row["study_id"],
        name=row["name"],
        lang=row["lang"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        duration_s=row["duration_s"],
        card_order=tuple(json.loads(row["card_order"])),
        source=row["source"],
        fingerprint=row["fingerprint"],
    )


def _find_by_name(tx: sqlite3.Connection, study_id: int, name: str) -> sqlite3.Row | None:
    """The participant whose name matches ``name`` ignoring case, accents and spacing."""
    key = name_key(name)
    for row in tx.execute(
        "SELECT * FROM participants WHERE study_id = ? ORDER BY id", (study_id,)
    ).fetchall():
        if name_key(row["name"]) == key:
            return row  # type: ignore[no-any-return]
    return None


def start_participant(
    store: Store,
    study_id: int,
    name: str,
    *,
    card_order: Sequence[int] = (),
    lang: str | None = None,
    source: str = "app",
    fingerprint: str | None = None,
    holder: str | None = None,
    take_over: bool = False,
) -> tuple[Participant, bool]:
    """The participant with this name, created if new. Returns ``(participant, created)``.

    Control characters never reach the store. A returning participant keeps their card order
    and their sort: they continue where they stopped. With ``holder`` (a person typing their
    name in the app) names match as people type them: "juf anja" finds "Juf Anja" and "anja
    muller" finds "Anja Müller" (:func:`sessions.identity.name_key`), and the session takes the
    participant's lease in the same transaction (:func:`sessions.identity.claim_lease`): while
    another live session holds it this raises :class:`sessions.identity.ParticipantBusy`
    unless ``take_over``. Without ``holder`` (imports) names match exactly.
    """
    typed = holder is not None
    name = clean_name(name) if typed else clean_name(name, limit=None)
    if not name:
        raise StoreError("Enter your name or participant code.")
    with store.transaction() as tx:
        if typed:
            row = _find_by_name(tx, study_id, name)
        else:
            row = tx.execute(
                "SELECT * FROM participants WHERE study_id = ? AND name = ?", (study_id, name)
            ).fetchone()
        created = row is None
        if row is None:
            cursor = tx.execute(
                "INSERT INTO participants (study_id, name, lang, started_at, card_order, source,"
                " fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    study_id,
                    name,
                    lang,
                    now_iso(),
                    json.dumps(list(card_order)),
                    source,
                    fingerprint,
                ),
            )
            row = tx.execute(
                "SELECT * FROM participants WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
        if holder is not None:
            claim_lease(tx, row["id"], holder, name=row["name"], take_over=take_over)
        return _participant(row), created


def join_participant(
    store: Store,
    study_id: int,
    name: str,
    *,
    holder: str,
    take_over: bool = False,
    card_order: Sequence[int] = (),
    lang: str | None = None,
) -> tuple[Participant, bool]:
    """Start or resume ``name`` as the live session ``holder`` (see :func:`start_participant`)."""
    return start_participant(
        store,
        study_id,
        name,
        card_order=card_order,
        lang=lang,
        holder=holder,
        take_over=take_over,
    )


def get_participant(store: Store, participant_id: int) -> Participant:
    """A participant by id."""
    row = store.conn.execute(
        "SELECT * FROM participants WHERE id = ?", (participant_id,)
    ).fetchone()
    if row is None:
        raise StoreError(f"There is no participant {participant_id}.")
    return _participant(row)


def participants_of(store: Store, study_id: int) -> list[Participant]:
    """All participants of a study, in the order they started."""
    return [
        _participant(r)
        for r in store.conn.execute(
            "SELECT * FROM participants WHERE study_id = ? ORDER BY id", (study_id,)
        )
    ]


def delete_participant(store: Store, participant_id: int) -> None:
    """Remove a participant and their sort."""
    with store.transaction() as tx:
        tx.execute("DELETE FROM participants WHERE id = ?", (participant_id,))


def save_sort(store: Store, participant_id: int, sort: Sort, *, holder: str | None = None) -> None:
    """Replace a participant's whole sort, atomically.

    With ``holder`` the save happens only while that session still holds the participant's
    lease; after another session took over it raises :class:`sessions.identity.LeaseLost` and
    changes nothing, so the newer session's placements are never overwritten.
    """
    try:
        sort.validate()
    except ValueError as error:
        raise StoreError(f"This sort cannot be saved: {error}.") from error
    with store.transaction() as tx:
        row = tx.execute(
            "SELECT study_id FROM participants WHERE id = ?", (participant_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"There is no participant {participant_id}.")
        if holder is not None:
            check_lease(tx, participant_id, holder)
        valid_cards = {
            r[0] for r in tx.execute("SELECT id FROM cards WHERE study_id = ?", (row["study_id"],))
        }
        unknown = [p.card_id for p in sort.placements if p.card_id not in valid_cards]
        if unknown:
            raise StoreError(f"Cards {unknown} do not belong to this study.")
        tx.execute("DELETE FROM placements WHERE participant_id = ?", (participant_id,))
        tx.execute("DELETE FROM groups WHERE participant_id = ?", (participant_id,))
        ids: dict[str, int] = {}
        pending = list(sort.groups)
        while pending:  # parents before children
            progressed = False
            for group in list(pending):
                if group.parent_key is not None and group.parent_key not in ids:
                    continue
                cursor = tx.execute(
                    "INSERT INTO groups (participant_id, key, label, parent_id, category_id,"
                    " position) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        participant_id,
                        group.key,
                        group.label,
                        ids.get(group.parent_key) if group.parent_key else None,
                        group.category_id,
                        group.position,
                    ),
                )
                assert cursor.lastrowid is not None
                ids[group.key] = cursor.lastrowid
                pending.remove(group)
                progressed = True
            if not progressed:
                raise StoreError("The groups of this sort form a cycle.")
        tx.executemany(
            "INSERT INTO placements (participant_id, card_id, group_id, state, position)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (
                    participant_id,
                    p.card_id,
                    ids[p.group_key] if p.group_key else None,
                    p.state.value,
                    p.position,
                )
                for p in sort.placements
            ],
        )


def load_sort(store: Store, participant_id: int) -> Sort:
    """A participant's sort as saved (its groups and placements read from one state of the
    store, so a save committed meanwhile by the participant's window is seen whole or not)."""
    with store.reading() as conn:
        return _load_sort(conn, participant_id)


def _load_sort(conn: sqlite3.Connection, participant_id: int) -> Sort:
    groups_rows = conn.execute(
        "SELECT g.*, p.key AS parent_key FROM groups g LEFT JOIN groups p ON p.id = g.parent_id"
        " WHERE g.participant_id = ? ORDER BY g.position, g.id",
        (participant_id,),
    ).fetchall()
    keys = {r["id"]: r["key"] for r in groups_rows}
    groups = tuple(
        Group(r["key"], r["label"], r["parent_key"], r["category_id"], r["position"])
        for r in groups_rows
    )
    placements = tuple(
        Placement(
            r["card_id"],
            PlacementState(r["state"]),
            keys[r["group_id"]] if r["group_id"] is not None else None,
            r["position"],
        )
        for r in conn.execute(
            "SELECT * FROM placements WHERE participant_id = ? ORDER BY position, card_id",
            (participant_id,),
        )
    )
    return Sort(groups, placements)


def finish_participant(
    store: Store,
    participant_id: int,
    *,
    duration_s: float | None = None,
    finished_at: str | None = None,
) -> None:
    """Mark a sort complete, with the time it took."""
    with store.transaction() as tx:
        tx.execute(
            "UPDATE participants SET finished_at = ?, duration_s = coalesce(?, duration_s)"
            " WHERE id = ?",
            (finished_at or now_iso(), duration_s, participant_id),
        )


@dataclass(frozen=True, slots=True)
class Progress:
    """How far one participant is."""

    participant: Participant
    placed: int
    unsure: int
    total_cards: int


def progress(store: Store, study_id: int) -> list[Progress]:
    """Per participant: cards placed and marked unsure, out of the study's cards."""
    total = len(cards_of(store, study_id=study_id))
    counts = {
        (r["participant_id"], r["state"]): r["n"]
        for r in store.conn.execute(
            "SELECT pl.participant_id, pl.state, count(*) AS n FROM placements pl"
            " JOIN participants p ON p.id = pl.participant_id WHERE p.study_id = ?"
            " GROUP BY pl.participant_id, pl.state",
            (study_id,),
        )
    }
    return [
        Progress(p, counts.get((p.id, "placed"), 0), counts.get((p.id, "unsure"), 0), total)
        for p in participants_of(store, study_id)
    ]


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What :func:`merge_participants` did."""

    kept: Participant
    taken_cards: int
    removed_name: str


def _merged_sort(keep: Sort, other: Sort, other_id: int) -> tuple[Sort, int]:
    """``keep``'s sort, with every card it left unsorted taken from ``other`` where sorted there.

    Groups of ``other`` that receive a card come along (with their parents) under new keys,
    except that a group for a category ``keep`` already has a group for is joined to that one.
    """
    kept_state = {p.card_id: p for p in keep.placements}
    other_groups = {g.key: g for g in other.groups}
    by_category = {g.category_id: g.key for g in keep.groups if g.category_id is not None}
    groups = list(keep.groups)
    new_keys: dict[str, str] = {}
    used = {g.key for g in keep.groups}

    def bring(key: str) -> str:
        if key in new_keys:
            return new_keys[key]
        group = other_groups[key]
        if group.category_id is not None and group.category_id in by_category:
            new_keys[key] = by_category[group.category_id]
            return new_keys[key]
        parent = bring(group.parent_key) if group.parent_key is not None else None
        new_key = f"{key}~{other_id}"
        while new_key in used:
            new_key += "~"
        used.add(new_key)
        new_keys[key] = new_key
        groups.append(
            Group(new_key, group.label, parent, group.category_id, len(groups) + group.position)
        )
        return new_key

    placements = {p.card_id: p for p in keep.placements}
    taken = 0
    for placement in other.placements:
        mine = kept_state.get(placement.card_id)
        if placement.state is PlacementState.UNSORTED:
            continue
        if mine is not None and mine.state is not PlacementState.UNSORTED:
            continue
        group_key = bring(placement.group_key) if placement.group_key is not None else None
        placements[placement.card_id] = Placement(
            placement.card_id, placement.state, group_key, placement.position
        )
        taken += 1
    return Sort(tuple(groups), tuple(placements.values())), taken


def merge_participants(
    store: Store, keep_id: int, other_id: int, *, now: float | None = None
) -> MergeResult:
    """Make two records of one person one: ``keep`` gains ``other``'s sorted cards, ``other`` goes.

    A card ``keep`` already sorted stays where it is; a card only ``other`` sorted moves over
    with its stack. The earlier start and a finish of either are kept. Refused while either
    record has a live session (the teacher is still sorting).
    """
    import time

    from sessions.identity import LEASE_TTL_S

    if keep_id == other_id:
        raise StoreError("Choose two different participants to merge.")
    keep = get_participant(store, keep_id)
    other = get_participant(store, other_id)
    if keep.study_id != other.study_id:
        raise StoreError("These participants sorted different studies; they cannot be merged.")
    now = time.time() if now is None else now
    for person in (keep, other):
        row = store.conn.execute(
            "SELECT renewed_at FROM participant_leases WHERE participant_id = ?", (person.id,)
        ).fetchone()
        if row is not None and now - row[0] < LEASE_TTL_S:
            raise StoreError(
                f"{person.name!r} is sorting right now; merge after they have finished or "
                "closed their window."
            )
    merged, taken = _merged_sort(load_sort(store, keep_id), load_sort(store, other_id), other_id)
    starts = [s for s in (keep.started_at, other.started_at) if s]
    with store.transaction() as tx:
        save_sort(store, keep_id, merged)
        tx.execute(
            "UPDATE participants SET started_at = ?, finished_at = ?, duration_s = ? WHERE id = ?",
            (
                min(starts) if starts else None,
                keep.finished_at or other.finished_at,
                keep.duration_s if keep.duration_s is not None else other.duration_s,
                keep_id,
            ),
        )
        tx.execute("DELETE FROM participants WHERE id = ?", (other_id,))
    return MergeResult(get_participant(store, keep_id), taken, other.name)
