"""``cardsort migrate simulate|apply|resume|verify|undo|sync PLAN --target SPEC``.

``simulate`` runs the same executor as ``apply`` against an in-memory target with the real
target's rules; ``apply`` and ``resume`` journal every operation next to the plan; ``verify``
compares the target with the plan; ``undo`` reverses what the journal says was done.
Exit statuses (:class:`~cardsort.cli._exit.ExitStatus`, README "Exit statuses"): 0 done, 1
differences found (verify), 2 a mistake in the command, 3 blocked (nothing changed), 4 stopped
partway (resume continues), 5 done with items set aside.

Everything printed is in Dutch or English (``--lang``, else ``CARDSORT_LANG``, else the locale;
texts in :mod:`cardsort.migrate_texts`); the executor's messages are translated here, at the
edge (:func:`cardsort.cli._say.say`). The per-item report CSV keeps the journal's English
wording: it is the record an admin or a helpdesk greps, the same whatever the terminal spoke.
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
from cardsort.cli._say import counted, num, plain, plan_note, rule_label, say, shown
from cardsort.cli.audience import print_access_plan, print_plan_audiences
from cardsort.i18n import LANGUAGES, Translator, pick_language
from cardsort.i18n_catalogue import CATALOGUE
from drive_adapters.base import DriveError
from drive_adapters.executor import (
    ExecutionError,
    Executor,
    RunResult,
    check_target_rules,
    estimate_seconds,
)
from drive_adapters.executor import Progress as RunProgress
from drive_adapters.executor.lock import PlanBusy, PlanLock
from drive_adapters.executor.results import audience_said, reason_of, said, sync_note
from drive_adapters.executor.sync import CatchUp, Deleted
from drive_adapters.executor.sync_source import CloudFiles, CloudSource
from drive_adapters.journal import Journal, JournalError
from drive_adapters.plan import Mode, OpKind, Plan, PlanError, encode_path, load_plan
from drive_adapters.remote.feed import ItemIndex
from drive_adapters.rules import RULESETS, RuleSet
from drive_adapters.rules.long_paths import LIFTED
from drive_adapters.simulated import PreviewRow, SimulatedAdapter
from drive_adapters.targets import Target, TargetError, open_target, parse_spec, shown_spec
from sessions.inventory import get_snapshot, iter_entries
from sessions.models import Snapshot
from sessions.store import StoreError

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


_lang_opt = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the messages (default: CARDSORT_LANG, then the locale, then Dutch).",
)


def _tr(lang: str | None) -> Translator:
    return Translator(pick_language(lang))


def _load(plan_path: Path, tr: Translator) -> tuple[Plan, Path]:
    try:
        plan = load_plan(plan_path)
    except PlanError as error:
        raise UserError(say(tr, error.args[0]) if error.args else str(error)) from error
    directory = plan_path if plan_path.is_dir() else plan_path.parent
    return plan, directory


def _open(tr: Translator, spec: str, plan: Plan, source: str | None = None) -> Target:
    try:
        return open_target(spec, plan, source=source)
    except TargetError as error:  # a Said: the admin reads it in Dutch or English
        raise UserError(say(tr, error.args[0])) from error


def _scan_of(app: AppContext, tr: Translator, plan: Plan) -> Snapshot:
    """The inventory snapshot a plan was made from (a cloud copy reads its items and cursor)."""
    try:
        return get_snapshot(app.store, plan.snapshot.id)
    except StoreError as error:
        raise UserError(
            tr("migrate.scan_needed", error=str(error), source=plan.snapshot.source)
        ) from error


def _cloud_files(app: AppContext, tr: Translator, plan: Plan, target: Target) -> CloudFiles | None:
    """Downloads of a cloud source's files for a copy (``None``: the source is local)."""
    if target.mode is not Mode.COPY or plan.snapshot.source == "local":
        return None
    assert target.source_adapter is not None
    _scan_of(app, tr, plan)
    entries = iter_entries(app.store, plan.snapshot.id)
    index = ItemIndex.from_entries(target.source_adapter.root().id, entries)
    return CloudFiles(target.source_adapter, index.files(), index.documents())


