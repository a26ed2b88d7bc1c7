"""What a run of the executor hands back: its error, its progress and its results.

:class:`ExecutionError` is the one exception apply, resume and undo raise (its message says
why and what to do next); :class:`Progress` feeds progress bars; :class:`RunResult` and
:class:`VerifyResult` are what an apply/undo and a verify found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from drive_adapters.base import DriveError, PausedUntil, Throttled
from drive_adapters.plan import Op, encode_name

__all__ = [
    "ExecutionError",
    "Progress",
    "ProgressCallback",
    "RunResult",
    "VerifyResult",
    "open_elsewhere",
    "stopped",
]


class ExecutionError(Exception):
    """Apply, resume or undo stopped; the message says why and what to do next."""

    def __init__(self, message: str, *, details: Sequence[str] = (), blocked: bool = False) -> None:
        """``blocked``: refused before anything changed (else the run stopped partway)."""
        super().__init__(message)
        self.details = list(details)
        self.blocked = blocked


def open_elsewhere(path: Sequence[str] | None, then: str = "run resume") -> str:
    """Why an item someone has open (Graph's ``423 resourceLocked``) at ``path`` was set
    aside, and what to do (``then``)."""
    name = encode_name(path[-1]) if path else "the item"
    return (
        f"{name} is open somewhere (in Word or another app, or checked out); close it, then {then}"
    )


def stopped(op: Op, error: DriveError) -> ExecutionError:
    """Why the run stopped at ``op``, and what to do: wait and resume, or fix and resume."""
    if isinstance(error, Throttled | PausedUntil):
        wait = getattr(error, "retry_after", None) or getattr(error, "resume_after", 0)
        return ExecutionError(
            f"The target asked to pause ({error}). Run resume after {wait:.0f} s; nothing is lost."
        )
    return ExecutionError(
        f"Stopped at operation {op.seq} ({op.describe()}): {str(error).rstrip('.')}. "
        "Fix the cause, then run resume."
    )


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
    set_aside: list[str] = field(default_factory=list)  # failed ops with why; resume retries
    by_kind: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0

    @property
    def nothing_to_do(self) -> bool:
        """True when the journal said everything was done already."""
        return self.ran == 0 and self.recovered == 0 and not self.set_aside


@dataclass
class VerifyResult:
    """Differences between the target and what the plan promised."""

    checked_files: int = 0
    checked_folders: int = 0
    hashed: int = 0
    unhashed: int = 0  # files compared by size (and modification time) only
    content_reference: str = ""  # what the hashes were compared with, in words
    access_checked: int = 0  # folders whose access was read back against their audience
    differences: list[str] = field(default_factory=list)
    #: Files the service itself changed after upload (a SharePoint library writes its metadata
    #: into Office files and PDFs): they hold exactly what the service reported back when they
    #: were uploaded, so they are not differences; the report names them.
    service_changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No differences."""
        return not self.differences


ProgressCallback = Callable[[Progress], None]
