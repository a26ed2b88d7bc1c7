"""Turning Drive v3 file resources into :class:`~drive_adapters.base.DriveItem`, and the field
list every call asks for (``fields`` partial responses: developers.google.com/drive/api/guides/
fields-parameter).

A Drive file has one parent here (shared drives allow no more; My Drive's multi-parent files are
gone since 2020), ``md5Checksum``/``sha256Checksum`` for stored files (none for Google Docs,
Sheets and Slides, whose ``mimeType`` starts with :data:`GOOGLE_APPS_PREFIX`), and the
``cardsortDrive`` app property on everything this tool created.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from drive_adapters.base import DriveItem, ItemKind

__all__ = [
    "FILE_FIELDS",
    "FOLDER_MIME",
    "GOOGLE_APPS_PREFIX",
    "MARKER",
    "SHORTCUT_MIME",
    "item_from",
    "parse_time",
    "rfc3339",
]

FOLDER_MIME = "application/vnd.google-apps.folder"
GOOGLE_APPS_PREFIX = "application/vnd.google-apps."
SHORTCUT_MIME = "application/vnd.google-apps.shortcut"
FILE_FIELDS = (
    "id,name,mimeType,parents,driveId,size,md5Checksum,sha256Checksum,modifiedTime,trashed,"
    "appProperties,"
    "shortcutDetails(targetId,targetMimeType)"
)
MARKER = "cardsortDrive"  #: app property on everything the adapter creates


def rfc3339(ts: float) -> str:
    """A POSIX time as Drive's RFC 3339 text (milliseconds, UTC)."""
    dt = datetime.fromtimestamp(ts, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_time(text: str | None) -> float | None:
    """Drive's RFC 3339 text as a POSIX time (``None`` stays ``None``)."""
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def item_from(resource: dict[str, Any]) -> DriveItem:
    """A :class:`DriveItem` from a Drive file resource."""
    mime = str(resource.get("mimeType", ""))
    parents = resource.get("parents") or []
    extra = {"mimeType": mime}
    if mime == SHORTCUT_MIME:
        extra["link"] = "1"  # points elsewhere, never read through (as a local symlink)
    elif mime.startswith(GOOGLE_APPS_PREFIX) and mime != FOLDER_MIME:
        extra["document"] = "1"  # a Doc, Sheet, Slides…: no bytes to copy, only to export
    if resource.get("driveId"):
        extra["driveId"] = str(resource["driveId"])
    props = resource.get("appProperties") or {}
    if props.get(MARKER):
        extra["cardsort_created"] = "1"
    shortcut = resource.get("shortcutDetails") or {}
    if shortcut.get("targetId"):
        extra["shortcutTarget"] = str(shortcut["targetId"])
    hashes = {}
    if resource.get("md5Checksum"):
        hashes["md5"] = str(resource["md5Checksum"])
    if resource.get("sha256Checksum"):
        hashes["sha256"] = str(resource["sha256Checksum"])
    return DriveItem(
        id=str(resource["id"]),
        parent_id=str(parents[0]) if parents else None,
        name=str(resource.get("name", "")),
        kind=ItemKind.FOLDER if mime == FOLDER_MIME else ItemKind.FILE,
        size=int(resource.get("size") or 0),
        mtime=parse_time(resource.get("modifiedTime")),
        hashes=hashes,
        extra=extra,
    )
