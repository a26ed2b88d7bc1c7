"""What a run of the executor hands back: its error, its progress and its results.

:class:`ExecutionError` is the one exception apply, resume and undo raise (its message says
why and what to do next); :class:`Progress` feeds progress bars; :class:`RunResult` and
:class:`VerifyResult` are what an apply/undo and a verify found.

The sentences a run hands back are :class:`~sessions.said.Said` values: a message code with its
parameters, so the CLI says them in the admin's language (``cardsort/migrate_texts.py`` holds
the Dutch and English under ``exec.<code>``). A ``Said`` *is* its English text (a ``str``), so
the journal, the per-item report and logs keep one stable wording whatever language the
terminal speaks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from drive_adapters.base import (
    Deferred,
    DriveError,
    InvalidName,
    ItemNotFound,
    NameConflict,
    PausedUntil,
    Throttled,
)
from drive_adapters.plan import Op, OpKind, encode_name
from sessions.said import Said

__all__ = [
    "ENGLISH",
    "ExecutionError",
    "Progress",
    "ProgressCallback",
    "RunResult",
    "Said",
    "VerifyResult",
    "describe",
    "item_line",
    "open_elsewhere",
    "reason_of",
    "said",
    "stopped",
    "tidy",
]

#: The English of every message code the executor hands back (the CLI's catalogue has the
#: Dutch and the same English under ``exec.<code>``; a test keeps the two in step).
ENGLISH: dict[str, str] = {
    "the_item": "the item",
    "op.mkdir": "mkdir {path}",
    "op.upload": "upload {path}",
    "op.rmdir": "rmdir {path}",
    "op.move": "move {src} -> {dst}",
    "op.rename": "rename {src} -> {dst}",
    "op.access": "access {path} ({audience})",
    "item": "{what}: {reason}",
    "next.resume": "run resume",
    "next.undo": "run undo again",
    "next.sync": "run sync again",
    "locked": "{name} is open somewhere (in Word or another app, or checked out); close it, "
    "then {then}",
    "waits_for": "waits for {name}, which was set aside",
    "skip.added_since_scan": "not empty (something was added since the scan); left in place",
    "skip.holds_more": "not empty (it holds something the plan did not put there); left in place",
    "skip.changed_since_copy": "changed since it was copied; left in place",
    # Why the target refused one item; the English is the platform's own words.
    "reason.not_found": "{detail}",
    "reason.permission_denied": "{detail}",
    "reason.name_taken": "{detail}",
    "reason.throttled": "{detail}",
    "reason.path_too_long": "{detail}",
    "reason.invalid_name": "{detail}",
    "reason.disk_full": "{detail}",
    "source.gone": "the source {path} is gone ({why})",
    "source.changed": "the source {path} changed since the scan; scan again and make a new plan",
    "source.item_changed": "{path} changed since the scan; scan again and make a new plan",
    "stopped.pause": "The target asked to pause ({detail}). Run resume after {seconds} s; "
    "nothing is lost.",
    "stopped.at": "Stopped at operation {seq} ({what}): {reason}. Fix the cause, then run resume.",
    "stopped.failing": "Stopped: the last {count} operations all failed (the last: {what}: "
    "{reason}). The target itself seems to fail; fix the cause, then run resume.",
    "stopped.undo": "Undo stopped at operation {seq} ({what}): {reason}. Fix the cause, then "
    "run undo again.",
    "blocked.never_applied": "This plan was never applied to this target; nothing to undo.",
    "blocked.undone": "This plan was undone on this target. Make a new plan to apply the "
    "structure again.",
    "blocked.plan": "Nothing was changed: the plan cannot be applied as it is.",
    "blocked.occupied": "the target already holds ‘{name}’; copy into an empty folder, or "
    "remove it first",
    "changes.unreadable": "cannot be read now ({detail}): {path}",
    "changes.new": "new since the scan: {path}",
    "changes.kind": "changed kind ({was} → {now}): {path}",
    "changes.size": "changed size ({was} → {now} bytes): {path}",
    "changes.modified": "changed since the scan (modified): {path}",
    "changes.gone": "gone since the scan: {path}",
    "changes.more": "… and possibly more",
    "verify.staging": "the staging folder ‘{name}’ is still there: the apply did not finish "
    "(run resume)",
    "verify.missing": "missing: {path}",
    "verify.missing_from": "missing: {path} (from {source})",
    "verify.missing_folder": "missing folder: {path}",
    "verify.extra": "not in the plan: {path}",
    "verify.not_folder": "should be a folder: {path}",
    "verify.not_file": "should be a file: {path}",
    "verify.size": "size differs ({now} instead of {want}): {path}",
    "verify.content": "content differs: {path}",
    "verify.unlistable": "cannot be listed ({detail}): {path}",
    "verify.modified": "modified since the scan: {path}",
    "verify.ref.none": "the target keeps no hashes: files are compared by size",
    "verify.ref.copy": "{hash} of each copy against the scan's hash or, where the scan took "
    "none, against the source file hashed now",
    "verify.ref.in_place": "{hash} against the hashes the scan took; in place there is no "
    "other copy, so files the scan did not hash are compared by size and modification time",
    "verify.ref.scan": "{hash} where the scan took one (--content also hashes the rest in a copy)",
}


def said(code: str, /, **params: object) -> Said:
    """``said("verify.missing", path="Groep 3/x.txt")``: catalogue key ``exec.<code>``."""
    return Said(f"exec.{code}", ENGLISH[code], params)


def tidy(reason: str) -> str:
    """A reason without its closing full stop (a ``Said`` stays one, its text already is)."""
    return reason if isinstance(reason, Said) else reason.rstrip(".")


def describe(op: Op) -> Said:
    """:meth:`Op.describe` as a message: the same English, translatable."""
    src = encode_name("/".join(op.src)) if op.src else ""
    dst = encode_name("/".join(op.dst)) if op.dst else ""
    if op.kind in (OpKind.MKDIR, OpKind.UPLOAD):
        return said(f"op.{op.kind.value}", path=dst)
    if op.kind is OpKind.RMDIR:
        return said("op.rmdir", path=src)
    if op.kind is OpKind.ACCESS:
        return said("op.access", path=dst, audience=str(op.audience))
    return said(f"op.{op.kind.value}", src=src, dst=dst)


def item_line(op: Op, reason: str) -> Said:
    """One line of a run's result: the operation and why it was set aside or skipped."""
    return said("item", what=describe(op), reason=reason)


