"""What the analysis keeps per study: the label map, exclusions and consensus tree versions.

* The label standardisation map says which participant labels count as which standard
  category: merges (many raw labels → one), renames (a standard name changes) and splits (one
  raw label means different things for different participants, so the entry is scoped to a
  participant's group).
* Exclusions leave a participant (or every participant a quality rule flags) out of the
  analysis. They are revoked, never deleted, so the report can show the history and every
  exclusion can be undone.
* Consensus trees are stored as numbered versions. A fresh analysis adds a version but never
  replaces a tree a person edited as the current one, unless the coordinator says so.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sessions.clock import now_iso
from sessions.store import Store, StoreError

__all__ = [
    "ConsensusVersion",
    "Exclusion",
    "ExclusionState",
    "LabelEntry",
    "current_tree",
    "exclude_participant",
    "exclude_rule",
    "exclusion_history",
    "exclusion_state",
    "export_label_map",
    "get_version",
    "import_label_map",
    "include_participant",
    "include_rule",
    "label_key",
    "label_map",
    "merge_labels",
    "remove_label",
    "rename_label",
    "set_current",
    "split_label",
    "store_analysis_tree",
    "store_edited_tree",
    "tree_history",
]


def label_key(label: str) -> str:
    """A participant label made comparable: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", label))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w]+", " ", text).replace("_", " ")
    return " ".join(text.split())


# -- label standardisation map -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelEntry:
    """One rule of the map: ``raw`` (normalised) counts as ``standard``."""

    id: int
    raw: str
    standard: str
    participant_id: int | None
    participant_name: str | None
    group_key: str | None
    action: str
    created_at: str


def label_map(store: Store, study_id: int) -> list[LabelEntry]:
    """The study's map: study-wide entries first, then participant-scoped ones."""
    rows = store.conn.execute(
        "SELECT m.*, p.name AS participant_name FROM label_map m"
        " LEFT JOIN participants p ON p.id = m.participant_id WHERE m.study_id = ?"
        " ORDER BY m.participant_id IS NOT NULL, m.raw, m.participant_id, m.group_key",
        (study_id,),
    ).fetchall()
    return [
        LabelEntry(
            r["id"],
            r["raw"],
            r["standard"],
            r["participant_id"],
            r["participant_name"],
            r["group_key"],
            r["action"],
            r["created_at"],
        )
        for r in rows
    ]


def _clean_standard(standard: str) -> str:
    clean = " ".join(standard.split())
    if not clean:
        raise StoreError("A standard category needs a name.")
    return clean


def _upsert(
    tx: Any,
    study_id: int,
    raw: str,
    standard: str,
    action: str,
    participant_id: int | None = None,
    group_key: str | None = None,
) -> None:
    key = label_key(raw)
    if not key:
        raise StoreError(f"The label {raw!r} has no letters or digits to match on.")
    tx.execute(
        "DELETE FROM label_map WHERE study_id = ? AND raw = ? AND coalesce(participant_id, 0) ="
        " coalesce(?, 0) AND coalesce(group_key, '') = coalesce(?, '')",
        (study_id, key, participant_id, group_key),
    )
    tx.execute(
        "INSERT INTO label_map (study_id, raw, standard, participant_id, group_key, action,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (study_id, key, standard, participant_id, group_key, action, now_iso()),
    )


def merge_labels(store: Store, study_id: int, labels: Iterable[str], standard: str) -> None:
    """Count every label in ``labels`` (and whatever was already merged into them) as one."""
    standard = _clean_standard(standard)
    labels = list(labels)
    if not labels:
        raise StoreError("Name at least one label to merge.")
    with store.transaction() as tx:
        keys = {label_key(label) for label in labels}
        for entry in label_map(store, study_id):
            if label_key(entry.standard) in keys:
                tx.execute(
                    "UPDATE label_map SET standard = ?, action = 'merge' WHERE id = ?",
                    (standard, entry.id),
                )
        for label in labels:
            _upsert(tx, study_id, label, standard, "merge")


def rename_label(store: Store, study_id: int, old: str, new: str) -> int:
    """Rename a standard category (and the raw label of that name); returns entries changed."""
    new = _clean_standard(new)
    with store.transaction() as tx:
        changed = 0
        for entry in label_map(store, study_id):
            if label_key(entry.standard) == label_key(old):
                tx.execute("UPDATE label_map SET standard = ? WHERE id = ?", (new, entry.id))
                changed += 1
        has_raw = tx.execute(
            "SELECT 1 FROM label_map WHERE study_id = ? AND raw = ? AND participant_id IS NULL",
            (study_id, label_key(old)),
        ).fetchone()
        if not has_raw:
            _upsert(tx, study_id, old, new, "rename")
            changed += 1
        return changed


