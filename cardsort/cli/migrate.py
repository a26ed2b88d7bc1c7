"""``cardsort migrate simulate|apply|resume|verify|undo|sync PLAN --target SPEC``.

``simulate`` runs the same executor as ``apply`` against an in-memory target with the real
target's rules; ``apply`` and ``resume`` journal every operation next to the plan; ``verify``
compares the target with the plan; ``undo`` reverses what the journal says was done.
Exit statuses (:class:`~cardsort.cli._exit.ExitStatus`, README "Exit statuses"): 0 done, 1
differences found (verify), 2 a mistake in the command, 3 blocked (nothing changed), 4 stopped
partway (resume continues), 5 done with items set aside.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
)
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._exit import ExitStatus, exit_with
from cardsort.cli.audience import print_access_plan, print_plan_audiences
from cardsort.i18n import Translator, pick_language
from drive_adapters.executor import (
    ExecutionError,
    Executor,
    RunResult,
    check_target_rules,
    estimate_seconds,
)
from drive_adapters.executor import Progress as RunProgress
from drive_adapters.executor.lock import PlanBusy, PlanLock
from drive_adapters.executor.sync import CatchUp, Deleted
from drive_adapters.journal import Journal, JournalError
from drive_adapters.plan import Mode, OpKind, Plan, PlanError, encode_path, load_plan
from drive_adapters.rules import RULESETS
from drive_adapters.simulated import SimulatedAdapter
from drive_adapters.targets import Target, TargetError, open_target, parse_spec

__all__ = ["register"]


def journal_path(directory: Path, target_label: str) -> Path:
    """The journal of this plan on one target: next to the plan, one file per target."""
    scheme = target_label.partition(":")[0]
    digest = hashlib.sha256(target_label.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return directory / f"journal-{scheme}-{digest}.sqlite"


_SIMULATED_FOR = {
    "local": "local",
    "smb": "smb",
    "local-copy": "local-copy",
    "onedrive": "onedrive",
    "gdrive": "gdrive",
    "simulated": "",
}


def _load(plan_path: Path) -> tuple[Plan, Path]:
    try:
        plan = load_plan(plan_path)
    except PlanError as error:
        raise UserError(str(error)) from error
    directory = plan_path if plan_path.is_dir() else plan_path.parent
    return plan, directory


def _open(spec: str, plan: Plan) -> Target:
    try:
        return open_target(spec, plan)
    except TargetError as error:
        raise UserError(str(error)) from error


def _shown(text: str) -> str:
    """Printable form of text that may hold undecodable bytes (lone surrogates)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _ended(error: ExecutionError) -> ExitStatus:
    """Blocked (nothing changed) or stopped partway (resume continues)."""
    return ExitStatus.BLOCKED if error.blocked else ExitStatus.STOPPED


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


@contextmanager
def _progress_bars(app: AppContext, label: str) -> Iterator[tuple[Progress, list[TaskID]]]:
    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[amount]}"),
        TextColumn("ETA {task.fields[eta]}"),
        console=app.err_console,
        transient=True,
    )
    with bars:
        yield bars, [bars.add_task(label, total=None, amount="", eta="…")]


def _rule_problems(app: AppContext, plan: Plan, target: Target) -> int:
    found = check_target_rules(plan, target.rules, target.mode)
    blocking = [v for v in found if v.severity.value == "blocking"]
    warnings = [v for v in found if v.severity.value == "warning"]
    if warnings:
        codes: dict[str, int] = {}
        for v in warnings:
            codes[v.code] = codes.get(v.code, 0) + 1
        app.console.print(
            f"{len(warnings)} warnings for {target.rules.title}: "
            + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items()))
        )
    if blocking:
        app.console.print(
            f"[red]{len(blocking)} names or limits break the rules of "
            f"{target.rules.title}[/red] (the plan was fixed for "
            f"{plan.rules!r}; re-plan with --rules {target.rules.name}):"
        )
        for v in blocking[:15]:
            app.console.print(_shown(f"  {v.path}: {v.message}"), markup=False)
        if any(v.code == "path-too-long" for v in blocking) and target.rules.path_prefix_chars:
            app.console.print(
                "The target's library address counts in its path limit: re-plan with "
                "--library-url set to the library's web address so long paths are shortened "
                "for it."
            )
    return len(blocking)


