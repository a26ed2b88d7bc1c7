"""``cardsort import STUDY FILE``: bring sorts collected elsewhere into a study.

The file is read and checked completely before anything is written; a malformed file is
refused with its file, line and reason and the store is left exactly as it was. A new study
name creates the study from the file's cards; an existing study must already have every card
(matched by label, ignoring case, accents and outer spaces, or by key).

Everything it reports is said in Dutch or English (``--lang``, else ``CARDSORT_LANG``, else the
locale): the readers hand back messages as data (:mod:`sessions.formats.messages`) and this
edge translates them.
"""

from __future__ import annotations

from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import plain, say
from cardsort.i18n import LANGUAGES, Translator, pick_language
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
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the report (default: CARDSORT_LANG, then the locale, then Dutch).",
)
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
    lang: str | None,
) -> None:
    """Import sorts from FILE (Casolysis, wide CSV, OptimalSort or JSON) into STUDY."""
    tr = Translator(pick_language(lang))
    try:
        parsed, detected = read_file(file, fmt, encoding, skip_invalid=skip_invalid_rows)
    except FormatError as error:
        rows = [p for p in error.problems if p.line is not None]
        hint = not skip_invalid_rows and rows and len(rows) == len(error.problems)
        raise refused(tr, error, tr("import.skip_hint") if hint else None) from error
    if dry_run:
        for line in parsed.report.lines():
            plain(app.console, say(tr, line))
        skipped = len(parsed.report.skipped)
        cards, sorts = len(parsed.cards), len(parsed.sorts)
        plain(
            app.console,
            tr("import.dry_skipping", cards=cards, sorts=sorts, skipped=skipped)
            if skipped
            else tr("import.dry_valid", cards=cards, sorts=sorts),
        )
        return
    try:
        result = apply_import(
            app.store,
            parsed,
            study,
            on_conflict=OnConflict(on_conflict),
            source_tag=f"import:{detected}",
        )
    except FormatError as error:
        raise refused(tr, error) from error
    for line in result.lines():
        plain(app.console, say(tr, line))


def refused(tr: Translator, error: FormatError, hint: str | None = None) -> UserError:
    """Why a file was refused, in the coordinator's language (and what to try, if anything)."""
    lines = [say(tr, line) for line in error.lines()]
    return UserError("\n".join([*lines, hint] if hint else lines))


def register(root: click.Group) -> None:
    """Add ``import`` to the root group."""
    root.add_command(import_command)
