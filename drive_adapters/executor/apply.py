"""Apply and resume: run a plan's operations in order, each journalled.

For each operation, in order:

1. skip it if the journal says ``done``;
2. if the journal says ``started`` (or ``failed``), look at the target to learn whether it
   happened (see :class:`~drive_adapters.executor.run_state.RunState`);
3. otherwise fingerprint the source (size and modification time where the inventory has
   them), write ``started`` to the journal, do it, write ``done`` with the destination id.

Before the first operation of a fresh apply the live source is compared with the inventory the
plan was built from; any difference stops the apply with the list of what changed. Independent
moves and new folders are sent together; uploads run several at a time.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from drive_adapters.base import (
    RESERVED_ID,
    Deferred,
    DriveError,
    DriveItem,
    NameConflict,
    NotEmpty,
    PausedUntil,
    Throttled,
)
from drive_adapters.executor.access import AccessSteps
from drive_adapters.executor.results import (
    ExecutionError,
    RunResult,
    describe,
    item_line,
    open_elsewhere,
    plan_problem,
    reason_of,
    said,
    stopped,
    tidy,
)
from drive_adapters.executor.source_check import compare_source
from drive_adapters.journal import JournalRow, OpStatus
from drive_adapters.plan import Mode, Op, OpKind, encode_name

__all__ = ["OP_GROUP", "Applying"]

#: Ops the executor sends together at most (the adapter splits them into its requests).
OP_GROUP = 100

#: Ops in a row that fail on their own (no success between) before a run stops: the target
#: itself is failing (gone, full, refusing everything), not one item.
STOP_AFTER_FAILURES = 25


def stops_run(error: DriveError) -> bool:
    """Errors after which the whole run stops (resume later) instead of setting one item aside:
    the target asked to pause."""
    return isinstance(error, Throttled | PausedUntil)


def _reserved_id(row: JournalRow) -> str | None:
    """The id journalled for a create before it was sent (see ``Applying._reserve_ids``)."""
    token = row.resume_token
    return token.removeprefix(RESERVED_ID) if token and token.startswith(RESERVED_ID) else None


def _related(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether one path is the other or lies inside it."""
    n = min(len(a), len(b))
    return tuple(a[:n]) == tuple(b[:n])


