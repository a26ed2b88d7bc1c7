"""``cardsort drive login gdrive``: sign in to Google Drive for applying a plan.

Two ways in, both with the full ``drive`` scope (moving files that cardsort-drive did not create
needs it; ``drive.file`` would only reach files the app made itself):

* ``--client-secrets client_secret.json``: an admin signs in in the browser (installed-app
  OAuth); the refresh token is kept in the user's config folder with mode 0600.
* ``--service-account key.json --subject it@school.nl``: a service account with domain-wide
  delegation acting as that user (the Workspace admin authorises the client id for
  ``https://www.googleapis.com/auth/drive``). A private copy of the key is kept, mode 0600.

Nothing secret is printed, and plans and journals only ever name the target.

``cardsort drive gdrive upload SHARE TARGET`` copies a folder straight into a drive without a
card-sort plan: the direct copy of :mod:`cardsort.cli.migrate_copy` under its older options.
"""

from __future__ import annotations

from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli.drive import drive, login
from cardsort.i18n import LANGUAGES
from drive_adapters.base import DriveError
from drive_adapters.gdrive.auth import (
    DRIVE_SCOPE,
    LoginError,
    config_dir,
    login_installed_app,
    login_service_account,
)

__all__ = ["gdrive_group", "login_gdrive", "register"]


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


@drive.group("gdrive")
def gdrive_group() -> None:
    """Google Drive: copy a folder into a shared drive or a My Drive."""


@gdrive_group.command("upload")
@click.argument("share", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("target")
@click.option("--into", default=None, help="A new folder in the drive to copy into.")
@click.option(
    "--record",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the copy's plan and journal; run again with the same folder to resume.",
)
@click.option("--concurrency", type=click.IntRange(1, 16), default=4, show_default=True)
@click.option("--api-endpoint", default=None, help="A fake Drive's https://…/drive/v3/ (tests).")
@click.option("--ca-certs", default=None, help="CA certificate of that fake.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the messages (default: CARDSORT_LANG, then the locale, then Dutch).",
)
@pass_app
def upload(
    app: AppContext,
    share: Path,
    target: str,
    into: str | None,
    record: Path,
    concurrency: int,
    api_endpoint: str | None,
    ca_certs: str | None,
    lang: str | None,
) -> None:
    """Copy SHARE into TARGET (shared:NAME_OR_ID, mydrive, mydrive:USER), then verify it.

    The same as `cardsort migrate copy SHARE --target gdrive:TARGET --into FOLDER --plan
    RECORD`: journalled, resumable, verified by md5, undone with `cardsort migrate undo`.
    """
    from cardsort.cli.migrate_copy import run_copy

    options = {"concurrency": str(concurrency)}
    if api_endpoint:
        options.update(api_endpoint=api_endpoint, ca_certs=ca_certs or "")
    spec = "gdrive:" + target.removeprefix("gdrive:")
    spec += "?" + "&".join(f"{key}={value}" for key, value in options.items())
    run_copy(app, share, spec, (into,) if into else (), record, lang)


@gdrive_group.command("scan")
@click.argument("target")
@click.option("--api-endpoint", default=None, help="A fake Drive's https://…/drive/v3/ (tests).")
@click.option("--ca-certs", default=None, help="CA certificate of that fake.")
@pass_app
def scan(app: AppContext, target: str, api_endpoint: str | None, ca_certs: str | None) -> None:
    """Scan a Google drive (TARGET: shared:NAME_OR_ID, mydrive, mydrive:USER) into the inventory.

    Ids, sizes and sha256/md5 come from Drive; Google Docs, Sheets and Slides have no size or
    checksum and are flagged. A plan made from this scan restructures the drive in place.
    """
    from drive_adapters.gdrive import GDriveAdapter, open_target
    from sessions.inventory import SnapshotWriter

    options = {"api_endpoint": api_endpoint, "ca_certs": ca_certs or ""} if api_endpoint else {}
    try:
        adapter = open_target(target.removeprefix("gdrive:"), options)
        assert isinstance(adapter, GDriveAdapter)
        label = f"gdrive:{adapter.spec}"
        with SnapshotWriter(
            app.store, label, b"", source="gdrive", source_ref=label, hashed=True
        ) as writer:
            for entry in adapter.scan():  # the change token is taken before the walk
                writer.add(entry)
            snapshot = writer.complete(change_cursor=adapter.scan_cursor)
    except DriveError as error:
        raise UserError(f"{error} (nothing was stored)") from error
    app.console.print(
        f"Snapshot {snapshot.id} of {label}: {snapshot.file_count:,} files, "
        f"{snapshot.dir_count:,} folders, {snapshot.total_bytes:,} bytes, "
        f"{snapshot.problem_count:,} with something to know (e.g. Google Docs without a size)."
    )


def register(root: click.Group) -> None:
    """Nothing to add at the root: the commands hang under ``cardsort drive``."""