def split_label(
    store: Store, study_id: int, raw: str, assignments: Mapping[tuple[int, str], str]
) -> None:
    """Give one raw label different standards per participant group: {(participant, group): std}."""
    with store.transaction() as tx:
        for (participant_id, group_key), standard in assignments.items():
            row = tx.execute(
                "SELECT study_id FROM participants WHERE id = ?", (participant_id,)
            ).fetchone()
            if row is None or row["study_id"] != study_id:
                raise StoreError(f"Participant {participant_id} is not part of this study.")
            _upsert(
                tx, study_id, raw, _clean_standard(standard), "split", participant_id, group_key
            )


def remove_label(store: Store, study_id: int, raw: str) -> int:
    """Take a raw label out of its study-wide merge (splits for single groups stay)."""
    with store.transaction() as tx:
        cursor = tx.execute(
            "DELETE FROM label_map WHERE study_id = ? AND raw = ? AND participant_id IS NULL",
            (study_id, label_key(raw)),
        )
        return cursor.rowcount


_MAP_COLUMNS = ("raw", "standard", "action", "participant", "group")


def export_label_map(store: Store, study_id: int) -> str:
    """The map as CSV (``raw, standard, action, participant, group``)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_MAP_COLUMNS)
    for e in label_map(store, study_id):
        writer.writerow([e.raw, e.standard, e.action, e.participant_name or "", e.group_key or ""])
    return buffer.getvalue()


def import_label_map(store: Store, study_id: int, text: str, source: str) -> int:
    """Replace the map with a CSV's entries (checked whole first); returns the entry count."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    if not rows or [c.strip().casefold() for c in rows[0][:2]] != ["raw", "standard"]:
        raise StoreError(f"{source}:1: the header must start with 'raw,standard'.")
    header = [c.strip().casefold() for c in rows[0]]
    names = {
        r["name"]: r["id"]
        for r in store.conn.execute(
            "SELECT id, name FROM participants WHERE study_id = ?", (study_id,)
        )
    }
    entries: list[tuple[str, str, str, int | None, str | None]] = []
    problems: list[str] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                f"{source}:{line}: {len(row)} fields where the header has {len(header)}"
            )
            continue
        value = dict(zip(header, (cell.strip() for cell in row), strict=True))
        action = value.get("action") or "merge"
        participant = value.get("participant") or None
        if not label_key(value["raw"]) or not value["standard"]:
            problems.append(f"{source}:{line}: raw and standard must both be filled in")
        if action not in ("merge", "rename", "split"):
            problems.append(f"{source}:{line}: unknown action {action!r} (merge, rename or split)")
        if participant is not None and participant not in names:
            problems.append(f"{source}:{line}: no participant {participant!r} in this study")
        group = value.get("group") or None
        if group is not None and participant is None:
            problems.append(f"{source}:{line}: a group needs its participant")
        entries.append(
            (
                value["raw"],
                value["standard"],
                action,
                names.get(participant) if participant else None,
                group,
            )
        )
    if problems:
        raise StoreError("\n".join([*problems, "The label map was left unchanged."]))
    with store.transaction() as tx:
        tx.execute("DELETE FROM label_map WHERE study_id = ?", (study_id,))
        for raw, standard, action, participant_id, group in entries:
            _upsert(tx, study_id, raw, _clean_standard(standard), action, participant_id, group)
    return len(entries)


# -- exclusions ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Exclusion:
    """One exclusion or re-inclusion, active or revoked."""

    id: int
    participant_id: int | None
    participant_name: str | None
    rule: str | None
    mode: str
    reason: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        """Whether it still applies."""
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class ExclusionState:
    """What applies now: participants left out or kept despite a rule; rules on and off."""

    excluded: frozenset[int]
    included: frozenset[int]
    rules: frozenset[str]
    rules_off: frozenset[str] = frozenset()


def exclusion_history(store: Store, study_id: int) -> list[Exclusion]:
    """Every exclusion and re-inclusion ever made in the study, oldest first."""
    rows = store.conn.execute(
        "SELECT e.*, p.name AS participant_name FROM exclusions e"
        " LEFT JOIN participants p ON p.id = e.participant_id WHERE e.study_id = ? ORDER BY e.id",
        (study_id,),
    ).fetchall()
    return [
        Exclusion(
            r["id"],
            r["participant_id"],
            r["participant_name"],
            r["rule"],
            r["mode"],
            r["reason"],
            r["created_at"],
            r["revoked_at"],
        )
        for r in rows
    ]


