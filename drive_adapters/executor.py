"""Carry out a plan through an adapter: apply, resume, verify and undo, journalled.

One code path for everything: ``simulate`` is ``apply`` on a :class:`SimulatedAdapter` with an
in-memory journal. For each operation, in order:

1. skip it if the journal says ``done``;
2. if the journal says ``started`` (or ``failed``), look at the target to learn whether it
   happened (the destination exists and the source is gone → done) — this is what makes a
   ``kill -9`` at any moment safe to resume;
3. otherwise fingerprint the source (size and modification time where the inventory has
   them), write ``started`` to the journal, do it, write ``done`` with the destination id.

Before the first operation of a fresh apply the live source is compared with the inventory the
plan was built from; any difference stops the apply with the list of what changed. Undo walks
the journal backwards: moves are moved back, folders the plan made are removed when empty,
removed old folders come back, copies are removed only when unchanged since they were made.

For tests only: ``CARDSORT_TEST_KILL_AT="N:phase"`` makes the process SIGKILL itself at the N-th
operation it runs, ``before`` (journalled as started, target untouched), ``during`` (target
changed, journal not yet) or ``after`` (journalled as done).
"""

from __future__ import annotations

import csv
import itertools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from drive_adapters.base import (
    DriveAdapter,
    DriveError,
    DriveItem,
    ItemNotFound,
    NameConflict,
    NotEmpty,
    PausedUntil,
    Throttled,
)
from drive_adapters.journal import Journal, JournalError, JournalRow, OpStatus
from drive_adapters.plan import (
    Action,
    Mode,
    Op,
    OpKind,
    Plan,
    PlanItem,
    encode_name,
    encode_path,
    operations,
    ops_digest,
    split_source,
)
from drive_adapters.rules import (
    Node,
    RuleSet,
    Severity,
    Throughput,
    Violation,
    node_key,
    validate_tree,
)
from sessions.private_files import open_private

__all__ = [
    "ExecutionError",
    "Executor",
    "Progress",
    "RunResult",
    "VerifyResult",
    "check_target_rules",
    "compare_source",
    "estimate_seconds",
    "plan_tree",
]

KILL_ENV = "CARDSORT_TEST_KILL_AT"
_MTIME_TOLERANCE = 1.0


