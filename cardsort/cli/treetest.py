"""``cardsort treetest …``: findability tasks on the proposed tree, before anything moves.

create a test of a consensus version (or an A/B test of two) → write or propose tasks → the
team takes it (``take`` in the terminal, ``serve`` in the browser, or results imported from a
file) → ``results`` per task and per folder, with flags and suggested consensus edits →
``apply-edit`` stores an edit as a new consensus version, which a new test can check again.
"""

from __future__ import annotations

import json
import math
import shlex
import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import counted, plain
from cardsort.cli.exporting import write_output
from cardsort.i18n import Translator, pick_language
from cardsort.treetest import (
    Flag,
    TargetError,
    TestTree,
    TreeTestResults,
    answers_to_csv,
    answers_to_json,
    read_answers,
    simulate_treetest,
)
from cardsort.treetest_apply import EditNotApplied, apply_suggested_edit
from cardsort.treetest_data import LoadedTreeTest, load_treetest, propose_for, store_answers
from cardsort.treetest_text import edit_text, edits_of, flag_text, overall_text, pct
from sessions.analysis_store import current_tree, get_version
from sessions.studies import get_study
from sessions.treetests import (
    add_task,
    create_treetest,
    list_treetests,
    remove_task,
    treetest_participants,
    update_task,
)

__all__ = ["register", "treetest_group"]


def _short(value: float) -> str:
    return f"{100 * value:.0f}%"


def _signed(value: float) -> str:
    return "–" if math.isnan(value) else f"{100 * value:+.0f} pp"


@click.group("treetest")
def treetest_group() -> None:
    """Tree tests: can the team find its files in the proposed folders?"""


def _tr() -> Translator:
    """The coordinator's language (CARDSORT_LANG, else the locale): a tree test's ``--lang``
    is its participants'."""
    return Translator(pick_language())


@treetest_group.command("create")
@click.argument("name")
@click.option("--study", "study_name", required=True, help="The card-sort study whose tree.")
@click.option(
    "--version", "version", type=int, help="Consensus version to test (default: current)."
)
@click.option("--compare", type=int, help="A second version: an A/B test, people split over both.")
@click.option(
    "--lang", type=click.Choice(["nl", "en"]), default=None, help="Participants' language."
)
@click.option("--tasks-from", "tasks_from", default=None, help="Copy the tasks of another test.")
@pass_app
def create(
    app: AppContext,
    name: str,
    study_name: str,
    version: int | None,
    compare: int | None,
    lang: str | None,
    tasks_from: str | None,
) -> None:
    """Create tree test NAME of a consensus version (a frozen copy: later edits leave it be)."""
    tr = _tr()  # --lang is the participants' language; the coordinator's is CARDSORT_LANG
    study = get_study(app.store, study_name)
    if version is None:
        current = current_tree(app.store, study.id)
        if current is None:
            raise UserError(tr("edit.no_consensus", study=study.name))
        version = current.version
    variants = {"A": (version, get_version(app.store, study.id, version).tree)}
    if compare is not None:
        if compare == version:
            raise UserError(tr("tt.ab_needs_two"))
        variants["B"] = (compare, get_version(app.store, study.id, compare).tree)
    source = load_treetest(app.store, tasks_from) if tasks_from else None
    if source is not None:  # check first: a task whose folder is gone makes no test
        for variant, (_n, tree) in variants.items():
            checked = TestTree.from_consensus(tree)
            for task in source.tasks:
                try:
                    checked.resolve(task.targets)
                except TargetError as error:
                    raise UserError(
                        tr("tt.task_gone", task=task.key, variant=variant, error=error)
                    ) from error
    record = create_treetest(app.store, study.id, name, variants, lang=lang or study.settings.lang)
    what = tr("tt.and").join(
        tr("tt.version", version=n, variant=v) for v, (n, _t) in record.variants.items()
    )
    plain(app.console, tr("tt.created", name=record.name, what=what))
    if source is not None:
        for task in source.tasks:
            add_task(
                app.store,
                record.id,
                task.text_nl,
                task.targets,
                text_en=task.text_en,
                origin=task.origin,
                key=task.key,
            )
        plain(app.console, counted(tr, "tt.copied", len(source.tasks), name=source.record.name))
    else:
        plain(app.console, tr("tt.next"))


