"""Undo: walk the journal backwards, newest first; resumable; never stuck on one item.

Moves are moved back, a folder's access is restored as the journal recorded it before it was
limited (before the folder is removed), folders the plan made are removed when empty, removed
old folders come back (with the access recorded when they went), copies are removed only when
unchanged since they were made. Undo keeps going exactly like apply: an item whose undo fails on
its own (open in Word: Graph's ``423``; a name taken where it must go back; gone from where the
plan put it; permission denied; a folder holding files the migration did not put there) is set
aside in the journal with its reason, and the undo goes on; what it was to go into or come out
of waits for it. Running undo again retries what was set aside, and only that. The undo stops
(run it again later) only when the target asked to pause, or when
:data:`~drive_adapters.executor.apply.STOP_AFTER_FAILURES` items in a row failed: then the
target itself is failing, not one item.

A folder the plan made is never removed while it holds anything: what the undo deliberately
left (a copy changed since it was copied) keeps it, as reported; anything else in it was put
there by someone else, so the folder is set aside until that is moved out.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from drive_adapters.base import Deferred, DriveError, DriveItem, NameConflict, NotEmpty
from drive_adapters.executor.access import AccessSteps
from drive_adapters.executor.apply import STOP_AFTER_FAILURES, stops_run
from drive_adapters.executor.results import (
    ExecutionError,
    RunResult,
    describe,
    item_line,
    open_elsewhere,
    reason_of,
    said,
)
from drive_adapters.journal import OpStatus
from drive_adapters.plan import Op, OpKind, encode_name

__all__ = ["NOT_OURS", "Undoing"]

#: Why a folder the plan made stays: someone put files in it since (never deleted by undo).
NOT_OURS = "not empty, holds files the migration did not put there"


class _HoldsOthers(DriveError):
    """A folder the plan made holds items the migration did not put there."""


class Undoing(AccessSteps):
    """Undo what the journal says was done."""

    def undo(self) -> RunResult:
        """Reverse everything the journal says was done, newest first; resumable.

        Items whose undo fails on their own are set aside (``undo_status`` ``failed`` with the
        reason) and listed in the result; run undo again to retry them once the cause is gone.
        """
        meta = self.journal.meta()
        if not meta:
            raise ExecutionError(said("blocked.never_applied"), blocked=True)
        self._bind()
        self.journal.set_meta(state="undoing")
        rows = self.journal.rows()
        result = RunResult("undo", len(self.ops))
        started = time.monotonic()
        done = 0
        in_row = 0  # items set aside since the last success
        aside: list[tuple[str, ...]] = []  # target paths of what was set aside this undo
        # What the undo deliberately left in place (copies changed since they were copied):
        # the folders holding them stay too, as reported, and that is not a failure.
        left: list[tuple[str, ...]] = [
            tuple(op.dst)
            for op in self.ops
            if op.dst
            and rows[op.seq].undo_status is OpStatus.SKIPPED
            and rows[op.seq].status is OpStatus.DONE
        ]
        for op in reversed(self.ops):
            row = rows[op.seq]
            done += 1
            if row.undo_status in (OpStatus.DONE, OpStatus.SKIPPED):
                result.already_done += 1
                continue
            status = row.status
            try:
                if status in (OpStatus.STARTED, OpStatus.FAILED):
                    forward = self._forward_state(op)
                    status = OpStatus.DONE if forward == "done" else OpStatus.PENDING
                    self.journal.finish(op.seq, status, message="settled during undo")
            except (DriveError, OSError) as error:
                in_row = self._aside(op, result, aside, error, in_row)
                continue
            if status is not OpStatus.DONE:
                self.journal.undo_mark(op.seq, OpStatus.SKIPPED, "was never done")
                continue
            waits_for = _waits_for(op, aside)
            if waits_for is not None:
                self.journal.undo_mark(op.seq, OpStatus.FAILED, waits_for)
                result.set_aside.append(item_line(op, waits_for))
                aside.extend(_target_paths(op))
                continue
            self._ran += 1
            try:
                if row.undo_status is OpStatus.STARTED and self._undone(op):
                    self.journal.undo_mark(
                        op.seq, OpStatus.DONE, "found undone after an interruption"
                    )
                    result.recovered += 1
                    in_row = 0
                    continue
                self.journal.undo_mark(op.seq, OpStatus.STARTED)
                self._maybe_die("before")
                skipped = self._undo_one(op, left)
            except (DriveError, OSError) as error:
                in_row = self._aside(op, result, aside, error, in_row)
                continue
            in_row = 0
            self._maybe_die("during")
            self.journal.undo_mark(op.seq, OpStatus.SKIPPED if skipped else OpStatus.DONE, skipped)
            if skipped:
                result.skipped.append(item_line(op, skipped))
                if op.dst:
                    left.append(tuple(op.dst))
            result.ran += 1
            result.by_kind[op.kind.value] = result.by_kind.get(op.kind.value, 0) + 1
            self._report(done, 0, 0, started, op.describe(), 0, 0, len(self.ops))
            self._maybe_die("after")
        if not result.set_aside:
            self.journal.set_meta(state="undone")
        result.seconds = time.monotonic() - started
        return result

    def _aside(
        self,
        op: Op,
        result: RunResult,
        aside: list[tuple[str, ...]],
        error: DriveError | OSError,
        in_row: int,
    ) -> int:
        """Journal ``op``'s undo as set aside with its reason; the count of failures in a row.

        Raises :class:`ExecutionError` (the undo stops; run it again later) when the target
        asked to pause, or when this is the :data:`STOP_AFTER_FAILURES`-th failure in a row.
        """
        reason = _reason(op, error)
        self.journal.undo_mark(op.seq, OpStatus.FAILED, reason)
        if isinstance(error, DriveError) and stops_run(error):
            raise ExecutionError(
                said("stopped.undo", seq=op.seq, what=describe(op), reason=reason_of(error))
            ) from error
        result.set_aside.append(item_line(op, reason))
        aside.extend(_target_paths(op))
        in_row += 1
        if in_row >= STOP_AFTER_FAILURES:
            raise ExecutionError(
                said(
                    "stopped.undo_failing",
                    count=STOP_AFTER_FAILURES,
                    what=describe(op),
                    reason=reason,
                )
            ) from error
        return in_row

    def _undo_one(self, op: Op, left: Sequence[tuple[str, ...]]) -> str | None:
        """Undo one operation; a reason when it was deliberately left (skipped)."""
        if op.kind is OpKind.ACCESS:  # restore the recorded access (executor/access.py)
            return self._undo_access(op)
        if op.kind is OpKind.MKDIR:
            assert op.dst is not None
            item = self.resolve(op.dst)
            if item is None:
                return None
            try:
                self.adapter.delete(item.id)
            except NotEmpty as error:
                others = self._not_ours(item, tuple(op.dst), left)
                if others:
                    shown = ", ".join(encode_name(name) for name in others[:3])
                    more = f" (+{len(others) - 3})" if len(others) > 3 else ""
                    raise _HoldsOthers(said("undo.not_ours", names=shown + more)) from error
                return said("skip.holds_left")
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
                made = self.adapter.create_folder(parent.id, op.src[-1])
            except NameConflict as error:
                if error.existing is None or not error.existing.is_folder:
                    raise
                made = error.existing
            self._give_back_access(op, made)  # executor/access.py: as it was when removed
            return None
        assert op.dst is not None
        item = self.resolve(op.dst)
        if item is None:
            return None
        if not self._unchanged_copy(op, item):
            return said("skip.changed_since_copy")
        self.adapter.delete(item.id)
        return None

    def _not_ours(
        self, folder: DriveItem, path: tuple[str, ...], left: Iterable[tuple[str, ...]]
    ) -> list[str]:
        """Names in a folder the plan made that neither the plan nor the undo's own choices
        account for (what the undo left in place stays, and so does what holds it)."""
        kept = [p for p in left if len(p) > len(path) and p[: len(path)] == path]
        return sorted(
            child.name
            for child in self.adapter.children(folder.id)
            if not any(p[len(path)] == child.name for p in kept)
        )


def _reason(op: Op, error: DriveError | OSError) -> str:
    """Why ``op``'s undo was set aside, for the admin (no Python reprs, no raw codes)."""
    if isinstance(error, Deferred):  # open in Word or checked out: not a fault
        return open_elsewhere(op.dst, "run undo again")
    if isinstance(error, OSError):
        where = encode_name("/".join(op.dst or op.src or ()))
        return said("undo.os_error", path=where, why=(error.strerror or str(error)).lower())
    if isinstance(error, _HoldsOthers):
        return reason_of(error)  # says what to do itself
    return said("undo.fix", reason=reason_of(error))


def _target_paths(op: Op) -> list[tuple[str, ...]]:
    """The paths on the target an op's undo touches (an upload's source is not on it)."""
    paths = [tuple(op.dst)] if op.dst else []
    if op.src and op.kind in (OpKind.MOVE, OpKind.RENAME, OpKind.RMDIR):
        paths.append(tuple(op.src))
    return paths


def _waits_for(op: Op, aside: list[tuple[str, ...]]) -> str | None:
    """Why undoing ``op`` must wait: it touches a path that is, holds or lies inside one that
    was set aside (removing the folder a file open in Word was to leave would fail, and moving
    it would leave that file's undo with nowhere to go)."""
    for path in _target_paths(op):
        for held in aside:
            n = min(len(path), len(held))
            if path[:n] == held[:n]:
                return said("waits_for", name=encode_name("/".join(held)))
    return None
