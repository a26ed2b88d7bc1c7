"""One run per plan at a time: an advisory lock on a file in the plan's folder.

Two applies of one plan at once would race on the journal's operations and the shared report
file. ``flock`` is released by the kernel when the process ends, however it ends (``kill -9``
included), so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

__all__ = ["LOCK_FILE", "PlanBusy", "PlanLock"]

LOCK_FILE = "migrate.lock"


class PlanBusy(Exception):
    """Another process is applying, resuming or undoing this plan; the message says which.

    ``what`` and ``pid`` say who holds it (empty when it did not say), for the CLI to word.
    """

    def __init__(self, message: str, what: str = "", pid: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.pid = pid


class PlanLock:
    """Hold the plan folder's lock for the duration of a ``with`` block."""

    def __init__(self, directory: Path, what: str) -> None:
        self.path = directory / LOCK_FILE
        self.what = what
        self._fd: int | None = None

    def __enter__(self) -> PlanLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            what, _, pid = holder.partition(" by process ")
            raise PlanBusy(
                f"This plan is in use: {holder}. Wait for it to finish (or stop it), then run "
                "the command again; nothing was changed.",
                what if pid else "",
                pid,
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{self.what} by process {os.getpid()}".encode())
        self._fd = fd
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing releases the lock
            self._fd = None
