"""The results of a study for the coordinator: the consensus tree (editable), the seriated
similarity heatmap, the dendrogram, the participants and the sample-size verdict.

The analysis (:func:`cardsort.analysis.analyse`, fed by :mod:`cardsort.studydata`) runs in a
worker thread so the screen stays responsive. The tree shown is the study's *current*
consensus version; a first analysis stores one, ``a`` analyses again (a new version, which
becomes current unless somebody edited the current one), and every edit here — move a card,
rename or merge folders — is stored as a new version with the CLI's own edit functions.
``k`` asks for a number of top-level folders and analyses again with a complete partition into
that many (the CLI's ``--groups K``; an empty answer goes back to the automatic choice).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import (
    DataTable,
    Footer,
    Header,
    Label,
    Static,
    TabbedContent,
    TabPane,
    Tree,
)
from textual.worker import Worker, WorkerState

from cardsort.analysis_texts import flags_text, inclusion_text, story_lines
from cardsort.privacy.audiences import BUILT_IN, audience_label_key, named_audience
from cardsort.tui.coordinator.screens import CoordinatorBase
from cardsort.tui.modals import NEW_GROUP, MoveToModal, PickTarget, TextPrompt
from sessions.analysis_store import current_tree, store_analysis_tree, store_edited_tree
from sessions.folder_audiences import (
    folder_audiences,
    rename_folder_audience,
    set_folder_audience,
)
from sessions.models import Study
from sessions.store import Store, StoreError
from sessions.studies import get_study, list_studies

if TYPE_CHECKING:
    from cardsort.analysis import AnalysisResult, ConsensusTree

__all__ = ["ResultsScreen", "heatmap_text"]

#: Shades from no to full similarity: the heatmap reads without colour too.
SHADES = " ░▒▓█"
#: Option ids in the "move card to…" dialog that are not folders.
NEW_FOLDER = NEW_GROUP
APART = "@apart"


def heatmap_text(
    similarity: Any,
    order: Any,
    labels: tuple[str, ...],
    limit: int = 60,
    *,
    caption: str = "",
) -> Text:
    """A seriated similarity matrix as shaded cells (two characters per card), labelled.

    ``similarity`` is square in card order; ``order`` lists card indices in seriated order.
    Rows carry their number and card name; columns carry the same numbers on top (tens above
    units), so any cell reads as "card 3 with card 7". ``caption`` says what a shade means.
    """
    chosen = [int(i) for i in list(order)[:limit]]
    text = Text()
    if caption:
        text.append(caption + "\n", style="italic")
    width = max((len(str(n + 1)) for n in range(len(chosen))), default=1)
    numbers = range(1, len(chosen) + 1)
    if len(chosen) >= 10:
        text.append(" " * (width + 1))
        text.append("".join((str(n // 10 % 10) if n >= 10 else " ") + " " for n in numbers))
        text.append("\n")
    text.append(" " * (width + 1))
    text.append("".join(f"{n % 10} " for n in numbers).rstrip() + "\n", style="bold")
    for row_number, row in enumerate(chosen, start=1):
        text.append(f"{row_number:>{width}} ", style="bold")
        for column in chosen:
            value = float(similarity[row, column])
            shade = SHADES[min(len(SHADES) - 1, max(0, round(value * (len(SHADES) - 1))))]
            text.append(shade * 2, style=f"color({232 + int(value * 23)})")
        text.append(f" {labels[row][:28]}\n")
    text.append(
        "\n" + "  ".join(f"[{s * 2}] {i * 100 // (len(SHADES) - 1)}%" for i, s in enumerate(SHADES))
    )
    return text


def percent(value: float) -> str:
    """``62%`` or ``–`` when unknown (after an edit, until the next analysis)."""
    return "–" if value is None or math.isnan(value) else f"{round(value * 100)}%"


class ResultsScreen(CoordinatorBase):
    """What the sorts of the chosen study say, and the tree the team can edit."""

    HELP_INTRO = "coord.help.results"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "analyse", "coord.results.key.analyse"),
        Binding("v", "move_card", "coord.results.key.move"),
        Binding("r", "rename_folder", "coord.results.key.rename"),
        Binding("g", "merge_folder", "coord.results.key.merge"),
        Binding("w", "folder_audience", "coord.results.key.audience"),
        Binding("k", "choose_groups", "coord.results.key.groups"),
        Binding("f5", "refresh", "key.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.study: Study | None = None
        self.result: AnalysisResult | None = None
        self.consensus: ConsensusTree | None = None
        self.version: int | None = None
        #: Participants still sorting: not counted, listed as such.
        self.unfinished: tuple[str, ...] = ()
        #: Who may open each folder, as the coordinator set it (folder path -> audience code).
        self.audiences: dict[str, str] = {}
        #: Top-level folders the coordinator asked for (``k``); None lets the analysis choose.
        self.n_groups: int | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Label("", id="results-title", classes="coord-title")
        yield Static("", id="results-verdict", classes="coord-hint")
        with TabbedContent(id="results-tabs"):
            with TabPane(self.tr("coord.results.tab.tree"), id="tab-tree"):
                yield Tree[Any]("", id="consensus")
            with TabPane(self.tr("coord.results.tab.heatmap"), id="tab-heatmap"):
                yield VerticalScroll(Static("", id="heatmap"))
            with TabPane(self.tr("coord.results.tab.dendrogram"), id="tab-dendrogram"):
                yield Static("", id="dendrogram-box")
            with TabPane(self.tr("coord.results.tab.people"), id="tab-people"):
                yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#people", DataTable).add_columns(
            *(self.tr(f"coord.col.{c}") for c in ("name", "flags", "included", "agreement"))
        )
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self.study is None or self.study.name != self._study_name():
            self.action_refresh()

    def _study_name(self) -> str | None:
        if self.chosen is not None:
            return self.chosen
        studies = list_studies(self.store)
        return studies[-1].name if studies else None

    # -- running the analysis ---------------------------------------------------------------

    def action_refresh(self) -> None:
        name = self._study_name()
        title = self.query_one("#results-title", Label)
        if name is None:
            title.update(self.tr("coord.studies.none"))
            return
        self.study = get_study(self.store, name)
        title.update(self.tr("coord.results.title", name=self.study.name))
        self._analyse(store_new=False)

    def action_analyse(self) -> None:
        if self.study is not None:
            self._analyse(store_new=True)

    def _analyse(self, *, store_new: bool) -> None:
        self.query_one("#results-verdict", Static).update(self.tr("coord.results.running"))
        self._run_analysis(store_new)

    @work(thread=True, exclusive=True, exit_on_error=False, group="analysis")
    def _run_analysis(self, store_new: bool) -> tuple[AnalysisResult | None, int, tuple[str, ...]]:
        """Analyse in a thread (scikit-learn and the bootstrap take a moment)."""
        from cardsort.analysis import analyse
        from cardsort.studydata import load_study_data

        assert self.study is not None
        # A store of its own: connections are per thread, and Store.close() must run in the
        # thread that opened them.
        with Store.open(self.store.path) as store:
            loaded = load_study_data(store, self.study)  # finished sorts only
            if loaded.data.n_participants < 2:
                return None, loaded.data.n_participants, loaded.unfinished
            options = loaded.options(n_resamples=50, n_groups=self.n_groups)
            result = analyse(loaded.data, options=options)
            if store_new or current_tree(store, self.study.id) is None:
                parameters = {**result.options.to_dict(), "participants": result.sample_size}
                store_analysis_tree(store, self.study.id, result.consensus.to_dict(), parameters)
        return result, result.sample_size, loaded.unfinished

    @on(Worker.StateChanged)
    def _analysed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "analysis":
            return
        verdict = self.query_one("#results-verdict", Static)
        if event.state is WorkerState.ERROR:
            verdict.update(self.tr("coord.results.failed", error=str(event.worker.error)))
        elif event.state is WorkerState.SUCCESS:
            result, count, unfinished = cast(
                "tuple[AnalysisResult | None, int, tuple[str, ...]]", event.worker.result
            )
            self.unfinished = unfinished
            waiting = (
                [self.tr("coord.results.unfinished", count=len(unfinished))] if unfinished else []
            )
            if result is None:
                verdict.update(" ".join([self.tr("coord.results.too_few", count=count), *waiting]))
                return
            self.result = result
            story = [*story_lines(result.verdict.text, result.warnings, self.tr.lang), *waiting]
            verdict.update(
                " ".join(
                    [
                        self.tr(
                            "coord.results.summary",
                            count=result.sample_size,
                            cards=len(result.card_keys),
                        ),
                        *story,
                    ]
                )
            )
            self._show_tree()
            self._show_heatmap(result)
            self._show_dendrogram(result)
            self._show_people(result)

    def action_choose_groups(self) -> None:
        if self.study is None:
            return
        cards = len(self.result.card_keys) if self.result is not None else None

        def chosen(answer: str | None) -> None:
            if answer is None:
                return
            text = answer.strip()
            if not text:
                self.n_groups = None  # back to the analysis's own choice
            elif not text.isdigit() or int(text) < 1 or (cards is not None and int(text) > cards):
                limit = cards if cards is not None else "…"
                self.notify(self.tr("coord.results.groups_bad", limit=limit), severity="warning")
                return
            else:
                self.n_groups = int(text)
            self._analyse(store_new=True)

        current = "" if self.n_groups is None else str(self.n_groups)
        self.app.push_screen(
            TextPrompt(
                self.tr("coord.results.groups"),
                current,
                hint=self.tr("coord.results.groups_hint"),
            ),
            chosen,
        )

    # -- the views ----------------------------------------------------------------------------

    def _load_current(self) -> None:
        from cardsort.analysis import ConsensusTree

        assert self.study is not None
        version = current_tree(self.store, self.study.id)
        self.version = version.version if version else None
        self.consensus = ConsensusTree.from_dict(version.tree) if version else None

    def _show_tree(self) -> None:
        self._load_current()
        widget: Tree[Any] = self.query_one("#consensus", Tree)
        widget.clear()
        tree = self.consensus
        if tree is None:
            widget.root.set_label(self.tr("coord.results.no_tree"))
            return
        widget.root.set_label(self.tr("coord.results.tree_root", version=self.version or 0))
        assert self.study is not None
        self.audiences = folder_audiences(self.store, self.study.id)
        for i, node in enumerate(tree.groups, start=1):
            branch = widget.root.add(self._folder_label(f"{i}", node), data=("folder", (i - 1,)))
            direct = set(node.direct_card_keys)
            for j, child in enumerate(node.children, start=1):
                sub = branch.add(
                    self._folder_label(f"{i}.{j}", child, f"{node.label}/{child.label}"),
                    data=("folder", (i - 1, j - 1)),
                )
                for key, label in zip(child.card_keys, child.card_labels, strict=True):
                    sub.add_leaf(self._card_text(key, label), data=("card", key, label))
            for key, label in zip(node.card_keys, node.card_labels, strict=True):
                if key in direct:
                    branch.add_leaf(self._card_text(key, label), data=("card", key, label))
            branch.expand()
        if tree.unassigned:
            labels = (
                dict(zip(self.result.card_keys, self.result.card_labels, strict=True))
                if (self.result)
                else {}
            )
            apart_label = Text(self.tr("coord.results.unassigned"), style="bold")
            apart_label.append("  " + self.tr("coord.results.unassigned_why"), style="italic")
            apart = widget.root.add(apart_label, data=("apart",))
            for key in tree.unassigned:
                apart.add_leaf(labels.get(key, key), data=("card", key, labels.get(key, key)))
        widget.root.expand()

    def _card_text(self, key: str, label: str) -> Text:
        """A card in its folder, marked when it fits there poorly (kept for the asked number)."""
        text = Text(label)
        if self.result is not None and key in self.result.low_fit:
            text.append("  " + self.tr("coord.results.fits_poorly"), style="italic yellow")
        return text

    def _audience_text(self, code: str) -> str:
        key, name = audience_label_key(code)
        return self.tr(key, name=name) if key == "audience.named" else self.tr(key)

    def _folder_label(self, number: str, node: Any, path: str = "") -> Text:
        text = Text()
        text.append(f"{number} {node.label}", style="bold")
        audience = self.audiences.get(path or node.label)
        if audience and audience != "team":
            # Who may open it, set by the coordinator (cardsort.privacy: a padlock and words).
            text.append(f"  🔒 {self._audience_text(audience)}", style="bold red")
        text.append(
            "  "
            + self.tr(
                "coord.results.folder_stats",
                agreement=percent(node.agreement),
                stability=percent(node.stability),
                count=len(node.card_keys),
            )
        )
        return text

    def _show_heatmap(self, result: AnalysisResult) -> None:
        self.query_one("#heatmap", Static).update(
            heatmap_text(
                result.similarity.similarity,
                result.order,
                result.card_labels,
                caption=self.tr("coord.results.heatmap_caption"),
            )
        )

    def _show_dendrogram(self, result: AnalysisResult) -> None:
        box = self.query_one("#dendrogram-box", Static)
        try:
            from scipy.cluster.hierarchy import dendrogram
            from textual_plotext import PlotextPlot
        except ImportError:  # pragma: no cover - both are dependencies
            box.update(self.tr("coord.results.no_plot"))
            return
        if len(result.active_cards) < 2:
            box.update(self.tr("coord.results.no_plot"))
            return
        labels = [str(n) for n in range(1, len(result.active_cards) + 1)]
        tree = dendrogram(result.clustering.linkage, labels=labels, no_plot=True)
        # One plot for the screen's life, redrawn in place: removing a widget is only done
        # after the next message loop turn, so removing and mounting a new one with the same
        # id in one go fails with DuplicateIds on the second analysis.
        pane = self.query_one("#tab-dendrogram", TabPane)
        existing = pane.query(PlotextPlot)
        plot = existing.first() if existing else PlotextPlot(id="dendrogram")
        if not existing:
            pane.mount(plot)
        plt = plot.plt
        plt.clear_figure()
        for xs, ys in zip(tree["icoord"], tree["dcoord"], strict=True):
            plt.plot(xs, ys, marker="braille")
        plt.xticks([5 + 10 * i for i in range(len(tree["ivl"]))], tree["ivl"])
        plt.title(self.tr("coord.results.dendrogram_title"))
        plot.refresh()
        legend = Text()
        active = [result.card_labels[int(i)] for i in result.active_cards]
        for number, label in zip(labels, active, strict=True):
            legend.append(f"{number}={label}  ")
        box.update(legend)

    def _show_people(self, result: AnalysisResult) -> None:
        table = self.query_one("#people", DataTable)
        table.clear()
        for person in result.participants:
            quality = person.quality
            table.add_row(
                Text(person.name),  # as text: a name never reaches the terminal as markup
                flags_text(quality.flags, self.tr.lang),
                inclusion_text(quality.excluded, quality.reasons, self.tr.lang),
                percent(person.consensus_ari) if not math.isnan(person.consensus_ari) else "–",
            )
        for name in self.unfinished:
            table.add_row(Text(name), "–", self.tr("coord.results.not_finished"), "–")

    # -- editing the tree -----------------------------------------------------------------------

    def _selected(self) -> tuple[Any, ...] | None:
        node = self.query_one("#consensus", Tree).cursor_node
        data = node.data if node is not None else None
        return data if isinstance(data, tuple) else None

    def _folders(self, *, top_only: bool = False) -> list[PickTarget]:
        assert self.consensus is not None
        targets = []
        for i, node in enumerate(self.consensus.groups):
            targets.append(PickTarget(f"{i}", f"{i + 1}  {node.label}"))
            if not top_only:
                targets.extend(
                    PickTarget(f"{i}.{j}", f"   {i + 1}.{j + 1}  {child.label}")
                    for j, child in enumerate(node.children)
                )
        return targets

    @staticmethod
    def _folder_name(tree: ConsensusTree, path: tuple[int, ...]) -> str:
        node = tree.groups[path[0]]
        return node.label if len(path) == 1 else node.children[path[1]].label

    @staticmethod
    def _path(ref: str) -> tuple[int, ...]:
        return tuple(int(p) for p in ref.split("."))

    def _store_edit(self, tree: ConsensusTree, note: str) -> None:
        assert self.study is not None and self.version is not None
        try:
            store_edited_tree(
                self.store, self.study.id, tree.to_dict(), based_on=self.version, note=note
            )
        except StoreError as error:
            self.notify(str(error), severity="error")
        self._show_tree()

    def _need_tree(self) -> bool:
        if self.consensus is None or self.version is None:
            self.notify(self.tr("coord.results.no_tree"), severity="warning")
            return False
        return True

    def action_move_card(self) -> None:
        from cardsort.consensus_edits import move_card

        selected = self._selected()
        if not self._need_tree() or not selected or selected[0] != "card":
            self.notify(self.tr("coord.results.pick_card"), severity="warning")
            return
        _, key, label = selected
        targets = [*self._folders(), PickTarget(APART, self.tr("coord.results.unassigned"))]
        tree = self.consensus
        assert tree is not None

        def named(name: str | None) -> None:
            if name and name.strip():
                self._store_edit(
                    move_card(tree, key, label, None, new_folder=name.strip()),
                    f"Moved {label!r} to {name.strip()!r}",
                )

        def chosen(target: str | None) -> None:
            if target is None:
                return
            if target == NEW_FOLDER:
                self.app.push_screen(TextPrompt(self.tr("coord.results.new_folder")), named)
                return
            path = None if target == APART else self._path(target)
            where = "apart" if path is None else self._folder_name(tree, path)
            self._store_edit(move_card(tree, key, label, path), f"Moved {label!r} to {where!r}")

        self.app.push_screen(
            MoveToModal(
                self.tr("move.title", card=label),
                targets,
                allow_new=True,
                new_text=self.tr("coord.results.move_new_folder"),
            ),
            chosen,
        )

    def action_rename_folder(self) -> None:
        from cardsort.consensus_edits import rename_folder

        selected = self._selected()
        if not self._need_tree() or not selected or selected[0] != "folder":
            self.notify(self.tr("coord.results.pick_folder"), severity="warning")
            return
        path = selected[1]
        tree = self.consensus
        assert tree is not None
        node = tree.groups[path[0]] if len(path) == 1 else tree.groups[path[0]].children[path[1]]

        def named(name: str | None) -> None:
            if name and name.strip():
                try:
                    renamed = rename_folder(tree, path, name)
                except ValueError as error:
                    self.notify(str(error), severity="warning")
                    return
                # Who may open it goes with the folder's new name (cardsort.privacy).
                assert self.study is not None
                prefix = "" if len(path) == 1 else tree.groups[path[0]].label + "/"
                rename_folder_audience(
                    self.store, self.study.id, prefix + node.label, prefix + name.strip()
                )
                self._store_edit(renamed, f"Renamed {node.label!r} to {name.strip()!r}")

        self.app.push_screen(TextPrompt(self.tr("coord.results.rename"), node.label), named)

    def action_merge_folder(self) -> None:
        from cardsort.consensus_edits import merge_folders

        selected = self._selected()
        if (
            not self._need_tree()
            or not selected
            or selected[0] != "folder"
            or len(selected[1]) != 1
        ):
            self.notify(self.tr("coord.results.pick_top_folder"), severity="warning")
            return
        source = selected[1]
        tree = self.consensus
        assert tree is not None

        def chosen(target: str | None) -> None:
            if target is None:
                return
            try:
                merged = merge_folders(tree, source, self._path(target))
            except ValueError as error:
                self.notify(str(error), severity="warning")
                return
            into = self._folder_name(tree, self._path(target))
            self._store_edit(merged, f"Merged {tree.groups[source[0]].label!r} into {into!r}")

        targets = [t for t in self._folders(top_only=True) if t.key != str(source[0])]
        name = tree.groups[source[0]].label
        self.app.push_screen(
            MoveToModal(self.tr("group.merge_into", name=name), targets, allow_new=False), chosen
        )

    def action_folder_audience(self) -> None:
        """Choose who may open the selected folder (the plan refuses a folder that mixes)."""
        selected = self._selected()
        if not self._need_tree() or not selected or selected[0] != "folder":
            self.notify(self.tr("coord.results.pick_folder"), severity="warning")
            return
        tree = self.consensus
        assert tree is not None and self.study is not None
        path = selected[1]
        top = tree.groups[path[0]].label
        folder = top if len(path) == 1 else f"{top}/{tree.groups[path[0]].children[path[1]].label}"
        study_id = self.study.id

        def store(code: str) -> None:
            set_folder_audience(self.store, study_id, folder, code)
            self.notify(self.tr("audience.set", folder=folder, audience=self._audience_text(code)))
            self._show_tree()

        def named(name: str | None) -> None:
            if not name or not name.strip():
                return
            try:
                code = named_audience(name)
            except ValueError as error:
                self.notify(str(error), severity="warning")
                return
            store(code)

        def chosen(target: str | None) -> None:
            if target is None:
                return
            if target == NEW_FOLDER:
                self.app.push_screen(TextPrompt(self.tr("coord.results.audience_name")), named)
                return
            store(target)

        targets = [PickTarget(code, self._audience_text(code)) for code in BUILT_IN]
        self.app.push_screen(
            MoveToModal(
                self.tr("coord.results.audience_title", folder=folder),
                targets,
                allow_new=True,
                new_text=self.tr("coord.results.audience_new"),
            ),
            chosen,
        )