@treetest_group.command("list")
@pass_app
def list_cmd(app: AppContext) -> None:
    """List the tree tests."""
    table = Table("name", "versions", "tasks", "participants")
    for record in list_treetests(app.store):
        loaded = load_treetest(app.store, record.name)
        versions = ", ".join(f"{v}={n}" for v, (n, _t) in record.variants.items())
        people = len(treetest_participants(app.store, record.id))
        table.add_row(escape(record.name), versions, str(len(loaded.tasks)), str(people))
    app.console.print(table)


# -- tasks ---------------------------------------------------------------------------------


@treetest_group.group("tasks")
def tasks_group() -> None:
    """Write, propose and edit the tasks of a tree test."""


def _target(trees: dict[str, TestTree], text: str) -> str:
    """A target from what the coordinator typed: a card key, a folder path, or card:/folder:."""
    text = text.strip()
    if text.startswith(("card:", "folder:")):
        target = text
    else:
        tree = trees["A"]
        node_id = tree.card_node(text) or tree.find_path(text)
        if node_id is None or node_id == "":
            raise UserError(_tr()("tt.no_folder", folder=text))
        node = tree.node(node_id)
        target = f"card:{node.card_key}" if node.card_key else f"folder:{tree.label_path(node_id)}"
    for variant, tree in trees.items():
        try:
            tree.resolve([target])
        except TargetError as error:
            raise UserError(_tr()("tt.in_version", variant=variant, error=error)) from error
    return target


@tasks_group.command("list")
@click.argument("name")
@pass_app
def tasks_list(app: AppContext, name: str) -> None:
    """Show the tasks and their correct folders."""
    loaded = load_treetest(app.store, name)
    table = Table("key", "question (nl)", "question (en)", "correct folder(s)", "origin")
    tree = loaded.trees["A"]
    for task in loaded.tasks:
        try:
            where = ", ".join(sorted(tree.label_path(n) for n in tree.resolve(task.targets)))
        except TargetError as error:
            where = f"[red]{escape(str(error))}[/]"
        table.add_row(
            task.key, escape(task.text_nl), escape(task.text_en), escape(where), task.origin
        )
    app.console.print(table)


@tasks_group.command("add")
@click.argument("name")
@click.option("--nl", "text_nl", required=True, help="The question in Dutch.")
@click.option("--en", "text_en", default="", help="The question in English (optional).")
@click.option(
    "--correct",
    multiple=True,
    required=True,
    help="A correct folder: card key (c18) or folder path (Zorg/Groepsplannen); repeatable.",
)
@pass_app
def tasks_add(
    app: AppContext, name: str, text_nl: str, text_en: str, correct: tuple[str, ...]
) -> None:
    """Add a task with its correct folder(s)."""
    loaded = load_treetest(app.store, name)
    targets = [_target(loaded.trees, c) for c in correct]
    task = add_task(app.store, loaded.record.id, text_nl, targets, text_en=text_en)
    plain(app.console, _tr()("tt.added", task=task.key))


@tasks_group.command("edit")
@click.argument("name")
@click.argument("key")
@click.option("--nl", "text_nl", default=None, help="New Dutch question.")
@click.option("--en", "text_en", default=None, help="New English question.")
@click.option("--correct", multiple=True, help="Replace the correct folders (repeatable).")
@pass_app
def tasks_edit(
    app: AppContext,
    name: str,
    key: str,
    text_nl: str | None,
    text_en: str | None,
    correct: tuple[str, ...],
) -> None:
    """Change a task's question or correct folders."""
    loaded = load_treetest(app.store, name)
    targets = [_target(loaded.trees, c) for c in correct] if correct else None
    update_task(app.store, loaded.record.id, key, text_nl=text_nl, text_en=text_en, targets=targets)
    plain(app.console, _tr()("tt.changed", task=key))


@tasks_group.command("remove")
@click.argument("name")
@click.argument("key")
@pass_app
def tasks_remove(app: AppContext, name: str, key: str) -> None:
    """Remove a task (only before anybody started the test)."""
    loaded = load_treetest(app.store, name)
    remove_task(app.store, loaded.record.id, key)
    plain(app.console, _tr()("tt.removed", task=key))


