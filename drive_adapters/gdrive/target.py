"""Target specs for Google Drive and :func:`open_target`, the entry point ``targets.py`` imports.

Spec forms (after the ``gdrive:`` prefix):

* ``shared:NAME_OR_ID`` – a shared drive, by id or by its exact name;
* ``mydrive`` – the signed-in user's My Drive;
* ``mydrive:USER@SCHOOL`` – that user's My Drive (a service account acts as the user; an OAuth
  sign-in must be that user).

The name is resolved to an id once; :attr:`GDriveAdapter.spec` is the resolved form
(``shared:<id>``) to store in the plan. The options it accepts are declared in :data:`OPTIONS`
and parsed by :func:`drive_adapters.remote.options.parse_options` (the README's table is made
from them); ``api_endpoint`` and ``ca_certs`` point it at a fake (anonymous then).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drive_adapters.base import DriveAdapter, DriveError, DriveItem, ItemKind, ItemNotFound
from drive_adapters.gdrive.adapter import CHUNK_UNIT, FOLDER_MIME, GDriveAdapter, UploadSettings
from drive_adapters.gdrive.transport import Connection, ServiceFactory
from drive_adapters.remote.options import (
    CONCURRENCY,
    RETRY_SCALE,
    Kind,
    Option,
    TargetOptions,
    parse_options,
)

__all__ = ["OPTIONS", "TargetSpec", "connect", "open_target", "parse_spec"]

#: Drive's largest single-request (multipart) upload: "5 MB or less"
#: (developers.google.com/drive/api/guides/manage-uploads).
SINGLE_REQUEST_MAX = 5 * 1024 * 1024

#: The options of a ``gdrive:`` target.
# fmt: off
OPTIONS: tuple[Option, ...] = (
    CONCURRENCY,
    Option(
        "credentials", Kind.PATH, None,
        "An OAuth token or service-account key file instead of the stored sign-in.",
    ),
    Option("subject", Kind.TEXT, None, "The user a service account acts as."),
    Option(
        "chunk_size", Kind.INT, UploadSettings.chunk_size,
        "Bytes per resumable-upload chunk (Drive wants multiples of 256 KiB).",
        minimum=CHUNK_UNIT, multiple_of=CHUNK_UNIT,
    ),
    Option(
        "multipart_max", Kind.INT, UploadSettings.multipart_max,
        "Files up to this many bytes go up in one request; larger ones through a resumable "
        "session (Drive takes at most 5 MB in one request).",
        minimum=1, maximum=SINGLE_REQUEST_MAX,
    ),
    Option(
        "batch_size", Kind.INT, 20,
        "Moves and folder creations per batch request (Drive counts every part).",
        minimum=1, maximum=100,
    ),
    Option(
        "writes_per_second", Kind.FLOAT, 10.0,
        "Sustained writes per second, batch parts included (0: no write shaping).",
        minimum=0,
    ),
    Option("timeout", Kind.FLOAT, 60.0, "Seconds to wait for an answer.", minimum=0, above=True),
    RETRY_SCALE,
    Option(
        "api_endpoint", Kind.TEXT, None,
        "A fake Drive's `https://…/drive/v3/` (tests and demos; anonymous then).",
    ),
    Option("ca_certs", Kind.PATH, None, "The CA certificate of that fake."),
)
# fmt: on


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """A parsed ``gdrive:`` spec."""

    kind: str  # "shared" or "mydrive"
    value: str | None  # shared drive name or id; the user's e-mail for mydrive


def parse_spec(spec_rest: str) -> TargetSpec:
    """Parse the part after ``gdrive:``; a clear :class:`DriveError` for anything else."""
    head, sep, rest = spec_rest.partition(":")
    if head == "shared" and sep and rest.strip():
        return TargetSpec("shared", rest.strip())
    if head == "mydrive" and not sep:
        return TargetSpec("mydrive", None)
    if head == "mydrive" and "@" in rest:
        return TargetSpec("mydrive", rest.strip())
    raise DriveError(
        f"gdrive:{spec_rest} is not a Google Drive target; use gdrive:shared:NAME_OR_ID, "
        "gdrive:mydrive or gdrive:mydrive:USER@SCHOOL"
    )


def connect(options: TargetOptions, *, subject: str | None = None) -> ServiceFactory:
    """A service factory for the real Drive (stored sign-in) or a fake (``api_endpoint``)."""
    endpoint = options.text("api_endpoint")
    credentials: Any = None
    if endpoint is None or options.is_set("credentials"):
        from drive_adapters.gdrive.auth import load_credentials

        given = {k: v for k in ("credentials", "subject") if (v := options.text(k)) is not None}
        credentials = load_credentials(given, subject=subject)
    return ServiceFactory(
        Connection(
            credentials, endpoint, options.text("ca_certs"), timeout=options.float("timeout")
        )
    )


def open_target(spec_rest: str, options: Mapping[str, str]) -> DriveAdapter:
    """Open a Google drive target, resolving names to ids once (see the module docstring)."""
    spec = parse_spec(spec_rest)
    opts = parse_options("gdrive", OPTIONS, options)
    services = connect(opts, subject=spec.value if spec.kind == "mydrive" else None)
    upload = UploadSettings(
        chunk_size=opts.int("chunk_size"), multipart_max=opts.int("multipart_max")
    )
    common: dict[str, Any] = {
        "upload": upload,
        "concurrency": opts.int("concurrency"),
        "batch_size": opts.int("batch_size"),
        "writes_per_second": opts.float("writes_per_second"),
        "retry_scale": opts.float("retry_scale"),
    }
    probe = GDriveAdapter(services, root_id="root", drive_id=None, spec="", **common)
    # One pacer for the account: the adapter opened below inherits the probe's, so a throttle
    # met while resolving the target still holds, and the counters cover every request.
    common["pacer"] = probe.pacer
    if spec.kind == "shared":
        drive_id, name = _resolve_shared(probe, str(spec.value))
        shared = GDriveAdapter(
            services, root_id=drive_id, drive_id=drive_id, spec=f"shared:{drive_id}", **common
        )
        # A shared drive's id "is also the ID of the top level folder" (drives resource
        # reference): its root needs no files.get of its own.
        shared._root = DriveItem(
            id=drive_id,
            parent_id=None,
            name=name,
            kind=ItemKind.FOLDER,
            extra={"mimeType": FOLDER_MIME, "driveId": drive_id},
        )
        return shared
    if spec.value is not None:
        about = probe._execute(
            lambda: services.service().about().get(fields="user(emailAddress)"), "who am I"
        )
        email = str(about.get("user", {}).get("emailAddress", ""))
        if email.lower() != spec.value.lower():
            raise DriveError(
                f"signed in as {email or 'an unknown user'}, but the target is {spec.value}'s "
                "My Drive; sign in as that user (or use a service account with delegation)"
            )
    root = probe.get("root")
    label = f"mydrive:{spec.value}" if spec.value else "mydrive"
    adapter = GDriveAdapter(services, root_id=root.id, drive_id=None, spec=label, **common)
    adapter._root = root
    return adapter


def _resolve_shared(probe: GDriveAdapter, value: str) -> tuple[str, str]:
    """(id, name) of a shared drive given by id or exact name.

    The drives the user is a member of are listed first (one ``drives.list`` page answers for
    up to 100 of them, by id or by name): every run of a migration opens its target, so a
    resumed run costs one request here, not a ``drives.get`` refused for a name plus the list.
    A drive reachable but not listed (an administrator's) is then asked for by id.
    """
    drives = probe.services.service().drives()
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        params: dict[str, Any] = {"pageSize": 100, "fields": "nextPageToken,drives(id,name)"}
        if token:
            params["pageToken"] = token
        page = probe._execute(functools.partial(drives.list, **params), "list shared drives")
        found.extend(page.get("drives", []))
        token = page.get("nextPageToken")
        if not token:
            break
    by_id = [d for d in found if d.get("id") == value]
    if by_id:
        return str(by_id[0]["id"]), str(by_id[0].get("name", ""))
    matches = [d for d in found if d.get("name") == value]
    if len(matches) == 1:
        return str(matches[0]["id"]), value
    if matches:
        ids = ", ".join(str(d["id"]) for d in matches)
        raise DriveError(f"{len(matches)} shared drives are called {value!r}; use one id: {ids}")
    try:
        got = probe._execute(
            lambda: drives.get(driveId=value, fields="id,name"), "find shared drive"
        )
        return str(got["id"]), str(got.get("name", ""))
    except ItemNotFound:
        names = ", ".join(sorted(str(d.get("name")) for d in found)) or "none"
        raise DriveError(f"no shared drive is called {value!r} (you can see: {names})") from None
