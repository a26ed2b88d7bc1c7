"""``cardsort drive login onedrive`` and ``cardsort drive onedrive …``: sign in to Microsoft 365,
find a target library, scan it, and upload a folder into it as it is (``upload``: the direct
copy of :mod:`cardsort.cli.migrate_copy` under its older name and options)."""

from __future__ import annotations

from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import plain
from cardsort.cli.drive import drive, login
from cardsort.i18n import LANGUAGES
from drive_adapters.base import DriveError

__all__ = ["register"]

_TARGET_HELP = (
    "me | user:name@school.nl | site:https://school.sharepoint.com/sites/Team/Documents | "
    "drive:DRIVE_ID"
)


def _options(base_url: str | None, concurrency: int) -> dict[str, str]:
    options = {"concurrency": str(concurrency)}
    if base_url:
        options["base_url"] = base_url
    return options


@login.command("onedrive")
@click.option("--app-only", type=click.Choice(["secret", "certificate"]), default=None,
              help="Sign in as the app (unattended runs), not as you.")  # fmt: skip
@click.option("--tenant", envvar="CARDSORT_GRAPH_TENANT", default="organizations",
              help="Tenant id or domain (env CARDSORT_GRAPH_TENANT).")  # fmt: skip
@click.option("--client-id", envvar="CARDSORT_GRAPH_CLIENT_ID", required=True,
              help="The app registration's client id (env CARDSORT_GRAPH_CLIENT_ID).")  # fmt: skip
@click.option("--certificate", type=click.Path(dir_okay=False), default=None,
              help="PEM certificate with private key, for --app-only certificate.")  # fmt: skip
@pass_app
def login_onedrive(
    app: AppContext, app_only: str | None, tenant: str, client_id: str, certificate: str | None
) -> None:
    """Sign in to OneDrive / SharePoint (Microsoft 365).

    Without --app-only you get a code to enter at microsoft.com/devicelogin; delegated
    permission Files.ReadWrite.All (and Sites.Read.All to find a site by URL). App-only needs
    Sites.Selected granted on the one site, and the secret in CARDSORT_GRAPH_CLIENT_SECRET.
    Tokens go to the encrypted system keyring only; without one, sign-in is refused.
    """
    from drive_adapters.onedrive.auth import AuthSettings, record_file, sign_in

    settings = AuthSettings(
        mode=app_only or "device", tenant_id=tenant, client_id=client_id,
        certificate_path=certificate, record_path=record_file(),
    )  # fmt: skip

    def prompt(url: str, code: str, _expires: object) -> None:
        app.console.print(f"Open [bold]{url}[/] and enter the code [bold]{code}[/].")

    try:
        who = sign_in(settings, prompt=prompt)
    except DriveError as error:
        raise UserError(str(error)) from error
    app.console.print(f"Signed in to Microsoft 365 as {who}.")


@drive.group("onedrive")
def onedrive_group() -> None:
    """Look at a OneDrive or SharePoint library."""


@onedrive_group.command("resolve")
@click.argument("target", metavar="TARGET")
@click.option("--base-url", default=None, help="Graph base URL (a local fake for testing).")
@pass_app
def resolve(app: AppContext, target: str, base_url: str | None) -> None:
    """Show which drive TARGET means and what is at its top level.

    TARGET: me | user:UPN | site:https://TENANT.sharepoint.com/sites/SITE/LIBRARY | drive:ID
    """
    from drive_adapters.onedrive import open_target

    try:
        adapter = open_target(target, _options(base_url, 4))
    except DriveError as error:
        raise UserError(str(error)) from error
    try:
        plain(app.console, f"onedrive:{target} → {adapter.description}")
        plain(app.console, f"drive id: {adapter.drive_id}")
        for child in sorted(adapter.children(adapter.root().id), key=lambda c: c.name.casefold()):
            mark = "/" if child.is_folder else ""
            plain(app.console, f"  {child.name}{mark}")
    finally:
        adapter.close()


@onedrive_group.command("upload")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("target", metavar="TARGET")
@click.option("--into", "folder_name", required=True, help="New folder to create at the top.")
@click.option("--base-url", default=None, help="Graph base URL (a local fake for testing).")
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 32))
@click.option("--journal", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the copy's plan and journal (default: ./copy-SOURCE-onedrive); "
              "run again with the same folder to continue.")  # fmt: skip
@click.option("--lang", type=click.Choice(LANGUAGES), default=None,
              help="Language of the messages (default: CARDSORT_LANG, then the locale, then "
              "Dutch).")  # fmt: skip
@pass_app
def upload(
    app: AppContext, source: Path, target: str, folder_name: str, base_url: str | None,
    concurrency: int, journal: Path | None, lang: str | None,
) -> None:  # fmt: skip
    """Upload SOURCE as it is into a new folder of TARGET, then verify every file.

    The same as `cardsort migrate copy SOURCE --target onedrive:TARGET --into FOLDER`: names
    OneDrive refuses are renamed with the OneDrive rules and listed, every step is journalled
    (resume, verify and undo with `cardsort migrate … FOLDER`). To re-organise by card sort,
    apply a plan instead.
    """
    from cardsort.cli.migrate_copy import default_plan_dir, run_copy

    options = _options(base_url, concurrency)
    spec = "onedrive:" + target.removeprefix("onedrive:")
    spec += "?" + "&".join(f"{key}={value}" for key, value in options.items())
    plan_dir = journal or default_plan_dir(source, spec)
    run_copy(app, source, spec, (folder_name,), plan_dir, lang)


@onedrive_group.command("scan")
@click.argument("target", metavar="TARGET")
@click.option("--base-url", default=None, help="Graph base URL (a local fake for testing).")
@pass_app
def scan(app: AppContext, target: str, base_url: str | None) -> None:
    """Scan a OneDrive or SharePoint library into the inventory (delta from the root).

    Ids, sizes, modification times and quickXorHash come from Graph; the delta link is kept, so
    a later catch-up (`cardsort migrate sync`) reads only what changed. A plan made from this
    scan restructures the library in place (TARGET as for resolve).
    """
    from drive_adapters.onedrive import open_target
    from sessions.inventory import SnapshotWriter

    try:
        adapter = open_target(target.removeprefix("onedrive:"), _options(base_url, 4))
    except DriveError as error:
        raise UserError(str(error)) from error
    label = f"onedrive:{target.removeprefix('onedrive:')}"
    try:
        with SnapshotWriter(
            app.store, label, b"", source="onedrive", source_ref=adapter.drive_id, hashed=True
        ) as writer:
            for entry in adapter.scan():
                writer.add(entry)
            snapshot = writer.complete(change_cursor=adapter.scan_cursor)
    except DriveError as error:
        raise UserError(f"{error} (nothing was stored)") from error
    finally:
        adapter.close()
    app.console.print(
        f"Snapshot {snapshot.id} of {label} ({adapter.description}): "
        f"{snapshot.file_count:,} files, {snapshot.dir_count:,} folders, "
        f"{snapshot.total_bytes:,} bytes."
    )


def register(root: click.Group) -> None:
    """The commands are attached to ``cardsort drive`` (registered by cardsort.cli.drive)."""
