"""The coordinator's screens: the studies, a new study, and participants' progress (live).

The progress screen polls the store every second: textual-serve runs each teacher in their
own process, and the store is the only place where they all meet.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Header,
    Input,
    Label,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from cardsort.tui.base import BaseScreen, CardsortApp
from cardsort.tui.modals import TextPrompt
from cardsort.tui.screens.finish import format_duration
from cardsort.tui.session import elapsed_seconds
from sessions.cards import NewCard, cards_of, latest_deck
from sessions.models import StudyKind, StudySettings
from sessions.questions import add_question
from sessions.store import Store, StoreError
from sessions.studies import create_study, get_study, list_studies, participants_of, progress

__all__ = ["NewStudyScreen", "ProgressScreen", "StudiesScreen"]

#: How often the progress view reads the store, in seconds.
POLL_SECONDS = 1.0


class CoordinatorBase(BaseScreen[None]):
    """Gives the coordinator screens the store and the chosen study."""

    @property
    def store(self) -> Store:
        """The workspace store."""
        return cast("CoordinatorAppProtocol", self.app).store

    @property
    def chosen(self) -> str | None:
        """The study chosen on the studies screen."""
        return cast("CoordinatorAppProtocol", self.app).chosen_study


class CoordinatorAppProtocol(CardsortApp):
    """What the coordinator screens need from their app (for typing only)."""

    store: Store
    chosen_study: str | None


class StudiesScreen(CoordinatorBase):
    """All studies, with how many took part; choose one to follow or to see its results."""

    HELP_INTRO = "coord.help_intro"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_study", "coord.key.new"),
        Binding("enter,p", "progress", "coord.key.progress"),
        Binding("r", "results", "coord.key.results"),
        Binding("f5", "refresh", "key.refresh"),
    ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Label(self.tr("coord.studies.title"), classes="coord-title")
        yield DataTable(id="studies-table", cursor_type="row", zebra_stripes=True)
        yield Static(self.tr("coord.studies.hint"), classes="coord-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            *(
                self.tr(f"coord.col.{c}")
                for c in ("study", "kind", "cards", "people", "finished", "code")
            )
        )
        self.action_refresh()
        self.set_interval(POLL_SECONDS * 3, self.action_refresh)

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for study in list_studies(self.store):
            people = participants_of(self.store, study.id)
            table.add_row(
                study.name,
                self.tr(f"coord.kind.{study.kind.value}"),
                str(len(cards_of(self.store, study_id=study.id))),
                str(len(people)),
                str(sum(p.finished for p in people)),
                study.access_code or "",
                key=study.name,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify(self.tr("coord.studies.none"), severity="warning")
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _choose_and(self, mode: str) -> None:
        name = self._selected()
        if name is not None:
            app = cast(CoordinatorAppProtocol, self.app)
            app.chosen_study = name
            app.switch_mode(mode)

    @on(DataTable.RowSelected, "#studies-table")
    def action_progress(self) -> None:
        self._choose_and("progress")

    def action_results(self) -> None:
        self._choose_and("results")

    def action_new_study(self) -> None:
        self.app.push_screen(NewStudyScreen())


class NewStudyScreen(CoordinatorBase):
    """Make a study from the latest scan's proposed cards."""

    HELP_INTRO = "coord.help.new"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key.cancel"),
        Binding("f6", "edit_card", "coord.key.edit_card"),
        Binding("f7", "add_card", "coord.key.add_card"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[NewCard] = []
        self.snapshot_id: int | None = None
        self.problem = ""
        try:
            deck = latest_deck(self.store)
        except StoreError:
            self.problem = self.tr("coord.new.no_deck")
            return
        self.snapshot_id = deck.snapshot_id
        self.cards = [
            NewCard(
                c.label,
                c.description,
                c.sources,
                c.key,
                c.restricted,
                c.origin,
                audience=c.audience,
            )
            for c in cards_of(self.store, deck_id=deck.id)
        ]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="new-study"):
            yield Label(self.tr("coord.new.title"), classes="coord-title")
            if self.problem:
                yield Static(self.problem, id="new-problem")
                return
            yield Label(self.tr("coord.new.name"))
            yield Input(id="study-name")
            yield Label(self.tr("coord.new.kind"))
            with RadioSet(id="kind"):
                for kind in StudyKind:
                    yield RadioButton(
                        self.tr(f"coord.kind.{kind.value}"),
                        id=f"kind-{kind.value}",
                        value=kind is StudyKind.OPEN,
                    )
            yield Label(self.tr("coord.new.cards", count=len(self.cards)))
            yield SelectionList[int](id="cards-list")
            yield Label(self.tr("coord.new.categories"))
            yield TextArea(id="categories")
            yield Label(self.tr("coord.new.instructions_nl"))
            yield TextArea(id="instructions-nl")
            yield Label(self.tr("coord.new.instructions_en"))
            yield TextArea(id="instructions-en")
            yield Label(self.tr("coord.new.questions"))
            yield TextArea(id="questions")
            yield Checkbox(self.tr("coord.opt.unsure"), True, id="opt-unsure")
            yield Checkbox(self.tr("coord.opt.names"), True, id="opt-names")
            yield Checkbox(self.tr("coord.opt.subgroups"), False, id="opt-subgroups")
            yield Checkbox(self.tr("coord.opt.shuffle"), True, id="opt-shuffle")
            yield Checkbox(self.tr("coord.opt.all_sorted"), False, id="opt-all")
            yield Checkbox(self.tr("coord.opt.file_names"), True, id="opt-files")
            yield Static("", id="new-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.tr("coord.new.create"), id="create", variant="primary")
                yield Button(self.tr("button.cancel"), id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if not self.problem:
            self._fill_cards()
            self.query_one("#study-name", Input).focus()

    def _fill_cards(self, selected: set[int] | None = None) -> None:
        listing = self.query_one("#cards-list", SelectionList)
        keep = selected if selected is not None else set(range(len(self.cards)))
        listing.clear_options()
        listing.add_options(
            [
                Selection(
                    f"{c.label} — {c.description}" if c.description else c.label, i, i in keep
                )
                for i, c in enumerate(self.cards)
            ]
        )

    def _current_index(self) -> int | None:
        listing = self.query_one("#cards-list", SelectionList)
        return listing.highlighted

    def action_edit_card(self) -> None:
        index = self._current_index()
        if index is None or self.problem:
            self.notify(self.tr("coord.new.pick_card"), severity="warning")
            return
        card = self.cards[index]
        selected = set(self.query_one("#cards-list", SelectionList).selected)

        def described(text: str | None) -> None:
            if text is not None:
                self.cards[index] = replace(self.cards[index], description=text.strip())
                self._fill_cards(selected)

        def named(label: str | None) -> None:
            if label is None:
                return
            if label.strip():
                self.cards[index] = replace(self.cards[index], label=label.strip())
            self.app.push_screen(
                TextPrompt(self.tr("coord.new.card_description"), card.description), described
            )

        self.app.push_screen(TextPrompt(self.tr("coord.new.card_label"), card.label), named)

    def action_add_card(self) -> None:
        if self.problem:
            return
        selected = set(self.query_one("#cards-list", SelectionList).selected)

        def named(label: str | None) -> None:
            if label and label.strip():
                taken = {c.key for c in self.cards}
                number = len(self.cards) + 1
                while f"m{number}" in taken:
                    number += 1
                self.cards.append(NewCard(label.strip(), key=f"m{number}", origin="manual"))
                self._fill_cards(selected | {len(self.cards) - 1})

        self.app.push_screen(TextPrompt(self.tr("coord.new.card_label")), named)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#create")
    def create(self) -> None:
        """Create the study from the form; problems are shown, nothing half-made is kept."""
        name = self.query_one("#study-name", Input).value
        pressed = self.query_one("#kind", RadioSet).pressed_button
        kind = (
            StudyKind((pressed.id or "kind-open").removeprefix("kind-"))
            if pressed
            else (StudyKind.OPEN)
        )
        chosen = sorted(self.query_one("#cards-list", SelectionList).selected)
        categories = [
            line.strip()
            for line in self.query_one("#categories", TextArea).text.splitlines()
            if line.strip()
        ]
        if kind is StudyKind.OPEN:
            categories = []

        def checked(widget_id: str) -> bool:
            return self.query_one(f"#{widget_id}", Checkbox).value

        settings = StudySettings(
            allow_unsure=checked("opt-unsure"),
            require_names=checked("opt-names"),
            allow_subgroups=checked("opt-subgroups"),
            randomise_cards=checked("opt-shuffle"),
            require_all_sorted=checked("opt-all"),
            show_file_names=checked("opt-files"),
            lang=self.tr.lang,
        )
        try:
            study = create_study(
                self.store,
                name,
                [self.cards[i] for i in chosen],
                kind=kind,
                instructions_nl=self.query_one("#instructions-nl", TextArea).text.strip(),
                instructions_en=self.query_one("#instructions-en", TextArea).text.strip(),
                settings=settings,
                categories=categories,
                snapshot_id=self.snapshot_id,
            )
        except StoreError as error:
            self.query_one("#new-error", Static).update(Text(str(error), style="bold"))
            return
        for line in self.query_one("#questions", TextArea).text.splitlines():
            dutch, _, english = line.partition("|")
            if dutch.strip() or english.strip():
                add_question(self.store, study.id, dutch, english)
        cast(CoordinatorAppProtocol, self.app).chosen_study = study.name
        self.notify(self.tr("coord.new.created", name=study.name, code=study.access_code or ""))
        self.dismiss(None)


class ProgressScreen(CoordinatorBase):
    """Who started, who finished, how far everybody is; refreshed every second."""

    HELP_INTRO = "coord.help.progress"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f5", "refresh", "key.refresh")]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Label("", id="progress-title", classes="coord-title")
        yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="progress-summary", classes="coord-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            *(self.tr(f"coord.col.{c}") for c in ("name", "status", "sorted", "unsure", "time"))
        )
        self.action_refresh()
        self.set_interval(POLL_SECONDS, self.action_refresh)

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the store and show every participant (cheap: two queries)."""
        title = self.query_one("#progress-title", Label)
        table = self.query_one(DataTable)
        name = self.chosen
        if name is None:
            studies = list_studies(self.store)
            name = studies[-1].name if studies else None
        if name is None:
            title.update(self.tr("coord.studies.none"))
            return
        try:
            study = get_study(self.store, name)
        except StoreError as error:
            title.update(str(error))
            return
        title.update(self.tr("coord.progress.title", name=study.name, code=study.access_code or ""))
        rows = progress(self.store, study.id)
        table.clear()
        for row in rows:
            person = row.participant
            status = self.tr("coord.status.done" if person.finished else "coord.status.sorting")
            seconds = person.duration_s if person.finished else elapsed_seconds(person.started_at)
            table.add_row(
                Text(person.name),  # as text: a typed name never becomes markup
                status,
                f"{row.placed}/{row.total_cards}",
                str(row.unsure),
                format_duration(seconds),
                key=str(person.id),
            )
        done = sum(r.participant.finished for r in rows)
        self.query_one("#progress-summary", Static).update(
            self.tr("coord.progress.summary", started=len(rows), done=done)
        )
