"""Where the non-secret sign-in record lives, and the device-code / app-only sign-in itself.

The AuthenticationRecord (account id, tenant, authority) is not a secret and is kept as JSON in
the user's config folder so later runs can sign in silently; the tokens themselves stay in
azure-identity's encrypted cache (see :mod:`drive_adapters.onedrive.client`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs

from drive_adapters.onedrive.client import (
    DELEGATED_SCOPES,
    AuthSettings,
    make_credential,
    save_record,
)

__all__ = ["record_file", "sign_in"]


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