class ExecutionError(Exception):
    """Apply, resume or undo stopped; the message says why and what to do next."""

    def __init__(self, message: str, *, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


def _stopped(op: Op, error: DriveError) -> ExecutionError:
    """Why the run stopped at ``op``, and what to do: wait and resume, or fix and resume."""
    if isinstance(error, Throttled | PausedUntil):
        wait = getattr(error, "retry_after", None) or getattr(error, "resume_after", 0)
        return ExecutionError(
            f"The target asked to pause ({error}). Run resume after {wait:.0f} s; nothing is lost."
        )
    return ExecutionError(
        f"Stopped at operation {op.seq} ({op.describe()}): {error}. Fix the cause, then run resume."
    )


def _related(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether one path is the other or lies inside it."""
    n = min(len(a), len(b))
    return tuple(a[:n]) == tuple(b[:n])


#: Ops the executor sends together at most (the adapter splits them into its requests).
OP_GROUP = 100


@runtime_checkable
class PathAddressed(Protocol):
    """Adapters that can look an item up by its path directly (local, simulated)."""

    def item_at(self, path: Sequence[str]) -> DriveItem | None: ...


@dataclass
class Progress:
    """How far a run is, for progress bars."""

    ops_done: int
    ops_total: int
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    elapsed: float
    current: str = ""

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far (by bytes when there are bytes, else by ops)."""
        if self.elapsed <= 0:
            return None
        if self.bytes_total and self.bytes_done:
            return (self.bytes_total - self.bytes_done) * self.elapsed / self.bytes_done
        if self.ops_done:
            return (self.ops_total - self.ops_done) * self.elapsed / self.ops_done
        return None


@dataclass
class RunResult:
    """What an apply or undo did."""

    action: str
    ops_total: int
    ran: int = 0
    already_done: int = 0
    recovered: int = 0
    skipped: list[str] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def nothing_to_do(self) -> bool:
        """True when the journal said everything was done already."""
        return self.ran == 0 and self.recovered == 0


@dataclass
class VerifyResult:
    """Differences between the target and what the plan promised."""

    checked_files: int = 0
    checked_folders: int = 0
    hashed: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No differences."""
        return not self.differences


ProgressCallback = Callable[[Progress], None]


# -- rule check of a plan against a target -----------------------------------------------------


def plan_tree(plan: Plan, rules: RuleSet, mode: Mode) -> Node:
    """The plan's final target tree as rule-checkable nodes."""
    root = Node("", is_folder=True)

    def folder(path: Sequence[str]) -> Node:
        node = root
        for name in path:
            assert node.children is not None
            key = node_key(name, rules)
            child = node.children.get(key)
            if child is None:
                child = Node(name, is_folder=True, parent=node)
                node.children[key] = child
            node = child
        return node

    for path in plan.folders:
        folder(path)
    for item in plan.items:
        if item.target is None:
            continue
        excluded = item.action is Action.EXCLUDE
        if excluded and mode is Mode.COPY:
            continue
        if item.action not in (Action.MOVE, Action.WITH_FOLDER, Action.EXCLUDE):
            continue
        parent = folder(item.target[:-1])
        name = item.target[-1]
        assert parent.children is not None
        key = node_key(name, rules, checked=not excluded)
        if item.kind == "dir" and key in parent.children and parent.children[key].is_folder:
            continue
        if key in parent.children:
            key = "\x00\x00" + name + str(len(parent.children))  # reported as a collision below
            node = Node(name, is_folder=item.kind == "dir", size=item.size, parent=parent)
            parent.children[key] = node
            continue
        parent.children[key] = Node(
            name, is_folder=item.kind == "dir", size=item.size, parent=parent, checked=not excluded
        )
    return root


def check_target_rules(
    plan: Plan, rules: RuleSet, mode: Mode, limit: int | None = 5_000
) -> list[Violation]:
    """Every rule of the target the plan's final names break (the plan fixes none of these)."""
    found, _ = validate_tree(plan_tree(plan, rules, mode), rules, limit=limit)
    return found


# -- comparing the live source with the inventory ----------------------------------------------


def _walk(adapter: DriveAdapter, skip: set[str]) -> Iterator[tuple[tuple[str, ...], DriveItem]]:
    root = adapter.root()
    stack: list[tuple[tuple[str, ...], str]] = [((), root.id)]
    while stack:
        prefix, folder_id = stack.pop()
        for child in adapter.children(folder_id):
            path = (*prefix, child.name)
            if not prefix and child.name in skip:
                continue
            yield path, child
            if child.is_folder:
                stack.append((path, child.id))


def compare_source(
    plan: Plan, adapter: DriveAdapter, *, skip: set[str] | None = None, limit: int = 200
) -> list[str]:
    """What changed on the live source since the scan: missing, new and changed items."""
    expected: dict[bytes, PlanItem] = {i.source: i for i in plan.items if i.kind != "error"}
    changes: list[str] = []
    seen: set[bytes] = set()
    for path, item in _walk(adapter, skip or set()):
        raw = b"/".join(os.fsencode(n) for n in path)
        seen.add(raw)
        was = expected.get(raw)
        shown = encode_path(raw)
        if was is None:
            if any(raw.startswith(e + b"/") for e in _unreadable(plan)):
                continue
            changes.append(f"new since the scan: {shown}")
        else:
            kind = "dir" if item.is_folder else ("symlink" if item.extra.get("link") else "file")
            if was.kind in ("other",) and kind == "file":
                continue
            if kind != was.kind:
                changes.append(f"changed kind ({was.kind} → {kind}): {shown}")
            elif kind == "file" and item.size != was.size:
                changes.append(f"changed size ({was.size:,} → {item.size:,} bytes): {shown}")
            elif (
                kind == "file"
                and was.mtime is not None
                and item.mtime is not None
                and abs(item.mtime - was.mtime) > _MTIME_TOLERANCE
            ):
                changes.append(f"changed since the scan (modified): {shown}")
        if len(changes) >= limit:
            changes.append("… and possibly more")
            return changes
    for raw in sorted(set(expected) - seen):
        if any(raw.startswith(e + b"/") for e in _unreadable(plan)):
            continue
        changes.append(f"gone since the scan: {encode_path(raw)}")
        if len(changes) >= limit:
            changes.append("… and possibly more")
            break
    return changes


def _unreadable(plan: Plan) -> list[bytes]:
    return [i.source for i in plan.items if i.kind == "error"]


# -- the executor ------------------------------------------------------------------------------


class Executor:
    """Apply, resume, verify and undo one plan on one target."""

    def __init__(
        self,
        plan: Plan,
        adapter: DriveAdapter,
        mode: Mode,
        journal: Journal,
        *,
        target_label: str,
        source_adapter: DriveAdapter | None = None,
        progress: ProgressCallback | None = None,
        workers: int | None = None,
    ) -> None:
        """``workers``: uploads run at once (default: what the adapter allows, see
        :attr:`DriveAdapter.concurrency`; everything else always runs in plan order)."""
        self.plan = plan
        self.adapter = adapter
        self.mode = mode
        self.journal = journal
        self.target_label = target_label
        self.source_adapter = source_adapter
        self.progress = progress
        self.ops = operations(plan, mode)
        self.digest = ops_digest(self.ops)
        self._ids: dict[tuple[str, ...], str] = {}
        self._made: dict[tuple[str, ...], str] = {}  # folders made or used as parents this run
        self._kill_at, self._kill_phase = self._kill_setting()
        self._ran = 0
        self.workers = max(1, workers if workers is not None else adapter.concurrency)
        self._lock = threading.Lock()  # the counters and results upload workers share

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _kill_setting() -> tuple[int | None, str]:
        raw = os.environ.get(KILL_ENV)
        if not raw:
            return None, ""
        count, _, phase = raw.partition(":")
        return int(count), phase or "after"

    def _maybe_die(self, phase: str, ordinal: int | None = None) -> None:
        """The crash tests' kill switch: ``KILL_ENV`` names an operation count and a phase."""
        count = self._ran if ordinal is None else ordinal
        if self._kill_at is not None and count == self._kill_at and phase == self._kill_phase:
            os.kill(os.getpid(), signal.SIGKILL)

    def _next_ordinal(self) -> int:
        """Count an op as run; its number is what the crash tests' kill switch names."""
        with self._lock:
            self._ran += 1
            return self._ran

    def _record(self, result: RunResult, op: Op, skipped: str | None = None) -> None:
        """Count a finished op in the run's result (upload workers share it)."""
        with self._lock:
            if skipped:
                result.skipped.append(f"{op.describe()}: {skipped}")
            result.ran += 1
            result.by_kind[op.kind.value] = result.by_kind.get(op.kind.value, 0) + 1

    def _bind(self) -> None:
        try:
            self.journal.bind(
                plan_id=self.plan.plan_id,
                digest=self.digest,
                target=self.target_label,
                mode=self.mode.value,
                ops=self.ops,
            )
        except JournalError as error:
            raise ExecutionError(str(error)) from error

    def resolve(self, path: Sequence[str]) -> DriveItem | None:
        """The item at a path of names on the target, or ``None``."""
        path = tuple(path)
        if not path:
            return self.adapter.root()
        if isinstance(self.adapter, PathAddressed):
            return self.adapter.item_at(path)
        parent = self.resolve(path[:-1])
        if parent is None or not parent.is_folder:
            return None
        cached = self._ids.get(path)
        if cached is not None:
            try:
                item = self.adapter.get(cached)
                if item.name == path[-1] and item.parent_id == parent.id:
                    return item  # still where it was seen: same name, same folder
            except ItemNotFound:
                pass
            self._ids.pop(path, None)
        found = None
        for child in self.adapter.children(parent.id):
            # Every sibling is remembered: the next op in this folder needs no listing (a
            # cached id is checked against the item's name and folder before it is used).
            self._ids.setdefault((*path[:-1], child.name), child.id)
            if child.name == path[-1]:
                self._ids[path] = child.id
                found = child
        return found

    def _folder_id(self, path: Sequence[str], what: str) -> str:
        """The id of a folder the plan uses, from this run's cache when it made it."""
        cached = self._made.get(tuple(path))
        if cached is not None:
            return cached
        folder = self._need(path, what)
        self._made[tuple(path)] = folder.id
        return folder.id

    def _need(self, path: Sequence[str], what: str) -> DriveItem:
        item = self.resolve(path)
        if item is None:
            raise DriveError(f"{what} {encode_name('/'.join(path))} is not there.")
        return item

    def _forget(self, path: Sequence[str]) -> None:
        prefix = tuple(path)
        for cache in (self._ids, self._made):
            for key in [k for k in cache if k[: len(prefix)] == prefix]:
                del cache[key]

    def _source_path(self, op: Op) -> Path:
        assert op.source is not None
        return Path(os.fsdecode(os.path.join(self.plan.snapshot.root_bytes, op.source)))

    def _fingerprint(self, op: Op) -> str | None:
        """Check the op's source still is what the scan saw; returns its fingerprint."""
        if op.kind is OpKind.UPLOAD:
            try:
                st = os.lstat(self._source_path(op))
            except OSError as error:
                raise DriveError(
                    f"the source {encode_path(op.source or b'')} is gone ({error.strerror})."
                ) from error
            if st.st_size != op.bytes or (
                op.mtime is not None and abs(st.st_mtime - op.mtime) > _MTIME_TOLERANCE
            ):
                raise DriveError(
                    f"the source {encode_path(op.source or b'')} changed since the "
                    "scan; scan again and make a new plan."
                )
            return f"{st.st_size}:{st.st_mtime_ns}"
        if op.kind in (OpKind.MOVE, OpKind.RENAME) and op.src is not None:
            item = self._need(op.src, "the item")
            if not item.is_folder and op.source is not None:
                expected = self._items_by_source().get(op.source)
                if (
                    expected is not None
                    and expected.kind == "file"
                    and (
                        item.size != expected.size
                        or (
                            expected.mtime is not None
                            and item.mtime is not None
                            and abs(item.mtime - expected.mtime) > _MTIME_TOLERANCE
                        )
                    )
                ):
                    raise DriveError(
                        f"{encode_path(op.source)} changed since the scan; scan "
                        "again and make a new plan."
                    )
            return f"{'dir' if item.is_folder else item.size}:{item.mtime}"
        return None

    _by_source: dict[bytes, PlanItem] | None = None

    def _items_by_source(self) -> dict[bytes, PlanItem]:
        if self._by_source is None:
            self._by_source = {i.source: i for i in self.plan.items}
        return self._by_source

    def _report(
        self,
        done: int,
        files: int,
        size: int,
        started: float,
        current: str,
        total_files: int,
        total_bytes: int,
        total_ops: int,
    ) -> None:
        if self.progress is not None:
            self.progress(
                Progress(
                    done,
                    total_ops,
                    files,
                    total_files,
                    size,
                    total_bytes,
                    time.monotonic() - started,
                    current,
                )
            )

    # -- apply ---------------------------------------------------------------------------------

    def preflight(self) -> list[str]:
        """Problems that stop a fresh apply: blocked plan, changed source, occupied target."""
        problems: list[str] = []
        if self.plan.blocking():
            problems.extend(
                f"{v.get('path')}: {v.get('message')} ({v.get('code')})"
                for v in self.plan.blocking()
            )
            return problems
        checker = self.source_adapter
        if checker is not None:
            skip = {self.plan.staging} if self.mode is Mode.IN_PLACE else set()
            problems.extend(compare_source(self.plan, checker, skip=skip))
        if self.mode is Mode.COPY:
            for name in self.plan.top_level_names():
                if self.resolve((name,)) is not None:
                    problems.append(
                        f"the target already holds {encode_name(name)!r}; copy into "
                        "an empty folder, or remove it first"
                    )
        return problems

    def apply(self, *, check_source: bool = True) -> RunResult:
        """Apply or resume the plan. Raises :class:`ExecutionError` when something blocks."""
        self._bind()
        meta = self.journal.meta()
        if meta.get("state") in ("undoing", "undone"):
            raise ExecutionError(
                "This plan was undone on this target. Make a new plan to apply the structure again."
            )
        rows = self.journal.rows()
        fresh = all(r.status is OpStatus.PENDING for r in rows.values())
        if fresh and check_source:
            problems = self.preflight()
            if problems:
                raise ExecutionError(
                    "Nothing was changed: the plan cannot be applied as it is.", details=problems
                )
        self.journal.set_meta(state="applying")
        result = RunResult("apply", len(self.ops))
        started = time.monotonic()
        total_files = sum(op.files for op in self.ops)
        total_bytes = sum(op.bytes for op in self.ops)
        done = files = size = 0

        def advance(op: Op) -> None:
            nonlocal done, files, size
            done, files, size = done + 1, files + op.files, size + op.bytes
            self._report(
                done, files, size, started, op.describe(), total_files, total_bytes, len(self.ops)
            )

        for uploads, stretch in itertools.groupby(self.ops, lambda op: op.kind is OpKind.UPLOAD):
            if uploads and self.workers > 1:
                # Uploads depend only on folders made before them, never on each other.
                self._apply_uploads(list(stretch), rows, result, not fresh, advance)
                continue
            if self.adapter.batch_requests and fresh:
                self._apply_in_order(list(stretch), rows, result, advance)
                continue
            for op in stretch:
                row = rows[op.seq]
                if row.status in (OpStatus.DONE, OpStatus.SKIPPED):
                    result.already_done += 1
                else:
                    self._apply_one(op, row, result, resuming=not fresh)
                advance(op)
        self.journal.set_meta(state="applied")
        result.seconds = time.monotonic() - started
        result.files, result.bytes = total_files, total_bytes
        return result

    def _apply_in_order(
        self,
        ops: Sequence[Op],
        rows: dict[int, JournalRow],
        result: RunResult,
        advance: Callable[[Op], None],
    ) -> None:
        """Run ops in plan order, sending runs of independent moves or new folders together.

        Ops are independent when none of their paths is another's or lies inside another's:
        then doing them together ends exactly where doing them one after the other would
        (two new folders side by side, two cards moved into different places). A resumed run
        takes every op on its own (``_apply_one`` checks what an interruption left behind).
        """
        group: list[Op] = []
        touched: list[Sequence[str]] = []
        for op in ops:
            kind = op.kind if op.kind is not OpKind.RENAME else OpKind.MOVE
            together = kind in (OpKind.MOVE, OpKind.MKDIR) and op.dst is not None
            paths: list[Sequence[str]] = [p for p in (op.src, op.dst) if p]
            if (
                together
                and group
                and len(group) < OP_GROUP
                and (group[0].kind is OpKind.MKDIR) == (kind is OpKind.MKDIR)
                and not any(_related(p, t) for p in paths for t in touched)
            ):
                group.append(op)
                touched.extend(paths)
                continue
            self._apply_group(group, result, advance)
            group, touched = ([op], paths) if together else ([], [])
            if not together:
                self._apply_one(op, rows[op.seq], result, resuming=False)
                advance(op)
        self._apply_group(group, result, advance)

    def _apply_group(
        self, ops: Sequence[Op], result: RunResult, advance: Callable[[Op], None]
    ) -> None:
        """Independent moves (or new folders) in one round trip, each journalled on its own.

        Every op is journalled as started before the request and finished after it; a crash
        in between leaves started ops, which resume settles one by one by looking at the
        drive. An op that cannot be prepared stops the run after the ones before it.
        """
        if not ops:
            return
        making = ops[0].kind is OpKind.MKDIR
        ready: list[tuple[Op, int]] = []
        folders: list[tuple[str, str]] = []  # (parent id, name) of new folders
        moves: list[tuple[str, str, str | None]] = []  # (item id, new parent id, new name)
        stop: ExecutionError | None = None
        for op in ops:
            assert op.dst is not None
            ordinal = self._next_ordinal()
            try:
                fp = self._fingerprint(op)
                if making:
                    folders.append((self._folder_id(op.dst[:-1], "the folder"), op.dst[-1]))
                else:
                    assert op.src is not None
                    item = self._need(op.src, "the item")
                    parent = self._need(op.dst[:-1], "the folder")
                    moves.append((item.id, parent.id, op.dst[-1]))
            except DriveError as error:
                self.journal.finish(op.seq, OpStatus.FAILED, message=str(error))
                stop = ExecutionError(f"Stopped at operation {op.seq} ({op.describe()}): {error}")
                break
            self.journal.started(op.seq, fp)
            ready.append((op, ordinal))
        for _op, ordinal in ready:
            self._maybe_die("before", ordinal)
        try:
            if not ready:
                outcomes: list[DriveItem | DriveError] = []
            elif making:
                outcomes = self.adapter.create_folders(folders)
            else:
                outcomes = self.adapter.move_many(moves)
        except DriveError as error:  # the round trip failed: resume sees what happened
            for op, _ordinal in ready:
                self.journal.finish(op.seq, OpStatus.FAILED, message=str(error))
            raise _stopped(ready[0][0], error) from error
        for _op, ordinal in ready:
            self._maybe_die("during", ordinal)
        for (op, _ordinal), outcome in zip(ready, outcomes, strict=True):
            assert op.dst is not None
            if isinstance(outcome, DriveError):
                self.journal.finish(op.seq, OpStatus.FAILED, message=str(outcome))
                stop = stop or _stopped(op, outcome)
                continue
            if making:
                self._made[tuple(op.dst)] = outcome.id
            elif op.src is not None:
                self._forget(op.src)
            self._ids[tuple(op.dst)] = outcome.id
            self.journal.finish(op.seq, OpStatus.DONE, dest_id=outcome.id)
            self._record(result, op)
            advance(op)
        for _op, ordinal in ready:
            self._maybe_die("after", ordinal)
        if stop is not None:
            raise stop

    def _apply_uploads(
        self,
        ops: Sequence[Op],
        rows: dict[int, JournalRow],
        result: RunResult,
        resuming: bool,
        advance: Callable[[Op], None],
    ) -> None:
        """Run a stretch of uploads ``self.workers`` at a time, each journalled on its own.

        At most two per worker are queued, so that after a failure only the uploads already
        in flight finish (and are journalled) before the run stops with the first error.
        """
        todo = iter(ops)
        failure: ExecutionError | None = None
        running: dict[Future[None], Op] = {}
        with ThreadPoolExecutor(self.workers, thread_name_prefix="cardsort-upload") as pool:
            while True:
                while failure is None and len(running) < 2 * self.workers:
                    op = next(todo, None)
                    if op is None:
                        break
                    row = rows[op.seq]
                    if row.status in (OpStatus.DONE, OpStatus.SKIPPED):
                        result.already_done += 1
                        advance(op)
                        continue
                    future = pool.submit(self._apply_one, op, row, result, resuming=resuming)
                    running[future] = op
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    op = running.pop(future)
                    error = future.exception()
                    if error is None:
                        advance(op)
                    elif isinstance(error, ExecutionError):
                        failure = failure or error
                    else:
                        raise error
        if failure is not None:
            raise failure

    def _apply_one(self, op: Op, row: JournalRow, result: RunResult, *, resuming: bool) -> None:
        if row.status in (OpStatus.STARTED, OpStatus.FAILED) or resuming:
            state = self._forward_state(op)
            if state == "done":
                dest = self.resolve(op.dst) if op.dst else None
                self.journal.finish(
                    op.seq,
                    OpStatus.DONE,
                    dest_id=dest.id if dest else None,
                    message="found done after an interruption",
                )
                with self._lock:
                    result.recovered += 1
                return
            if state == "conflict":
                message = f"{op.describe()}: both the old and the new place hold an item"
                self.journal.finish(op.seq, OpStatus.FAILED, message=message)
                raise ExecutionError(
                    f"Stopped at operation {op.seq}: {message}. Look at both, "
                    "then run resume again."
                )
        ordinal = self._next_ordinal()
        try:
            fp = self._fingerprint(op)
        except DriveError as error:
            self.journal.finish(op.seq, OpStatus.FAILED, message=str(error))
            raise ExecutionError(
                f"Stopped at operation {op.seq} ({op.describe()}): {error}"
            ) from error
        self.journal.started(op.seq, fp)
        self._maybe_die("before", ordinal)
        try:
            dest, skipped = self._do(op, row)
        except DriveError as error:
            self.journal.finish(op.seq, OpStatus.FAILED, message=str(error))
            raise _stopped(op, error) from error
        self._maybe_die("during", ordinal)
        if skipped:
            self.journal.finish(op.seq, OpStatus.SKIPPED, message=skipped)
        else:
            self.journal.finish(op.seq, OpStatus.DONE, dest_id=dest.id if dest else None)
        self._record(result, op, skipped)
        self._maybe_die("after", ordinal)

    def _forward_state(self, op: Op) -> str:
        """After an interruption: ``done``, ``todo`` or ``conflict`` for an operation."""
        if op.kind is OpKind.MKDIR:
            assert op.dst is not None
            item = self.resolve(op.dst)
            return "done" if item is not None and item.is_folder else "todo"
        if op.kind is OpKind.RMDIR:
            assert op.src is not None
            return "done" if self.resolve(op.src) is None else "todo"
        if op.kind is OpKind.UPLOAD:
            assert op.dst is not None
            item = self.resolve(op.dst)
            if item is None:
                return "todo"
            return "done" if self._same_as_source(op, item) else "conflict"
        assert op.src is not None and op.dst is not None
        src, dst = self.resolve(op.src), self.resolve(op.dst)
        if dst is not None and src is None:
            return "done"
        if src is not None and dst is None:
            return "todo"
        if src is not None and dst is not None:
            if src.extra.get("inode") and src.extra.get("inode") == dst.extra.get("inode"):
                self.adapter.delete(src.id)  # a link+unlink move cut in half: finish it
                return "done"
            return "conflict"
        return "conflict"

    def _unchanged_copy(self, op: Op, item: DriveItem) -> bool:
        """A copy nobody touched since it was made: same size, same modification time."""
        if item.is_folder or item.size != op.bytes:
            return False
        if item.mtime is None or op.mtime is None:
            return self._same_as_source(op, item)
        return abs(item.mtime - op.mtime) <= _MTIME_TOLERANCE / 1000

    def _same_as_source(self, op: Op, item: DriveItem) -> bool:
        if item.is_folder or item.size != op.bytes:
            return False
        stored = self.adapter.content_hash(item.id)
        if stored is None:  # the platform keeps no hash for this file: size is all there is
            return True
        return stored == self.adapter.hash_local(os.fsencode(self._source_path(op)))

    def _do(self, op: Op, row: JournalRow) -> tuple[DriveItem | None, str | None]:
        if op.kind is OpKind.MKDIR:
            assert op.dst is not None
            parent_id = self._folder_id(op.dst[:-1], "the folder")
            try:
                made = self.adapter.create_folder(parent_id, op.dst[-1])
            except NameConflict as error:
                if (
                    row.status is not OpStatus.PENDING
                    and error.existing
                    and error.existing.is_folder
                ):
                    return error.existing, None
                raise
            self._ids[op.dst] = made.id
            self._made[op.dst] = made.id
            return made, None
        if op.kind in (OpKind.MOVE, OpKind.RENAME):
            assert op.src is not None and op.dst is not None
            item = self._need(op.src, "the item")
            parent = self._need(op.dst[:-1], "the folder")
            moved = self.adapter.move(item.id, parent.id, op.dst[-1])
            self._forget(op.src)
            self._ids[op.dst] = moved.id
            return moved, None
        if op.kind is OpKind.RMDIR:
            assert op.src is not None
            item = self._need(op.src, "the old folder")
            try:
                self.adapter.delete(item.id)
            except NotEmpty:
                return None, "not empty (something was added since the scan); left in place"
            self._forget(op.src)
            return None, None
        assert op.kind is OpKind.UPLOAD and op.dst is not None
        made = self.adapter.upload(
            self._source_path(op),
            self._folder_id(op.dst[:-1], "the folder"),
            op.dst[-1],
            mtime=op.mtime,
            resume_token=row.resume_token,
            checkpoint=lambda token: self.journal.token(op.seq, token),
        )
        return made, None

    # -- undo ----------------------------------------------------------------------------------

    def undo(self) -> RunResult:
        """Reverse everything the journal says was done, newest first; resumable."""
        meta = self.journal.meta()
        if not meta:
            raise ExecutionError("This plan was never applied to this target; nothing to undo.")
        self._bind()
        self.journal.set_meta(state="undoing")
        rows = self.journal.rows()
        result = RunResult("undo", len(self.ops))
        started = time.monotonic()
        done = 0
        for op in reversed(self.ops):
            row = rows[op.seq]
            done += 1
            if row.undo_status in (OpStatus.DONE, OpStatus.SKIPPED):
                result.already_done += 1
                continue
            status = row.status
            if status in (OpStatus.STARTED, OpStatus.FAILED):
                status = OpStatus.DONE if self._forward_state(op) == "done" else OpStatus.PENDING
                self.journal.finish(op.seq, status, message="settled during undo")
            if status is not OpStatus.DONE:
                self.journal.undo_mark(op.seq, OpStatus.SKIPPED, "was never done")
                continue
            self._ran += 1
            if row.undo_status is OpStatus.STARTED and self._undone(op):
                self.journal.undo_mark(op.seq, OpStatus.DONE, "found undone after an interruption")
                result.recovered += 1
                continue
            self.journal.undo_mark(op.seq, OpStatus.STARTED)
            self._maybe_die("before")
            try:
                skipped = self._undo_one(op)
            except DriveError as error:
                self.journal.undo_mark(op.seq, OpStatus.FAILED, str(error))
                raise ExecutionError(
                    f"Undo stopped at operation {op.seq} ({op.describe()}): "
                    f"{error}. Fix the cause, then run undo again."
                ) from error
            self._maybe_die("during")
            self.journal.undo_mark(op.seq, OpStatus.SKIPPED if skipped else OpStatus.DONE, skipped)
            if skipped:
                result.skipped.append(f"{op.describe()}: {skipped}")
            result.ran += 1
            result.by_kind[op.kind.value] = result.by_kind.get(op.kind.value, 0) + 1
            self._report(done, 0, 0, started, op.describe(), 0, 0, len(self.ops))
            self._maybe_die("after")
        self.journal.set_meta(state="undone")
        result.seconds = time.monotonic() - started
        return result

    def _undone(self, op: Op) -> bool:
        if op.kind is OpKind.MKDIR or op.kind is OpKind.UPLOAD:
            assert op.dst is not None
            return self.resolve(op.dst) is None
        if op.kind is OpKind.RMDIR:
            assert op.src is not None
            return self.resolve(op.src) is not None
        assert op.src is not None and op.dst is not None
        return self.resolve(op.src) is not None and self.resolve(op.dst) is None

    def _undo_one(self, op: Op) -> str | None:
        if op.kind is OpKind.MKDIR:
            assert op.dst is not None
            item = self.resolve(op.dst)
            if item is None:
                return None
            try:
                self.adapter.delete(item.id)
            except NotEmpty:
                return "not empty (it holds something the plan did not put there); left in place"
            self._forget(op.dst)
            return None
        if op.kind in (OpKind.MOVE, OpKind.RENAME):
            assert op.src is not None and op.dst is not None
            item = self._need(op.dst, "the moved item")
            parent = self._need(op.src[:-1], "the original folder")
            self.adapter.move(item.id, parent.id, op.src[-1])
            self._forget(op.dst)
            return None
        if op.kind is OpKind.RMDIR:
            assert op.src is not None
            parent = self._need(op.src[:-1], "the parent folder")
            try:
                self.adapter.create_folder(parent.id, op.src[-1])
            except NameConflict as error:
                if error.existing is None or not error.existing.is_folder:
                    raise
            return None
        assert op.dst is not None
        item = self.resolve(op.dst)
        if item is None:
            return None
        if not self._unchanged_copy(op, item):
            return "changed since it was copied; left in place"
        self.adapter.delete(item.id)
        return None

    # -- verify --------------------------------------------------------------------------------

    def verify(self, *, content: bool = False) -> VerifyResult:
        """Compare the target with the plan: every file present once, same size (and hash)."""
        result = VerifyResult()
        expected: dict[tuple[str, ...], PlanItem] = {}
        allowed: set[tuple[str, ...]] = set()
        for planned in self.plan.items:
            if planned.target is None:
                continue
            if planned.action in (Action.MOVE, Action.WITH_FOLDER):
                expected[planned.target] = planned
            elif planned.action is Action.EXCLUDE and self.mode is Mode.IN_PLACE:
                allowed.add(planned.target)
        folders = set(self.plan.folders)
        if self.mode is Mode.IN_PLACE and self.resolve((self.plan.staging,)) is not None:
            result.differences.append(
                f"the staging folder {self.plan.staging!r} is still there: "
                "the apply did not finish (run resume)"
            )
        hashes = self.adapter.hash_name is not None
        found: set[tuple[str, ...]] = set()
        for name in self.plan.top_level_names():
            top = self.resolve((name,))
            if top is None:
                result.differences.append(f"missing: {encode_name(name)}")
                continue
            stack: list[tuple[tuple[str, ...], DriveItem]] = [((name,), top)]
            while stack:
                path, item = stack.pop()
                found.add(path)
                want = expected.get(path)
                shown = encode_name("/".join(path))
                if want is None:
                    if path in folders and item.is_folder:
                        result.checked_folders += 1
                    elif path not in allowed and not any(path[: len(a)] == a for a in allowed):
                        result.differences.append(f"not in the plan: {shown}")
                elif want.kind == "dir":
                    result.checked_folders += 1
                    if not item.is_folder:
                        result.differences.append(f"should be a folder: {shown}")
                elif item.is_folder:
                    result.differences.append(f"should be a file: {shown}")
                else:
                    result.checked_files += 1
                    if item.size != want.size:
                        result.differences.append(
                            f"size differs ({item.size:,} instead of {want.size:,}): {shown}"
                        )
                    elif hashes and (want.hash or content):
                        actual = self.adapter.content_hash(item.id)
                        reference = want.hash if want.hash_name == self.adapter.hash_name else None
                        if reference is None and content and self.mode is Mode.COPY:
                            reference = self.adapter.hash_local(
                                os.path.join(self.plan.snapshot.root_bytes, want.source)
                            )
                        if reference is not None and actual is not None:
                            result.hashed += 1
                            if actual != reference:
                                result.differences.append(f"content differs: {shown}")
                if item.is_folder:
                    for child in self.adapter.children(item.id):
                        stack.append(((*path, child.name), child))
        for path, want in expected.items():
            if path not in found:
                result.differences.append(
                    f"missing: {encode_name('/'.join(path))} (from {encode_path(want.source)})"
                )
        for path in folders:
            if path not in found:
                result.differences.append(f"missing folder: {encode_name('/'.join(path))}")
        return result

    # -- per-item report -----------------------------------------------------------------------

    def write_report(self, path: Path) -> Path:
        """One row per inventory item: source, target, action, status, message."""
        rows = self.journal.rows()
        by_source: dict[bytes, Op] = {op.source: op for op in self.ops if op.source is not None}
        unit_source = {u.id: u.source for u in self.plan.units}
        tmp = path.with_name(path.name + ".tmp")
        with open_private(tmp, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(("source", "target", "action", "status", "message"))
            for item in self.plan.items:
                op = by_source.get(item.source)
                if op is None and item.unit:
                    op = by_source.get(unit_source.get(item.unit, b""))
                if item.action is Action.EXCLUDE:
                    status = (
                        "travels with its folder"
                        if item.target and self.mode is Mode.IN_PLACE and op is not None
                        else "excluded"
                    )
                    message = item.note
                elif op is None:
                    status, message = ("kept" if item.action is Action.KEEP else "n/a"), item.note
                else:
                    row = rows[op.seq]
                    status = row.status.value
                    if row.undo_status is not OpStatus.PENDING:
                        status = f"{status}, undo {row.undo_status.value}"
                    message = row.message or row.undo_message or ""
                writer.writerow(
                    (
                        encode_path(item.source),
                        "" if item.target is None else encode_name("/".join(item.target)),
                        item.action.value,
                        status,
                        message,
                    )
                )
        os.replace(tmp, path)
        return path


def estimate_seconds(ops: Sequence[Op], throughput: Throughput) -> float:
    """How long the operations take on a target, from its throughput model."""
    metadata = sum(1 for op in ops if op.kind is not OpKind.UPLOAD)
    uploads = [op for op in ops if op.kind is OpKind.UPLOAD]
    upload_bytes = sum(op.bytes for op in uploads)
    seconds = metadata / throughput.metadata_ops_per_s
    seconds += upload_bytes / throughput.upload_bytes_per_s + len(uploads) * throughput.per_file_s
    if throughput.daily_upload_bytes and upload_bytes > throughput.daily_upload_bytes:
        seconds = max(seconds, upload_bytes / throughput.daily_upload_bytes * 86_400)
    return seconds


def severity_of(v: Violation) -> Severity:
    """The severity of a violation (helper for reports)."""
    return v.severity


_ = split_source  # re-exported for callers that build paths the way the executor does
