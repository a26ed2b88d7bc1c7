"""Turning Graph driveItems (SDK models or raw JSON from ``$batch`` and upload sessions) into
:class:`~drive_adapters.base.DriveItem`."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Any

from drive_adapters.base import DriveItem, ItemKind

__all__ = [
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