def reason_of(error: DriveError) -> str:
    """Why the target refused an item, as a message the CLI can say in Dutch where the kind of
    refusal is a common one (locked, not found, permission denied, name taken, throttled, path
    too long); else the platform's own words."""
    first = error.args[0] if error.args else ""
    if isinstance(first, Said):
        return first
    detail = str(error).rstrip(".")
    text = detail.lower()
    kind: str | None = None
    if isinstance(error, Deferred):
        return open_elsewhere(None)
    if isinstance(error, ItemNotFound):
        kind = "not_found"
    elif isinstance(error, NameConflict):
        kind = "name_taken"
    elif isinstance(error, Throttled | PausedUntil):
        kind = "throttled"
    elif error.code in ("accessDenied", "insufficientPermissions", "forbidden") or (
        "permission denied" in text
    ):
        kind = "permission_denied"
    elif error.code in ("pathIsTooLong", "pathTooDeep") or (
        isinstance(error, InvalidName) and ("too long" in text or "levels deep" in text)
    ):
        kind = "path_too_long"
    elif isinstance(error, InvalidName):
        kind = "invalid_name"
    elif error.code == "diskFull":
        kind = "disk_full"
    return said(f"reason.{kind}", detail=detail) if kind else detail


class ExecutionError(Exception):
    """Apply, resume or undo stopped; the message says why and what to do next."""

    def __init__(self, message: str, *, details: Sequence[str] = (), blocked: bool = False) -> None:
        """``blocked``: refused before anything changed (else the run stopped partway)."""
        super().__init__(message)
        self.message = message  # a :class:`Said` where the executor words it
        self.details = list(details)
        self.blocked = blocked


_NEXT = {"run resume": "next.resume", "run undo again": "next.undo", "run sync again": "next.sync"}


def open_elsewhere(path: Sequence[str] | None, then: str = "run resume") -> Said:
    """Why an item someone has open (Graph's ``423 resourceLocked``) at ``path`` was set
    aside, and what to do (``then``: run resume, run undo again or run sync again)."""
    name: str = encode_name(path[-1]) if path else said("the_item")
    return said("locked", name=name, then=said(_NEXT[then]))


def stopped(op: Op, error: DriveError) -> ExecutionError:
    """Why the run stopped at ``op``, and what to do: wait and resume, or fix and resume."""
    if isinstance(error, Throttled | PausedUntil):
        wait = getattr(error, "retry_after", None) or getattr(error, "resume_after", 0)
        return ExecutionError(said("stopped.pause", detail=str(error), seconds=f"{wait:.0f}"))
    return ExecutionError(
        said("stopped.at", seq=op.seq, what=describe(op), reason=reason_of(error))
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
