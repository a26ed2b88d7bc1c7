"""Signing in to Microsoft 365, and keeping the result out of plans, journals and logs.

Device code for an admin at a terminal (delegated ``Files.ReadWrite.All``, plus
``Sites.Read.All`` to find a SharePoint site by its URL), or app-only with a client secret or
certificate (``Sites.Selected`` granted on the one site). The token cache is persisted only
through azure-identity's *encrypted* persistence; where the platform offers no secure store,
sign-in is refused with :class:`SecureStoreUnavailable` rather than writing tokens in plain text.
Secrets come from the environment, never from plans or logs. The AuthenticationRecord (account
id, tenant, authority) is not a secret and is kept as JSON in the user's config folder so later
runs can sign in silently.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from drive_adapters.base import DriveError

__all__ = [
    "APP_SCOPES",
    "DELEGATED_SCOPES",
    "AuthSettings",
    "SecureStoreUnavailable",
    "check_secure_store",
    "make_credential",
    "record_file",
    "save_record",
    "sign_in",
]

DELEGATED_SCOPES = ["Files.ReadWrite.All", "Sites.Read.All"]

APP_SCOPES = ["https://graph.microsoft.com/.default"]

TOKEN_CACHE_NAME = "cardsort-drive"

SECRET_ENV = "CARDSORT_GRAPH_CLIENT_SECRET"


class SecureStoreUnavailable(DriveError):
    """There is no encrypted place for the token cache on this machine."""


@dataclass(frozen=True)
class AuthSettings:
    """How to sign in. ``mode``: ``device``, ``secret``, ``certificate`` or ``none`` (fake)."""

    mode: str = "device"
    tenant_id: str = "organizations"
    client_id: str = ""
    certificate_path: str | None = None
    record_path: Path | None = None  # where the (non-secret) AuthenticationRecord is kept
    #: the ``client_secret`` target option; ``None``: read ``CARDSORT_GRAPH_CLIENT_SECRET``
    client_secret: str | None = field(default=None, repr=False)


def check_secure_store() -> None:
    """Raise :class:`SecureStoreUnavailable` unless msal-extensions can encrypt a cache here."""
    try:
        from msal_extensions import build_encrypted_persistence

        with tempfile.TemporaryDirectory() as scratch:
            probe = build_encrypted_persistence(str(Path(scratch) / "probe.cache"))
            probe.save("{}")
    except Exception as error:  # ImportError (no libsecret/gi), keyring locked, no DPAPI…
        raise SecureStoreUnavailable(
            "This computer has no secure place to keep sign-in tokens "
            f"({type(error).__name__}: {error}). cardsort-drive will not store them unencrypted. "
            "On Linux install and unlock a keyring (gnome-keyring + python3-gi / libsecret), "
            "or sign in app-only with a certificate on a machine that has one."
        ) from error


def make_credential(settings: AuthSettings, *, prompt: Any = None) -> Any:
    """An azure-identity credential for ``settings``, with an encrypted persistent cache."""
    from azure.identity import (
        AuthenticationRecord,
        CertificateCredential,
        ClientSecretCredential,
        DeviceCodeCredential,
        TokenCachePersistenceOptions,
    )

    if not settings.client_id:
        raise DriveError("A client id (app registration) is needed to sign in to Microsoft 365.")
    check_secure_store()
    cache = TokenCachePersistenceOptions(name=TOKEN_CACHE_NAME)
    if settings.mode == "device":
        record = None
        if settings.record_path is not None and settings.record_path.is_file():
            record = AuthenticationRecord.deserialize(settings.record_path.read_text("utf-8"))
        return DeviceCodeCredential(
            client_id=settings.client_id,
            tenant_id=settings.tenant_id,
            cache_persistence_options=cache,
            authentication_record=record,
            prompt_callback=prompt,
        )
    if settings.mode == "secret":
        secret = settings.client_secret or os.environ.get(SECRET_ENV)
        if not secret:
            raise DriveError(f"Set {SECRET_ENV} to the app's client secret (it is never stored).")
        return ClientSecretCredential(
            settings.tenant_id, settings.client_id, secret, cache_persistence_options=cache
        )
    if settings.mode == "certificate":
        if not settings.certificate_path or not Path(settings.certificate_path).is_file():
            raise DriveError("App-only sign-in with a certificate needs --certificate PATH.")
        return CertificateCredential(
            settings.tenant_id, settings.client_id, settings.certificate_path,
            cache_persistence_options=cache,
        )  # fmt: skip
    raise DriveError(f"Unknown sign-in mode {settings.mode!r} (device, secret or certificate).")


def save_record(record: Any, path: Path) -> None:
    """Keep the AuthenticationRecord (account and tenant ids, no secrets) for silent sign-in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = record.serialize()
    json.loads(data)  # refuse to write anything that is not the plain JSON record
    path.write_text(data, "utf-8")


def record_file() -> Path:
    """``…/cardsort-drive/onedrive-account.json`` in the user's config folder."""
    return Path(platformdirs.user_config_dir("cardsort-drive")) / "onedrive-account.json"


def sign_in(
    settings: AuthSettings, *, prompt: Callable[[str, str, Any], None] | None = None
) -> str:
    """Sign in now (device code shows ``prompt``); returns who is signed in, for the admin."""
    credential = make_credential(settings, prompt=prompt)
    if settings.mode == "device":
        record = credential.authenticate(scopes=DELEGATED_SCOPES)
        save_record(record, settings.record_path or record_file())
        return f"{record.username} (tenant {record.tenant_id})"
    credential.get_token("https://graph.microsoft.com/.default")
    return f"app {settings.client_id} (tenant {settings.tenant_id})"
