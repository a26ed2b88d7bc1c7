"""The crash tests' kill switch: make the process SIGKILL itself at a chosen operation.

For tests only: ``CARDSORT_TEST_KILL_AT="N:phase"`` makes the process SIGKILL itself at the
N-th operation it runs, ``before`` (journalled as started, target untouched), ``during``
(target changed, journal not yet) or ``after`` (journalled as done).
"""

from __future__ import annotations

import os
import signal

__all__ = ["KILL_ENV", "CrashPoints"]

KILL_ENV = "CARDSORT_TEST_KILL_AT"


class CrashPoints:
    """Where the process kills itself, read once from :data:`KILL_ENV`."""

    def __init__(self) -> None:
        raw = os.environ.get(KILL_ENV)
        self.at: int | None = None
        self.phase = ""
        if raw:
            count, _, phase = raw.partition(":")
            self.at, self.phase = int(count), phase or "after"

    def maybe_die(self, phase: str, count: int) -> None:
        """SIGKILL this process when ``count`` and ``phase`` are the ones named."""
        if self.at is not None and count == self.at and phase == self.phase:
            os.kill(os.getpid(), signal.SIGKILL)