def _ended(error: ExecutionError) -> ExitStatus:
    """Blocked (nothing changed) or stopped partway (resume continues)."""
    return ExitStatus.BLOCKED if error.blocked else ExitStatus.STOPPED


def _title(tr: Translator, rules: RuleSet) -> str:
    """The target's name in the admin's language (the rules' own title for one we do not know)."""
    key = f"migrate.rules.{rules.name}"
    return tr(key) if key in CATALOGUE else rules.title


def _duration(tr: Translator, seconds: float) -> str:
    if seconds < 90:
        return tr("migrate.seconds", n=num(tr, seconds))
    if seconds < 5400:
        return tr("migrate.minutes", n=num(tr, seconds / 60))
    if seconds < 2 * 86400:
        return tr("migrate.hours", n=num(tr, seconds / 3600, 1))
    return tr("migrate.days", n=num(tr, seconds / 86400, 1))


@contextmanager
def _progress_bars(app: AppContext, label: str) -> Iterator[tuple[Progress, list[TaskID]]]:
    bars = Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.fields[amount]}", markup=False),
        TextColumn("{task.fields[eta]}", markup=False),
        console=app.err_console,
        transient=True,
    )
    with bars:
        yield bars, [bars.add_task(label, total=None, amount="", eta="…")]


def _counts(tr: Translator, counts: dict[str, int]) -> str:
    """``what: n, what: n`` for problem codes of the plan and the rules, in words."""
    listed = (f"{rule_label(tr, c)}: {num(tr, n)}" for c, n in sorted(counts.items()))
    return ", ".join(listed) or tr("migrate.none")


def _more(app: AppContext, tr: Translator, total: int, shown_count: int, key: str) -> None:
    if total > shown_count:
        app.console.print(tr(key, count=num(tr, total - shown_count)))


def _rule_problems(app: AppContext, tr: Translator, plan: Plan, target: Target) -> int:
    found = check_target_rules(plan, target.rules, target.mode)
    blocking = [v for v in found if v.severity.value == "blocking"]
    warnings = [v for v in found if v.severity.value == "warning"]
    if warnings:
        codes: dict[str, int] = {}
        for v in warnings:
            codes[v.code] = codes.get(v.code, 0) + 1
        plain(
            app.console,
            tr(
                "migrate.rule_warnings",
                count=num(tr, len(warnings)),
                target=_title(tr, target.rules),
                codes=_counts(tr, codes),
            ),
        )
    if blocking:
        plain(
            app.console,
            tr(
                "migrate.rule_blocking",
                count=num(tr, len(blocking)),
                target=_title(tr, target.rules),
                rules=plan.rules,
                name=target.rules.name,
            ),
            style="red",
        )
        for v in blocking[:15]:
            line = tr("rule.line", path=v.path, message=v.message, label=rule_label(tr, v.code))
            plain(app.console, f"  {line}")
        if any(v.code == "path-too-long" for v in blocking) and target.rules.path_prefix_chars:
            app.console.print(tr("migrate.library_prefix"))
    return len(blocking)


def _run(
    app: AppContext,
    tr: Translator,
    executor: Executor,
    action: str,
    *,
    check_source: bool = True,
) -> RunResult:
    label = tr(f"migrate.action.{action}")
    with _progress_bars(app, label) as (bars, tasks):

        def update(p: RunProgress) -> None:
            by_bytes = p.bytes_total > 0
            eta = p.eta
            bars.update(
                tasks[0],
                total=p.bytes_total if by_bytes else p.ops_total,
                completed=p.bytes_done if by_bytes else p.ops_done,
                description=tr(
                    "migrate.progress",
                    action=label,
                    done=num(tr, p.ops_done),
                    total=num(tr, p.ops_total),
                ),
                amount=tr(
                    "migrate.progress_amount",
                    files_done=num(tr, p.files_done),
                    files_total=num(tr, p.files_total),
                    mb_done=num(tr, p.bytes_done / 1e6, 1),
                    mb_total=num(tr, p.bytes_total / 1e6, 1),
                ),
                eta=tr("migrate.eta", time="…" if eta is None else _duration(tr, eta)),
            )

        executor.progress = update
        if action == "undo":
            return executor.undo()
        return executor.apply(check_source=check_source)