@tasks_group.command("propose")
@click.argument("name")
@click.option("--limit", default=10, show_default=True, help="How many tasks at most.")
@click.option("--add", "add", is_flag=True, help="Add the proposals as tasks (edit them after).")
@pass_app
def tasks_propose(app: AppContext, name: str, limit: int, add: bool) -> None:
    """Propose tasks from real file names (never restricted cards, never personal names)."""
    loaded = load_treetest(app.store, name)
    proposals = propose_for(app.store, loaded, limit=limit)
    if not proposals:
        app.console.print("No file names were safe and typical enough to propose; write tasks.")
        return
    tree = loaded.trees["A"]
    table = Table("question (nl)", "correct folder")
    for task in proposals:
        where = ", ".join(tree.label_path(n) for n in tree.resolve(task.targets))
        table.add_row(escape(task.text_nl), escape(where))
        if add:
            add_task(
                app.store,
                loaded.record.id,
                task.text_nl,
                task.targets,
                text_en=task.text_en,
                origin="proposed",
            )
    app.console.print(table)
    if add:
        app.console.print(f"Added {len(proposals)} proposed tasks; check them with `tasks list`.")
    else:
        app.console.print("Add them with --add, then edit or remove what does not fit.")


# -- taking the test -----------------------------------------------------------------------


@treetest_group.command("take")
@click.argument("name")
@click.option("--name", "participant", default=None, help="Your name or code (asked if absent).")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None)
@click.option("--require-code", is_flag=True, help="Ask the study's participant code first.")
@click.option("--high-contrast", is_flag=True, help="Black, white and yellow only.")
@pass_app
def take(
    app: AppContext,
    name: str,
    participant: str | None,
    lang: str | None,
    require_code: bool,
    high_contrast: bool,
) -> None:
    """Take tree test NAME in the terminal (or a test FILE from `pack`, offline)."""
    from cardsort.treetest_offline import open_test_file, write_result
    from cardsort.tui.treetest.app import TreeTestApp

    path = Path(name)
    offline = path.is_file()
    if offline:
        store, test_name, variant = open_test_file(path)
    else:
        store, test_name, variant = app.store, load_treetest(app.store, name).record.name, None
    try:
        tui = TreeTestApp(
            store,
            test_name,
            participant=participant,
            lang=lang,
            require_code=require_code,
            variant=variant,
            high_contrast=high_contrast,
        )
        tui.run()
        if offline and tui.session.participant is not None:
            written = write_result(store, test_name, path)
            app.console.print(f"Your answers are in {written}. Give this file to the coordinator.")
    finally:
        if offline:
            store.close()


@treetest_group.command("pack")
@click.argument("name")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--version", "variant", type=click.Choice(["A", "B"]), default=None)
@click.option("--force", is_flag=True, help="Replace an existing file.")
@pass_app
def pack_cmd(app: AppContext, name: str, output: Path, variant: str | None, force: bool) -> None:
    """Write tree test NAME to a file to take offline with `cardsort treetest take FILE`."""
    from cardsort.treetest_offline import pack

    loaded = load_treetest(app.store, name)
    if not loaded.tasks:
        raise UserError("This tree test has no tasks yet; add tasks first.")
    content = pack(app.store, loaded, variant)
    write_output(output, json.dumps(content, ensure_ascii=False, indent=1) + "\n", force=force)
    app.console.print(
        f"Wrote {output} (version {content['version']}). The participant runs "
        f"`cardsort treetest take {output.name}` and returns the .result.csv it writes; import "
        f"it with `cardsort treetest import {shlex.quote(loaded.record.name)} FILE`."
    )