def _run(
    app: AppContext, executor: Executor, action: str, *, check_source: bool = True
) -> RunResult:
    with _progress_bars(app, action) as (bars, tasks):

        def update(p: RunProgress) -> None:
            by_bytes = p.bytes_total > 0
            eta = p.eta
            bars.update(
                tasks[0],
                total=p.bytes_total if by_bytes else p.ops_total,
                completed=p.bytes_done if by_bytes else p.ops_done,
                description=f"{action}: operation {p.ops_done:,}/{p.ops_total:,}",
                amount=f"{p.files_done:,}/{p.files_total:,} files, "
                f"{p.bytes_done / 1e6:,.1f}/{p.bytes_total / 1e6:,.1f} MB",
                eta="…" if eta is None else _duration(eta),
            )

        executor.progress = update
        if action == "undo":
            return executor.undo()
        return executor.apply(check_source=check_source)


def _print_unreadable(app: AppContext, plan: Plan) -> None:
    """Folders the scan could not read: they stay where they are; the admin must know."""
    unreadable = plan.unreadable()
    if not unreadable:
        return
    app.console.print(
        f"[yellow]{len(unreadable)} folders could not be read and stay where they are[/yellow] "
        "(move them by hand, or scan again as someone who can read them):"
    )
    for item in unreadable[:20]:
        app.console.print(_shown(f"  {encode_path(item.source)}"), markup=False)


def _print_failure(app: AppContext, error: ExecutionError) -> None:
    app.console.print(f"[red]{_shown(str(error))}[/red]")
    for line in error.details[:40]:
        app.console.print(_shown(f"  - {line}"), markup=False)
    if len(error.details) > 40:
        app.console.print(f"  … and {len(error.details) - 40} more")


def _summary(app: AppContext, result: RunResult) -> None:
    kinds = ", ".join(f"{k}: {n:,}" for k, n in sorted(result.by_kind.items())) or "none"
    app.console.print(
        f"{result.action}: {result.ran:,} operations run ({kinds}), {result.already_done:,} "
        f"already done, {result.recovered} recovered after an interruption, in "
        f"{result.seconds:.1f} s"
    )
    for line in result.skipped[:20]:
        app.console.print(_shown(f"  skipped: {line}"), markup=False)
    if result.set_aside:
        app.console.print(
            f"[yellow]{len(result.set_aside):,} operations set aside[/yellow] (everything else "
            f"is done); fix the cause, then run {'undo' if result.action == 'undo' else 'resume'} "
            "again to retry them:"
        )
        for line in result.set_aside[:40]:
            app.console.print(_shown(f"  set aside: {line}"), markup=False)
        if len(result.set_aside) > 40:
            app.console.print(f"  … and {len(result.set_aside) - 40:,} more (see the report)")


@click.group("migrate")
def migrate() -> None:
    """Simulate, apply, resume, verify or undo a migration plan on a target.

    Targets: local:PATH (restructure the share in place), smb:PATH, local-copy:PATH,
    onedrive:…, gdrive:…, simulated:onedrive|gdrive|local|smb|local-copy.
    """


_plan_arg = click.argument("plan_path", metavar="PLAN", type=click.Path(path_type=Path))
_target_opt = click.option(
    "--target",
    "spec",
    required=True,
    metavar="SPEC",
    help="Where to apply the plan, e.g. local:/srv/share.",
)


