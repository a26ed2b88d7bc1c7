"""The catch-up pass for switch-over day: bring what changed on the old share since the plan
was applied into the new structure on the target (copy mode).

Between the first apply and the day the old server is switched off, the school keeps working
on the old share. ``cardsort migrate sync`` reads what the source holds now and compares it
with the *baseline* (what the target received: the plan's files at first, then each catch-up's
result). Where "now" comes from is the source's business (:mod:`.sync_source`): a local share
is rescanned; a OneDrive or Google Drive source is never rescanned: its change feed (Graph
delta, Drive ``changes.list``) is read from the cursor its scan kept, so a catch-up costs
requests in proportion to the changes, not to the drive, and a file is downloaded only when it
is copied. Either way the differences become the same :class:`Change` records:

- a **new** file is copied to the folder its card went to (the nearest folder above it that
  the plan placed; otherwise the unsorted folder, under its old path);
- a **changed** file is updated: the old copy is moved into the archive folder
  (:data:`ARCHIVE`, journalled, so undoable), then the new content is copied;
- a file **gone** from the source is handled as the admin chose: ``mirror`` moves its copy to
  the archive folder, ``keep`` leaves it, ``list`` (the default) only lists it;
- a copy that was **edited in the target meanwhile** is never overwritten or moved: the file is
  listed as a conflict.

Every catch-up is a *round* in its own journal (``sync-*.sqlite`` next to the plan): the
changes are written first (with a cloud source's new cursor and items, in the same
transaction), then done one by one (``started`` → ``done``); an interrupted round is resumed by
the next run before anything new is looked at. A second catch-up with nothing changed does
nothing. A renamed or moved file is a new file plus a gone one.
"""

from __future__ import annotations

import enum
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from drive_adapters.base import Deferred, DriveAdapter, DriveError, DriveItem, NameConflict
from drive_adapters.executor.crash_points import CrashPoints
from drive_adapters.executor.paths import TargetPaths
from drive_adapters.executor.results import open_elsewhere, said, sync_note
from drive_adapters.executor.sync_source import FileState, LocalSource, SyncSource
from drive_adapters.plan import (
    Action,
    Plan,
    PlanItem,
    decode_name,
    decode_path,
    encode_name,
    encode_path,
    split_source,
)
from drive_adapters.rules import RuleSet, sanitize_name

__all__ = ["ARCHIVE", "CatchUp", "Change", "ChangeKind", "Deleted", "SyncResult", "changes"]

#: Where replaced and removed copies go on the target (never deleted: undo can bring them back).
ARCHIVE = "_cardsort-vorige-versies"
_MTIME_TOLERANCE = 1.0


class Deleted(enum.StrEnum):
    """What a catch-up does with a file that is gone from the source."""

    MIRROR = "mirror"  # move its copy to the archive folder
    KEEP = "keep"  # leave the copy
    LIST = "list"  # only list it


class ChangeKind(enum.StrEnum):
    """One change a catch-up brings over (or lists)."""

    NEW = "new"
    UPDATE = "update"
    REMOVE = "remove"
    GONE = "gone"  # listed only (keep / list)
    CONFLICT = "conflict"  # listed only: edited in the target meanwhile


@dataclass(frozen=True)
class Change:
    """A source file and what the catch-up does about it."""

    kind: ChangeKind
    source: bytes
    target: tuple[str, ...]
    size: int = 0
    mtime: float | None = None
    note: str = ""


@dataclass
class SyncResult:
    """What one catch-up did."""

    done: dict[str, int] = field(default_factory=dict)
    listed: list[str] = field(default_factory=list)  # gone (kept) and conflicts, with why
    set_aside: list[str] = field(default_factory=list)
    resumed: bool = False
    seconds: float = 0.0

    @property
    def nothing_changed(self) -> bool:
        """No change at all since the last catch-up."""
        return not self.done and not self.listed and not self.set_aside


def _same(a: FileState, b: FileState) -> bool:
    if a[0] != b[0]:
        return False
    if a[1] is None or b[1] is None:
        return True
    return abs(a[1] - b[1]) <= _MTIME_TOLERANCE


