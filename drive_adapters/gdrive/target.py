"""Target specs for Google Drive and :func:`open_target`, the entry point ``targets.py`` imports.

Spec forms (after the ``gdrive:`` prefix):

* ``shared:NAME_OR_ID`` – a shared drive, by id or by its exact name;
* ``mydrive`` – the signed-in user's My Drive;
* ``mydrive:USER@SCHOOL`` – that user's My Drive (a service account acts as the user; an OAuth
  sign-in must be that user).

The name is resolved to an id once; :attr:`GDriveAdapter.spec` is the resolved form
(``shared:<id>``) to store in the plan. Options (all strings): ``api_endpoint`` and ``ca_certs``
to point at a fake (anonymous then), ``credentials`` (an OAuth token or service-account key
file instead of the stored sign-in), ``subject``, ``concurrency`` (default 4), ``chunk_size``,
``multipart_max``, ``num_retries``, ``timeout``, ``max_rps`` (requests started per second,
all threads together), ``fast_retries`` (tests: tiny pauses).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drive_adapters.base import DriveAdapter, DriveError, DriveItem, ItemKind, ItemNotFound
from drive_adapters.gdrive.adapter import FOLDER_MIME, GDriveAdapter, UploadSettings
from drive_adapters.gdrive.retry import RetryPolicy
from drive_adapters.gdrive.transport import Connection, ServiceFactory

__all__ = ["TargetSpec", "connect", "open_target", "parse_spec"]


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


def _int(options: Mapping[str, str], key: str, default: int) -> int:
    raw = options.get(key)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as error:
        raise DriveError(f"option {key}={raw!r} is not a whole number") from error
    if value <= 0:
        raise DriveError(f"option {key}={raw!r} must be positive")
    return value


def connect(options: Mapping[str, str], *, subject: str | None = None) -> ServiceFactory:
    """A service factory for the real Drive (stored sign-in) or a fake (``api_endpoint``)."""
    endpoint = options.get("api_endpoint") or None
    credentials: Any = None
    if endpoint is None or options.get("credentials"):
        from drive_adapters.gdrive.auth import load_credentials

        credentials = load_credentials(options, subject=subject)
    timeout = float(options.get("timeout") or 60)
    return ServiceFactory(
        Connection(credentials, endpoint, options.get("ca_certs") or None, timeout=timeout)
    )


def open_target(spec_rest: str, options: Mapping[str, str]) -> DriveAdapter:
    """Open a Google drive target, resolving names to ids once (see the module docstring)."""
    spec = parse_spec(spec_rest)
    services = connect(options, subject=spec.value if spec.kind == "mydrive" else None)
    retry = RetryPolicy.fast() if options.get("fast_retries") == "1" else RetryPolicy()
    retry.num_retries = _int(options, "num_retries", retry.num_retries)
    upload = UploadSettings(
        chunk_size=_int(options, "chunk_size", UploadSettings.chunk_size),
        multipart_max=_int(options, "multipart_max", UploadSettings.multipart_max),
    )
    common: dict[str, Any] = {
        "retry": retry,
        "upload": upload,
        "concurrency": _int(options, "concurrency", 4),
        "max_rps": float(_int(options, "max_rps", 1_000_000)) if options.get("max_rps") else 0.0,
        "batch_size": _int(options, "batch_size", 20),
        "writes_per_second": float(options.get("writes_per_second") or 10.0),
    }
    probe = GDriveAdapter(services, root_id="root", drive_id=None, spec="", **common)
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
    """(id, name) of a shared drive given by id or exact name."""
    drives = probe.services.service().drives()
    try:
        got = probe._execute(
            lambda: drives.get(driveId=value, fields="id,name"), "find shared drive"
        )
        return str(got["id"]), str(got.get("name", ""))
    except ItemNotFound:
        pass
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
    matches = [d for d in found if d.get("name") == value]
    if len(matches) == 1:
        return str(matches[0]["id"]), value
    if not matches:
        names = ", ".join(sorted(str(d.get("name")) for d in found)) or "none"
        raise DriveError(f"no shared drive is called {value!r} (you can see: {names})")
    ids = ", ".join(str(d["id"]) for d in matches)
    raise DriveError(f"{len(matches)} shared drives are called {value!r}; use one id: {ids}")