@migrate.command("simulate")
@_plan_arg
@_target_opt
@pass_app
def simulate(app: AppContext, plan_path: Path, spec: str) -> None:
    """Apply the plan to an in-memory target with the target's rules; change nothing."""
    plan, _ = _load(plan_path)
    scheme, _rest, _ = parse_spec(spec) if ":" in spec else (spec, "", {})
    if scheme != "simulated":
        if scheme not in _SIMULATED_FOR:
            raise UserError(
                f"Cannot simulate {spec!r}; use simulated:onedrive, gdrive, local, "
                "smb or local-copy."
            )
        spec = f"simulated:{_SIMULATED_FOR[scheme]}"
    target = _open(spec, plan)
    console = app.console
    console.print(
        f"[bold]Simulating[/bold] plan {plan.plan_id} on {target.rules.title} ({target.mode.value})"
    )
    print_plan_audiences(
        app, plan.options.get("audiences"), plan.options.get("audience_groups"),
        plan.options.get("audience_libraries"),
    )  # fmt: skip
    blocked = 0
    if plan.blocking():
        blocked += len(plan.blocking())
        console.print(f"[red]{len(plan.blocking())} problems in the plan block it.[/red]")
    blocked += _rule_problems(app, plan, target)
    executor = Executor(
        plan,
        target.adapter,
        target.mode,
        Journal.memory(),
        target_label=target.label,
        source_adapter=target.source_adapter,
    )
    blocked += print_access_plan(app, executor, check=True)  # who can open what (issue 13)
    if target.source_adapter is not None:
        changes = executor.source_changes()  # plan problems were counted above, once
        if changes:
            blocked += len(changes)
            console.print(f"[red]The source changed since the scan ({len(changes)}):[/red]")
            for line in changes[:20]:
                console.print(_shown(f"  - {line}"), markup=False)
    elif target.note:
        console.print(f"Note: {target.note}")
    try:
        result = _run(app, executor, "simulate", check_source=False)
    except ExecutionError as error:
        _print_failure(app, error)
        exit_with(ExitStatus.BLOCKED)  # a rehearsal that cannot finish: apply would not either
        return
    ops = executor.ops
    counts: dict[OpKind, int] = {}
    for op in ops:
        counts[op.kind] = counts.get(op.kind, 0) + 1
    table = Table(title="What apply would do", show_header=True)
    table.add_column("operation")
    table.add_column("count", justify="right")
    names = {
        OpKind.MKDIR: "folders to create",
        OpKind.MOVE: "moves (whole folders/files)",
        OpKind.RENAME: "renames",
        OpKind.UPLOAD: "files to copy/upload",
        OpKind.RMDIR: "emptied old folders to remove",
    }
    for kind, label in names.items():
        if counts.get(kind):
            table.add_row(label, f"{counts[kind]:,}")
    table.add_row("files placed", f"{result.files:,}")
    table.add_row("bytes", f"{result.bytes:,}")
    console.print(table)
    fixed = [v for v in plan.violations if v.get("severity") == "fixed"]
    console.print(f"Problems found and fixed in the plan: {len(fixed)}")
    for v in fixed[:25]:
        console.print(f"  {v['path']}: {v['code']} → {v.get('fix')}", markup=False)
    if len(fixed) > 25:
        console.print(f"  … and {len(fixed) - 25} more (see plan.yaml)")
    _print_unreadable(app, plan)
    excluded = plan.excluded()
    if excluded:
        console.print(f"Excluded and listed: {len(excluded)} (lock/system files, links)")
        for item in excluded[:8]:
            console.print(
                f"  {item.source.decode('utf-8', 'backslashreplace')}: {item.note}", markup=False
            )
    if isinstance(target.adapter, SimulatedAdapter):
        console.print("Resulting tree:")
        for line in target.adapter.preview(depth=2, width=12):
            console.print(_shown("  " + line), markup=False)
    estimate = estimate_seconds(ops, target.rules.throughput)
    days = ""
    budget = target.rules.throughput.daily_upload_bytes
    uploaded = sum(op.bytes for op in ops if op.kind is OpKind.UPLOAD)
    if budget and uploaded > budget:
        days = (
            f"; the {budget / 1e9:.0f} GB/day upload budget alone needs "
            f"{math.ceil(uploaded / budget)} days"
        )
    elif budget and uploaded:
        days = f"; fits in one day's {budget / 1e9:.0f} GB upload budget"
    console.print(f"Estimated duration on {target.rules.title}: {_duration(estimate)}{days}")
    if blocked:
        console.print(f"[red]Blocked: {blocked} problems must be solved before apply.[/red]")
        exit_with(ExitStatus.BLOCKED)
    console.print("Nothing blocks this plan.")


def _executor(
    app: AppContext, plan_path: Path, spec: str, *, need_journal: bool = False
) -> tuple[Executor, Target, Path]:
    plan, directory = _load(plan_path)
    target = _open(spec, plan)
    if target.simulated:
        raise UserError("A simulated target changes nothing; use `cardsort migrate simulate`.")
    journal_file = journal_path(directory, target.label)
    if need_journal and not journal_file.exists():
        raise UserError(
            f"There is no journal in {directory}: this plan was never applied. "
            "Use `cardsort migrate apply`."
        )
    try:
        journal = Journal(journal_file)
    except JournalError as error:
        raise UserError(str(error)) from error
    executor = Executor(
        plan,
        target.adapter,
        target.mode,
        journal,
        target_label=target.label,
        source_adapter=target.source_adapter,
    )
    return executor, target, directory


@contextmanager
def _plan_lock(app: AppContext, plan_path: Path, what: str) -> Iterator[None]:
    """One apply, resume, undo or sync of a plan at a time (see :mod:`.executor.lock`)."""
    directory = plan_path if plan_path.is_dir() else plan_path.parent
    if not directory.is_dir():
        yield  # no plan there: loading it says so
        return
    try:
        lock = PlanLock(directory, what).__enter__()
    except PlanBusy as error:
        app.console.print(f"[red]{error}[/red]")
        exit_with(ExitStatus.BLOCKED)
        return
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def _apply(app: AppContext, plan_path: Path, spec: str, *, resume: bool) -> None:
    with _plan_lock(app, plan_path, "resume" if resume else "apply"):
        _apply_locked(app, plan_path, spec, resume=resume)


