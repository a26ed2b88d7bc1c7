"""Turning Graph driveItems (SDK models or raw JSON from ``$batch`` and upload sessions) into
:class:`~drive_adapters.base.DriveItem`, and Graph errors into the adapter's errors."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Any

from kiota_abstractions.api_error import APIError

from drive_adapters.base import DriveError, DriveItem, ItemKind
from drive_adapters.remote.classify import Failure, to_error
from drive_adapters.remote.pacer import parse_retry_after

__all__ = [
    "error_from_api",
    "error_from_status",
    "graph_name_key",
    "iso_utc",
    "item_from_json",
    "item_from_model",
]


def graph_name_key(name: str) -> str:
    """OneDrive compares sibling names case-insensitively and treats NFC and NFD alike."""
    return unicodedata.normalize("NFC", name).casefold()


def iso_utc(timestamp: float) -> str:
    """A POSIX time as Graph's ISO-8601 UTC text."""
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat().replace("+00:00", "Z")


def _timestamp(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.timestamp()
    return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def item_from_json(data: Mapping[str, Any]) -> DriveItem:
    """A driveItem from Graph's JSON."""
    parent = data.get("parentReference") or {}
    fs = data.get("fileSystemInfo") or {}
    hashes = ((data.get("file") or {}).get("hashes")) or {}
    extra = {k: str(data[k]) for k in ("eTag", "webUrl") if data.get(k)}
    return DriveItem(
        id=str(data["id"]),
        parent_id=parent.get("id"),
        name=str(data.get("name", "")),
        kind=ItemKind.FOLDER if ("folder" in data or "root" in data) else ItemKind.FILE,
        size=int(data.get("size") or 0),
        mtime=_timestamp(fs.get("lastModifiedDateTime")),
        hashes={"quickXorHash": hashes["quickXorHash"]} if hashes.get("quickXorHash") else {},
        extra=extra,
    )


def item_from_model(model: Any) -> DriveItem:
    """A driveItem from msgraph-sdk's model."""
    parent = model.parent_reference
    fs = model.file_system_info
    qxh = None
    if model.file is not None and model.file.hashes is not None:
        qxh = model.file.hashes.quick_xor_hash
    extra = {}
    if model.e_tag:
        extra["eTag"] = str(model.e_tag)
    if model.web_url:
        extra["webUrl"] = str(model.web_url)
    return DriveItem(
        id=str(model.id),
        parent_id=parent.id if parent is not None else None,
        name=str(model.name or ""),
        kind=ItemKind.FOLDER
        if (model.folder is not None or model.root is not None)
        else ItemKind.FILE,
        size=int(model.size or 0),
        mtime=_timestamp(fs.last_modified_date_time) if fs is not None else None,
        hashes={"quickXorHash": qxh} if qxh else {},
        extra=extra,
    )


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
