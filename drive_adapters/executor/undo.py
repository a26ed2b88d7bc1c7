"""Undo: walk the journal backwards, newest first; resumable.

Moves are moved back, a folder's access is restored as the journal recorded it before it
was limited (before the folder is removed), folders the plan made are removed when empty,
removed old folders come back, copies are removed only when unchanged since they were made.
An item someone has open (Graph's ``423``: :class:`~drive_adapters.base.Deferred`) is set aside
with its reason and the undo goes on; what it was to go into or come out of waits for it, and
the next undo (once the file is closed) finishes both. Any other failure stops the undo.
"""

from __future__ import annotations

import time

from drive_adapters.base import Deferred, DriveError, NameConflict, NotEmpty
from drive_adapters.executor.access import AccessSteps
from drive_adapters.executor.results import ExecutionError, RunResult, open_elsewhere
from drive_adapters.journal import OpStatus
from drive_adapters.plan import Op, OpKind, encode_name

__all__ = ["Undoing"]


class Undoing(AccessSteps):
    """Undo what the journal says was done."""

    def undo(self) -> RunResult:
        """Reverse everything the journal says was done, newest first; resumable."""
        meta = self.journal.meta()
        if not meta:
            raise ExecutionError(
                "This plan was never applied to this target; nothing to undo.", blocked=True
            )
        self._bind()
        self.journal.set_meta(state="undoing")
        rows = self.journal.rows()
        result = RunResult("undo", len(self.ops))
        started = time.monotonic()
        done = 0
        aside: list[tuple[str, ...]] = []  # target paths of what was set aside this undo
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
            waits_for = _waits_for(op, aside)
            if waits_for is not None:
                self.journal.undo_mark(op.seq, OpStatus.FAILED, waits_for)
                result.set_aside.append(f"{op.describe()}: {waits_for}")
                aside.extend(_target_paths(op))
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
            except Deferred:  # open in Word or checked out: not a reason to stop the undo
                reason = open_elsewhere(op.dst, "run undo again")
                self.journal.undo_mark(op.seq, OpStatus.FAILED, reason)
                result.set_aside.append(f"{op.describe()}: {reason}")
                aside.extend(_target_paths(op))
                continue
            except DriveError as error:
                self.journal.undo_mark(op.seq, OpStatus.FAILED, str(error))
                raise ExecutionError(
                    f"Undo stopped at operation {op.seq} ({op.describe()}): "
                    f"{str(error).rstrip('.')}. Fix the cause, then run undo again."
                ) from error
            self._maybe_die("during")
            self.journal.undo_mark(op.seq, OpStatus.SKIPPED if skipped else OpStatus.DONE, skipped)
            if skipped:
                result.skipped.append(f"{op.describe()}: {skipped}")
            result.ran += 1
            result.by_kind[op.kind.value] = result.by_kind.get(op.kind.value, 0) + 1
            self._report(done, 0, 0, started, op.describe(), 0, 0, len(self.ops))
            self._maybe_die("after")
        if not result.set_aside:
            self.journal.set_meta(state="undone")
        result.seconds = time.monotonic() - started
        return result

    def _undo_one(self, op: Op) -> str | None:
        if op.kind is OpKind.ACCESS:  # restore the recorded access (executor/access.py)
            return self._undo_access(op)
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
            return "changed since it was copied; left in place"
        self.adapter.delete(item.id)
        return None


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
                return f"waits for {encode_name('/'.join(held))}, which was set aside"
    return None