def _target_for(
    raw: bytes, placed: Mapping[bytes, tuple[str, ...]], plan: Plan, rules: RuleSet | None
) -> tuple[str, ...]:
    """Where a new source file lands: below the nearest folder above it that the plan placed,
    its own names fixed for the target's rules (as the plan fixed every other name)."""
    parts = raw.split(b"/")
    # Under no placed folder: the unsorted folder; in a copy (``migrate copy``) the folder the
    # tree was copied into, so that a new file keeps its relative path there too.
    into = plan.options.get("copy_into")
    folder = (
        tuple(p for p in str(into).split("/") if p) if into is not None else (plan.unsorted_folder,)
    )
    rest = raw
    for cut in range(len(parts) - 1, 0, -1):
        found = placed.get(b"/".join(parts[:cut]))
        if found is not None:
            folder, rest = found, b"/".join(parts[cut:])
            break
    names = split_source(rest)
    if rules is not None:
        names = tuple(
            sanitize_name(n, rules, is_folder=i < len(names) - 1, at_root=False)
            for i, n in enumerate(names)
        )
    return (*folder, *names)


def changes(
    plan: Plan,
    baseline: Mapping[bytes, tuple[FileState, tuple[str, ...]]],
    current: Mapping[bytes, FileState],
    target_state: Callable[[tuple[str, ...]], FileState | None],
    deleted: Deleted,
    skip: Callable[[bytes], bool] = lambda raw: False,
    rules: RuleSet | None = None,
) -> list[Change]:
    """What a catch-up does, from the baseline, the rescanned source and the target's copies.

    ``target_state(path)`` is the size and modification time of the copy on the target, or
    ``None`` when there is none; it is asked only for files that changed.
    """
    placed = {
        i.source: i.target
        for i in plan.items
        if i.kind == "dir" and i.target and i.action in (Action.MOVE, Action.WITH_FOLDER)
    }
    out: list[Change] = []
    for raw in sorted(current):
        if skip(raw):
            continue
        now = current[raw]
        known = baseline.get(raw)
        if known is None:
            target = _target_for(raw, placed, plan, rules)
            if target_state(target) is not None:
                out.append(
                    Change(ChangeKind.CONFLICT, raw, target, *now, "new in the source, but the "
                           "target already holds a file there; nothing was overwritten")
                )  # fmt: skip
            else:
                out.append(Change(ChangeKind.NEW, raw, target, *now))
            continue
        was, target = known
        if _same(now, was):
            continue
        copy = target_state(target)
        if copy is None or not _same(copy, was):
            out.append(
                Change(ChangeKind.CONFLICT, raw, target, *now, "changed in the source and "
                       + ("removed" if copy is None else "edited") + " in the target meanwhile; "
                       "nothing was overwritten")
            )  # fmt: skip
        else:
            out.append(Change(ChangeKind.UPDATE, raw, target, *now))
    for raw in sorted(set(baseline) - set(current)):
        if skip(raw):
            continue
        was, target = baseline[raw]
        if deleted is not Deleted.MIRROR:
            out.append(
                Change(ChangeKind.GONE, raw, target, *was, f"gone from the source; {deleted.value}")
            )
            continue
        copy = target_state(target)
        if copy is None:
            continue  # gone on both sides
        if not _same(copy, was):
            out.append(
                Change(ChangeKind.CONFLICT, raw, target, *was, "gone from the source but edited "
                       "in the target meanwhile; left in place")
            )  # fmt: skip
        else:
            out.append(Change(ChangeKind.REMOVE, raw, target, *was))
    return out


_SCHEMA = """
CREATE TABLE IF NOT EXISTS baseline (
    source TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL, target TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rounds (
    round INTEGER PRIMARY KEY, started_at REAL NOT NULL, finished_at REAL);
CREATE TABLE IF NOT EXISTS changes (
    round INTEGER NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, size INTEGER NOT NULL, mtime REAL, note TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', message TEXT, PRIMARY KEY (round, seq));
"""


def _target_text(path: tuple[str, ...]) -> str:
    return "/".join(encode_name(n) for n in path)


def _target_path(text: str) -> tuple[str, ...]:
    return tuple(decode_name(n) for n in text.split("/"))