def _print_unreadable(app: AppContext, tr: Translator, plan: Plan) -> None:
    """Folders the scan could not read: they stay where they are; the admin must know."""
    unreadable = plan.unreadable()
    if not unreadable:
        return
    plain(app.console, counted(tr, "migrate.unreadable", len(unreadable)), style="yellow")
    for item in unreadable[:20]:
        plain(app.console, f"  {encode_path(item.source)}")


def _print_failure(app: AppContext, tr: Translator, error: ExecutionError) -> None:
    plain(app.console, say(tr, error.message), style="red")
    for line in error.details[:40]:
        plain(app.console, f"  - {say(tr, line)}")
    _more(app, tr, len(error.details), 40, "migrate.more")


def _summary(app: AppContext, tr: Translator, result: RunResult) -> None:
    kinds = ", ".join(
        f"{tr(f'migrate.kind.{k}')}: {num(tr, n)}" for k, n in sorted(result.by_kind.items())
    )
    plain(
        app.console,
        tr(
            "migrate.summary",
            action=tr(f"migrate.action.{result.action}"),
            ran=num(tr, result.ran),
            kinds=kinds or tr("migrate.none"),
            already=num(tr, result.already_done),
            recovered=num(tr, result.recovered),
            seconds=num(tr, result.seconds, 1),
        ),
    )
    for line in result.skipped[:20]:
        plain(app.console, tr("migrate.skipped", line=say(tr, line)))
    if result.set_aside:
        plain(
            app.console,
            counted(
                tr,
                "migrate.set_aside_head",
                len(result.set_aside),
                verb="undo" if result.action == "undo" else "resume",
            ),
            style="yellow",
        )
        for line in result.set_aside[:40]:
            plain(app.console, tr("migrate.set_aside", line=say(tr, line)))
        _more(app, tr, len(result.set_aside), 40, "migrate.more_report")


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
    help="Where to apply the plan, e.g. local:/srv/share. Cloud and simulated targets take "
    "options after ? (onedrive:me?concurrency=8); the README's Target options lists them.",
)
_source_opt = click.option(
    "--source",
    "source",
    default=None,
    metavar="SPEC",
    help="For a plan made from a OneDrive or Google Drive scan and copied elsewhere: that drive "
    "(default: as it was scanned, e.g. onedrive:me; options after ?).",
)


_ACTIONS = ("apply", "resume", "undo", "sync", "simulate")


def _command(verb: str, plan_path: Path, spec: str) -> str:
    """The command to run next, with the target's secret options shown as ``***``."""
    return shown(f"cardsort migrate {verb} {plan_path} --target {shown_spec(spec)}")