@treetest_group.command("serve")
@click.argument("name")
@click.option("--host", default=None, help="Address to listen on (default: this computer only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None)
@click.option(
    "--per-tab",
    is_flag=True,
    help="Start a new process for every tab (textual-serve's own way; slower, more memory).",
)
@pass_app
def serve(
    app: AppContext, name: str, host: str | None, port: int, lang: str | None, per_tab: bool
) -> None:
    """Serve tree test NAME to browsers, the whole team at once (as `cardsort serve` does)."""
    from cardsort.cli.serve import lan_address, serve_tabs
    from cardsort.i18n import pick_language

    loaded = load_treetest(app.store, name)
    if not loaded.tasks:
        raise UserError("This tree test has no tasks yet; add tasks first.")
    public = host is not None
    bind = host or "localhost"
    shown = lan_address() if bind in ("0.0.0.0", "") else bind
    url = f"http://{shown}:{port}"
    if public:
        app.console.print(
            "[bold]Warning:[/] textual-serve has no authentication; participants must type the "
            "study's participant code (`cardsort study show`). Stop the server afterwards."
        )
    app.console.print(f"Tree test [bold]{escape(loaded.record.name)}[/]: open {url} in a browser.")
    store = str(app.store_path.resolve())
    args = [sys.executable, "-m", "cardsort", "--store", store]
    args += ["treetest", "take", loaded.record.name]
    if lang:
        args += ["--lang", lang]
    if public:
        args.append("--require-code")
    serve_tabs(
        shlex.join(args),
        store=store,
        target=loaded.record.name,
        lang=lang,
        public=public,
        per_tab=per_tab,
        host=bind,
        port=port,
        url=url,
        page_lang=pick_language(lang, loaded.record.lang),
        kind="treetest",
    )


@treetest_group.command("simulate")
@click.argument("name")
@click.option("--participants", default=20, show_default=True)
@click.option("--vague", multiple=True, help="A folder name the simulated team does not recognise.")
@click.option("--seed", default=0, show_default=True)
@pass_app
def simulate(
    app: AppContext, name: str, participants: int, vague: tuple[str, ...], seed: int
) -> None:
    """Let a simulated team take the test (for demos and trying out; marked as simulated)."""
    loaded = load_treetest(app.store, name)
    if not loaded.tasks:
        raise UserError("This tree test has no tasks yet; add tasks first.")
    answers = simulate_treetest(
        loaded.trees,
        loaded.tasks,
        n_participants=participants,
        vague_labels=vague,
        seed=seed,
    )
    stored = store_answers(app.store, loaded.record.id, answers, source="simulated")
    app.console.print(f"{participants} simulated participants gave {stored} answers.")


# -- exchange ------------------------------------------------------------------------------


@treetest_group.command("export")
@click.argument("name")
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default=None)
@click.option("--force", is_flag=True, help="Replace an existing file.")
@pass_app
def export(app: AppContext, name: str, output: Path, fmt: str | None, force: bool) -> None:
    """Write the answers as CSV or JSON (the format is described in the README)."""
    loaded = load_treetest(app.store, name)
    fmt = fmt or ("json" if output.suffix.lower() == ".json" else "csv")
    writer = answers_to_json if fmt == "json" else answers_to_csv
    write_output(output, writer(loaded.trees, loaded.answers), force=force)
    if str(output) != "-":
        app.console.print(f"Wrote {len(loaded.answers)} answers to {output}.")


@treetest_group.command("import")
@click.argument("name")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-bad", is_flag=True, help="Import the good rows and list the bad ones.")
@pass_app
def import_cmd(app: AppContext, name: str, source: Path, skip_bad: bool) -> None:
    """Import answers from a CSV or JSON file (from another tool or an offline round)."""
    loaded = load_treetest(app.store, name)
    try:
        text = source.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UserError(f"Cannot read {source}: {error}") from error
    read = read_answers(text, loaded.trees, loaded.tasks, source.name)
    if read.problems and not skip_bad:
        listing = "\n".join(read.problems[:20])
        more = f"\n… and {len(read.problems) - 20} more" if len(read.problems) > 20 else ""
        raise UserError(
            f"{listing}{more}\nNothing was imported. Fix these rows, or add --skip-bad to "
            "import the others."
        )
    for problem in read.problems:
        app.err_console.print(f"skipped: {escape(problem)}")
    stored = store_answers(app.store, loaded.record.id, read.answers)
    app.console.print(f"Imported {stored} answers from {source.name}.")


# -- results -------------------------------------------------------------------------------


