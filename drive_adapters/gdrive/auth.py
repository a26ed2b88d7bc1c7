"""Signing in to Google Drive, and keeping the result out of plans, journals and logs.

Two routes, both with the full ``drive`` scope (moving files the app did not create needs it;
``drive.file`` only covers files the app made or the user picked):

* **installed-app OAuth** for an admin (google-auth-oauthlib ``InstalledAppFlow``, a browser on
  this machine, a loopback redirect on a free port);
* a **service account with domain-wide delegation** acting as a named user
  (``Credentials.with_subject(user)``), the usual route for a school's Workspace admin.

Whatever is kept (an OAuth refresh token, a copy of the service-account key, the subject) lives in
the user's config folder (``CARDSORT_GDRIVE_DIR`` overrides it), in a folder with mode 0700 and
files with mode 0600, written atomically. Plans and journals only ever hold the target spec.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from drive_adapters.base import DriveError

__all__ = [
    "DRIVE_SCOPE",
    "LoginError",
    "StoredLogin",
    "config_dir",
    "load_credentials",
    "login_installed_app",
    "login_service_account",
    "stored_login",
    "write_private",
]

DRIVE_SCOPE = "https://www.googleapis.com/auth/drive"
_LOGIN_FILE = "login.json"
_TOKEN_FILE = "oauth-token.json"
_KEY_FILE = "service-account.json"


class LoginError(DriveError):
    """Signing in failed or no sign-in is stored; the message says what to do."""


@dataclass(frozen=True, slots=True)
class StoredLogin:
    """What ``cardsort drive login gdrive`` stored (never the secret itself)."""

    mode: str  # "oauth" or "service_account"
    secret_file: Path
    subject: str | None = None
    client_email: str | None = None


def config_dir() -> Path:
    """Where Google Drive sign-ins are kept (0700)."""
    override = os.environ.get("CARDSORT_GDRIVE_DIR")
    base = (
        Path(override) if override else platformdirs.user_config_path("cardsort-drive") / "gdrive"
    )
    return base


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600, in a 0700 folder."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path.parent, 0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", text=True)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise LoginError(f"{what} {path} does not exist.") from error
    except (OSError, ValueError) as error:
        raise LoginError(f"{what} {path} is not readable JSON ({error}).") from error
    if not isinstance(data, dict):
        raise LoginError(f"{what} {path} is not a JSON object.")
    return data


def login_service_account(
    key_file: Path, subject: str, *, directory: Path | None = None
) -> StoredLogin:
    """Check a service-account key, keep a private copy and remember whom it acts as."""
    data = _read_json(key_file, "The service-account key")
    missing = [k for k in ("type", "client_email", "private_key", "token_uri") if k not in data]
    if data.get("type") != "service_account" or missing:
        raise LoginError(
            f"{key_file} is not a service-account key (download one in the Google Cloud console: "
            "IAM → Service accounts → Keys → Add key → JSON)."
        )
    if "@" not in subject:
        raise LoginError(f"--subject must be a user's e-mail address, not {subject!r}.")
    from google.oauth2 import service_account

    try:
        service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
            data, scopes=[DRIVE_SCOPE]
        )
    except (ValueError, TypeError) as error:
        raise LoginError(f"The key in {key_file} cannot be used: {error}") from error
    folder = directory or config_dir()
    write_private(folder / _KEY_FILE, json.dumps(data))
    login = {
        "mode": "service_account",
        "secret_file": _KEY_FILE,
        "subject": subject,
        "client_email": data["client_email"],
    }
    write_private(folder / _LOGIN_FILE, json.dumps(login, indent=2))
    return StoredLogin("service_account", folder / _KEY_FILE, subject, str(data["client_email"]))


def login_installed_app(
    client_secrets: Path, *, open_browser: bool = True, directory: Path | None = None
) -> StoredLogin:
    """Run the installed-app OAuth flow in a browser and keep the refresh token privately."""
    data = _read_json(client_secrets, "The OAuth client file")
    if "installed" not in data:
        raise LoginError(
            f"{client_secrets} is not an OAuth client of type 'Desktop app' (Google Cloud console: "
            "APIs & Services → Credentials → Create credentials → OAuth client ID → Desktop app)."
        )
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_config(data, scopes=[DRIVE_SCOPE])
    creds = flow.run_local_server(port=0, open_browser=open_browser)
    folder = directory or config_dir()
    write_private(folder / _TOKEN_FILE, creds.to_json())
    write_private(folder / _LOGIN_FILE, json.dumps({"mode": "oauth", "secret_file": _TOKEN_FILE}))
    return StoredLogin("oauth", folder / _TOKEN_FILE)


def stored_login(directory: Path | None = None) -> StoredLogin:
    """The sign-in kept by ``cardsort drive login gdrive``."""
    folder = directory or config_dir()
    data = _read_json(
        folder / _LOGIN_FILE,
        "No Google Drive sign-in found: run `cardsort drive login gdrive` first. Expected",
    )
    return StoredLogin(
        str(data.get("mode")),
        folder / str(data.get("secret_file")),
        data.get("subject"),
        data.get("client_email"),
    )


def load_credentials(options: Mapping[str, str], *, subject: str | None = None) -> Any:
    """Credentials for a real Drive: from ``options["credentials"]`` or the stored sign-in.

    ``subject`` (a ``mydrive:USER`` target) makes a service account act as that user.
    """
    explicit = options.get("credentials")
    if explicit:
        path = Path(explicit).expanduser()
        data = _read_json(path, "The credentials file")
        mode = "service_account" if data.get("type") == "service_account" else "oauth"
        login = StoredLogin(mode, path, options.get("subject"))
    else:
        login = stored_login()
    if login.mode == "service_account":
        from google.oauth2 import service_account

        creds = service_account.Credentials.from_service_account_file(  # type: ignore[no-untyped-call]
            str(login.secret_file), scopes=[DRIVE_SCOPE]
        )
        acting = subject or login.subject
        if not acting:
            raise LoginError(
                "A service account must act as a user: give `--subject USER@SCHOOL` at login "
                "or a `mydrive:USER@SCHOOL` target."
            )
        return creds.with_subject(acting)
    from google.oauth2.credentials import Credentials

    return Credentials.from_authorized_user_file(  # type: ignore[no-untyped-call]
        str(login.secret_file), scopes=[DRIVE_SCOPE]
    )