@migrate.command("simulate")
@_plan_arg
@_target_opt
@_lang_opt
@pass_app
def simulate(app: AppContext, plan_path: Path, spec: str, lang: str | None) -> None:
    """Apply the plan to an in-memory target with the target's rules; change nothing."""
    tr = _tr(lang)
    plan, _ = _load(plan_path, tr)
    scheme, _rest, _ = parse_spec(spec) if ":" in spec else (spec, "", {})
    if scheme != "simulated":
        if scheme not in _SIMULATED_FOR:
            raise UserError(tr("migrate.cannot_simulate", spec=shown(shown_spec(spec))))
        spec = f"simulated:{_SIMULATED_FOR[scheme]}"
    target = _open(tr, spec, plan)
    console = app.console
    plain(
        console,
        tr(
            "migrate.simulating",
            plan=plan.plan_id,
            target=_title(tr, target.rules),
            mode=tr(f"migrate.mode.{target.mode.value}"),
        ),
        style="bold",
    )
    print_plan_audiences(
        app, plan.options.get("audiences"), plan.options.get("audience_groups"),
        plan.options.get("audience_libraries"), tr=tr,
    )  # fmt: skip
    blocked = 0
    if plan.blocking():
        blocked += len(plan.blocking())
        plain(console, counted(tr, "migrate.plan_blocks", len(plan.blocking())), "red")
    blocked += _rule_problems(app, tr, plan, target)
    executor = Executor(
        plan,
        target.adapter,
        target.mode,
        Journal.memory(),
        target_label=target.label,
        source_adapter=target.source_adapter,
    )
    blocked += print_access_plan(app, executor, check=True, tr=tr)  # who opens what (issue 13)
    if target.source_adapter is not None:
        changes = executor.source_changes()  # plan problems were counted above, once
        if changes:
            blocked += len(changes)
            plain(console, tr("migrate.source_changed", count=num(tr, len(changes))), "red")
            for line in changes[:20]:
                plain(console, f"  - {say(tr, line)}")
    elif target.note:
        plain(console, tr("migrate.note", note=target.note))
    try:
        result = _run(app, tr, executor, "simulate", check_source=False)
    except ExecutionError as error:
        _print_failure(app, tr, error)
        exit_with(ExitStatus.BLOCKED)  # a rehearsal that cannot finish: apply would not either
        return
    ops = executor.ops
    counts: dict[OpKind, int] = {}
    for op in ops:
        counts[op.kind] = counts.get(op.kind, 0) + 1
    table = Table(title=tr("migrate.would_do"), show_header=True)
    table.add_column(tr("migrate.col.operation"))
    table.add_column(tr("migrate.col.count"), justify="right")
    for kind in (OpKind.MKDIR, OpKind.MOVE, OpKind.RENAME, OpKind.UPLOAD, OpKind.RMDIR):
        if counts.get(kind):
            table.add_row(tr(f"migrate.op.{kind.value}"), num(tr, counts[kind]))
    table.add_row(tr("migrate.files_placed"), num(tr, result.files))
    table.add_row(tr("migrate.bytes"), num(tr, result.bytes))
    console.print(table)
    fixed = [v for v in plan.violations if v.get("severity") == "fixed"]
    console.print(tr("migrate.fixed", count=num(tr, len(fixed))))
    for v in fixed[:25]:
        plain(console, f"  {v['path']}: {rule_label(tr, v['code'])} → {v.get('fix')}")
    _more(app, tr, len(fixed), 25, "migrate.more_in_plan")
    lifted = sum(1 for v in fixed if v.get("code") == LIFTED)
    if lifted:  # listed first above; the reasons are in plan.yaml
        console.print(tr("plan.lifted", count=num(tr, lifted)))
    _print_unreadable(app, tr, plan)
    excluded = plan.excluded()
    if excluded:
        console.print(tr("migrate.excluded", count=num(tr, len(excluded))))
        for item in excluded[:8]:
            shown_source = item.source.decode("utf-8", "backslashreplace")
            plain(console, f"  {shown_source}: {plan_note(tr, item.note)}")
    if isinstance(target.adapter, SimulatedAdapter):
        console.print(tr("migrate.tree"))
        for row in target.adapter.preview_rows(depth=2, width=12):
            plain(console, "  " + "  " * row.level + _tree_row(tr, row))
    estimate = estimate_seconds(ops, target.rules.throughput)
    days = ""
    budget = target.rules.throughput.daily_upload_bytes
    uploaded = sum(op.bytes for op in ops if op.kind is OpKind.UPLOAD)
    if budget and uploaded > budget:
        days = tr(
            "migrate.budget_days",
            gb=num(tr, budget / 1e9),
            days=num(tr, math.ceil(uploaded / budget)),
        )
    elif budget and uploaded:
        days = tr("migrate.budget_fits", gb=num(tr, budget / 1e9))
    plain(
        console,
        tr(
            "migrate.estimate",
            target=_title(tr, target.rules),
            duration=_duration(tr, estimate),
            budget=days,
        ),
    )
    if blocked:
        plain(console, counted(tr, "migrate.blocked", blocked), "red")
        exit_with(ExitStatus.BLOCKED)
    console.print(tr("migrate.clear"))


def _tree_row(tr: Translator, row: PreviewRow) -> str:
    """One line of the resulting tree in the admin's language."""
    if row.more:
        return tr("migrate.tree_more", count=num(tr, row.more))
    if row.is_folder:
        return counted(tr, "migrate.tree_folder", row.files, name=row.name, bytes=num(tr, row.size))
    return tr("migrate.tree_file", name=row.name, bytes=num(tr, row.size))


