"""Graph error answers (SDK exceptions, raw JSON from ``$batch`` and upload sessions) as the
adapter's errors, through the shared classifier (:mod:`drive_adapters.remote.classify`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiota_abstractions.api_error import APIError

from drive_adapters.base import DriveError
from drive_adapters.remote.classify import Failure, to_error
from drive_adapters.remote.pacer import parse_retry_after

__all__ = ["error_from_api", "error_from_json", "error_from_status"]


def error_from_status(
    status: int, code: str | None, message: str, *, inner: str | None = None,
    retry_after: float | None = None, what: str = "", upload: bool = False,
) -> DriveError:  # fmt: skip
    """The adapter error for a Graph error response, as the shared classifier decides."""
    failure = Failure(status, code, inner, message, retry_after, upload=upload)
    return to_error(failure, what or "Microsoft 365", service="Microsoft 365")


def error_from_api(error: APIError, *, what: str = "") -> DriveError:
    """Translate an SDK exception (``ODataError`` or bare ``APIError``)."""
    status = error.response_status_code or 0
    body = getattr(error, "error", None)
    code = getattr(body, "code", None)
    message = getattr(body, "message", None) or error.message or type(error).__name__
    inner_obj = getattr(body, "inner_error", None)
    inner = None
    if inner_obj is not None:
        inner = (getattr(inner_obj, "additional_data", None) or {}).get("code")
    headers = error.response_headers or {}
    retry = None
    for key, value in headers.items():
        if key.lower() == "retry-after":
            retry = parse_retry_after(next(iter(value)) if isinstance(value, set | list) else value)
    return error_from_status(status, code, str(message), inner=inner, retry_after=retry, what=what)


def error_from_json(status: int, body: Mapping[str, Any] | None, *, what: str = "",
                    headers: Mapping[str, str] | None = None) -> DriveError:  # fmt: skip
    """Translate a raw JSON error response (``$batch`` parts, upload sessions)."""
    err = (body or {}).get("error") or {}
    inner = (err.get("innerError") or err.get("innererror") or {}).get("code")
    retry = None
    for key, value in (headers or {}).items():
        if key.lower() == "retry-after":
            retry = parse_retry_after(str(value))
    return error_from_status(
        status, err.get("code"), str(err.get("message") or f"HTTP {status}"), inner=inner,
        retry_after=retry, what=what,
    )  # fmt: skip
