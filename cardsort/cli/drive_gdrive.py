"""``cardsort drive login gdrive``: sign in to Google Drive for applying a plan.

Two ways in, both with the full ``drive`` scope (moving files that cardsort-drive did not create
needs it; ``drive.file`` would only reach files the app made itself):

* ``--client-secrets client_secret.json``: an admin signs in in the browser (installed-app
  OAuth); the refresh token is kept in the user's config folder with mode 0600.
* ``--service-account key.json --subject it@school.nl``: a service account with domain-wide
  delegation acting as that user (the Workspace admin authorises the client id for
  ``https://www.googleapis.com/auth/drive``). A private copy of the key is kept, mode 0600.

Nothing secret is printed, and plans and journals only ever name the target.
"""

from __future__ import annotations

from pathlib import Path

import click

from cardsort.cli._app import UserError
from cardsort.cli.drive import login
from drive_adapters.gdrive.auth import (
    DRIVE_SCOPE,
    LoginError,
    config_dir,
    login_installed_app,
    login_service_account,
)

__all__ = ["login_gdrive", "register"]


@login.command("gdrive")
@click.option(
    "--client-secrets",
    type=click.Path(dir_okay=False, path_type=Path),
    help="OAuth client file of type 'Desktop app' (sign in with a browser).",
)
@click.option(
    "--service-account",
    "key_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Service-account key (JSON) with domain-wide delegation.",
)
@click.option("--subject", help="The user a service account acts as (e-mail address).")
@click.option("--no-browser", is_flag=True, help="Print the sign-in URL instead of opening it.")
def login_gdrive(
    client_secrets: Path | None, key_file: Path | None, subject: str | None, no_browser: bool
) -> None:
    """Sign in to Google Drive (scope: drive, needed to move existing files)."""
    if (client_secrets is None) == (key_file is None):
        raise UserError(
            "Give either --client-secrets FILE or --service-account FILE --subject USER."
        )
    try:
        if key_file is not None:
            if not subject:
                raise UserError("A service account needs --subject USER@SCHOOL (whom it acts as).")
            stored = login_service_account(key_file, subject)
            click.echo(
                f"Service account {stored.client_email} will act as {stored.subject}. "
                f"Check that your Workspace admin allowed it the scope {DRIVE_SCOPE}."
            )
        else:
            assert client_secrets is not None
            stored = login_installed_app(client_secrets, open_browser=not no_browser)
            click.echo("Signed in to Google Drive.")
    except LoginError as error:
        raise UserError(str(error)) from error
    click.echo(f"Kept in {config_dir()} (readable only by you); plans and journals never hold it.")


def register(root: click.Group) -> None:
    """Nothing to add at the root: ``login gdrive`` hangs under ``cardsort drive login``."""
