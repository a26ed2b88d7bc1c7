"""Naming a OneDrive or SharePoint library the way an admin thinks of it, and resolving it once.

Spec forms (after ``onedrive:``): ``me`` (my OneDrive), ``user:UPN`` (another user's
OneDrive, admin), ``site:https://tenant.sharepoint.com/sites/x/Library`` (a document library of
a SharePoint site; the library by its display name or its URL name) and ``drive:DRIVE_ID``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from drive_adapters.base import DriveError, ItemNotFound

__all__ = ["TargetSpec", "parse_target", "resolve_drive"]


class InvalidTarget(DriveError):
    """The target spec cannot be understood."""


@dataclass(frozen=True)
class TargetSpec:
    """A parsed target: ``kind`` is ``me``, ``user``, ``site`` or ``drive``."""

    kind: str
    value: str = ""
    host: str = ""
    site_path: str = ""
    library: str = ""

    def __str__(self) -> str:
        return "me" if self.kind == "me" else f"{self.kind}:{self.value}"


_HELP = (
    "Name a OneDrive target as 'me', 'user:name@school.nl', "
    "'site:https://school.sharepoint.com/sites/Team/Documents' or 'drive:DRIVE_ID'."
)


def parse_target(text: str) -> TargetSpec:
    """Parse the part after ``onedrive:``; :class:`InvalidTarget` with a hint when it is wrong."""
    text = text.strip()
    if text in ("me", ""):
        return TargetSpec("me")
    kind, sep, value = text.partition(":")
    value = value.strip()
    if not sep or not value:
        raise InvalidTarget(f"Unknown OneDrive target {text!r}. {_HELP}")
    if kind == "user":
        if "@" not in value:
            raise InvalidTarget(f"{value!r} is not a user principal name (name@domain). {_HELP}")
        return TargetSpec("user", value)
    if kind == "drive":
        return TargetSpec("drive", value)
    if kind == "site":
        parts = urlsplit(value)
        segments = [unquote(s) for s in parts.path.split("/") if s]
        if parts.scheme != "https" or not parts.hostname or len(segments) < 3:
            raise InvalidTarget(
                f"{value!r} is not a SharePoint library URL: expected "
                "https://TENANT.sharepoint.com/sites/SITE/LIBRARY. " + _HELP
            )
        site_path = "/" + "/".join(segments[:2])
        return TargetSpec("site", value, parts.hostname, site_path, "/".join(segments[2:]))
    raise InvalidTarget(f"Unknown OneDrive target kind {kind!r}. {_HELP}")


async def resolve_drive(graph: Any, spec: TargetSpec) -> tuple[str, str]:
    """(drive id, readable description) for a spec, with one or two Graph calls."""
    if spec.kind == "me":
        drive = await graph.me.drive.get()
        return str(drive.id), f"my OneDrive ({drive.name})"
    if spec.kind == "user":
        drive = await graph.users.by_user_id(spec.value).drive.get()
        return str(drive.id), f"OneDrive of {spec.value}"
    if spec.kind == "drive":
        drive = await graph.drives.by_drive_id(spec.value).get()
        return str(drive.id), f"drive {drive.name} ({drive.id})"
    site = await graph.sites.by_site_id(f"{spec.host}:{spec.site_path}:").get()
    drives = await graph.sites.by_site_id(str(site.id)).drives.get()
    wanted = spec.library.casefold()
    names = []
    for drive in drives.value or []:
        names.append(str(drive.name))
        url_name = unquote(str(drive.web_url or "")).rstrip("/").rsplit("/", 1)[-1]
        if str(drive.name).casefold() == wanted or url_name.casefold() == wanted:
            return str(drive.id), f"library {drive.name} of {spec.host}{spec.site_path}"
    raise ItemNotFound(
        f"The site {spec.host}{spec.site_path} has no library called {spec.library!r}; "
        f"its libraries are: {', '.join(names) or '(none)'}."
    )