def exclusion_state(store: Store, study_id: int) -> ExclusionState:
    """The exclusions that apply now."""
    active = [e for e in exclusion_history(store, study_id) if e.active]
    return ExclusionState(
        excluded=frozenset(
            e.participant_id for e in active if e.participant_id is not None and e.mode == "exclude"
        ),
        included=frozenset(
            e.participant_id for e in active if e.participant_id is not None and e.mode == "include"
        ),
        rules=frozenset(e.rule for e in active if e.rule is not None and e.mode == "exclude"),
        rules_off=frozenset(e.rule for e in active if e.rule is not None and e.mode == "include"),
    )


def _check_participant(tx: Any, study_id: int, participant_id: int) -> None:
    row = tx.execute("SELECT study_id FROM participants WHERE id = ?", (participant_id,)).fetchone()
    if row is None or row["study_id"] != study_id:
        raise StoreError(f"Participant {participant_id} is not part of this study.")


def _revoke(tx: Any, study_id: int, where: str, args: tuple[Any, ...]) -> int:
    cursor = tx.execute(
        "UPDATE exclusions SET revoked_at = ? WHERE study_id = ? AND revoked_at IS NULL"
        f" AND {where}",
        (now_iso(), study_id, *args),
    )
    return int(cursor.rowcount)


def exclude_participant(store: Store, study_id: int, participant_id: int, reason: str) -> None:
    """Leave a participant out of the analysis (undo with :func:`include_participant`)."""
    with store.transaction() as tx:
        _check_participant(tx, study_id, participant_id)
        _revoke(tx, study_id, "participant_id = ?", (participant_id,))
        tx.execute(
            "INSERT INTO exclusions (study_id, participant_id, mode, reason, created_at)"
            " VALUES (?, ?, 'exclude', ?, ?)",
            (study_id, participant_id, reason.strip(), now_iso()),
        )


def include_participant(
    store: Store, study_id: int, participant_id: int, reason: str = "", *, override: bool = False
) -> None:
    """Undo a participant's exclusion; with ``override`` also keep them in despite any rule."""
    with store.transaction() as tx:
        _check_participant(tx, study_id, participant_id)
        revoked = _revoke(tx, study_id, "participant_id = ?", (participant_id,))
        if override:
            tx.execute(
                "INSERT INTO exclusions (study_id, participant_id, mode, reason, created_at)"
                " VALUES (?, ?, 'include', ?, ?)",
                (study_id, participant_id, reason.strip(), now_iso()),
            )
        elif not revoked:
            raise StoreError(
                "That participant was not excluded by hand. If a rule leaves them out, include "
                "them with --override."
            )


def exclude_rule(store: Store, study_id: int, rule: str, reason: str = "") -> None:
    """Leave out every participant a quality rule flags (for example ``all_in_one``)."""
    with store.transaction() as tx:
        _revoke(tx, study_id, "rule = ?", (rule,))
        tx.execute(
            "INSERT INTO exclusions (study_id, rule, reason, created_at) VALUES (?, ?, ?, ?)",
            (study_id, rule, reason.strip(), now_iso()),
        )


def include_rule(store: Store, study_id: int, rule: str, reason: str = "") -> None:
    """Stop excluding by a rule, including a rule the analysis applies by default."""
    with store.transaction() as tx:
        _revoke(tx, study_id, "rule = ?", (rule,))
        tx.execute(
            "INSERT INTO exclusions (study_id, rule, mode, reason, created_at)"
            " VALUES (?, ?, 'include', ?, ?)",
            (study_id, rule, reason.strip(), now_iso()),
        )


# -- consensus tree versions ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsensusVersion:
    """One stored version of a study's consensus tree."""

    study_id: int
    version: int
    tree: dict[str, Any]
    created_at: str
    edited: bool
    based_on: int | None
    parameters: dict[str, Any]
    note: str
    current: bool


def _current_number(store: Store, study_id: int) -> int | None:
    row = store.conn.execute(
        "SELECT version FROM consensus_current WHERE study_id = ?", (study_id,)
    ).fetchone()
    return None if row is None else int(row[0])


def tree_history(store: Store, study_id: int) -> list[ConsensusVersion]:
    """Every stored version, oldest first."""
    current = _current_number(store, study_id)
    return [
        ConsensusVersion(
            r["study_id"],
            r["version"],
            json.loads(r["tree"]),
            r["created_at"],
            bool(r["edited"]),
            r["based_on"],
            json.loads(r["parameters"]),
            r["note"],
            r["version"] == current,
        )
        for r in store.conn.execute(
            "SELECT * FROM consensus_versions WHERE study_id = ? ORDER BY version", (study_id,)
        )
    ]


def get_version(store: Store, study_id: int, version: int) -> ConsensusVersion:
    """One version; a clear error if it does not exist."""
    for item in tree_history(store, study_id):
        if item.version == version:
            return item
    raise StoreError(f"There is no consensus version {version} for this study.")


def current_tree(store: Store, study_id: int) -> ConsensusVersion | None:
    """The version the team works from (None before the first analysis)."""
    number = _current_number(store, study_id)
    return None if number is None else get_version(store, study_id, number)


