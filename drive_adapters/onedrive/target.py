"""Naming a OneDrive or SharePoint library the way an admin thinks of it, and opening it once.

Spec forms (after ``onedrive:``): ``me`` (my OneDrive), ``user:UPN`` (another user's
OneDrive, admin), ``site:https://tenant.sharepoint.com/sites/x/Library`` (a document library of
a SharePoint site; the library by its display name or its URL name) and ``drive:DRIVE_ID``.

``open_target("me", {})`` signs in and resolves the target to a drive id once;
``open_target("me", {"base_url": "http://127.0.0.1:PORT/v1.0"})`` talks to the local fake
Graph server anonymously. Options: ``base_url``, ``concurrency`` (default 4), ``auth``
(``device``, ``secret``, ``certificate``), ``tenant``, ``client_id``, ``certificate``,
``simple_upload_max`` and ``fragment_size`` (bytes), ``retry_scale`` (multiplies the pacer's
backoff; tests use 0.001).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from drive_adapters.base import DriveError, ItemNotFound
from drive_adapters.onedrive._loop import LoopThread
from drive_adapters.onedrive.adapter import FRAGMENT_UNIT, OneDriveAdapter
from drive_adapters.onedrive.auth import AuthSettings, make_credential
from drive_adapters.onedrive.transport import GRAPH_URL, build_clients

__all__ = [
    "InvalidTarget",
    "TargetSpec",
    "auth_settings",
    "open_target",
    "parse_target",
    "resolve_drive",
]


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


CLIENT_ID_ENV = "CARDSORT_GRAPH_CLIENT_ID"
TENANT_ENV = "CARDSORT_GRAPH_TENANT"


def _int_option(options: Mapping[str, str], key: str, default: int) -> int:
    raw = options.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw))
    except ValueError:
        raise DriveError(f"The option {key}={raw!r} must be a whole number.") from None
    if value < 1:
        raise DriveError(f"The option {key}={raw!r} must be at least 1.")
    return value


def _float_option(options: Mapping[str, str], key: str, default: float) -> float:
    raw = options.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = float(str(raw))
    except ValueError:
        raise DriveError(f"The option {key}={raw!r} must be a number.") from None
    if value <= 0:
        raise DriveError(f"The option {key}={raw!r} must be above 0.")
    return value


def auth_settings(options: Mapping[str, str], record_path: Path | None = None) -> AuthSettings:
    """Sign-in settings from target options, falling back to the environment."""
    return AuthSettings(
        mode=str(options.get("auth") or "device"),
        tenant_id=str(options.get("tenant") or os.environ.get(TENANT_ENV) or "organizations"),
        client_id=str(options.get("client_id") or os.environ.get(CLIENT_ID_ENV) or ""),
        certificate_path=options.get("certificate"),
        record_path=record_path,
    )


def open_target(spec_rest: str, options: Mapping[str, str]) -> OneDriveAdapter:
    """The adapter for ``onedrive:<spec_rest>``, with the target resolved to a drive id once."""
    spec = parse_target(spec_rest)
    concurrency = _int_option(options, "concurrency", 4)
    fragment = _int_option(options, "fragment_size", 32 * FRAGMENT_UNIT)
    if fragment % FRAGMENT_UNIT:
        raise DriveError(f"fragment_size must be a multiple of {FRAGMENT_UNIT} bytes (320 KiB).")
    simple_max = _int_option(options, "simple_upload_max", 4 * 1024 * 1024)
    base_url = str(options.get("base_url") or GRAPH_URL).rstrip("/")
    credential = None
    if "base_url" not in options or options.get("auth") not in (None, "", "none"):
        from drive_adapters.onedrive.auth import record_file

        credential = make_credential(auth_settings(options, record_file()))
    clients = build_clients(
        base_url=base_url, credential=credential, concurrency=concurrency,
        time_scale=_float_option(options, "retry_scale", 1.0),
    )  # fmt: skip
    loop = LoopThread()
    try:
        try:
            drive_id, description = loop.run(resolve_drive(clients.graph, spec))
        except DriveError:
            raise
        except Exception as error:
            from kiota_abstractions.api_error import APIError

            from drive_adapters.onedrive.errors import error_from_api

            if isinstance(error, APIError):
                raise error_from_api(error, what=f"find the OneDrive target {spec}") from error
            raise DriveError(f"Could not reach Microsoft 365 for {spec}: {error!r}") from error
        return OneDriveAdapter(
            clients, loop, drive_id, description=description,
            simple_upload_max=simple_max, fragment_size=fragment, concurrency=concurrency,
        )  # fmt: skip
    except BaseException:
        loop.run(clients.aclose())
        loop.close()
        raise
