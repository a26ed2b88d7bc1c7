"""Drive's error answers (and dropped connections) as the shared classifier's failures and the
adapter's errors.

Drive answers ``{"error": {"code": 403, "message": …, "errors": [{"reason": …}]}}``
(developers.google.com/drive/api/guides/handle-errors); the ``reason`` is the code the shared
classifier (:mod:`drive_adapters.remote.classify`) decides on: ``rateLimitExceeded``,
``userRateLimitExceeded`` and 429 mean "slow down", 5xx and a dropped connection mean "try again
after a backoff", ``notFound`` means the item is gone, ``teamDriveFileLimitExceeded`` and
``teamDriveHierarchyTooDeep`` are the shared drive's hard limits, and the 750 GB-a-day upload cap
shows up as ``userRateLimitExceeded`` with the message "User rate limit exceeded." on an upload
(rclone's ``--drive-stop-on-upload-limit`` relies on the same signal). Nothing here decides to
retry: :func:`failure_from` only reads, and the pacer asks the classifier.
"""

from __future__ import annotations

import http.client
import json
import ssl
from typing import Any

import httplib2
from googleapiclient.errors import HttpError

from drive_adapters.base import DriveError
from drive_adapters.remote.classify import Failure, to_error
from drive_adapters.remote.pacer import parse_retry_after

__all__ = ["TRANSPORT_ERRORS", "error_for", "failure_from", "failure_of_body"]

#: Failures of the connection itself (dropped, timed out, refused mid-way): the classifier's
#: status 0. Safe to repeat: every create carries a pre-generated id, so a repeat answers 409.
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    ssl.SSLError,
    httplib2.HttpLib2Error,
    http.client.HTTPException,
)

_HINTS = {
    "teamDriveFileLimitExceeded": "; a shared drive holds at most 500,000 items (trash included)",
    "teamDriveHierarchyTooDeep": "; folders may be nested at most 100 levels deep",
    "myDriveHierarchyTooDeep": "; folders may be nested at most 100 levels deep",
    "storageQuotaExceeded": "; the drive's storage is full",
}


def failure_of_body(
    status: int, content: bytes | str | None, headers: Any = None, *, method: str = "GET",
    upload: bool = False, fallback: str = "",
) -> Failure:  # fmt: skip
    """A Drive error response (a whole answer or one batch part) as a :class:`Failure`: the
    first ``errors[].reason`` is the code, ``Retry-After`` is read if the service sent one."""
    reason: str | None = None
    message = ""
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content or ""
        body = json.loads(text) if text else {}
        err = body.get("error", {}) if isinstance(body, dict) else {}
        if isinstance(err, dict):
            message = str(err.get("message", ""))
            details = err.get("errors") or []
            if details and isinstance(details[0], dict):
                reason = details[0].get("reason")
                message = str(details[0].get("message", message))
    except (ValueError, UnicodeDecodeError):
        pass
    retry_after = None
    if headers is not None:
        retry_after = parse_retry_after(headers.get("retry-after") or headers.get("Retry-After"))
    return Failure(
        status, reason, None, message or fallback, retry_after, method=method, upload=upload
    )


def failure_from(error: BaseException, *, upload: bool = False) -> Failure | None:
    """What went wrong with a request, for the classifier; ``None`` when ``error`` is not a
    failed request (a bug, an interrupt: raised as it is)."""
    if isinstance(error, HttpError):
        resp = error.resp
        return failure_of_body(
            int(getattr(resp, "status", 0) or 0), error.content, resp, upload=upload,
            method=str(getattr(error, "method", None) or "GET"),
            fallback=str(getattr(resp, "reason", "") or ""),
        )  # fmt: skip
    if isinstance(error, TRANSPORT_ERRORS):
        return Failure(0, message=f"{type(error).__name__}: {error}", upload=upload)
    return None


def error_for(failure: Failure, what: str) -> DriveError:
    """The adapter error for a failure whose retries (if any) are spent; ``what`` names the
    operation for the admin."""
    result = to_error(failure, what, service="Google Drive")
    hint = _HINTS.get(failure.code or "")
    if hint:
        result.args = (str(result) + hint,)
    return result
