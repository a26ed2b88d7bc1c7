"""``cardsort report access PLAN``: who can open what, today and after the migration.

Writes the report as HTML (``--html``) and/or CSV (``--csv``), private to the user like every
report (:mod:`sessions.private_files`); with neither it prints the CSV. For a local source the
"today" column reads the file system (owner, group, mode, POSIX ACLs) of the scanned share.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.i18n import Translator, pick_language
from cardsort.privacy.access_report import access_rows, to_csv, to_html
from cardsort.privacy.fs_access import FsAccess, read_access
from drive_adapters.plan import PlanError, load_plan
from sessions.outfile import OutputFileError, write_output_file

__all__ = ["register"]


@click.command("access")
@click.argument("plan_path", metavar="PLAN", type=click.Path(path_type=Path))
@click.option("--html", "html_file", type=click.Path(path_type=Path), help="Write HTML here.")
@click.option("--csv", "csv_file", type=click.Path(path_type=Path), help="Write CSV here.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language.")
@click.option("--force", is_flag=True, help="Replace existing files.")
@pass_app
def access_command(
    app: AppContext,
    plan_path: Path,
    html_file: Path | None,
    csv_file: Path | None,
    lang: str | None,
    force: bool,
) -> None:
    """Who can open each top-level folder of PLAN's new structure, today and after.

    The school leader signs this before `cardsort migrate apply`.
    """
    tr = Translator(pick_language(lang))
    try:
        plan = load_plan(plan_path)
    except PlanError as error:
        raise UserError(str(error)) from error
    root = plan.snapshot.root_bytes
    local = plan.snapshot.source == "local" and os.path.isdir(root)

    def read(source: bytes) -> FsAccess | None:
        return read_access(Path(os.fsdecode(root + b"/" + source)))

    rows = access_rows(plan, read if local else None)
    try:
        if html_file is not None:
            page = to_html(rows, tr, study=plan.study, source=plan.snapshot.root)
            write_output_file(html_file, page, force=force)
            app.console.print(tr("access.written", path=html_file), markup=False)
        if csv_file is not None:
            write_output_file(csv_file, to_csv(rows, tr), force=force)
            app.console.print(tr("access.written", path=csv_file), markup=False)
    except OutputFileError as error:
        raise UserError(str(error)) from error
    if html_file is None and csv_file is None:
        click.echo(to_csv(rows, tr), nl=False)


def register(root: click.Group) -> None:
    """Add ``access`` to ``cardsort report``."""
    group = root.commands.get("report")
    if isinstance(group, click.Group):
        group.add_command(access_command)
