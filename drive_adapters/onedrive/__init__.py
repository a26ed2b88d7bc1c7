"""OneDrive and SharePoint document libraries as a :class:`~drive_adapters.base.DriveAdapter`.

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
from pathlib import Path

from drive_adapters.base import DriveError
from drive_adapters.onedrive._loop import LoopThread
from drive_adapters.onedrive.adapter import FRAGMENT_UNIT, OneDriveAdapter
from drive_adapters.onedrive.client import GRAPH_URL, AuthSettings, build_clients, make_credential
from drive_adapters.onedrive.quickxor import QuickXorHash, quickxorhash_bytes, quickxorhash_file
from drive_adapters.onedrive.targets import TargetSpec, parse_target, resolve_drive

__all__ = [
    "OneDriveAdapter",
    "QuickXorHash",
    "TargetSpec",
    "auth_settings",
    "open_target",
    "parse_target",
    "quickxorhash_bytes",
    "quickxorhash_file",
]

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
        from drive_adapters.onedrive.login import record_file

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

            from drive_adapters.onedrive.items import error_from_api

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