def _executor(
    app: AppContext, tr: Translator, plan_path: Path, spec: str, *, need_journal: bool = False,
    source: str | None = None,
) -> tuple[Executor, Target, Path]:  # fmt: skip
    plan, directory = _load(plan_path, tr)
    target = _open(tr, spec, plan, source)
    if target.simulated:
        raise UserError(tr("migrate.simulated_changes_nothing"))
    journal_file = journal_path(directory, target.label)
    if need_journal and not journal_file.exists():
        raise UserError(tr("migrate.no_journal", directory=shown(str(directory))))
    try:
        journal = Journal(journal_file)
    except JournalError as error:
        raise UserError(say(tr, error.args[0])) from error
    executor = Executor(
        plan,
        target.adapter,
        target.mode,
        journal,
        target_label=target.label,
        source_adapter=target.source_adapter,
        source_files=_cloud_files(app, tr, plan, target),
    )
    return executor, target, directory


@contextmanager
def _plan_lock(app: AppContext, tr: Translator, plan_path: Path, what: str) -> Iterator[None]:
    """One apply, resume, undo or sync of a plan at a time (see :mod:`.executor.lock`)."""
    directory = plan_path if plan_path.is_dir() else plan_path.parent
    if not directory.is_dir():
        yield  # no plan there: loading it says so
        return
    try:
        lock = PlanLock(directory, what).__enter__()
    except PlanBusy as error:
        holder = (
            tr("migrate.holder", action=tr(f"migrate.action.{error.what}"), pid=error.pid)
            if error.what in _ACTIONS
            else tr("migrate.holder_unknown")
        )
        plain(app.console, tr("migrate.busy", holder=holder), "red")
        exit_with(ExitStatus.BLOCKED)
        return
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def _apply(
    app: AppContext, tr: Translator, plan_path: Path, spec: str, *, resume: bool,
    source: str | None = None,
) -> None:  # fmt: skip
    with _plan_lock(app, tr, plan_path, "resume" if resume else "apply"):
        _apply_locked(app, tr, plan_path, spec, resume=resume, source=source)


def _apply_locked(
    app: AppContext, tr: Translator, plan_path: Path, spec: str, *, resume: bool,
    source: str | None,
) -> None:  # fmt: skip
    executor, target, directory = _executor(
        app, tr, plan_path, spec, need_journal=resume, source=source
    )
    # Closed when the command ends, however it ends: closing wipes erased upload session URLs.
    click.get_current_context().call_on_close(executor.journal.close)
    print_access_plan(app, executor, check=False, tr=tr)  # apply's preflight checks them
    fresh = not executor.journal.meta()
    if fresh and _rule_problems(app, tr, executor.plan, target):
        executor.journal.close()
        journal_file = journal_path(directory, target.label)
        for leftover in (journal_file, *journal_file.parent.glob(journal_file.name + "-*")):
            leftover.unlink(missing_ok=True)
        exit_with(ExitStatus.BLOCKED)
    try:
        result = _run(app, tr, executor, "resume" if resume else "apply")
    except ExecutionError as error:
        _print_failure(app, tr, error)
        executor.write_report(directory / "report-apply.csv")
        journal = journal_path(directory, target.label)
        report = directory / "report-apply.csv"
        plain(
            app.console,
            tr("migrate.journal_report", journal=str(journal), report=str(report)),
        )
        exit_with(_ended(error))
        return
    report = executor.write_report(directory / "report-apply.csv")
    _print_unreadable(app, tr, executor.plan)
    if result.nothing_to_do:
        app.console.print(tr("migrate.nothing_to_do"))
    _summary(app, tr, result)
    plain(app.console, tr("migrate.report", path=str(report)))
    if result.set_aside:
        plain(app.console, tr("migrate.retry", command=_command("resume", plan_path, spec)))
        exit_with(ExitStatus.SET_ASIDE)
    plain(app.console, tr("migrate.check", command=_command("verify", plan_path, spec)))


@migrate.command("apply")
@_plan_arg
@_target_opt
@_source_opt
@_lang_opt
@pass_app
def apply(
    app: AppContext, plan_path: Path, spec: str, source: str | None, lang: str | None
) -> None:
    """Apply the plan, journalling every operation next to it (re-running continues)."""
    _apply(app, _tr(lang), plan_path, spec, resume=False, source=source)