def _apply_locked(app: AppContext, plan_path: Path, spec: str, *, resume: bool) -> None:
    executor, target, directory = _executor(app, plan_path, spec, need_journal=resume)
    print_access_plan(app, executor, check=False)  # apply's preflight checks (executor/access)
    fresh = not executor.journal.meta()
    if fresh and _rule_problems(app, executor.plan, target):
        executor.journal.close()
        journal_file = journal_path(directory, target.label)
        for leftover in (journal_file, *journal_file.parent.glob(journal_file.name + "-*")):
            leftover.unlink(missing_ok=True)
        exit_with(ExitStatus.BLOCKED)
    try:
        result = _run(app, executor, "resume" if resume else "apply")
    except ExecutionError as error:
        _print_failure(app, error)
        executor.write_report(directory / "report-apply.csv")
        app.console.print(
            f"Journal: {journal_path(directory, target.label)}. "
            f"Per-item report: {directory / 'report-apply.csv'}"
        )
        exit_with(_ended(error))
        return
    report = executor.write_report(directory / "report-apply.csv")
    _print_unreadable(app, executor.plan)
    if result.nothing_to_do:
        app.console.print("Everything in this plan was done already; nothing changed.")
    _summary(app, result)
    app.console.print(f"Per-item report: {report}")
    if result.set_aside:
        app.console.print(f"Retry: cardsort migrate resume {plan_path} --target {spec}")
        exit_with(ExitStatus.SET_ASIDE)
    app.console.print(f"Check it: cardsort migrate verify {plan_path} --target {spec}")


@migrate.command("apply")
@_plan_arg
@_target_opt
@pass_app
def apply(app: AppContext, plan_path: Path, spec: str) -> None:
    """Apply the plan, journalling every operation next to it (re-running continues)."""
    _apply(app, plan_path, spec, resume=False)


@migrate.command("resume")
@_plan_arg
@_target_opt
@pass_app
def resume(app: AppContext, plan_path: Path, spec: str) -> None:
    """Continue an interrupted apply from its journal."""
    _apply(app, plan_path, spec, resume=True)


@migrate.command("verify")
@_plan_arg
@_target_opt
@click.option(
    "--content",
    is_flag=True,
    help="Also compare file contents by hash (the target's own: SHA-256, quickXorHash on "
    "OneDrive) where the scan or the source allows.",
)
@pass_app
def verify(app: AppContext, plan_path: Path, spec: str, content: bool) -> None:
    """Compare the target with the plan: every file once, same size (and content)."""
    executor, target, directory = _executor(app, plan_path, spec)
    caught_up = None
    sync_file = _sync_journal(directory, target.label)
    if sync_file.exists():  # after a catch-up the target holds the source's newer state
        catch_up = CatchUp(executor.plan, target.adapter, sync_file, Deleted.LIST)
        caught_up = catch_up.expected_files()
        catch_up.close()
        if caught_up is not None:
            app.console.print("Compared with the state of the last catch-up (migrate sync).")
    result = executor.verify(content=content, caught_up=caught_up)
    app.console.print(
        f"Checked {result.checked_files:,} files and {result.checked_folders:,} folders: "
        f"{result.hashed:,} files by content, {result.unhashed:,} by size"
        + (" and modification time" if executor.mode is Mode.IN_PLACE else "")
        + " only."
    )
    app.console.print(f"Content compared: {result.content_reference}.")
    if result.access_checked:
        tr = Translator(pick_language())
        app.console.print(tr("access.verified", count=result.access_checked))
    if result.service_changed:  # SharePoint writes its metadata into Office files and PDFs
        app.console.print(
            f"{len(result.service_changed):,} files were changed by the service itself after "
            "upload (a SharePoint library adds its metadata to Office files and PDFs); each "
            "still holds exactly what the service reported when it was uploaded:"
        )
        for line in result.service_changed[:20]:
            app.console.print(_shown(f"  - {line}"), markup=False)
    if result.ok:
        app.console.print("[green]The target matches the plan.[/green]")
        return
    app.console.print(f"[red]{len(result.differences)} differences:[/red]")
    for line in result.differences[:60]:
        app.console.print(_shown(f"  - {line}"), markup=False)
    exit_with(ExitStatus.DIFFERENCES)