def print_results(
    app: AppContext, loaded: LoadedTreeTest, results: TreeTestResults, flags: list[Flag], lang: str
) -> None:
    """The per-task and per-folder tables, the overall line and the flags."""
    tr = Translator(lang)
    console = app.console
    ab = len(loaded.trees) > 1
    for summary in results.summaries:
        console.print(overall_text(summary, tr), soft_wrap=True)
    if results.overall_difference is not None:
        d = results.overall_difference
        console.print(
            tr(
                "treetest.ab_overall",
                diff=_signed(d.difference),
                low=_signed(d.low),
                high=_signed(d.high),
            )
        )
    table = Table(title=tr("treetest.tasks_heading"), title_justify="left")
    for key in (
        "task",
        "version",
        "n",
        "success",
        "direct",
        "directness",
        "first_click",
        "time",
        "skipped",
    ):
        if key == "version" and not ab:
            continue
        if key == "task":
            table.add_column(tr("treetest.col.task"), ratio=1, min_width=24)
        else:
            table.add_column(tr(f"treetest.col.{key}"), justify="right", no_wrap=True)
    for result in results.tasks:
        task = results.task_text[result.task]
        low, high = result.success_ci
        style = "red" if result.success < 0.6 else ""
        row = [escape(f"{task.key} {task.text(lang)}")]
        if ab:
            row.append(result.variant)
        row += [
            str(result.n),
            f"[{style}]{_short(result.success)}[/] ({_short(low)}–{_short(high)})"
            if style
            else f"{_short(result.success)} ({_short(low)}–{_short(high)})",
            pct(result.outcomes["direct_success"] / result.n if result.n else None),
            pct(result.directness),
            pct(result.first_click_correct),
            "–" if result.median_seconds is None else f"{result.median_seconds:.0f} s",
            str(result.outcomes["skip"]),
        ]
        table.add_row(*row)
    console.print(table)
    if results.differences:
        diff = Table(title=tr("treetest.col.difference"), title_justify="left")
        diff.add_column(tr("treetest.col.task"))
        diff.add_column(tr("treetest.col.difference"))
        for d in results.differences:
            mark = " *" if d.clear else ""
            diff.add_row(
                d.task, f"{_signed(d.difference)} ({_signed(d.low)} … {_signed(d.high)}){mark}"
            )
        console.print(diff)
    folders = Table(title=tr("treetest.folders_heading"), title_justify="left")
    for key in ("folder", "version", "wrong_turns", "missed"):
        if key == "version" and not ab:
            continue
        folders.add_column(tr(f"treetest.col.{key}"))
    for folder in [f for f in results.folders if f.folder_path is not None][:10]:
        row = [escape(folder.path)]
        if ab:
            row.append(folder.variant)
        row += [str(folder.wrong_turns), f"{folder.missed}/{folder.tasks_inside}"]
        folders.add_row(*row)
    console.print(folders)
    if flags:
        console.print(f"[bold]{tr('treetest.flags_heading')}[/]")
        edits = edits_of(flags)
        for flag in flags:
            prefix = f"{flag.variant}: " if ab else ""
            console.print(f"  • {prefix}{escape(flag_text(flag, results, tr))}")
            for edit in flag.edits:
                number = edits.index((flag.variant, edit)) + 1
                console.print(f"      \\[{number}] {escape(edit_text(edit, tr))}")
        console.print(
            "Apply a suggestion as a new consensus version: "
            f"cardsort treetest apply-edit {shlex.quote(loaded.record.name)} N"
        )


@treetest_group.command("results")
@click.argument("name")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None)
@click.option("--force", is_flag=True, help="Replace existing output files.")
@pass_app
def results_cmd(
    app: AppContext,
    name: str,
    json_file: Path | None,
    html_file: Path | None,
    lang: str | None,
    force: bool,
) -> None:
    """Results per task and per folder, flags and suggested edits (also as JSON and HTML)."""
    loaded = load_treetest(app.store, name)
    if not loaded.tasks:
        raise UserError("This tree test has no tasks yet; add tasks first.")
    try:
        results, flags = loaded.analyse()
    except TargetError as error:
        raise UserError(f"{error}; correct the task with `treetest tasks edit`.") from error
    if not loaded.answers:
        app.console.print(Translator(lang or "en")("treetest.no_answers"))
    else:
        print_results(app, loaded, results, flags, lang or "en")
    if json_file is not None:
        document = {
            "treetest": loaded.record.name,
            "versions": {v: n for v, (n, _t) in loaded.record.variants.items()},
            "tasks": [t.to_dict() for t in loaded.tasks],
            **results.to_dict(),
            "flags": [f.to_dict() for f in flags],
            "edits": [{"version": v, **e.to_dict()} for v, e in edits_of(flags)],
        }
        write_output(
            json_file, json.dumps(document, ensure_ascii=False, indent=1) + "\n", force=force
        )
        app.console.print(f"Wrote {json_file}.")
    if html_file is not None:
        from cardsort.report_treetest import render_treetest_report

        html = render_treetest_report(loaded, results, flags, lang=lang or loaded.record.lang)
        write_output(html_file, html, force=force)
        app.console.print(f"Wrote {html_file}.")


@treetest_group.command("apply-edit")
@click.argument("name")
@click.argument("number", type=int)
@click.option("--name", "new_name", default="", help="The new name of a renamed folder.")
@pass_app
def apply_edit_cmd(app: AppContext, name: str, number: int, new_name: str) -> None:
    """Store suggested edit NUMBER (from `results`) as a new consensus version."""
    loaded = load_treetest(app.store, name)
    try:
        stored = apply_suggested_edit(app.store, loaded, number, new_name=new_name)
    except EditNotApplied as refused:
        raise UserError(str(refused)) from refused
    note = stored.note
    app.console.print(f"Stored consensus version {stored.version}: {escape(note)}.")
    app.console.print(
        f"Test it again: cardsort treetest create NEW --study … --version {stored.version}"
    )


def register(root: click.Group) -> None:
    """Add ``treetest``."""
    root.add_command(treetest_group)
