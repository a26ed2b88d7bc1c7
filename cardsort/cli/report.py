"""``cardsort report duplicates|stale``: what the seed report asks of a share.

"Are data stored in several places, and is that needed?" (duplicates), and what nobody touched
for years (archive candidates). Each as a table, CSV or JSON.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._format import date, display_path, size
from cardsort.cli._say import markup_safe, num
from cardsort.cli.exporting import write_output
from cardsort.i18n import Translator, pick_language
from sessions.inventory import duplicate_groups, get_snapshot, latest_snapshot, stale_items
from sessions.models import Snapshot

FORMATS = click.Choice(["table", "csv", "json"])


_lang_opt = click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language of the table (default: CARDSORT_LANG, then the locale, then Dutch).",
)


def _snapshot(app: AppContext, snapshot_id: int | None) -> Snapshot:
    return get_snapshot(app.store, snapshot_id) if snapshot_id else latest_snapshot(app.store)


def _emit(
    app: AppContext,
    fmt: str,
    output: str | None,
    header: Sequence[str],
    rows: list[list[Any]],
    payload: Any,
    table: Table,
    tr: Translator,
    force: bool = False,
) -> None:
    if fmt == "table":
        if output:
            raise UserError(tr("report.output_needs_format"))
        app.console.print(table)
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        text = buffer.getvalue()
    else:
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    if output:
        write_output(Path(output), text, force=force)  # a regular file only with --force
        app.err_console.print(tr("report.wrote", path=output), markup=False)
    else:
        click.echo(text, nl=False)


@click.group("report")
def report() -> None:
    """Reports on the latest scan: duplicates, stale items, who can open what."""


@report.command("duplicates")
@click.option("--snapshot", "snapshot_id", type=int, help="Scan id (default: the latest).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a new file.")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@_lang_opt
@pass_app
def duplicates(
    app: AppContext,
    snapshot_id: int | None,
    fmt: str,
    output: str | None,
    force: bool,
    lang: str | None,
) -> None:
    """Groups of identical files and the space the extra copies take."""
    tr = Translator(pick_language(lang))
    snapshot = _snapshot(app, snapshot_id)
    groups = duplicate_groups(app.store, snapshot.id)
    wasted = sum(g.wasted_bytes for g in groups)
    table = Table(
        title=tr(
            "report.duplicates.title",
            scan=snapshot.id,
            sets=num(tr, len(groups)),
            size=size(wasted),
        ),
        title_justify="left",
    )
    table.add_column(tr("report.col.copies"), justify="right")
    table.add_column(tr("report.col.size"), justify="right")
    table.add_column(tr("report.col.wasted"), justify="right")
    table.add_column(tr("report.col.where"))
    rows: list[list[Any]] = []
    for group in groups:
        paths = [display_path(p) for p in group.paths]
        where = markup_safe("\n".join(paths))  # file names like "Notulen [concept].docx"
        table.add_row(str(len(paths)), size(group.size), size(group.wasted_bytes), where)
        rows.extend([group.hash, group.size, len(paths), path] for path in paths)
    payload = {
        "snapshot": snapshot.id,
        "groups": len(groups),
        "wasted_bytes": wasted,
        "duplicates": [
            {
                "hash": g.hash,
                "size": g.size,
                "wasted_bytes": g.wasted_bytes,
                "paths": [display_path(p) for p in g.paths],
            }
            for g in groups
        ],
    }
    header = ["hash", "size", "copies", "path"]  # a file's column names stay as they are
    _emit(app, fmt, output, header, rows, payload, table, tr, force)


@report.command("stale")
@click.option(
    "--years",
    type=click.FloatRange(min=0.1),
    default=5,
    show_default=True,
    help="Items nobody changed in this many years.",
)
@click.option("--snapshot", "snapshot_id", type=int, help="Scan id (default: the latest).")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write to a new file.")
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@_lang_opt
@pass_app
def stale(
    app: AppContext,
    years: float,
    snapshot_id: int | None,
    fmt: str,
    output: str | None,
    force: bool,
    lang: str | None,
) -> None:
    """Folders and files nobody changed in N years: candidates for an archive."""
    tr = Translator(pick_language(lang))
    snapshot = _snapshot(app, snapshot_id)
    cutoff = time.time() - years * 365.25 * 86_400
    items = stale_items(app.store, snapshot.id, older_than=cutoff)
    total = sum(i.bytes for i in items)
    table = Table(
        title=tr(
            "report.stale.title",
            years=num(tr, years, 0 if years == int(years) else 1),
            scan=snapshot.id,
            items=num(tr, len(items)),
            size=size(total),
        ),
        title_justify="left",
    )
    for column in ("item", "files", "size", "changed"):
        right = column in ("files", "size")
        table.add_column(tr(f"report.col.{column}"), justify="right" if right else "left")
    rows = []
    for item in items:
        table.add_row(
            markup_safe(display_path(item.path)),
            str(item.files),
            size(item.bytes),
            date(item.last_change),
        )
        rows.append([display_path(item.path), item.files, item.bytes, date(item.last_change)])
    payload = {
        "snapshot": snapshot.id,
        "years": years,
        "total_bytes": total,
        "stale": [
            dict(zip(["path", "files", "bytes", "last_change"], r, strict=True)) for r in rows
        ],
    }
    header = ["path", "files", "bytes", "last_change"]
    _emit(app, fmt, output, header, rows, payload, table, tr, force)


def register(root: click.Group) -> None:
    """Add ``cardsort report``."""
    root.add_command(report)
