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
import shlex
from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._exit import ExitStatus, exit_with
from cardsort.cli._say import counted, num, plain, plan_note, rule_label, say, shown
from cardsort.cli.migrate import (
    _ended,
    _lang_opt,
    _more,
    _plan_lock,
    _print_failure,
    _rule_problems,
    _run,
    _summary,
    _tr,
    journal_path,
    migrate,
)
from cardsort.i18n import Translator
from drive_adapters.executor import ExecutionError, Executor
from drive_adapters.journal import Journal, JournalError
from drive_adapters.plan import Action, Plan, PlanError, encode_path, load_plan, save_plan
from drive_adapters.rules import get_ruleset
from drive_adapters.targets import Target, TargetError, open_target, parse_spec, shown_spec
from sessions.private_files import make_dirs

__all__ = ["default_plan_dir", "register", "run_copy"]

#: The rules a copy is planned with before the target is opened (it then adds its path prefix).
_RULES_FOR = {"onedrive": "onedrive", "gdrive": "gdrive", "local-copy": "local"}


def default_plan_dir(source: Path, spec: str) -> Path:
    """``./copy-SOURCE-SCHEME``: one plan folder per source and kind of target."""
    scheme = spec.partition(":")[0] or "target"
    name = re.sub(r"[^A-Za-z0-9]+", "-", Path(os.path.abspath(source)).name).strip("-").lower()
    return Path(f"copy-{name or 'share'}-{scheme}")


def _rules_name(tr: Translator, spec: str) -> str:
    try:
        scheme, _rest, _ = parse_spec(spec)
    except TargetError as error:  # a Said: the admin reads it in Dutch or English
        raise UserError(say(tr, error.args[0])) from error
    if scheme == "simulated":
        raise UserError(tr("copy.simulated"))
    if scheme not in _RULES_FOR:
        raise UserError(tr("copy.not_here", spec=shown(shown_spec(spec))))
    return _RULES_FOR[scheme]


def _open(tr: Translator, spec: str, plan: Plan) -> Target:
    try:
        return open_target(spec, plan)
    except TargetError as error:  # a Said: the admin reads it in Dutch or English
        raise UserError(say(tr, error.args[0])) from error


def _existing_plan(
    tr: Translator, plan_dir: Path, source: Path, into: tuple[str, ...]
) -> Plan | None:
    """The copy plan an earlier run saved in ``plan_dir`` (continued, never replaced)."""
    if not (plan_dir / "plan.yaml").exists():
        return None
    from cardsort.copying import is_copy_plan

    try:
        plan = load_plan(plan_dir)
    except PlanError as error:
        raise UserError(str(error)) from error
    if not is_copy_plan(plan, source):
        raise UserError(tr("copy.other_plan", directory=shown(str(plan_dir)),
                           source=shown(str(source))))  # fmt: skip
    if plan.options.get("copy_into") != "/".join(into):
        earlier = plan.options.get("copy_into")
        raise UserError(
            tr(
                "copy.other_into",
                directory=shown(str(plan_dir)),
                source=shown(str(source)),
                into=f"‘{shown(earlier)}’" if earlier else tr("copy.top"),
            )
        )
    return plan


def _plan_and_target(
    app: AppContext, tr: Translator, source: Path, spec: str, into: tuple[str, ...],
    plan_dir: Path,
) -> tuple[Plan, Target]:  # fmt: skip
    """Continue the plan saved in ``plan_dir``, or scan and plan the copy and save it there."""
    from cardsort.copying import plan_copy, scan_for_copy

    rules_name = _rules_name(tr, spec)
    plan = _existing_plan(tr, plan_dir, source, into)
    if plan is not None:
        target = _open(tr, spec, plan)
        if plan.rules != target.rules.name:
            raise UserError(tr("copy.other_rules", directory=shown(str(plan_dir)),
                               rules=plan.rules, target=target.rules.title))  # fmt: skip
        plain(app.console, tr("copy.continuing", directory=str(plan_dir), created=plan.created_at))
        return plan, target
    try:
        snapshot, entries = scan_for_copy(source)
        rules = get_ruleset(rules_name)
        plan = plan_copy(snapshot, entries, rules, into)
        target = _open(tr, spec, plan)
        if target.rules != rules:  # the library's prefix counts in its path limit
            plan = plan_copy(snapshot, entries, target.rules, into)
    except PlanError as error:
        raise UserError(str(error)) from error
    save_plan(plan, plan_dir)
    return plan, target


