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

from collections.abc import Callable, Mapping, Sequence
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
    "audience_said",
    "describe",
    "item_line",
    "open_elsewhere",
    "plan_problem",
    "reason_of",
    "said",
    "stopped",
    "sync_note",
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
    "item": "{what}: {reason}",
    "next.resume": "run resume",
    "next.undo": "run undo again",
    "next.sync": "run sync again",
    "locked": "{name} is open somewhere (in Word or another app, or checked out); close it, "
    "then {then}",
    "waits_for": "waits for {name}, which was set aside",
    "plan_problem": "{path}: {message} ({rule})",
    "skip.added_since_scan": "not empty (something was added since the scan); left in place",
    "skip.holds_more": "not empty (it holds something the plan did not put there); left in place",
    "skip.changed_since_copy": "changed since it was copied; left in place",
    # What a catch-up lists (drive_adapters/executor/sync.py words them; see sync_note).
    "sync.new_taken": "new in the source, but the target already holds a file there; nothing "
    "was overwritten",
    "sync.edited": "changed in the source and edited in the target meanwhile; nothing was "
    "overwritten",
    "sync.removed": "changed in the source and removed in the target meanwhile; nothing was "
    "overwritten",
    "sync.gone_keep": "gone from the source; keep",
    "sync.gone_list": "gone from the source; list",
    "sync.gone_edited": "gone from the source but edited in the target meanwhile; left in place",
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
    "stopped.undo_failing": "Undo stopped: the last {count} operations all failed (the last: "
    "{what}: {reason}). The target itself seems to fail; fix the cause, then run undo again.",
    "undo.fix": "{reason}; fix the cause, then run undo again",
    "undo.os_error": "{path}: {why}; fix the cause, then run undo again",
    "undo.not_ours": "not empty, holds files the migration did not put there ({names}); move "
    "them elsewhere, then run undo again",
    "skip.holds_left": "holds what the undo left in place; left in place",
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
    # Who can open what (drive_adapters/executor/access.py).
    "op.access": "access {path} ({audience})",
    "access.nobody": "nobody but the drive's owners",
    "access.top": "the top",
    "access.not_applied": "Access is not applied on this target: it cannot change who opens a "
    "folder. These folders are meant for a narrower audience and will be open to everyone who "
    "can open the target: {folders}. Set their permissions by hand, or migrate to a cloud target.",
    "access.no_group": "{path} is meant for: {audience}, but the plan names no group for it on "
    "this target; plan again with --group {code}=GROUP",
    "access.no_group_step": "the plan names no group on this target for: {audience}; plan again "
    "with --group {code}=GROUP",
    "access.wider": "{path} would be opened by {who} after the move to {folder} (now only by "
    "{now}); refused so nothing reaches more people than today: give that folder the item's "
    "audience (cardsort consensus audience) or place its card elsewhere, and plan again",
    "access.not_recorded": "its access before was never recorded; left as it is",
    "access.cannot_narrow": "{path} is meant for: {audience}, but it would be made where {who} "
    "can open it, and this drive cannot narrow one folder; give the audience a library of its "
    "own whose members are its groups (cardsort plan --library {code}=URL) and plan again",
    "access.unreadable": "who can open it cannot be read ({detail}): {path}",
    "access.too_wide": "lets in {who}, more than its audience ({audience}): {path}",
    "access.audience_cannot": "its audience ({audience}) cannot open it ({who}): {path}",
}

#: The audiences' own words (the CLI's ``audience.*`` keys say them in Dutch).
_AUDIENCES = {
    "team": "whole team",
    "care": "care team",
    "staff": "staff administration",
    "management": "management",
}


def audience_said(code: str) -> Said:
    """An audience code (``care``, ``named:MR``) as words the CLI can say in either language."""
    if code in _AUDIENCES:
        return Said(f"audience.{code}", _AUDIENCES[code], {})
    return Said("audience.named", "{name}", {"name": code.removeprefix("named:")})


def said(code: str, /, **params: object) -> Said:
    """``said("verify.missing", path="Groep 3/x.txt")``: catalogue key ``exec.<code>``."""
    return Said(f"exec.{code}", ENGLISH[code], params)


def sync_note(note: str) -> str:
    """A catch-up's note about a change (kept as text in its journal) as a message, when it is
    one of the notes the catch-up writes; else the note itself."""
    for code, english in ENGLISH.items():
        if code.startswith("sync.") and english == note:
            return said(code)
    return note


def plan_problem(violation: Mapping[str, object]) -> Said:
    """A problem that blocks the plan (from plan.yaml): its path, the planner's words and its
    code, which the CLI says in words (catalogue ``rule.<code>``)."""
    code = str(violation.get("code"))
    english = code.replace("{", "{{").replace("}", "}}")  # the code, as plan.yaml writes it
    rule = Said(f"rule.{code}", english, {})
    return said(
        "plan_problem", path=violation.get("path"), message=violation.get("message"), rule=rule
    )


def tidy(reason: str) -> str:
    """A reason without its closing full stop (a ``Said`` stays one, its text already is)."""
    return reason if isinstance(reason, Said) else reason.rstrip(".")


def describe(op: Op) -> Said:
    """:meth:`Op.describe` as a message: the same English, translatable."""
    src = encode_name("/".join(op.src)) if op.src else ""
    dst = encode_name("/".join(op.dst)) if op.dst else ""
    if op.kind is OpKind.ACCESS:
        return said("op.access", path=dst, audience=audience_said(op.audience or "team"))
    if op.kind in (OpKind.MKDIR, OpKind.UPLOAD):
        return said(f"op.{op.kind.value}", path=dst)
    if op.kind is OpKind.RMDIR:
        return said("op.rmdir", path=src)
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
    #: What was read back, per folder with an audience of its own: (path, audience code, who
    #: can open it besides the drive's owners).
    access: list[tuple[str, str, list[str]]] = field(default_factory=list)
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
