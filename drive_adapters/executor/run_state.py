"""What one run of the executor knows and shares: the plan, the target, the journal, counters.

The base of :class:`~drive_adapters.executor.Executor`; apply, undo, verify and report build on
it. It also settles what an interruption left behind: whether a started operation happened
(the destination exists and the source is gone → done) — this is what makes a ``kill -9`` at
any moment safe to resume.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Protocol

from drive_adapters.base import DriveAdapter, DriveError, DriveItem
from drive_adapters.executor.crash_points import CrashPoints
from drive_adapters.executor.paths import TargetPaths
from drive_adapters.executor.results import (
    ExecutionError,
    Progress,
    ProgressCallback,
    RunResult,
    item_line,
    said,
)
from drive_adapters.executor.source_check import MTIME_TOLERANCE
from drive_adapters.journal import Journal, JournalError
from drive_adapters.plan import (
    Mode,
    Op,
    OpKind,
    Plan,
    PlanItem,
    encode_path,
    operations,
    ops_digest,
)

__all__ = ["RunState"]


class SourceFiles(Protocol):
    """Source files a copy reads from elsewhere than the share's folder."""

    def fetch(self, raw: bytes) -> Path:
        """A local file with the content of the source file at ``raw``."""

    def release(self, raw: bytes) -> None:
        """That local file is no longer needed."""