@migrate.command("resume")
@_plan_arg
@_target_opt
@_source_opt
@_lang_opt
@pass_app
def resume(
    app: AppContext, plan_path: Path, spec: str, source: str | None, lang: str | None
) -> None:
    """Continue an interrupted apply from its journal."""
    _apply(app, _tr(lang), plan_path, spec, resume=True, source=source)


@migrate.command("verify")
@_plan_arg
@_target_opt
@click.option(
    "--content",
    is_flag=True,
    help="Also compare file contents by hash (the target's own: SHA-256, quickXorHash on "
    "OneDrive) where the scan or the source allows.",
)
@_source_opt
@_lang_opt
@pass_app
def verify(
    app: AppContext, plan_path: Path, spec: str, content: bool, source: str | None,
    lang: str | None,
) -> None:  # fmt: skip
    """Compare the target with the plan: every file once, same size (and content)."""
    tr = _tr(lang)
    executor, target, directory = _executor(app, tr, plan_path, spec, source=source)
    caught_up = None
    sync_file = _sync_journal(directory, target.label)
    if sync_file.exists():  # after a catch-up the target holds the source's newer state
        catch_up = CatchUp(executor.plan, target.adapter, sync_file, Deleted.LIST)
        caught_up = catch_up.expected_files()
        catch_up.close()
        if caught_up is not None:
            app.console.print(tr("migrate.verify_caught_up"))
    result = executor.verify(content=content, caught_up=caught_up)
    checked = (
        "migrate.verify_checked_mtime"
        if executor.mode is Mode.IN_PLACE
        else "migrate.verify_checked"
    )
    app.console.print(
        tr(
            checked,
            files=num(tr, result.checked_files),
            folders=num(tr, result.checked_folders),
            hashed=num(tr, result.hashed),
            unhashed=num(tr, result.unhashed),
        )
    )
    plain(app.console, tr("migrate.verify_reference", reference=say(tr, result.content_reference)))
    if result.access_checked:  # who can open each folder with an audience (issue 13)
        app.console.print(tr("access.verified", count=result.access_checked))
        for path, audience, who in result.access[:20]:
            opens = ", ".join(who) or say(tr, said("access.nobody"))
            plain(app.console, f"  {path} ({say(tr, audience_said(audience))}): {opens}")
    if result.service_changed:  # SharePoint writes its metadata into Office files and PDFs
        app.console.print(tr("migrate.verify_service", count=num(tr, len(result.service_changed))))
        for line in result.service_changed[:20]:
            plain(app.console, f"  - {say(tr, line)}")
    if result.ok:
        plain(app.console, tr("migrate.verify_ok"), "green")
        return
    plain(app.console, counted(tr, "migrate.verify_differences", len(result.differences)), "red")
    for line in result.differences[:60]:
        plain(app.console, f"  - {say(tr, line)}")
    _more(app, tr, len(result.differences), 60, "migrate.more")
    exit_with(ExitStatus.DIFFERENCES)