class CatchUp(TargetPaths):
    """Catch up one applied plan's target with its source; journalled and resumable."""

    def __init__(
        self,
        plan: Plan,
        adapter: DriveAdapter,
        journal: Path,
        deleted: Deleted,
        rules: RuleSet | None = None,
        source: SyncSource | None = None,
    ) -> None:
        """``rules``: the target's rules, which new files' names are fixed for. ``source``:
        where the changes are read (default: rescan the local share the plan was made from;
        a :class:`~drive_adapters.executor.sync_source.CloudSource` reads a drive's feed)."""
        super().__init__(adapter)
        self.rules = rules
        self._folders: dict[tuple[str, ...], DriveItem] = {}  # folders this catch-up used
        self.plan = plan
        self.deleted = deleted
        self.source: SyncSource = source or LocalSource(plan.snapshot.root_bytes)
        self.db = sqlite3.connect(journal, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.executescript(_SCHEMA)
        self.source.load(self.db)
        self._crash = CrashPoints()  # the crash tests' kill switch, counted per change run
        self._ran = 0

    def close(self) -> None:
        """Close the journal."""
        self.db.close()

    # -- state ---------------------------------------------------------------------------------

    def baseline(self) -> dict[bytes, tuple[FileState, tuple[str, ...]]]:
        """What the target holds of the source: the last catch-up's result, else the plan."""
        rows = self.db.execute("SELECT source, size, mtime, target FROM baseline").fetchall()
        if rows:
            return {decode_path(s): ((n, m), _target_path(t)) for s, n, m, t in rows}
        return {
            i.source: ((i.size, i.mtime), i.target)
            for i in self.plan.items
            if i.kind == "file" and i.target and i.action in (Action.MOVE, Action.WITH_FOLDER)
        }

    def expected_files(self) -> dict[tuple[str, ...], PlanItem] | None:
        """After a finished catch-up, the files the target should hold (for verify); ``None``
        when there was none."""
        if not self.db.execute("SELECT 1 FROM rounds WHERE finished_at IS NOT NULL").fetchone():
            return None
        return {
            target: PlanItem(
                source=source, kind="file", size=size, mtime=mtime, action=Action.MOVE,
                target=target,
            )
            for source, ((size, mtime), target) in self.baseline().items()
        }  # fmt: skip

    def _state(self, path: tuple[str, ...]) -> FileState | None:
        item = self.resolve(path)
        if item is None or item.is_folder:
            return None
        return item.size, item.mtime

    def _skip(self, raw: bytes) -> bool:
        name = raw.rsplit(b"/", 1)[-1]
        return (
            name.startswith((b"~$", b".~lock"))
            or name.lower() in (b"thumbs.db", b"desktop.ini", b".ds_store")
            or self.source.skip(raw)  # a cloud document: nothing to copy
        )

    def preview(self) -> list[Change]:
        """What a catch-up would do now (``simulate``): nothing changes."""
        return changes(
            self.plan,
            self.baseline(),
            self.source.current(),
            self._state,
            self.deleted,
            self._skip,
            self.rules,
        )

    # -- running -------------------------------------------------------------------------------

    def run(self) -> SyncResult:
        """Finish an interrupted round, or start a new one; returns what was done and listed."""
        started = time.monotonic()
        result = SyncResult()
        open_round = self.db.execute(
            "SELECT round FROM rounds WHERE finished_at IS NULL ORDER BY round"
        ).fetchone()
        if open_round is not None:
            number = int(open_round[0])
            result.resumed = True
        else:
            found = self.preview()
            if not found:
                self.db.execute("BEGIN IMMEDIATE")
                self.source.save(self.db)  # a cloud source's cursor moves on past nothing
                self.db.execute("COMMIT")
                return result
            number = int(
                self.db.execute("SELECT coalesce(max(round), 0) + 1 FROM rounds").fetchone()[0]
            )
            self.db.execute("BEGIN IMMEDIATE")
            if not self.db.execute("SELECT 1 FROM baseline LIMIT 1").fetchone():
                self._write_baseline(self.baseline())  # the plan's files, made explicit
            self.db.execute("INSERT INTO rounds VALUES (?, ?, NULL)", (number, time.time()))
            self.source.save(self.db)  # the state these changes were read from, with them
            self.db.executemany(
                "INSERT INTO changes (round, seq, kind, source, target, size, mtime, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (number, seq, c.kind.value, encode_path(c.source), _target_text(c.target),
                     c.size, c.mtime, c.note)
                    for seq, c in enumerate(found)
                ],
            )  # fmt: skip
            self.db.execute("COMMIT")
        for change, status in self._round(number):
            if change.kind in (ChangeKind.GONE, ChangeKind.CONFLICT):
                shown = encode_path(change.source)
                result.listed.append(said("item", what=shown, reason=sync_note(change.note)))
                continue
            if status == "done":
                result.done[change.kind.value] = result.done.get(change.kind.value, 0) + 1
                continue
            try:
                if status == "started" and self._happened(change):
                    self._mark(number, change, "done", "found done after an interruption")
                else:
                    self._ran += 1
                    self._mark(number, change, "started")
                    self._crash.maybe_die("before", self._ran)
                    self._do(change)
                    self._crash.maybe_die("during", self._ran)
                    self._mark(number, change, "done")
                    self._crash.maybe_die("after", self._ran)
            except (DriveError, OSError) as error:
                reason = str(error)
                if isinstance(error, Deferred):  # its copy is open in Word: not the source's fault
                    reason = open_elsewhere(change.target, "run sync again")
                self._mark(number, change, "failed", reason)
                result.set_aside.append(
                    said("item", what=encode_path(change.source), reason=reason)
                )
                continue
            result.done[change.kind.value] = result.done.get(change.kind.value, 0) + 1
        if not result.set_aside:
            self._close_round(number)
        result.seconds = time.monotonic() - started
        return result

    def _round(self, number: int) -> Iterator[tuple[Change, str]]:
        rows = self.db.execute(
            "SELECT kind, source, target, size, mtime, note, status FROM changes"
            " WHERE round = ? ORDER BY seq",
            (number,),
        ).fetchall()
        for kind, source, target, size, mtime, note, status in rows:
            change = Change(
                ChangeKind(kind), decode_path(source), _target_path(target), size, mtime, note
            )
            yield change, ("started" if status == "failed" else status)

    def _mark(self, number: int, change: Change, status: str, message: str | None = None) -> None:
        self.db.execute(
            "UPDATE changes SET status = ?, message = ? WHERE round = ? AND source = ?",
            (status, message, number, encode_path(change.source)),
        )

    def _close_round(self, number: int) -> None:
        """The round is done: the baseline becomes what the target now holds."""
        base = self.baseline()
        for change, _status in self._round(number):
            if change.kind in (ChangeKind.NEW, ChangeKind.UPDATE):
                base[change.source] = ((change.size, change.mtime), change.target)
            elif change.kind is ChangeKind.REMOVE or (
                change.kind is ChangeKind.GONE and self.deleted is not Deleted.LIST
            ):
                base.pop(change.source, None)
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("DELETE FROM baseline")
        self._write_baseline(base)
        self.db.execute("UPDATE rounds SET finished_at = ? WHERE round = ?", (time.time(), number))
        self.db.execute("COMMIT")

    def _write_baseline(self, base: Mapping[bytes, tuple[FileState, tuple[str, ...]]]) -> None:
        self.db.executemany(
            "INSERT INTO baseline VALUES (?, ?, ?, ?)",
            [(encode_path(s), n, m, _target_text(t)) for s, ((n, m), t) in base.items()],
        )

    # -- one change ----------------------------------------------------------------------------

    def _archived(self, change: Change) -> tuple[str, ...]:
        return (ARCHIVE, *change.target)

    def _happened(self, change: Change) -> bool:
        """After an interruption: did this change reach the target?"""
        copy = self._state(change.target)
        if change.kind is ChangeKind.REMOVE:
            return copy is None and self.resolve(self._archived(change)) is not None
        return copy is not None and _same(copy, (change.size, change.mtime))

    def _folder(self, path: tuple[str, ...]) -> DriveItem:
        """The folder at ``path``, made where missing (remembered: a catch-up puts many files
        into the same few folders)."""
        cached = self._folders.get(path)
        if cached is not None:
            return cached
        item = self.adapter.root()
        for depth in range(1, len(path) + 1):
            found = self._folders.get(path[:depth]) or self.resolve(path[:depth])
            if found is None:
                try:
                    found = self.adapter.create_folder(item.id, path[depth - 1])
                except NameConflict as error:
                    if error.existing is None or not error.existing.is_folder:
                        raise
                    found = error.existing
                self._ids[path[:depth]] = found.id
            self._folders[path[:depth]] = found
            item = found
        return item

    def _to_archive(self, change: Change) -> None:
        copy = self.resolve(change.target)
        if copy is None:
            return  # an interrupted update moved it already
        archived = self._archived(change)
        folder = self._folder(archived[:-1])
        name = archived[-1]
        n = 2
        while self.resolve((*archived[:-1], name)) is not None:  # an earlier version is there
            stem, dot, ext = archived[-1].rpartition(".")
            name = f"{stem} ({n}).{ext}" if dot and stem else f"{archived[-1]} ({n})"
            n += 1
        self.adapter.move(copy.id, folder.id, name)
        self._ids.pop(change.target, None)

    def _do(self, change: Change) -> None:
        if change.kind is ChangeKind.REMOVE:
            self._to_archive(change)
            return
        if change.kind is ChangeKind.UPDATE:
            self._to_archive(change)
        folder = self._folder(change.target[:-1])
        source = self.source.fetch(change.source)
        try:
            st = os.lstat(source)
            if st.st_size != change.size:
                raise DriveError(f"{encode_path(change.source)} changed again during the catch-up")
            made = self.adapter.upload(source, folder.id, change.target[-1], mtime=change.mtime)
        finally:
            self.source.release(change.source)
        self._ids[change.target] = made.id