class RunState(TargetPaths):
    """Apply, resume, verify and undo one plan on one target: the shared state."""

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
        source_files: SourceFiles | None = None,
    ) -> None:
        """``workers``: uploads run at once (default: what the adapter allows, see
        :attr:`DriveAdapter.concurrency`; everything else always runs in plan order).
        ``source_files``: where a copy reads source files that are not on this machine (a
        cloud drive's, :class:`~drive_adapters.executor.sync_source.CloudFiles`)."""
        self.plan = plan
        super().__init__(adapter)
        self.mode = mode
        self.journal = journal
        self.target_label = target_label
        self.source_adapter = source_adapter
        self.source_files = source_files
        self.progress = progress
        self.ops = operations(plan, mode, access=adapter.supports_access)
        self.digest = ops_digest(self.ops)
        self._crash = CrashPoints()
        self._ran = 0
        self._failures_in_row = 0  # ops set aside since the last success (see apply)
        self._aside_paths: list[tuple[str, ...]] = []  # what ops set aside this run would touch
        self.workers = max(1, workers if workers is not None else adapter.concurrency)
        self._lock = threading.Lock()  # the counters and results upload workers share

    # -- helpers -------------------------------------------------------------------------------

    def _maybe_die(self, phase: str, ordinal: int | None = None) -> None:
        """The crash tests' kill switch (see :mod:`drive_adapters.executor.crash_points`)."""
        self._crash.maybe_die(phase, self._ran if ordinal is None else ordinal)

    def _next_ordinal(self) -> int:
        """Count an op as run; its number is what the crash tests' kill switch names."""
        with self._lock:
            self._ran += 1
            return self._ran

    def _record(self, result: RunResult, op: Op, skipped: str | None = None) -> None:
        """Count a finished op in the run's result (upload workers share it)."""
        with self._lock:
            if skipped:
                result.skipped.append(item_line(op, skipped))
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
            raise ExecutionError(
                error.args[0] if error.args else str(error), blocked=True
            ) from error

    def _source_path(self, op: Op) -> Path:
        assert op.source is not None
        if self.source_files is not None:
            return self.source_files.fetch(op.source)
        return Path(os.fsdecode(os.path.join(self.plan.snapshot.root_bytes, op.source)))

    def _done_with_source(self, op: Op) -> None:
        """A downloaded source file is not kept once its upload is done."""
        if self.source_files is not None and op.source is not None:
            self.source_files.release(op.source)

    def _fingerprint(self, op: Op) -> str | None:
        """Check the op's source still is what the scan saw; returns its fingerprint."""
        if op.kind is OpKind.UPLOAD:
            try:
                st = os.lstat(self._source_path(op))
            except OSError as error:
                raise DriveError(
                    said("source.gone", path=encode_path(op.source or b""), why=error.strerror)
                ) from error
            if st.st_size != op.bytes or (
                op.mtime is not None and abs(st.st_mtime - op.mtime) > MTIME_TOLERANCE
            ):
                raise DriveError(said("source.changed", path=encode_path(op.source or b"")))
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
                            and abs(item.mtime - expected.mtime) > MTIME_TOLERANCE
                        )
                    )
                ):
                    raise DriveError(said("source.item_changed", path=encode_path(op.source)))
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

    # -- settling what an interruption left behind ---------------------------------------------

    def _forward_state(self, op: Op, *, listed: bool = False) -> str:
        """After an interruption: ``done``, ``todo`` or ``conflict`` for an operation.

        ``listed``: take the folder listings this run fetched at its start (a resumed run's
        :meth:`prefetch`). A create missing there may still have happened (a listing may lag):
        ``todo`` is safe for it only because it is created again under its journalled id
        where the platform takes ids (see ``Applying._reserve_ids``), else by name, refused
        when the name is taken.
        """
        if op.kind is OpKind.MKDIR:
            assert op.dst is not None
            item = self.lookup(op.dst, listed=listed)
            return "done" if item is not None and item.is_folder else "todo"
        if op.kind is OpKind.RMDIR:
            assert op.src is not None
            return "done" if self.resolve(op.src) is None else "todo"
        if op.kind is OpKind.UPLOAD:
            assert op.dst is not None
            item = self.lookup(op.dst, listed=listed)
            if item is None:
                return "todo"
            if self._same_as_source(op, item):
                return "done"
            token = self.journal.rows()[op.seq].resume_token
            if token:  # our session may have finished it and the service changed the file
                made = self.adapter.finished_upload(item, self._source_path(op), token, op.mtime)
                if made is not None:
                    self._note_service_copy(op, made)
                    return "done"
            return "conflict"
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

    def _note_service_copy(self, op: Op, made: DriveItem) -> None:
        """Record what the service stored when it is not what was sent (SharePoint rewrites
        Office files): verify, resume and undo then compare against this, not the source."""
        sent = made.extra.get("sent_hash")
        stored = made.hashes.get(self.adapter.hash_name or "")
        if sent is not None and stored is not None and sent != stored:
            self.journal.set_meta(**{f"stored.{op.seq}": f"{made.size}:{stored}"})

    def _service_copy(self, op: Op) -> tuple[int, str] | None:
        """(size, hash) the service reported for an upload it changed, if it did."""
        recorded = self.journal.meta().get(f"stored.{op.seq}")
        if recorded is None:
            return None
        size, _, digest = recorded.partition(":")
        return int(size), digest

    def _is_service_copy(self, op: Op, item: DriveItem) -> bool:
        """The item is still exactly what the service made of our upload."""
        recorded = self._service_copy(op)
        return (
            recorded is not None
            and not item.is_folder
            and item.size == recorded[0]
            and self.adapter.content_hash(item.id) == recorded[1]
        )

    def _unchanged_copy(self, op: Op, item: DriveItem) -> bool:
        """A copy nobody touched since it was made: same size, same modification time."""
        if self._service_copy(op) is not None:
            return self._is_service_copy(op, item)
        if item.is_folder or item.size != op.bytes:
            return False
        if item.mtime is None or op.mtime is None:
            return self._same_as_source(op, item)
        return abs(item.mtime - op.mtime) <= MTIME_TOLERANCE / 1000

    def _same_as_source(self, op: Op, item: DriveItem) -> bool:
        if item.is_folder or item.size != op.bytes:
            return False
        stored = self.adapter.content_hash(item.id)
        if stored is None:  # the platform keeps no hash for this file: size is all there is
            return True
        return stored == self.adapter.hash_local(os.fsencode(self._source_path(op)))

    def _undone(self, op: Op) -> bool:
        if op.kind is OpKind.MKDIR or op.kind is OpKind.UPLOAD:
            assert op.dst is not None
            return self.resolve(op.dst) is None
        if op.kind is OpKind.RMDIR:
            assert op.src is not None
            return self.resolve(op.src) is not None
        assert op.src is not None and op.dst is not None
        return self.resolve(op.src) is not None and self.resolve(op.dst) is None