@migrate.command("undo")
@_plan_arg
@_target_opt
@pass_app
def undo(app: AppContext, plan_path: Path, spec: str) -> None:
    """Reverse an applied or partly applied plan from its journal (re-running continues)."""
    with _plan_lock(app, plan_path, "undo"):
        executor, _, directory = _executor(app, plan_path, spec, need_journal=True)
        try:
            result = _run(app, executor, "undo")
        except ExecutionError as error:
            _print_failure(app, error)
            exit_with(_ended(error))
            return
        report = executor.write_report(directory / "report-undo.csv")
    _summary(app, result)
    app.console.print(f"Per-item report: {report}")
    if result.set_aside:
        app.console.print(f"Retry: cardsort migrate undo {plan_path} --target {spec}")
        exit_with(ExitStatus.SET_ASIDE)


@migrate.command("sync")
@_plan_arg
@_target_opt
@click.option(
    "--deleted",
    type=click.Choice([d.value for d in Deleted]),
    default=Deleted.LIST.value,
    show_default=True,
    help="Files gone from the source: mirror (move their copies to the archive folder on the "
    "target), keep (leave them), list (only list them).",
)
@click.option("--simulate", is_flag=True, help="Only show what the catch-up would do.")
@pass_app
def sync(app: AppContext, plan_path: Path, spec: str, deleted: str, simulate: bool) -> None:
    """Catch up: bring what changed on the source since apply into the new structure.

    New files go to the folder their card went to, changed files are updated (the old copy is
    kept in the archive folder), files edited on the target meanwhile are listed, never
    overwritten. Journalled and resumable; a second catch-up with nothing changed does nothing.
    """
    with _plan_lock(app, plan_path, "sync"):
        plan, directory = _load(plan_path)
        target = _open(spec, plan)
        if target.simulated or target.mode is not Mode.COPY:
            raise UserError(
                "A catch-up copies changes from the old share to a copy of it (local-copy:, "
                "onedrive:, gdrive:); in place the share itself is already the new structure."
            )
        applied = journal_path(directory, target.label)
        state = ""
        if applied.exists():
            journal = Journal(applied)
            state = journal.meta().get("state", "")
            journal.close()
        if state != "applied":
            app.console.print(
                "[red]This plan has not been applied to this target (or not finished); apply "
                "or resume it first, then catch up.[/red]"
            )
            exit_with(ExitStatus.BLOCKED)
            return
        catch_up = CatchUp(
            plan,
            target.adapter,
            _sync_journal(directory, target.label),
            Deleted(deleted),
            RULESETS.get(plan.rules, target.rules),  # new names as the plan fixed the others
        )
        try:
            if simulate:
                found = catch_up.preview()
                counts: dict[str, int] = {}
                for change in found:
                    counts[change.kind.value] = counts.get(change.kind.value, 0) + 1
                app.console.print(
                    "Catch-up would do: "
                    + (", ".join(f"{k}: {n}" for k, n in sorted(counts.items())) or "nothing")
                )
                for change in found[:40]:
                    line = f"  {change.kind.value}: {encode_path(change.source)}"
                    line += f" → {'/'.join(change.target)}" if change.kind.value != "gone" else ""
                    app.console.print(_shown(line + (f" ({change.note})" if change.note else "")),
                                      markup=False)  # fmt: skip
                return
            result = catch_up.run()
        finally:
            catch_up.close()
    if result.nothing_changed:
        app.console.print("Nothing changed since the last catch-up; nothing was done.")
        return
    done = ", ".join(f"{k}: {n}" for k, n in sorted(result.done.items())) or "nothing"
    app.console.print(f"Catch-up{' (resumed)' if result.resumed else ''}: {done}.")
    for line in result.listed[:60]:
        app.console.print(_shown(f"  listed: {line}"), markup=False)
    for line in result.set_aside[:60]:
        app.console.print(_shown(f"  set aside: {line}"), markup=False)
    if result.set_aside or any("nothing was overwritten" in x or "left in place" in x
                               for x in result.listed):  # fmt: skip
        app.console.print(
            "Some files were set aside or are in conflict (listed above); run sync again "
            "after looking at them."
        )
        exit_with(ExitStatus.SET_ASIDE)


def _sync_journal(directory: Path, target_label: str) -> Path:
    """The catch-up journal of this plan on one target, next to the apply journal."""
    return journal_path(directory, target_label).with_name(
        journal_path(directory, target_label).name.replace("journal-", "sync-", 1)
    )


def register(root: click.Group) -> None:
    """Add ``cardsort migrate`` to the root group."""
    root.add_command(migrate)
