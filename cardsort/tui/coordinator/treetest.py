"""Tree-test results for the coordinator (F9): every test, and for the chosen one the tasks worst
first, the folders most confusing first, and the flags with their numbered suggested edits.

Read from the store each time it is shown or refreshed (F5), so answers coming in from the
team's browser tabs appear while the test runs. A (apply) stores one of the numbered edits as
a new consensus version, through the same path as ``cardsort treetest apply-edit``
(:mod:`cardsort.treetest_apply`); a rename asks for the folder's name first, with the
suggestion filled in.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Label, Static

from cardsort.treetest import TargetError
from cardsort.treetest_apply import EditNotApplied, apply_suggested_edit
from cardsort.treetest_data import load_treetest
from cardsort.treetest_text import edit_text, edits_of, flag_text, overall_text, pct
from cardsort.tui.coordinator.screens import CoordinatorBase
from cardsort.tui.modals import TextPrompt
from sessions.store import StoreError
from sessions.treetests import list_treetests, treetest_participants

__all__ = ["TreeTestResultsScreen"]


class TreeTestResultsScreen(CoordinatorBase):
    """The tree tests and the results of the highlighted one."""

    HELP_INTRO = "treetest.coord.help"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f5", "refresh", "key.refresh"),
        Binding("a", "apply_edit", "treetest.key.apply"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chosen_test: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Label(self.tr("treetest.coord.title"), classes="coord-title")
        yield DataTable(id="tt-tests", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="tt-results"):
            yield Static("", id="tt-summary")
            yield DataTable(id="tt-task-table", zebra_stripes=True)
            yield DataTable(id="tt-folder-table", zebra_stripes=True)
            yield Static("", id="tt-flags")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        tr = self.tr
        self.query_one("#tt-tests", DataTable).add_columns(
            tr("treetest.coord.test"),
            tr("treetest.col.version"),
            tr("treetest.coord.tasks"),
            tr("treetest.coord.people"),
        )
        self.query_one("#tt-task-table", DataTable).add_columns(
            tr("treetest.col.task"),
            tr("treetest.col.version"),
            tr("treetest.col.n"),
            tr("treetest.col.success"),
            tr("treetest.col.directness"),
            tr("treetest.col.first_click"),
            tr("treetest.col.time"),
        )
        self.query_one("#tt-folder-table", DataTable).add_columns(
            tr("treetest.col.folder"),
            tr("treetest.col.version"),
            tr("treetest.col.wrong_turns"),
            tr("treetest.col.missed"),
        )
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the tests and the chosen one's answers again."""
        table = self.query_one("#tt-tests", DataTable)
        table.clear()
        records = list_treetests(self.store)
        for record in records:
            versions = ", ".join(f"{v}={n}" for v, (n, _t) in record.variants.items())
            people = len(treetest_participants(self.store, record.id))
            tasks = len(load_treetest(self.store, record.name).tasks)
            table.add_row(record.name, versions, str(tasks), str(people), key=record.name)
        if not records:
            self.query_one("#tt-summary", Static).update(self.tr("treetest.coord.none"))
            return
        if self.chosen_test not in {r.name for r in records}:
            self.chosen_test = records[-1].name
        self.show(self.chosen_test)

    @on(DataTable.RowHighlighted, "#tt-tests")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        name = event.row_key.value
        if name is not None and name != self.chosen_test:
            self.chosen_test = name
            self.show(name)

    def show(self, name: str | None) -> None:
        """Fill the tables and flags for one tree test."""
        if name is None:
            return
        tr = self.tr
        summary = self.query_one("#tt-summary", Static)
        tasks_table = self.query_one("#tt-task-table", DataTable)
        folders_table = self.query_one("#tt-folder-table", DataTable)
        tasks_table.clear()
        folders_table.clear()
        try:
            loaded = load_treetest(self.store, name)
            results, flags = loaded.analyse()
        except (StoreError, TargetError) as error:
            summary.update(tr("error.save_failed", error=str(error)))
            return
        if not loaded.answers:
            summary.update(tr("treetest.no_answers"))
            self.query_one("#tt-flags", Static).update("")
            return
        lines = []
        for item in results.summaries:
            lines.append(overall_text(item, tr))
        summary.update("\n".join(lines))
        for r in results.tasks:
            low, high = r.success_ci
            tasks_table.add_row(
                f"{r.task} {results.task_text[r.task].text(tr.lang)}"[:60],
                r.variant,
                str(r.n),
                f"{pct(r.success)} ({pct(low)}–{pct(high)})",
                pct(r.directness),
                pct(r.first_click_correct),
                "–" if r.median_seconds is None else f"{r.median_seconds:.0f} s",
            )
        for f in results.folders:
            if f.folder_path is not None:
                folders_table.add_row(
                    f.path, f.variant, str(f.wrong_turns), f"{f.missed}/{f.tasks_inside}"
                )
        numbered = edits_of(flags)
        text = [tr("treetest.flags_heading")] if flags else []
        for flag in flags:
            text.append(f"• {flag_text(flag, results, tr)}")
            for edit in flag.edits:
                number = numbered.index((flag.variant, edit)) + 1
                text.append(f"    [{number}] {edit_text(edit, tr)}")
        if numbered:
            text.append(tr("treetest.coord.apply_hint", name=name))
        self.query_one("#tt-flags", Static).update("\n".join(text))

    def action_apply_edit(self) -> None:
        """Ask which suggested edit (and, for a rename, the name), then store a new version."""
        name = self.chosen_test
        if name is None:
            return
        try:
            loaded = load_treetest(self.store, name)
            edits = edits_of(loaded.analyse()[1])
        except (StoreError, TargetError) as error:
            self.notify(self.tr("error.save_failed", error=str(error)), severity="error")
            return
        if not edits:
            self.notify(self.tr("treetest.coord.no_suggestions"), severity="warning")
            return

        def chosen(answer: str | None) -> None:
            if answer is None or not answer.strip():
                return
            number = int(answer) if answer.strip().isdigit() else 0
            if not 1 <= number <= len(edits):
                self.notify(
                    self.tr("treetest.coord.no_edit", number=answer.strip()), severity="warning"
                )
                return
            edit = edits[number - 1][1]
            if edit.kind != "rename":
                self._apply(name, number, "")
                return
            self.app.push_screen(
                TextPrompt(
                    self.tr("treetest.coord.new_name", folder=edit.folder_label), edit.new_name
                ),
                lambda new_name: None if new_name is None else self._apply(name, number, new_name),
            )

        self.app.push_screen(
            TextPrompt(self.tr("treetest.coord.apply_which"), "1" if len(edits) == 1 else ""),
            chosen,
        )

    def _apply(self, name: str, number: int, new_name: str) -> None:
        tr = self.tr
        try:
            loaded = load_treetest(self.store, name)
            stored = apply_suggested_edit(self.store, loaded, number, new_name=new_name.strip())
        except EditNotApplied as refused:
            message = {
                "no_edit": tr("treetest.coord.no_edit", number=number),
                "not_current": tr(
                    "treetest.coord.not_current", tested=refused.tested, current=refused.current
                ),
                "name_missing": tr("treetest.coord.name_missing"),
                "no_longer_fits": tr("treetest.coord.no_longer_fits"),
            }[refused.reason]
            self.notify(message, severity="warning")
            return
        except (StoreError, TargetError) as error:
            self.notify(tr("error.save_failed", error=str(error)), severity="error")
            return
        self.notify(tr("treetest.coord.applied", version=stored.version))
        self.action_refresh()
