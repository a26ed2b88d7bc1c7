"""``cardsort scan PATH``: walk a share into an inventory snapshot and show its summary."""

from __future__ import annotations

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._format import date, display_path, size
from cardsort.cli._say import markup_safe, num, plain
from cardsort.i18n import Translator, pick_language
from cardsort.i18n_catalogue import CATALOGUE
from cardsort.scan import scan_local
from drive_adapters.find_walk import FindFailed
from drive_adapters.local_scan import ScanRootError, Walker
from sessions.inventory import get_snapshot, list_snapshots, problem_counts, top_level_summary
from sessions.models import Snapshot

#: A problem code's words live in the catalogue under ``scan.problem.<code>``.
PROBLEM_KEY = "scan.problem.{}"


def print_summary(app: AppContext, snapshot: Snapshot, tr: Translator | None = None) -> None:
    """The summary a coordinator reads at a glance: per top-level item, totals and problems."""
    tr = tr or Translator(pick_language())
    store = app.store
    title = markup_safe(tr("scan.title", scan=snapshot.id, root=snapshot.root))
    table = Table(title=title, title_justify="left")
    table.add_column(tr("scan.col.top"))
    table.add_column(tr("scan.col.files"), justify="right")
    table.add_column(tr("scan.col.size"), justify="right")
    table.add_column(tr("scan.col.changed"))
    table.add_column(tr("scan.col.problems"), justify="right")
    for item in top_level_summary(store, snapshot.id):
        name = display_path(item.path) + ("/" if item.kind.value == "dir" else "")
        table.add_row(
            markup_safe(name),  # a folder may be called "Notulen [2023]"
            str(item.files),
            size(item.bytes),
            date(item.last_change),
            str(item.problems) if item.problems else "",
        )
    table.add_section()
    table.add_row(
        tr("scan.total"),
        str(snapshot.file_count),
        size(snapshot.total_bytes),
        "",
        str(snapshot.problem_count) if snapshot.problem_count else "",
    )
    app.console.print(table)
    plain(
        app.console,
        tr(
            "scan.entries",
            entries=num(tr, snapshot.entry_count),
            files=num(tr, snapshot.file_count),
            folders=num(tr, snapshot.dir_count),
            size=size(snapshot.total_bytes),
        ),
    )
    counts = problem_counts(store, snapshot.id)
    if counts:
        problems = Table(title=tr("scan.problems.title"), title_justify="left")
        problems.add_column(tr("scan.col.entries"), justify="right")
        problems.add_column(tr("scan.col.what"))
        for problem, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            key = PROBLEM_KEY.format(problem.value)
            problems.add_row(
                str(count), markup_safe(tr(key) if key in CATALOGUE else problem.value)
            )
        app.console.print(problems)


@click.command("scan")
@click.argument("path", required=False, type=click.Path(path_type=str, readable=False))
@click.option(
    "--hash", "hashes", is_flag=True, help="Hash files of equal size, for the duplicates report."
)
@click.option("--list", "list_", is_flag=True, help="List earlier scans instead of scanning.")
@click.option("--show", type=int, metavar="ID", help="Show the summary of an earlier scan.")
@click.option(
    "--walker",
    type=click.Choice(["auto", "find", "python"]),
    default="auto",
    show_default=True,
    help="Who lists the share: GNU find (fast) where it works, or the portable Python walker.",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language (default: CARDSORT_LANG, then the locale, then Dutch).",
)
@pass_app
def scan(
    app: AppContext,
    path: str | None,
    hashes: bool,
    list_: bool,
    show: int | None,
    walker: Walker,
    lang: str | None,
) -> None:
    """Scan a local or mounted share (PATH) into an inventory snapshot."""
    tr = Translator(pick_language(lang))
    if list_:
        table = Table(title=tr("scan.list.title"))
        for column in ("id", "root", "started", "status", "files", "size"):
            table.add_column(tr(f"scan.col.{column}"))
        for snap in list_snapshots(app.store):
            table.add_row(
                str(snap.id),
                markup_safe(snap.root),
                snap.started_at,
                tr(f"scan.status.{snap.status.value}"),
                str(snap.file_count),
                size(snap.total_bytes),
            )
        app.console.print(table)
        return
    if show is not None:
        print_summary(app, get_snapshot(app.store, show), tr)
        return
    if path is None:
        raise UserError(tr("scan.no_path"))
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn(f"[bold]{tr('scan.progress')}[/] {{task.description}}"),
            BarColumn(),
            TextColumn(f"{{task.completed}} {tr('scan.progress.entries')}"),
            TimeElapsedColumn(),
            console=app.err_console,
            transient=True,
        ) as bar:
            task = bar.add_task(path, total=None)
            snapshot = scan_local(
                app.store,
                path,
                hashes=hashes,
                progress=lambda seen, _bytes: bar.update(task, completed=seen),
                walker=walker,
            )
    except ScanRootError as error:
        raise UserError(str(error)) from error
    except FindFailed as error:
        raise UserError(tr("scan.find_failed", path=path, error=error)) from error
    print_summary(app, snapshot, tr)


def register(root: click.Group) -> None:
    """Add ``cardsort scan``."""
    root.add_command(scan)