def _insert_version(
    tx: Any,
    study_id: int,
    tree: Mapping[str, Any],
    *,
    edited: bool,
    based_on: int | None,
    parameters: Mapping[str, Any],
    note: str,
) -> int:
    number = int(
        tx.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM consensus_versions WHERE study_id = ?",
            (study_id,),
        ).fetchone()[0]
    )
    tx.execute(
        "INSERT INTO consensus_versions (study_id, version, tree, created_at, edited, based_on,"
        " parameters, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            study_id,
            number,
            json.dumps(tree, ensure_ascii=False, sort_keys=True),
            now_iso(),
            int(edited),
            based_on,
            json.dumps(parameters, sort_keys=True, default=str),
            note,
        ),
    )
    return number


def _make_current(tx: Any, study_id: int, version: int) -> None:
    tx.execute(
        "INSERT INTO consensus_current (study_id, version) VALUES (?, ?)"
        " ON CONFLICT (study_id) DO UPDATE SET version = excluded.version",
        (study_id, version),
    )


def store_analysis_tree(
    store: Store,
    study_id: int,
    tree: Mapping[str, Any],
    parameters: Mapping[str, Any],
    *,
    make_current: bool = False,
    note: str = "analysis",
) -> tuple[ConsensusVersion, bool]:
    """Store a freshly computed tree as a new version: (version, whether it became current).

    It becomes current unless the current tree was edited by a person; ``make_current`` is the
    coordinator's explicit choice to switch anyway (the edited version stays in the history).
    Re-running an unchanged analysis adds no version: the current one (or, when the current
    one is an edit, the newest analysis version) is returned as it is.
    """
    canonical = json.loads(json.dumps(tree, sort_keys=True))
    settings = json.loads(json.dumps(parameters, sort_keys=True, default=str))
    with store.transaction() as tx:
        current = _current_number(store, study_id)
        row = (
            tx.execute(
                "SELECT edited, tree, parameters FROM consensus_versions"
                " WHERE study_id = ? AND version = ?",
                (study_id, current),
            ).fetchone()
            if current is not None
            else None
        )
        edited_current = row is not None and bool(row["edited"])
        # The newest analysis version (not edited): when the current tree is a person's edit,
        # re-running the same analysis must not add another identical version per press.
        latest = tx.execute(
            "SELECT version, tree, parameters FROM consensus_versions"
            " WHERE study_id = ? AND edited = 0 ORDER BY version DESC LIMIT 1",
            (study_id,),
        ).fetchone()
        if (
            row is not None
            and not edited_current
            and json.loads(row["tree"]) == canonical
            and json.loads(row["parameters"]) == settings
        ):
            number = current
            becomes_current = True
        elif (
            edited_current
            and latest is not None
            and json.loads(latest["tree"]) == canonical
            and json.loads(latest["parameters"]) == settings
        ):
            number = int(latest["version"])
            becomes_current = make_current
            if make_current:
                _make_current(tx, study_id, number)
        else:
            number = _insert_version(
                tx, study_id, tree, edited=False, based_on=None, parameters=parameters, note=note
            )
            becomes_current = make_current or not edited_current
            if becomes_current:
                _make_current(tx, study_id, number)
    assert number is not None
    return get_version(store, study_id, number), becomes_current


def store_edited_tree(
    store: Store, study_id: int, tree: Mapping[str, Any], *, based_on: int, note: str
) -> ConsensusVersion:
    """Store a person's edit of version ``based_on`` as a new, current version.

    Refused if somebody else stored a newer current version meanwhile, so no edit is lost.
    """
    with store.transaction() as tx:
        current = _current_number(store, study_id)
        if current != based_on:
            raise StoreError(
                f"The consensus changed meanwhile (now version {current}, you edited version "
                f"{based_on}). Show it again and repeat your edit."
            )
        base = tx.execute(
            "SELECT parameters FROM consensus_versions WHERE study_id = ? AND version = ?",
            (study_id, based_on),
        ).fetchone()
        number = _insert_version(
            tx,
            study_id,
            tree,
            edited=True,
            based_on=based_on,
            parameters=json.loads(base["parameters"]) if base else {},
            note=note,
        )
        _make_current(tx, study_id, number)
    return get_version(store, study_id, number)


def set_current(store: Store, study_id: int, version: int) -> ConsensusVersion:
    """Make an older or newer version the one the team works from."""
    with store.transaction() as tx:
        if not tx.execute(
            "SELECT 1 FROM consensus_versions WHERE study_id = ? AND version = ?",
            (study_id, version),
        ).fetchone():
            raise StoreError(f"There is no consensus version {version} for this study.")
        _make_current(tx, study_id, version)
    return get_version(store, study_id, version)