class Applying(AccessSteps):
    """Apply and resume."""

    def preflight(self) -> list[str]:
        """Problems that stop a fresh apply: blocked plan, changed source, occupied target."""
        if self.plan.blocking():
            return [plan_problem(v) for v in self.plan.blocking()]
        return self.source_changes() + self.target_occupied() + self.access_problems()

    def source_changes(self) -> list[str]:
        """What changed on the live source since the scan (nothing when it cannot be read)."""
        if self.source_adapter is None:
            return []
        skip = {self.plan.staging} if self.mode is Mode.IN_PLACE else set()
        return compare_source(self.plan, self.source_adapter, skip=skip)

    def target_occupied(self) -> list[str]:
        """A copy goes into an empty place: what already holds one of the plan's top names."""
        if self.mode is not Mode.COPY:
            return []
        return [
            said("blocked.occupied", name=encode_name(name))
            for name in self.plan.top_level_names()
            if self.resolve((name,)) is not None
        ]

    def apply(self, *, check_source: bool = True) -> RunResult:
        """Apply or resume the plan. Raises :class:`ExecutionError` when something blocks."""
        self._bind()
        meta = self.journal.meta()
        if meta.get("state") in ("undoing", "undone"):
            raise ExecutionError(said("blocked.undone"), blocked=True)
        rows = self.journal.rows()
        fresh = all(r.status is OpStatus.PENDING for r in rows.values())
        if fresh and check_source:
            problems = self.preflight()
            if problems:
                raise ExecutionError(
                    said("blocked.plan"),
                    details=problems,
                    blocked=True,
                )
        self.journal.set_meta(state="applying")
        rows = self._reserve_ids(rows)
        if not fresh:
            self._prepare_resume(rows)
        with self._lock:  # what an earlier run set aside is tried again, not waited for
            self._aside_paths.clear()
            self._failures_in_row = 0
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
            if self.adapter.batch_requests:
                self._apply_in_order(list(stretch), rows, result, advance, resuming=not fresh)
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

    def _reserve_ids(self, rows: dict[int, JournalRow]) -> dict[int, JournalRow]:
        """Journal an id for every create not yet sent, where the platform lets us choose ids
        (:meth:`~drive_adapters.base.DriveAdapter.reserve_ids`): one commit, before any of
        them goes out. A resume then creates each under the same id, so a listing that does
        not show an earlier attempt yet cannot lead to a twin."""
        waiting = [
            op.seq
            for op in self.ops
            if op.kind in (OpKind.MKDIR, OpKind.UPLOAD)
            and rows[op.seq].status is OpStatus.PENDING
            and not rows[op.seq].resume_token
        ]
        if not waiting:
            return rows
        ids = self.adapter.reserve_ids(len(waiting))
        if len(ids) != len(waiting):
            return rows
        self.journal.tokens(
            {seq: RESERVED_ID + item_id for seq, item_id in zip(waiting, ids, strict=True)}
        )
        return self.journal.rows()

    def _prepare_resume(self, rows: dict[int, JournalRow]) -> None:
        """What a resumed run learns before its first operation, in few requests.

        The folders this plan made are known by the ids the journal recorded (no walk from the
        root). The folders holding operations that were started are listed, to settle them;
        where the adapter checks names itself before it creates (Drive), so are the folders
        that anything is still to be created in. Both go out together, as one query where the
        platform can ask about many folders at once (Drive's ``'A' in parents or …``).
        """
        made: dict[tuple[str, ...], str] = {}
        for op in self.ops:  # in plan order: a folder moved away since is not where it was made
            row = rows[op.seq]
            if op.kind is OpKind.MKDIR and op.dst is not None:
                if row.status is OpStatus.DONE and row.dest_id:
                    made[tuple(op.dst)] = row.dest_id
            elif op.src is not None and row.status is not OpStatus.PENDING:
                gone = tuple(op.src)
                for path in [p for p in made if p[: len(gone)] == gone]:
                    del made[path]
        self.known_folders(made)
        folders: dict[tuple[str, ...], None] = {}
        for op in self.ops:
            row = rows[op.seq]
            if op.dst is None or row.status in (OpStatus.DONE, OpStatus.SKIPPED):
                continue
            started = row.status in (OpStatus.STARTED, OpStatus.FAILED)
            creates = op.kind in (OpKind.MKDIR, OpKind.UPLOAD)
            if (started and creates) or (creates and self.adapter.lists_before_create):
                folders.setdefault(tuple(op.dst[:-1]))
        if folders:
            self.prefetch(list(folders))

    def _apply_in_order(
        self,
        ops: Sequence[Op],
        rows: dict[int, JournalRow],
        result: RunResult,
        advance: Callable[[Op], None],
        *,
        resuming: bool = False,
    ) -> None:
        """Run ops in plan order, sending runs of independent moves or new folders together.

        Ops are independent when none of their paths is another's or lies inside another's:
        then doing them together ends exactly where doing them one after the other would
        (two new folders side by side, two cards moved into different places). A resumed run
        skips what is done, takes an op an interruption left started on its own
        (``_apply_one`` checks what it left behind), and still sends the ops never started
        together (a folder tree killed halfway is finished level by level, in batches, as the
        first run would have made it).
        """
        group: list[Op] = []
        touched: list[Sequence[str]] = []
        for op in ops:
            row = rows[op.seq]
            if row.status in (OpStatus.DONE, OpStatus.SKIPPED):
                result.already_done += 1
                advance(op)
                continue
            kind = op.kind if op.kind is not OpKind.RENAME else OpKind.MOVE
            together = (
                kind in (OpKind.MOVE, OpKind.MKDIR)
                and op.dst is not None
                and row.status is OpStatus.PENDING
            )
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
            self._apply_group(group, rows, result, advance, resuming=resuming)
            group, touched = ([op], paths) if together else ([], [])
            if not together:
                self._apply_one(op, row, result, resuming=resuming)
                advance(op)
        self._apply_group(group, rows, result, advance, resuming=resuming)

    def _apply_group(
        self,
        ops: Sequence[Op],
        rows: dict[int, JournalRow],
        result: RunResult,
        advance: Callable[[Op], None],
        *,
        resuming: bool = False,
    ) -> None:
        """Independent moves (or new folders) in one round trip, each journalled on its own.

        Every op is journalled as started before the request and finished after it; a crash
        in between leaves started ops, which resume settles one by one by looking at the
        drive. An op that cannot be prepared, or that the round trip fails, is set aside; on a
        resumed run it is first looked for on the target, as :meth:`_apply_one` does (a power
        cut may lose the journal's last commits).
        """
        if not ops:
            return
        making = ops[0].kind is OpKind.MKDIR
        ready: list[tuple[Op, int]] = []
        folders: list[tuple[str, str]] = []  # (parent id, name) of new folders
        ids: list[str | None] = []  # the ids reserved for them (see _reserve_ids)
        moves: list[tuple[str, str, str | None]] = []  # (item id, new parent id, new name)
        stop: ExecutionError | None = None

        def aside(op: Op, error: DriveError) -> None:
            nonlocal stop
            try:
                self._set_aside(op, result, reason_of(error), error)
            except ExecutionError as stopping:  # journal the rest first, then stop
                stop = stop or stopping
            advance(op)

        for op in ops:
            assert op.dst is not None
            waits_for = self._waits_for(op)
            if waits_for is not None:
                self._set_aside(op, result, waits_for, counts=False)
                advance(op)
                continue
            ordinal = self._next_ordinal()
            try:
                fp = self._fingerprint(op)
                if making:
                    folders.append((self._folder_id(op.dst[:-1], "the folder"), op.dst[-1]))
                    ids.append(_reserved_id(rows[op.seq]))
                else:
                    assert op.src is not None
                    item = self._need(op.src, "the item")
                    parent = self._need(op.dst[:-1], "the folder")
                    moves.append((item.id, parent.id, op.dst[-1]))
            except DriveError as error:
                aside(op, error)
                if stop is not None:
                    break
                continue
            self.journal.started(op.seq, fp)
            ready.append((op, ordinal))
        for _op, ordinal in ready:
            self._maybe_die("before", ordinal)
        try:
            if not ready:
                outcomes: list[DriveItem | DriveError] = []
            elif making:
                outcomes = self.adapter.create_folders(folders, ids=ids)
            else:
                outcomes = self.adapter.move_many(moves)
        except DriveError as error:  # the round trip failed: resume sees what happened
            outcomes = [error] * len(ready)
        for _op, ordinal in ready:
            self._maybe_die("during", ordinal)
        for (op, _ordinal), outcome in zip(ready, outcomes, strict=True):
            assert op.dst is not None
            if isinstance(outcome, DriveError):
                if resuming and not stops_run(outcome) and self._forward_state(op) == "done":
                    self._found_done(op, result, "found done (its journal entry was lost)")
                    advance(op)
                    continue
                aside(op, outcome)
                continue
            if making:
                self._made[tuple(op.dst)] = outcome.id
            elif op.src is not None:
                self._forget(op.src)
            self._ids[tuple(op.dst)] = outcome.id
            self.journal.finish(op.seq, OpStatus.DONE, dest_id=outcome.id)
            self._record(result, op)
            with self._lock:
                self._failures_in_row = 0
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

        At most two per worker are queued, so that when the run stops (a pause, or the target
        failing everything) only the uploads already in flight finish (and are journalled).
        A failing upload is set aside by :meth:`_apply_one` and the others go on.
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
        """Run one op; an op that fails is set aside (see :meth:`_set_aside`), not fatal.

        Only ops the journal shows as started (or set aside) are probed first: a pending op is
        simply done, and only when doing it fails on a resumed run does the target get asked
        whether it happened after all (a power cut may lose the journal's last commits).
        """
        if row.status in (OpStatus.STARTED, OpStatus.FAILED):
            state = self._forward_state(op, listed=True)
            if state == "done":
                self._found_done(op, result, "found done after an interruption", listed=True)
                return
            if state == "conflict":
                self._set_aside(
                    op, result, "both the old and the new place hold an item; look at both"
                )
                return
        waits_for = self._waits_for(op)
        if waits_for is not None:
            self._set_aside(op, result, waits_for, counts=False)
            return
        ordinal = self._next_ordinal()
        try:
            fp = self._fingerprint(op)
            self.journal.started(op.seq, fp)
            self._maybe_die("before", ordinal)
            dest, skipped = self._do(op, row)
        except DriveError as error:
            if (
                resuming
                and row.status is OpStatus.PENDING
                and not stops_run(error)
                and self._forward_state(op) == "done"
            ):
                self._found_done(op, result, "found done (its journal entry was lost)")
                return
            self._set_aside(op, result, reason_of(error), error)
            return
        self._maybe_die("during", ordinal)
        if skipped:
            self.journal.finish(op.seq, OpStatus.SKIPPED, message=skipped)
        else:
            self.journal.finish(op.seq, OpStatus.DONE, dest_id=dest.id if dest else None)
        self._record(result, op, skipped)
        with self._lock:
            self._failures_in_row = 0
        self._maybe_die("after", ordinal)

    def _found_done(self, op: Op, result: RunResult, message: str, *, listed: bool = False) -> None:
        dest = self.lookup(op.dst, listed=listed) if op.dst else None
        self.journal.finish(
            op.seq, OpStatus.DONE, dest_id=dest.id if dest else None, message=message
        )
        with self._lock:
            result.recovered += 1

    def _waits_for(self, op: Op) -> str | None:
        """Why ``op`` cannot run: it lies inside (or moves into) something set aside, or it
        would move or remove a folder that something set aside was still to go into or out
        of (moving the group folder out of the staging folder before its card arrived would
        leave that card's move with nowhere to go: a dead end)."""
        holds = op.src if op.kind in (OpKind.MOVE, OpKind.RENAME, OpKind.RMDIR) else None
        with self._lock:
            for aside in self._aside_paths:
                for path in (op.src, op.dst[:-1] if op.dst else None):
                    if path and tuple(path[: len(aside)]) == aside:
                        return said("waits_for", name=encode_name("/".join(aside)))
                if holds and len(aside) > len(holds) and aside[: len(holds)] == tuple(holds):
                    return said("waits_for", name=encode_name("/".join(aside)))
        return None

    def _set_aside(
        self,
        op: Op,
        result: RunResult,
        reason: str,
        error: DriveError | None = None,
        *,
        counts: bool = True,
    ) -> None:
        """Journal ``op`` as set aside (``failed``) with its reason and let the run go on.

        The run stops instead when the target asked to pause (resume later), or when
        :data:`STOP_AFTER_FAILURES` ops in a row failed on their own: then the target itself
        is failing, not one item. Ops inside a folder that was set aside wait for it without
        a request.
        """
        if isinstance(error, Deferred):  # 423: open in Word or checked out, not a fault
            reason = open_elsewhere(op.src)
        reason = tidy(reason)
        self.journal.finish(op.seq, OpStatus.FAILED, message=reason)
        if error is not None and stops_run(error):
            raise stopped(op, error) from error
        with self._lock:
            result.set_aside.append(item_line(op, reason))
            kinds = (OpKind.MKDIR, OpKind.MOVE, OpKind.RENAME, OpKind.ACCESS)
            if op.kind in kinds and op.dst is not None:  # (nothing goes into an open folder)
                self._aside_paths.append(tuple(op.dst))
            if op.src is not None and op.kind is not OpKind.UPLOAD:
                self._aside_paths.append(tuple(op.src))
            if counts:
                self._failures_in_row += 1
            if self._failures_in_row >= STOP_AFTER_FAILURES:
                raise ExecutionError(
                    said(
                        "stopped.failing",
                        count=STOP_AFTER_FAILURES,
                        what=describe(op),
                        reason=reason,
                    )
                )

    def _do(self, op: Op, row: JournalRow) -> tuple[DriveItem | None, str | None]:
        if op.kind is OpKind.ACCESS:
            return self._do_access(op), None
        if op.kind is OpKind.MKDIR:
            assert op.dst is not None
            parent_id = self._folder_id(op.dst[:-1], "the folder")
            try:
                reserved = _reserved_id(row)
                if reserved is None:
                    made = self.adapter.create_folder(parent_id, op.dst[-1])
                else:
                    outcome = self.adapter.create_folders([(parent_id, op.dst[-1])], ids=[reserved])
                    if isinstance(outcome[0], DriveError):
                        raise outcome[0]
                    made = outcome[0]
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
            self._keep_access(op, item)  # undo makes it again with this access
            try:
                self.adapter.delete(item.id)
            except NotEmpty:
                return None, said("skip.added_since_scan")
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
        self._note_service_copy(op, made)
        self._done_with_source(op)
        return made, None
