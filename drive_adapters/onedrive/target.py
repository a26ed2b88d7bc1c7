"""Naming a OneDrive or SharePoint library the way an admin thinks of it, and opening it once.

Spec forms (after ``onedrive:``): ``me`` (my OneDrive), ``user:UPN`` (another user's
OneDrive, admin), ``site:https://tenant.sharepoint.com/sites/x/Library`` (a document library of
a SharePoint site; the library by its display name or its URL name) and ``drive:DRIVE_ID``.

``open_target("me", {})`` signs in and resolves the target to a drive id once;
``open_target("me", {"base_url": "http://127.0.0.1:PORT/v1.0"})`` talks to the local fake
Graph server anonymously. The options it accepts are declared in :data:`OPTIONS` and parsed by
:func:`drive_adapters.remote.options.parse_options` (the README's table is made from them).
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
from drive_adapters.onedrive.auth import SECRET_ENV, AuthSettings, make_credential
from drive_adapters.onedrive.transport import GRAPH_URL, build_clients
from drive_adapters.remote.options import (
    CONCURRENCY,
    RETRY_SCALE,
    Kind,
    Option,
    TargetOptions,
    parse_options,
)

__all__ = [
    "OPTIONS",
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


#: The largest multiple of 320 KiB under Graph's 60 MiB a request.
_MAX_REQUEST = (60 * 1024 * 1024 - 1) // FRAGMENT_UNIT * FRAGMENT_UNIT

#: The options of an ``onedrive:`` target.
# fmt: off
OPTIONS: tuple[Option, ...] = (
    CONCURRENCY,
    Option(
        "auth", Kind.CHOICE, "device",
        "How to sign in: as you with a device code, or app-only with a client secret or a "
        "certificate (`none`: anonymously, a local fake only).",
        choices=("device", "secret", "certificate", "none"),
    ),
    Option(
        "tenant", Kind.TEXT, None,
        f"Tenant id or domain (else `{TENANT_ENV}`, else `organizations`).",
    ),
    Option("client_id", Kind.TEXT, None, f"The app registration's id (else `{CLIENT_ID_ENV}`)."),
    Option(
        "client_secret", Kind.TEXT, None,
        f"The app's client secret for `auth=secret` (better: `{SECRET_ENV}`, which stays out "
        "of your shell history).",
        secret=True,
    ),
    Option(
        "certificate", Kind.PATH, None, "PEM certificate with private key for `auth=certificate`."
    ),
    Option(
        "simple_upload_max", Kind.INT, 4 * 1024 * 1024,
        "Files up to this many bytes go into their upload session in one request; larger ones "
        "in fragments (a request carries less than 60 MiB: driveitem-createuploadsession).",
        minimum=1, maximum=_MAX_REQUEST,
    ),
    Option(
        "fragment_size", Kind.INT, 32 * FRAGMENT_UNIT,
        "Bytes per upload-session fragment (Graph wants multiples of 320 KiB).",
        minimum=FRAGMENT_UNIT, maximum=_MAX_REQUEST, multiple_of=FRAGMENT_UNIT,
    ),
    RETRY_SCALE,
    Option(
        "base_url", Kind.TEXT, GRAPH_URL,
        "The Graph endpoint; a local fake's `http://127.0.0.1:PORT/v1.0` (anonymous then).",
    ),
)
# fmt: on


def auth_settings(options: TargetOptions, record_path: Path | None = None) -> AuthSettings:
    """Sign-in settings from target options, falling back to the environment."""
    return AuthSettings(
        mode=options.text("auth") or "device",
        tenant_id=options.text("tenant") or os.environ.get(TENANT_ENV) or "organizations",
        client_id=options.text("client_id") or os.environ.get(CLIENT_ID_ENV) or "",
        certificate_path=options.text("certificate"),
        record_path=record_path,
        client_secret=options.text("client_secret"),
    )


def open_target(spec_rest: str, options: Mapping[str, str]) -> OneDriveAdapter:
    """The adapter for ``onedrive:<spec_rest>``, with the target resolved to a drive id once."""
    spec = parse_target(spec_rest)
    opts = parse_options("onedrive", OPTIONS, options)
    concurrency = opts.int("concurrency")
    base_url = (opts.text("base_url") or GRAPH_URL).rstrip("/")
    credential = None
    # A fake (base_url given) is anonymous unless a sign-in mode is asked for.
    anonymous = opts.is_set("base_url") and (not opts.is_set("auth") or opts.text("auth") == "none")
    if opts.text("auth") == "none" and not opts.is_set("base_url"):
        raise InvalidTarget("auth=none (anonymous) works only with a local fake's base_url.")
    if not anonymous:
        from drive_adapters.onedrive.auth import record_file

        credential = make_credential(auth_settings(opts, record_file()))
    clients = build_clients(
        base_url=base_url, credential=credential, concurrency=concurrency,
        time_scale=opts.float("retry_scale"),
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
            simple_upload_max=opts.int("simple_upload_max"),
            fragment_size=opts.int("fragment_size"), concurrency=concurrency,
        )  # fmt: skip
    except BaseException:
        loop.run(clients.aclose())
        loop.close()
        raise
