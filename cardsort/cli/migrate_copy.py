"""``cardsort migrate copy SOURCE --target SPEC``: copy a folder as it is, as a migration.

No card sort: the folder is scanned and planned unchanged (:mod:`cardsort.copying`; names the
target cannot hold renamed by its rules and listed, symlinks and special files never followed
and listed), the plan is saved in a plan folder like any other, then applied by the migration
executor with its journal and verified by content. Everything else a plan has works on it:
``migrate resume``, ``verify --content``, ``undo`` and ``sync`` with that folder, the per-item
report, and the exit statuses (:class:`~cardsort.cli._exit.ExitStatus`). Running the same
command again continues the copy from its journal.

``cardsort drive onedrive upload`` and ``cardsort drive gdrive upload`` are the same copy with
their older options (:func:`run_copy`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._exit import ExitStatus, exit_with
from cardsort.cli._say import shown
from cardsort.cli.migrate import (
    _ended,
    _plan_lock,
    _print_failure,
    _rule_problems,
    _run,
    _summary,
    _tr,
    journal_path,
    migrate,
)
from drive_adapters.executor import ExecutionError, Executor
from drive_adapters.journal import Journal, JournalError
from drive_adapters.plan import Action, Plan, PlanError, encode_path, load_plan, save_plan
from drive_adapters.rules import get_ruleset
from drive_adapters.targets import Target, TargetError, open_target, parse_spec
from sessions.private_files import make_dirs

__all__ = ["default_plan_dir", "register", "run_copy"]

#: The rules a copy is planned with before the target is opened (it then adds its path prefix).
_RULES_FOR = {"onedrive": "onedrive", "gdrive": "gdrive", "local-copy": "local"}


def default_plan_dir(source: Path, spec: str) -> Path:
    """``./copy-SOURCE-SCHEME``: one plan folder per source and kind of target."""
    scheme = spec.partition(":")[0] or "target"
    name = re.sub(r"[^A-Za-z0-9]+", "-", Path(os.path.abspath(source)).name).strip("-").lower()
    return Path(f"copy-{name or 'share'}-{scheme}")


def _rules_name(spec: str) -> str:
    try:
        scheme, rest, _ = parse_spec(spec)
    except TargetError as error:
        raise UserError(str(error)) from error
    name = rest if scheme == "simulated" else scheme
    if scheme in ("local", "smb") or name not in (*_RULES_FOR, "local", "smb"):
        raise UserError(
            f"A copy goes to another place: use local-copy:PATH, onedrive:…, gdrive:… or "
            f"simulated:onedrive|gdrive|local-copy, not {spec!r}."
        )
    if scheme == "simulated":
        raise UserError("A simulated target changes nothing; copy to a real target.")
    return _RULES_FOR.get(name, name)


def _open(spec: str, plan: Plan) -> Target:
    try:
        return open_target(spec, plan)
    except TargetError as error:
        raise UserError(str(error)) from error


def _existing_plan(plan_dir: Path, source: Path, into: tuple[str, ...]) -> Plan | None:
    """The copy plan an earlier run saved in ``plan_dir`` (continued, never replaced)."""
    if not (plan_dir / "plan.yaml").exists():
        return None
    from cardsort.copying import is_copy_plan

    try:
        plan = load_plan(plan_dir)
    except PlanError as error:
        raise UserError(str(error)) from error
    if not is_copy_plan(plan, source):
        raise UserError(
            f"{plan_dir} holds another plan (not a copy of {source}); choose another folder "
            "for this copy."
        )
    if plan.options.get("copy_into") != "/".join(into):
        raise UserError(
            f"{plan_dir} holds the copy of {source} into "
            f"{plan.options.get('copy_into') or 'the top of the target'!r}; run it again with "
            "that folder, or choose another plan folder."
        )
    return plan


def _plan_and_target(
    app: AppContext, source: Path, spec: str, into: tuple[str, ...], plan_dir: Path
) -> tuple[Plan, Target]:
    """Continue the plan saved in ``plan_dir``, or scan and plan the copy and save it there."""
    from cardsort.copying import plan_copy, scan_for_copy

    rules_name = _rules_name(spec)
    plan = _existing_plan(plan_dir, source, into)
    if plan is not None:
        target = _open(spec, plan)
        if plan.rules != target.rules.name:
            raise UserError(
                f"{plan_dir} holds the copy planned for {plan.rules}; choose another plan "
                f"folder for {target.rules.title}."
            )
        app.console.print(f"Continuing the copy planned in {plan_dir} ({plan.created_at}).")
        return plan, target
    try:
        snapshot, entries = scan_for_copy(source)
        rules = get_ruleset(rules_name)
        plan = plan_copy(snapshot, entries, rules, into)
        target = _open(spec, plan)
        if target.rules != rules:  # the library's prefix counts in its path limit
            plan = plan_copy(snapshot, entries, target.rules, into)
    except PlanError as error:
        raise UserError(str(error)) from error
    save_plan(plan, plan_dir)
    return plan, target


def _print_plan(app: AppContext, plan: Plan, target: Target) -> None:
    counts = plan.counts()
    app.console.print(
        shown(
            f"Copy of {plan.snapshot.root} to {target.label}"
            + (f" into {plan.options['copy_into']!r}" if plan.options.get("copy_into") else "")
            + f": {counts['files']:,} files ({counts['bytes']:,} bytes)."
        ),
        markup=False,
    )
    fixed = [v for v in plan.violations if v.get("severity") == "fixed"]
    if fixed:
        app.console.print(f"{len(fixed)} names renamed for {target.rules.title}:")
        for v in fixed[:20]:
            app.console.print(shown(f"  {v['path']}  →  {v.get('fix')}  ({v['code']})"),
                              markup=False)  # fmt: skip
        if len(fixed) > 20:
            app.console.print(f"  … and {len(fixed) - 20} more (see plan.yaml)")
    left_out = [i for i in plan.items if i.action is Action.EXCLUDE]
    if left_out:
        app.console.print(f"{len(left_out)} not copied (listed in the report):")
        for item in left_out[:20]:
            app.console.print(shown(f"  {encode_path(item.source)}: {item.note}"), markup=False)
        if len(left_out) > 20:
            app.console.print(f"  … and {len(left_out) - 20} more")


def run_copy(
    app: AppContext, source: Path, spec: str, into: tuple[str, ...], plan_dir: Path
) -> None:
    """Plan (or continue) the copy of ``source`` to ``spec``, apply it, verify by content.

    Ends with the exit status of what happened (:class:`~cardsort.cli._exit.ExitStatus`).
    """
    if plan_dir.exists() and not plan_dir.is_dir():
        raise UserError(
            f"{plan_dir} is a file (a resume record of an older version?); give a folder for "
            "the copy's plan and journal."
        )
    make_dirs(plan_dir)
    with _plan_lock(app, _tr(None), plan_dir, "copy"):
        _copy_locked(app, source, spec, into, plan_dir)


def _copy_locked(
    app: AppContext, source: Path, spec: str, into: tuple[str, ...], plan_dir: Path
) -> None:
    tr = _tr(None)  # the language from CARDSORT_LANG or the locale, as `migrate` uses
    plan, target = _plan_and_target(app, source, spec, into, plan_dir)
    _print_plan(app, plan, target)
    journal_file = journal_path(plan_dir, target.label)
    try:
        journal = Journal(journal_file)
    except JournalError as error:
        raise UserError(str(error)) from error
    executor = Executor(
        plan, target.adapter, target.mode, journal,
        target_label=target.label, source_adapter=target.source_adapter,
    )  # fmt: skip
    report = plan_dir / "report-apply.csv"
    again = f"cardsort migrate resume {plan_dir} --target {spec}"
    try:
        if not journal.meta() and _rule_problems(app, tr, plan, target):
            journal.close()
            for leftover in (journal_file, *plan_dir.glob(journal_file.name + "-*")):
                leftover.unlink(missing_ok=True)  # nothing ran: the next run starts fresh
            exit_with(ExitStatus.BLOCKED)
        try:
            result = _run(app, tr, executor, "apply")
        except ExecutionError as error:
            _print_failure(app, tr, error)
            executor.write_report(report)
            app.console.print(f"Per-item report: {report}")
            if not error.blocked:
                app.console.print(f"Continue: {again} (or run this command again)")
            exit_with(_ended(error))
            return
        executor.write_report(report)
        _summary(app, tr, result)
        checked = executor.verify(content=True)
    finally:
        journal.close()
        target.adapter.close()
    app.console.print(
        f"verify: {checked.checked_files:,} files checked, {checked.hashed:,} by content; "
        f"{len(checked.differences)} differences."
    )
    if checked.service_changed:  # SharePoint writes its metadata into Office files and PDFs
        app.console.print(
            f"{len(checked.service_changed):,} files were changed by the service itself after "
            "upload (a SharePoint library adds its metadata to Office files and PDFs); each "
            "still holds exactly what the service reported when it was uploaded."
        )
    app.console.print(f"Per-item report: {report}. Undo: cardsort migrate undo {plan_dir} "
                      f"--target {spec}")  # fmt: skip
    if result.set_aside:
        app.console.print(f"Retry what was set aside: {again}")
        exit_with(ExitStatus.SET_ASIDE)
    if not checked.ok:
        for line in checked.differences[:60]:
            app.console.print(shown(f"  - {line}"), markup=False)
        exit_with(ExitStatus.DIFFERENCES)
    app.console.print("[green]The copy matches the source.[/green]")


@migrate.command("copy")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--target", "spec", required=True, metavar="SPEC",
              help="Where to copy to: local-copy:PATH, onedrive:…, gdrive:….")  # fmt: skip
@click.option("--into", default=None, metavar="FOLDER",
              help="A new folder on the target to copy into (a/b for deeper); default: its "
              "top.")  # fmt: skip
@click.option("--plan", "plan_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the copy's plan, journal and report "
              "(default: ./copy-SOURCE-SCHEME).")  # fmt: skip
@pass_app
def copy_command(
    app: AppContext, source: Path, spec: str, into: str | None, plan_dir: Path | None
) -> None:
    """Copy SOURCE as it is to a target, journalled, then verify every file by content.

    A migration without card sort: names the target refuses are renamed by its rules and
    listed, symlinks and special files are never followed (listed). Run it again to continue
    after an interruption; verify, resume, undo and sync work on the plan folder.
    """
    folders = tuple(part for part in (into or "").split("/") if part)
    run_copy(app, source, spec, folders, plan_dir or default_plan_dir(source, spec))


def register(root: click.Group) -> None:
    """``copy`` hangs under ``cardsort migrate`` (registered by cardsort.cli.migrate)."""
