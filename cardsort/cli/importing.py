"""``cardsort import STUDY FILE``: bring sorts collected elsewhere into a study.

The file is read and checked completely before anything is written; a malformed file is
refused with its file, line and reason and the store is left exactly as it was. A new study
name creates the study from the file's cards; an existing study must already have every card
(matched by label, ignoring case, accents and outer spaces, or by key).
"""

from __future__ import annotations

from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from sessions.formats import FORMATS, FormatError, OnConflict, apply_import, read_file

__all__ = ["register"]


@click.command("import")
@click.argument("study")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="The file's format; auto recognises it by its content.",
)
@click.option("--encoding", help="Text encoding of a CSV that is not UTF-8 (e.g. cp1252).")
@click.option(
    "--on-conflict",
    type=click.Choice([c.value for c in OnConflict]),
    default=OnConflict.REFUSE.value,
    show_default=True,
    help="A participant name that already has a different sort: refuse the file, replace "
    "the sort, or import it under a new name. The very same sort is always skipped.",
)
@click.option(
    "--skip-invalid-rows",
    is_flag=True,
    help="Import what is valid and list every skipped CSV line with its reason (for dirty "
    "exports, e.g. rows without a user id).",
)
@click.option("--dry-run", is_flag=True, help="Check and report only; write nothing.")
@pass_app
def import_command(
    app: AppContext,
    study: str,
    file: Path,
    fmt: str,
    encoding: str | None,
    on_conflict: str,
    skip_invalid_rows: bool,
    dry_run: bool,
) -> None:
    """Import sorts from FILE (Casolysis, wide CSV, OptimalSort or JSON) into STUDY."""
    try:
        parsed, detected = read_file(file, fmt, encoding, skip_invalid=skip_invalid_rows)
    except FormatError as error:
        rows = [p for p in error.problems if p.line is not None]
        if skip_invalid_rows or not rows or len(rows) != len(error.problems):
            raise
        raise UserError(
            f"{error}\nTo import the valid rows and list the skipped ones, add "
            "--skip-invalid-rows (try it first with --dry-run)."
        ) from error
    if dry_run:
        for line in parsed.report.lines():
            app.console.print(line, markup=False)
        skipped = len(parsed.report.skipped)
        app.console.print(
            (
                f"The valid rows can be imported: {len(parsed.cards)} cards, "
                f"{len(parsed.sorts)} sorts; {skipped} row(s) would be skipped. "
                if skipped
                else f"The file is valid: {len(parsed.cards)} cards, {len(parsed.sorts)} sorts. "
            )
            + "Nothing was written (--dry-run).",
            markup=False,
        )
        return
    result = apply_import(
        app.store,
        parsed,
        study,
        on_conflict=OnConflict(on_conflict),
        source_tag=f"import:{detected}",
    )
    for line in result.lines():
        app.console.print(line, markup=False)


def register(root: click.Group) -> None:
    """Add ``import`` to the root group."""
    root.add_command(import_command)
