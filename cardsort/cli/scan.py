"""``cardsort scan PATH``: walk a share into an inventory snapshot and show its summary."""

from __future__ import annotations

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._format import date, display_path, size
from cardsort.cli._say import markup_safe
from cardsort.scan import scan_local
from drive_adapters.find_walk import FindFailed
from drive_adapters.local_scan import ScanRootError, Walker
from sessions.inventory import get_snapshot, list_snapshots, problem_counts, top_level_summary
from sessions.models import Snapshot

PROBLEM_TEXT = {
    "not-utf8": "names that are not valid UTF-8 (kept byte-exact)",
    "nfc-nfd-twin": "names that differ only in Unicode form (NFC/NFD twins)",
    "case-twin": "names that differ only in upper/lower case",
    "unreadable": "folders or files that could not be read",
    "symlink": "symbolic links (recorded, never followed)",
    "deep-path": "entries nested very deep",
    "long-path": "very long paths",
    "empty-file": "empty (zero-byte) files",
    "sparse-file": "sparse files (take less disk than their size)",
    "lock-file": "Office lock files (~$…)",
    "system-file": "system files (Thumbs.db, desktop.ini, .DS_Store)",
    "cloud-document": "cloud documents without size or checksum",
}


def print_summary(app: AppContext, snapshot: Snapshot) -> None:
    """The summary a coordinator reads at a glance: per top-level item, totals and problems."""
    store = app.store
    title = f"Scan {snapshot.id} of {markup_safe(snapshot.root)}"
    table = Table(title=title, title_justify="left")
    table.add_column("Top-level item")
    table.add_column("Files", justify="right")
    table.add_column("Size", justify="right")
    table.add_column("Last change")
    table.add_column("Problems", justify="right")
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
        "Total",
        str(snapshot.file_count),
        size(snapshot.total_bytes),
        "",
        str(snapshot.problem_count) if snapshot.problem_count else "",
    )
    app.console.print(table)
    app.console.print(
        f"{snapshot.entry_count} entries: {snapshot.file_count} files in {snapshot.dir_count} "
        f"folders, {size(snapshot.total_bytes)}."
    )
    counts = problem_counts(store, snapshot.id)
    if counts:
        problems = Table(title="Problems found", title_justify="left")
        problems.add_column("Entries", justify="right")
        problems.add_column("What")
        for problem, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            problems.add_row(str(count), PROBLEM_TEXT.get(problem.value, problem.value))
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
@pass_app
def scan(
    app: AppContext,
    path: str | None,
    hashes: bool,
    list_: bool,
    show: int | None,
    walker: Walker,
) -> None:
    """Scan a local or mounted share (PATH) into an inventory snapshot."""
    if list_:
        table = Table(title="Scans")
        for column in ("Id", "Root", "Started", "Status", "Files", "Size"):
            table.add_column(column)
        for snap in list_snapshots(app.store):
            table.add_row(
                str(snap.id),
                markup_safe(snap.root),
                snap.started_at,
                snap.status.value,
                str(snap.file_count),
                size(snap.total_bytes),
            )
        app.console.print(table)
        return
    if show is not None:
        print_summary(app, get_snapshot(app.store, show))
        return
    if path is None:
        raise UserError("Give the folder to scan, for example: cardsort scan /mnt/schijf-S")
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("[bold]Scanning[/] {task.description}"),
            BarColumn(),
            TextColumn("{task.completed} entries"),
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
        raise UserError(
            f"GNU find could not walk {path}: {error}. Scan with --walker python instead."
        ) from error
    print_summary(app, snapshot)


def register(root: click.Group) -> None:
    """Add ``cardsort scan``."""
    root.add_command(scan)