@migrate.command("undo")
@_plan_arg
@_target_opt
@_source_opt
@_lang_opt
@pass_app
def undo(app: AppContext, plan_path: Path, spec: str, source: str | None, lang: str | None) -> None:
    """Reverse an applied or partly applied plan from its journal (re-running continues)."""
    tr = _tr(lang)
    with _plan_lock(app, tr, plan_path, "undo"):
        executor, _, directory = _executor(
            app, tr, plan_path, spec, need_journal=True, source=source
        )
        try:
            result = _run(app, tr, executor, "undo")
        except ExecutionError as error:
            _print_failure(app, tr, error)
            exit_with(_ended(error))
            return
        report = executor.write_report(directory / "report-undo.csv")
    _summary(app, tr, result)
    plain(app.console, tr("migrate.report", path=str(report)))
    if result.set_aside:
        plain(app.console, tr("migrate.retry", command=_command("undo", plan_path, spec)))
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
@_source_opt
@_lang_opt
@pass_app
def sync(
    app: AppContext, plan_path: Path, spec: str, deleted: str, simulate: bool,
    source: str | None, lang: str | None,
) -> None:  # fmt: skip
    """Catch up: bring what changed on the source since apply into the new structure.

    New files go to the folder their card went to, changed files are updated (the old copy is
    kept in the archive folder), files edited on the target meanwhile are listed, never
    overwritten. Journalled and resumable; a second catch-up with nothing changed does nothing.
    A OneDrive or Google Drive source is not rescanned: its changes since the scan are read.
    """
    tr = _tr(lang)
    with _plan_lock(app, tr, plan_path, "sync"):
        plan, directory = _load(plan_path, tr)
        target = _open(tr, spec, plan, source)
        if target.simulated or target.mode is not Mode.COPY:
            raise UserError(tr("migrate.sync_not_copy"))
        applied = journal_path(directory, target.label)
        state = ""
        if applied.exists():
            journal = Journal(applied)
            state = journal.meta().get("state", "")
            journal.close()
        if state != "applied":
            plain(app.console, tr("migrate.sync_not_applied"), "red")
            exit_with(ExitStatus.BLOCKED)
            return
        feed: CloudSource | None = None
        if plan.snapshot.source != "local":  # read the drive's changes, never rescan it
            assert target.source_adapter is not None
            try:
                feed = CloudSource(
                    target.source_adapter,
                    entries=iter_entries(app.store, plan.snapshot.id),
                    cursor=_scan_of(app, tr, plan).change_cursor,
                )
            except DriveError as error:
                raise UserError(say(tr, reason_of(error))) from error
        try:
            catch_up = CatchUp(
                plan,
                target.adapter,
                _sync_journal(directory, target.label),
                Deleted(deleted),
                RULESETS.get(plan.rules, target.rules),  # new names as the plan fixed the others
                feed,
            )
        except DriveError as error:
            raise UserError(say(tr, reason_of(error))) from error
        try:
            if simulate:
                found = catch_up.preview()
                counts: dict[str, int] = {}
                for change in found:
                    counts[change.kind.value] = counts.get(change.kind.value, 0) + 1
                plain(app.console, tr("migrate.sync_would", counts=_change_counts(tr, counts)))
                for change in found[:40]:
                    line = f"  {tr(f'migrate.change.{change.kind.value}')}: "
                    line += encode_path(change.source)
                    line += f" → {'/'.join(change.target)}" if change.kind.value != "gone" else ""
                    note = f" ({say(tr, sync_note(change.note))})" if change.note else ""
                    plain(app.console, line + note)
                return
            result = catch_up.run()
        except DriveError as error:  # the change feed could not be read: nothing was done
            raise UserError(say(tr, reason_of(error))) from error
        finally:
            catch_up.close()
            if feed is not None:
                feed.close()
    if result.nothing_changed:
        app.console.print(tr("migrate.sync_nothing"))
        return
    done = _change_counts(tr, result.done)
    plain(
        app.console,
        tr("migrate.sync_done_resumed" if result.resumed else "migrate.sync_done", done=done),
    )
    for line in result.listed[:60]:
        plain(app.console, tr("migrate.listed", line=say(tr, line)))
    for line in result.set_aside[:60]:
        plain(app.console, tr("migrate.set_aside", line=say(tr, line)))
    if result.set_aside or any("nothing was overwritten" in x or "left in place" in x
                               for x in result.listed):  # fmt: skip
        app.console.print(tr("migrate.sync_look"))
        exit_with(ExitStatus.SET_ASIDE)


def _change_counts(tr: Translator, counts: dict[str, int]) -> str:
    """``new: 3, update: 1`` in the admin's language (``nothing`` when empty)."""
    return ", ".join(
        f"{tr(f'migrate.change.{kind}')}: {num(tr, n)}" for kind, n in sorted(counts.items())
    ) or tr("migrate.nothing")


def _sync_journal(directory: Path, target_label: str) -> Path:
    """The catch-up journal of this plan on one target, next to the apply journal."""
    return journal_path(directory, target_label).with_name(
        journal_path(directory, target_label).name.replace("journal-", "sync-", 1)
    )


def register(root: click.Group) -> None:
    """Add ``cardsort migrate`` to the root group."""
    root.add_command(migrate)
