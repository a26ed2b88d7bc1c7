"""Reading Drive's JSON error bodies and turning them into the adapter's errors.

Drive answers ``{"error": {"code": 403, "message": …, "errors": [{"reason": …}]}}``; the
``reason`` is the code the shared classifier (:mod:`drive_adapters.remote.classify`) decides
on: ``rateLimitExceeded``/``userRateLimitExceeded`` and 429 mean
"slow down", ``notFound`` means the item is gone, ``teamDriveFileLimitExceeded`` and
``teamDriveHierarchyTooDeep`` are the shared drive's hard limits, and the 750 GB-a-day upload cap
shows up as ``userRateLimitExceeded`` with the message "User rate limit exceeded." on an upload
(rclone's ``--drive-stop-on-upload-limit`` relies on the same signal).
"""

from __future__ import annotations

import http.client
import json
import ssl
from dataclasses import dataclass

import httplib2
from googleapiclient.errors import HttpError

from drive_adapters.base import DriveError
from drive_adapters.remote.classify import Action, Failure, Verdict, classify, to_error

__all__ = [
    "RATE_REASONS",
    "TRANSPORT_ERRORS",
    "ApiFailure",
    "is_retryable",
    "looks_like_upload_cap",
    "parse_http_error",
    "translate",
]

RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})

#: Failures of the connection itself: safe to retry for idempotent calls (and, because the
#: adapter creates with pre-generated ids, for creates too).
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    ssl.SSLError,
    httplib2.HttpLib2Error,
    http.client.HTTPException,
)


@dataclass(frozen=True, slots=True)
class ApiFailure:
    """The parts of an ``HttpError`` the adapter acts on."""

    status: int
    reason: str | None
    message: str


def parse_http_error(error: HttpError) -> ApiFailure:
    """Status, first ``errors[].reason`` and message of a Drive error response."""
    status = int(getattr(error.resp, "status", 0) or 0)
    reason: str | None = None
    message = ""
    try:
        content = error.content.decode("utf-8") if isinstance(error.content, bytes) else ""
        body = json.loads(content) if content else {}
        err = body.get("error", {}) if isinstance(body, dict) else {}
        if isinstance(err, dict):
            message = str(err.get("message", ""))
            details = err.get("errors") or []
            if details and isinstance(details[0], dict):
                reason = details[0].get("reason")
                message = str(details[0].get("message", message))
    except (ValueError, UnicodeDecodeError):
        pass
    return ApiFailure(status, reason, message or str(getattr(error.resp, "reason", "")))


def failure_of(failure: ApiFailure, *, upload: bool = False) -> Failure:
    """A Drive error as the shared classifier's :class:`Failure` (``reason`` is the code)."""
    return Failure(failure.status, failure.reason, None, failure.message, upload=upload)


def is_retryable(failure: ApiFailure) -> bool:
    """Worth another try after a pause, as the shared classifier says (rate limits, 5xx…)."""
    return classify(failure_of(failure)).retry


def looks_like_upload_cap(failure: ApiFailure) -> bool:
    """The 750 GB-a-day cap: 403 userRateLimitExceeded "User rate limit exceeded." on an upload."""
    return classify(failure_of(failure, upload=True)).action is Action.PAUSE


def translate(error: HttpError, what: str, *, retry_after: float = 60.0) -> DriveError:
    """The adapter error for a Drive error response; ``what`` names the operation for the admin."""
    failure = parse_http_error(error)
    shared = failure_of(failure)
    verdict = classify(shared)
    if verdict.retry and verdict.wait is None:
        verdict = Verdict(verdict.action, verdict.kind, retry_after, verdict.attempts)
    result = to_error(shared, what, service="Google Drive", verdict=verdict)
    code = failure.reason
    hint = {
        "teamDriveFileLimitExceeded": (
            "; a shared drive holds at most 500,000 items (trash included)"
        ),
        "teamDriveHierarchyTooDeep": "; folders may be nested at most 100 levels deep",
        "myDriveHierarchyTooDeep": "; folders may be nested at most 100 levels deep",
        "storageQuotaExceeded": "; the drive's storage is full",
    }.get(code or "")
    if hint:
        result.args = (str(result) + hint,)
    return result