def _print_plan(app: AppContext, tr: Translator, plan: Plan, target: Target) -> None:
    counts = plan.counts()
    into = plan.options.get("copy_into")
    plain(
        app.console,
        counted(
            tr,
            "copy.title",
            counts["files"],
            source=plan.snapshot.root,
            target=target.label,
            into=tr("copy.into", into=into) if into else "",
            bytes=num(tr, counts["bytes"]),
        ),
    )
    fixed = [v for v in plan.violations if v.get("severity") == "fixed"]
    if fixed:
        plain(app.console, counted(tr, "copy.renamed", len(fixed), rules=target.rules.title))
        for v in fixed[:20]:
            plain(app.console, f"  {v['path']}  →  {v.get('fix')}  ({rule_label(tr, v['code'])})")
        _more(app, tr, len(fixed), 20, "migrate.more_in_plan")
    left_out = [i for i in plan.items if i.action is Action.EXCLUDE]
    if left_out:
        plain(app.console, counted(tr, "copy.left_out", len(left_out)))
        for item in left_out[:20]:
            plain(app.console, f"  {encode_path(item.source)}: {plan_note(tr, item.note)}")
        _more(app, tr, len(left_out), 20, "migrate.more_report")


def run_copy(
    app: AppContext, source: Path, spec: str, into: tuple[str, ...], plan_dir: Path,
    lang: str | None = None,
) -> None:  # fmt: skip
    """Plan (or continue) the copy of ``source`` to ``spec``, apply it, verify by content.

    Ends with the exit status of what happened (:class:`~cardsort.cli._exit.ExitStatus`).
    """
    tr = _tr(lang)
    if plan_dir.exists() and not plan_dir.is_dir():
        raise UserError(tr("copy.record_is_file", path=shown(str(plan_dir))))
    make_dirs(plan_dir)
    with _plan_lock(app, tr, plan_dir, "apply"):  # a copy is an apply of its plan
        _copy_locked(app, tr, source, spec, into, plan_dir)


def _copy_locked(
    app: AppContext, tr: Translator, source: Path, spec: str, into: tuple[str, ...],
    plan_dir: Path,
) -> None:  # fmt: skip
    plan, target = _plan_and_target(app, tr, source, spec, into, plan_dir)
    _print_plan(app, tr, plan, target)
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
    where = f"{shlex.quote(str(plan_dir))} --target {shlex.quote(shown_spec(spec))}"
    again = f"cardsort migrate resume {where}"
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
            plain(app.console, tr("migrate.report", path=str(report)))
            if not error.blocked:
                plain(app.console, tr("copy.continue", command=again))
            exit_with(_ended(error))
            return
        executor.write_report(report)
        _summary(app, tr, result)
        checked = executor.verify(content=True)
    finally:
        journal.close()
        target.adapter.close()
    plain(
        app.console,
        tr(
            "copy.verified",
            files=num(tr, checked.checked_files),
            hashed=num(tr, checked.hashed),
            differences=num(tr, len(checked.differences)),
        ),
    )
    if checked.service_changed:  # SharePoint writes its metadata into Office files and PDFs
        plain(
            app.console, tr("migrate.verify_service", count=num(tr, len(checked.service_changed)))
        )
        for line in checked.service_changed[:20]:
            plain(app.console, f"  - {say(tr, line)}")
        _more(app, tr, len(checked.service_changed), 20, "migrate.more_report")
    plain(app.console, tr("migrate.report", path=str(report)))
    plain(app.console, tr("copy.undo", command=f"cardsort migrate undo {where}"))
    if result.set_aside:
        plain(app.console, tr("migrate.retry", command=again))
        exit_with(ExitStatus.SET_ASIDE)
    if not checked.ok:
        plain(app.console, counted(tr, "migrate.verify_differences", len(checked.differences)),
              "red")  # fmt: skip
        for line in checked.differences[:60]:
            plain(app.console, f"  - {say(tr, line)}")
        _more(app, tr, len(checked.differences), 60, "migrate.more")
        exit_with(ExitStatus.DIFFERENCES)
    plain(app.console, tr("copy.matches"), "green")


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
@_lang_opt
@pass_app
def copy_command(
    app: AppContext, source: Path, spec: str, into: str | None, plan_dir: Path | None,
    lang: str | None,
) -> None:  # fmt: skip
    """Copy SOURCE as it is to a target, journalled, then verify every file by content.

    A migration without card sort: names the target refuses are renamed by its rules and
    listed, symlinks and special files are never followed (listed). Run it again to continue
    after an interruption; verify, resume, undo and sync work on the plan folder.
    """
    folders = tuple(part for part in (into or "").split("/") if part)
    run_copy(app, source, spec, folders, plan_dir or default_plan_dir(source, spec), lang)


def register(root: click.Group) -> None:
    """``copy`` hangs under ``cardsort migrate`` (registered by cardsort.cli.migrate)."""
