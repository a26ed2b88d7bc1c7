"""One error classifier for both clouds: what is retried, after how long, deferred, or fatal.

Each cloud reads its own error body into a :class:`Failure` (status, the service's code and
inner code, ``Retry-After``); :func:`classify` decides, and :func:`to_error` builds the adapter
error (:mod:`drive_adapters.base`) from the same decision. The rules, with where they come from:

* ``429`` and ``503`` (and Drive's ``403 rateLimitExceeded/userRateLimitExceeded``): throttled,
  retry after exactly the ``Retry-After`` the service gave (learn.microsoft.com/graph/throttling;
  learn.microsoft.com/sharepoint/dev/general-development/
  how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online;
  developers.google.com/drive/api/guides/limits: "use an exponential backoff").
* ``500``, ``502``, ``504`` and a dropped connection or timeout, on every method: retry with
  backoff (developers.google.com/drive/api/guides/handle-errors "5xx errors"; Graph's
  ``generalException``/``serviceNotAvailable``, learn.microsoft.com/graph/errors). Writes are
  safe to repeat because every adapter write is idempotent or refuses a second time:
  creates carry ``conflictBehavior=fail`` (Graph) or a pre-generated id (Drive), and a move
  repeated lands where the first one did.
* SharePoint's load-related ``400 invalidRequest`` (a bare "Invalid request" with no inner code,
  seen under load; issue 11, not in Microsoft's pages: [UNVERIFIED]): retried a few times with
  backoff, then failed. A ``400`` that names the problem (``invalidPath``…) is never retried.
* ``423 resourceLocked`` (a file open in Word, checked out; learn.microsoft.com/graph/errors
  lists ``423 Locked``): *deferred*: the item is set aside, the run goes on, resume tries again.
* Drive's 750 GB-a-day upload cap (``403 userRateLimitExceeded`` "User rate limit exceeded." on
  an upload; support.google.com/a/users/answer/7338880): paused until tomorrow.
* Everything else (401/403 access, 404, 409, 412, quota, name refused) is the operation's answer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from drive_adapters.base import (
    Deferred,
    DriveError,
    InvalidName,
    ItemNotFound,
    NameConflict,
    PausedUntil,
    Throttled,
)

__all__ = [
    "DEFAULT_RETRY_AFTER",
    "NAME_CODES",
    "Action",
    "Failure",
    "Verdict",
    "classify",
    "to_error",
]

#: Used when a throttled answer carries no usable ``Retry-After``.
DEFAULT_RETRY_AFTER = 5.0
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
NAME_CODES = frozenset(
    {"invalidPath", "pathIsTooLong", "pathTooDeep", "nameContainsInvalidCharacters", "invalidName"}
)
UPLOAD_CAP_MESSAGE = "user rate limit exceeded."
#: How often each retryable kind is tried again before the operation fails.
ATTEMPTS = {"throttled": 10, "server": 6, "network": 6, "load": 3}


class Action(enum.StrEnum):
    """What to do with a failed request."""

    RETRY = "retry"  #: send the same request again after the verdict's wait
    DEFER = "defer"  #: set the item aside; the run goes on; resume tries it again
    PAUSE = "pause"  #: a budget is used up: stop cleanly, resume later
    FAIL = "fail"  #: the operation's answer: report it (conflict, not found, refused…)


@dataclass(frozen=True, slots=True)
class Failure:
    """A failed request, in the terms both clouds share.

    ``status`` is 0 for a failure of the connection itself (dropped, timed out).
    """

    status: int
    code: str | None = None
    inner: str | None = None
    message: str = ""
    retry_after: float | None = None
    method: str = "GET"
    upload: bool = False  #: a request that carries file content


@dataclass(frozen=True, slots=True)
class Verdict:
    """The classifier's decision: ``kind`` names the class (``throttled``, ``server``…)."""

    action: Action
    kind: str
    wait: float | None = None  #: the service's own wait (Retry-After), if it gave one
    attempts: int = 0  #: how many retries this kind gets

    @property
    def retry(self) -> bool:
        return self.action is Action.RETRY


def classify(failure: Failure) -> Verdict:
    """The one place that decides what a failed request means."""
    status, code = failure.status, failure.code
    if status == 0:
        return Verdict(Action.RETRY, "network", None, ATTEMPTS["network"])
    if (
        status == 403
        and code == "userRateLimitExceeded"
        and failure.upload
        and failure.message.strip().lower() == UPLOAD_CAP_MESSAGE
    ):
        return Verdict(Action.PAUSE, "upload-cap")
    if status in (429, 503) or (status == 403 and code in RATE_REASONS):
        return Verdict(Action.RETRY, "throttled", failure.retry_after, ATTEMPTS["throttled"])
    if status in (500, 502, 504):
        return Verdict(Action.RETRY, "server", failure.retry_after, ATTEMPTS["server"])
    if status == 423:
        return Verdict(Action.DEFER, "locked", failure.retry_after)
    if status == 400 and code == "invalidRequest" and not failure.inner:
        return Verdict(Action.RETRY, "load", failure.retry_after, ATTEMPTS["load"])
    return Verdict(Action.FAIL, "answer")


def to_error(
    failure: Failure, what: str, *, service: str, verdict: Verdict | None = None,
    pause: float = 24 * 3600.0,
) -> DriveError:  # fmt: skip
    """The adapter error for a failure whose retries (if any) are spent.

    ``service`` names the platform for the admin ("Microsoft 365", "Google Drive").
    """
    verdict = verdict or classify(failure)
    code = failure.inner if failure.inner in NAME_CODES else (failure.code or None)
    said = failure.message or (f"HTTP {failure.status}" if failure.status else "no answer")
    detail = f"{what}: {service} answered {failure.status or 'nothing'} {code or ''} ({said})"
    detail = " ".join(detail.split())
    if verdict.action is Action.PAUSE:
        return PausedUntil(
            f"{detail}; the daily upload limit is reached, resume tomorrow",
            resume_after=pause, code=code,
        )  # fmt: skip
    if verdict.action is Action.DEFER:
        return Deferred(
            f"{detail}; the item is in use (open or checked out): it was set aside, "
            "run resume when it is closed",
            retry_after=verdict.wait or 60.0,
            code=code or "resourceLocked",
        )
    if verdict.action is Action.RETRY:
        wait = verdict.wait if verdict.wait is not None else DEFAULT_RETRY_AFTER
        return Throttled(
            f"{detail}; retries ran out, it is safe to resume later",
            retry_after=wait, code=code or str(failure.status),
        )  # fmt: skip
    status = failure.status
    if status == 404:
        return ItemNotFound(detail, code=code or "itemNotFound")
    if status == 409 and failure.code != "resourceModified":
        return NameConflict(detail, code=failure.code or "nameAlreadyExists")
    if status == 400 and (failure.inner in NAME_CODES or failure.code in NAME_CODES):
        return InvalidName(detail, code=code)
    return DriveError(detail, code=code or (str(status) if status else None))
