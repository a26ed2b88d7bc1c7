"""The sorting board: the stack of cards to sort, the groups, and the card in view.

Keyboard first: arrows pick a card, digits send it to group 1–9, ``m`` opens "move to…" for
any group, ``u`` marks it "don't know", ``0`` puts it back on the stack, ``z`` undoes, ``i``
shows the whole card. The mouse works too: click a card then a group, or drag a card onto a
group (emulated with mouse down, move and up, since Textual has no drag and drop). Every
action is saved at once.

The layout gives the space to the cards: the groups' grid has as few columns as lets their
names show uncut and as tall rows as lets every group show, cut card names stay distinct
(:mod:`cardsort.tui.shorten`), a pile says how many cards are out of sight, and a line under
the grid says how many groups are.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static

from cardsort.card_language import localise_card
from cardsort.tui.base import BaseScreen, binding_help, key_label
from cardsort.tui.modals import (
    NEW_GROUP,
    CardModal,
    ConfirmModal,
    HelpModal,
    MoveToModal,
    PickTarget,
    TextPrompt,
)
from cardsort.tui.session import SortSession
from cardsort.tui.shorten import short_labels
from cardsort.tui.sorting import UNSORTED, UNSURE, Board, SortRuleError
from cardsort.tui.widgets import (
    CardDetail,
    Pile,
    RepaintOnly,
    StatusLine,
    card_text,
    option_index_at,
)
from sessions.models import Card
from sessions.store import StoreError

__all__ = ["BoardScreen"]

#: Narrowest group column; the grid shows as many columns as fit.
COLUMN_WIDTH = 22
#: Width of the left column (the stack, the unsure pile and the card in view).
LEFT_WIDTH = 28
MAX_LEFT_WIDTH = 40
#: Height of the card panel (the whole card is one key away: ``i``).
DETAIL_HEIGHT = 7
MAX_DETAIL_HEIGHT = 12
#: A pile's border, corners and the spaces around its title take this many cells.
TITLE_FRAME = 6
#: Lowest group row: its border and two cards.
MIN_ROW = 4


class BoardScreen(BaseScreen[None]):
    """Sort the cards of one participant."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "key.help"),
        Binding("1", "send(1)", "key.send", key_display="1…9"),
        *[Binding(str(n), f"send({n})", "key.send", show=False) for n in range(2, 10)],
        Binding("m", "move_dialog", "key.move"),
        Binding("n", "new_group", "key.new_group"),
        Binding("u", "unsure", "key.unsure"),
        Binding("0", "back", "key.back"),
        Binding("r", "rename", "key.rename"),
        Binding("g", "merge", "key.merge"),
        Binding("x,delete", "delete_group", "key.delete"),
        Binding("s", "subgroup", "key.subgroup"),
        Binding("z,ctrl+z", "undo", "key.undo"),
        Binding("i", "show_card", "key.show_card"),
        Binding("f", "finish", "key.finish"),
        Binding("f2", "app.toggle_contrast", "key.contrast", show=False),
    ]

    def __init__(
        self, session: SortSession, board: Board, *, on_finish: Callable[[], None]
    ) -> None:
        super().__init__()
        self.session = session
        self.board = board
        self.on_finish = on_finish
        self.piles: dict[str, Pile] = {}
        #: The card chosen by a click, waiting for a click on a pile.
        self.picked: int | None = None
        #: The card under the mouse button while dragging, and the pile it came from.
        self._grab: tuple[int, str] | None = None
        self._drop_target: Pile | None = None
        #: The cards as this participant reads them: texts the tool wrote in their language.
        self.cards = {
            card_id: localise_card(card, self.tr.lang) for card_id, card in session.cards.items()
        }
        #: Distinct short names of every card, per label width (see cardsort.tui.shorten).
        self._short: dict[int, dict[int, str]] = {}

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="board"):
            with Vertical(id="left"):
                yield self._pile(UNSORTED, id="pile-unsorted")
                if self.board.settings.allow_unsure:
                    yield self._pile(UNSURE, id="pile-unsure")
                yield CardDetail(id="detail")
            with Vertical(id="right"):
                with VerticalScroll(id="groups") as groups:
                    groups.can_focus = False  # Tab goes from pile to pile, not to the grid
                    groups.styles.grid_size_columns = self._columns(
                        self.app.size.width - LEFT_WIDTH
                    )
                    yield from self._group_widgets()
                yield RepaintOnly(id="groups-more")
        yield StatusLine(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = self.session.study.name
        self.sub_title = self.session.participant.name if self.session.participant else ""
        self.piles[UNSORTED] = self.query_one("#pile-unsorted", Pile)
        if self.board.settings.allow_unsure:
            self.piles[UNSURE] = self.query_one("#pile-unsure", Pile)
        with self.app.batch_update():
            for key in self.piles:
                self._refresh_pile(key)
        self.piles[UNSORTED].focus()
        self._say(self.tr("board.start_hint"))
        self._show_detail(self.piles[UNSORTED].current_card)
        self.query_one("#groups", VerticalScroll).watch(
            self.query_one("#groups", VerticalScroll), "scroll_y", self._groups_scrolled, init=False
        )

    def on_resize(self, event: events.Resize) -> None:
        self._reflow()

    # -- fitting the piles to the space ------------------------------------------------------

    def _pile(self, key: str, *, id: str | None = None, classes: str | None = None) -> Pile:  # noqa: A002
        return Pile(key, id=id, classes=classes, labeller=self._label, more=self._more_text)

    def _label(self, card: Card, width: int) -> str:
        """The card's name for a pile ``width`` cells wide, distinct from every other card's."""
        if width <= 0:
            return card.label
        names = self._short.get(width)
        if names is None:
            cards = list(self.cards.values())
            shown = short_labels([c.label for c in cards], width)
            names = self._short[width] = {c.id: text for c, text in zip(cards, shown, strict=True)}
        return names.get(card.id, card.label)

    def _more_text(self, above: int, below: int) -> str:
        parts = []
        if above:
            parts.append(self.tr("pile.more_above", count=above))
        if below:
            parts.append(self.tr("pile.more", count=below))
        return " ".join(parts)

    def _columns(self, width: int, rows_fit: int | None = None) -> int:
        """As few columns as let the group names show uncut, as many as let all groups show."""
        most = max(1, width // COLUMN_WIDTH)
        groups = self.board.ordered_groups()
        longest = max((len(self._pile_title(g.key)) for g in groups), default=0)
        wanted = max(1, min(most, width // max(COLUMN_WIDTH, longest + TITLE_FRAME)))
        if rows_fit is not None:
            while wanted < most and math.ceil(len(groups) / wanted) > rows_fit:
                wanted += 1
        return wanted

    def _reflow(self) -> None:
        # A wider screen gives the stack and the card panel a little more room too.
        left = max(LEFT_WIDTH, min(MAX_LEFT_WIDTH, self.size.width * 2 // 7))
        detail = max(DETAIL_HEIGHT, min(MAX_DETAIL_HEIGHT, self.size.height // 4))
        left_column = self.query_one("#left")
        if left_column.styles.width is None or left_column.styles.width.value != left:
            left_column.styles.width = left
        card_panel = self.query_one(CardDetail)
        if card_panel.styles.height is None or card_panel.styles.height.value != detail:
            card_panel.styles.height = detail
        groups = self.query_one("#groups")
        width = groups.size.width or max(self.size.width - left, COLUMN_WIDTH)
        height = groups.size.height or max(self.size.height - 3, MIN_ROW)
        columns = self._columns(width, rows_fit=max(1, height // MIN_ROW))
        rows = max(1, math.ceil(len(self.board.groups) / columns))
        row_height = max(MIN_ROW, height // rows)
        if groups.styles.grid_size_columns != columns:
            groups.styles.grid_size_columns = columns
        current_rows = groups.styles.grid_rows
        if not current_rows or [s.value for s in current_rows] != [row_height]:
            groups.styles.grid_rows = str(row_height)
        self.call_after_refresh(self._groups_scrolled)

    def _groups_scrolled(self, *_: object) -> None:
        """Say under the grid which groups are below the visible part, if any."""
        container = self.query_one("#groups", VerticalScroll)
        columns = container.styles.grid_size_columns or 1
        rows = container.styles.grid_rows
        row_height = int(rows[0].value) if rows else MIN_ROW
        seen_to = container.scroll_y + container.scrollable_content_region.height
        below = [
            group
            for index, group in enumerate(self.board.ordered_groups())
            if (index // columns + 1) * row_height > seen_to
        ]
        line = self.query_one("#groups-more", RepaintOnly)
        if below and container.scrollable_content_region.height:
            numbers = ", ".join(str(self.board.number_of(g.key)) for g in below)
            line.update(Text(self.tr("board.more_groups", count=len(below), numbers=numbers)))
            line.display = True
        else:
            line.display = False

    def _group_widgets(self) -> list[Widget]:
        """One pile per group (registered in ``self.piles``), or a hint when there are none."""
        widgets: list[Widget] = []
        for group in self.board.ordered_groups():
            classes = f"group-pile key-{group.key}" + (" sub" if group.parent_key else "")
            pile = self._pile(group.key, classes=classes)
            self.piles[group.key] = pile
            widgets.append(pile)
        if not widgets:
            widgets.append(Static(self.tr("board.no_groups"), id="no-groups"))
        return widgets

    def _rebuild_groups(self) -> None:
        """Remount the group piles after groups were added, removed, renamed or merged."""
        container = self.query_one("#groups", VerticalScroll)
        focused = self.focused.key if isinstance(self.focused, Pile) else None
        for key in [k for k in self.piles if k not in (UNSORTED, UNSURE)]:
            del self.piles[key]
        container.remove_children()
        container.mount_all(self._group_widgets())
        for group in self.board.ordered_groups():
            self._refresh_pile(group.key)
        self._reflow()
        if focused in self.piles:
            self.call_after_refresh(self.piles[focused].focus)

    def _pile_title(self, key: str) -> str:
        count = len(self.board.piles[key])
        if key == UNSORTED:
            return self.tr("pile.unsorted", count=count)
        if key == UNSURE:
            return self.tr("pile.unsure", count=count)
        group = self.board.group(key)
        label = group.label or self.tr("group.unnamed")
        prefix = "↳ " if group.parent_key else ""
        return f"{prefix}{self.board.number_of(key)} {label}"

    def _title(self, key: str) -> None:
        """A group's number and name on top, its count below (so a narrow pile keeps both)."""
        pile = self.piles[key]
        pile.border_title = self._pile_title(key)
        if key not in (UNSORTED, UNSURE):
            pile.count_text = self.tr.count("finish.cards", len(self.board.piles[key]))
        pile.show_more()

    def _refresh_pile(self, key: str) -> None:
        pile = self.piles.get(key)
        if pile is None:
            return
        cards = [self.cards[c] for c in self.board.piles[key]]
        pile.show_cards(cards, picked=self.picked)
        self._title(key)

    def _say(self, text: str) -> None:
        self.query_one("#status", StatusLine).update(Text(text))

    def _show_detail(self, card_id: int | None) -> None:
        card = self.cards.get(card_id) if card_id is not None else None
        self.query_one(CardDetail).show_card(
            card, self.tr, examples=self.board.settings.show_file_names
        )

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if isinstance(event.option_list, Pile) and event.option_list.has_focus:
            self._show_detail(event.option_list.current_card)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Pile):
            self._show_detail(event.widget.current_card)
            key = event.widget.key
            if key not in (UNSORTED, UNSURE) and key in self.board.piles:
                # The border may cut a long name: the status line has room for all of it.
                count = self.tr.count("finish.cards", len(self.board.piles[key]))
                self._say(self.tr("board.focused", name=self._group_name(key), count=count))

    # -- the current card and group ----------------------------------------------------------------

    def _current_card(self) -> int | None:
        if self.picked is not None:
            return self.picked
        focused = self.focused
        if isinstance(focused, Pile):
            return focused.current_card
        return None

    def _focused_group(self) -> str | None:
        focused = self.focused
        if isinstance(focused, Pile) and focused.key not in (UNSORTED, UNSURE):
            return focused.key
        return None

    def _group_name(self, key: str) -> str:
        if key == UNSORTED:
            return self.tr("pile.unsorted_name")
        if key == UNSURE:
            return self.tr("pile.unsure_name")
        group = self.board.group(key)
        return f"{self.board.number_of(key)} {group.label or self.tr('group.unnamed')}"

    # -- saving --------------------------------------------------------------------------------

    def _save(self) -> bool:
        try:
            self.session.save(self.board)
        except StoreError as error:
            self.notify(self.tr("error.save_failed", error=str(error)), severity="error")
            return False
        return True

    def _rule(self, error: SortRuleError) -> None:
        self.notify(self.tr(error.key, **error.params), severity="warning")

    # -- moving cards --------------------------------------------------------------------------

    def move_card(self, card_id: int, target: str) -> bool:
        """Move a card, save, and update the two piles involved."""
        try:
            source = self.board.pile_of(card_id)
            if not self.board.move(card_id, target):
                return False
        except SortRuleError as error:
            self._rule(error)
            return False
        card = self.cards[card_id]
        was_picked, self.picked = self.picked, None
        self._save()
        if was_picked is None and source in self.piles and target in self.piles:
            self.piles[source].remove_card(card_id)
            self.piles[target].append_card(card)
            self._title(source)
            self._title(target)
        else:
            self._refresh_pile(source)
            self._refresh_pile(target)
        self._say(self.tr("board.moved", card=card.label, pile=self._group_name(target)))
        pile = self.piles.get(source)
        self._show_detail(pile.current_card if pile is not None else None)
        return True

    def _need_card(self) -> int | None:
        card = self._current_card()
        if card is None:
            self.notify(self.tr("board.choose_card_first"), severity="warning")
        return card

    def action_send(self, number: int) -> None:
        groups = self.board.ordered_groups()
        if not 1 <= number <= len(groups):
            self.notify(self.tr("board.no_group_number", number=number), severity="warning")
            return
        card = self._need_card()
        if card is not None:
            self.move_card(card, groups[number - 1].key)

    def action_unsure(self) -> None:
        card = self._need_card()
        if card is not None:
            self.move_card(card, UNSURE)

    def action_back(self) -> None:
        card = self._need_card()
        if card is not None:
            self.move_card(card, UNSORTED)

    def _targets(
        self, *, groups_only: bool = False, exclude: str | None = None
    ) -> list[PickTarget]:
        targets = [
            PickTarget(
                g.key,
                ("   ↳ " if g.parent_key else "")
                + f"{self.board.number_of(g.key)}  {g.label or self.tr('group.unnamed')}",
            )
            for g in self.board.ordered_groups()
            if g.key != exclude
        ]
        if not groups_only:
            if self.board.settings.allow_unsure:
                targets.append(PickTarget(UNSURE, "u  " + self.tr("pile.unsure_name")))
            targets.append(PickTarget(UNSORTED, "0  " + self.tr("pile.unsorted_name")))
        return targets

    def action_move_dialog(self) -> None:
        card = self._need_card()
        if card is None:
            return
        label = self.cards[card].label

        def chosen(target: str | None) -> None:
            if target == NEW_GROUP:
                self._ask_new_group(card)
            elif target is not None:
                self.move_card(card, target)

        self.app.push_screen(
            MoveToModal(
                self.tr("move.title", card=label),
                self._targets(),
                allow_new=self.board.can_create_groups,
            ),
            chosen,
        )

    # -- groups --------------------------------------------------------------------------------

    def _ask_new_group(self, card: int | None, parent: str | None = None) -> None:
        title = self.tr("group.new_sub_title" if parent else "group.new_title")

        def named(label: str | None) -> None:
            if label is None:
                return
            try:
                key = self.board.add_group(label, parent=parent)
            except SortRuleError as error:
                self._rule(error)
                return
            self._save()
            self._rebuild_groups()
            if card is not None:
                self.move_card(card, key)
            else:
                self._say(self.tr("group.created", name=self._group_name(key)))

        self.app.push_screen(TextPrompt(title, hint=self.tr("group.name_hint")), named)

    def action_new_group(self) -> None:
        if not self.board.can_create_groups:
            self.notify(self.tr("error.closed_no_new_groups"), severity="warning")
            return
        self._ask_new_group(self._current_card())

    def action_subgroup(self) -> None:
        if not self.board.settings.allow_subgroups:
            self.notify(self.tr("error.subgroups_not_allowed"), severity="warning")
            return
        card = self._current_card()

        def with_parent(parent: str) -> None:
            self._ask_new_group(card, parent)

        self._with_group(self.tr("group.choose_parent"), with_parent, top_only=True)

    def _with_group(
        self,
        title: str,
        then: Callable[[str], None],
        *,
        top_only: bool = False,
        own_only: bool = False,
    ) -> None:
        """Act on the focused group, or ask which group when the focus is not on one."""
        key = self._focused_group()
        if key is not None and (not top_only or self.board.group(key).parent_key is None):
            then(key)
            return
        targets = [
            t
            for t in self._targets(groups_only=True)
            if (not top_only or self.board.group(t.key).parent_key is None)
            and (not own_only or not self.board.is_fixed(t.key))
        ]
        if not targets:
            self.notify(self.tr("group.none_yet"), severity="warning")
            return

        def chosen(choice: str | None) -> None:
            if choice is not None:
                then(choice)

        self.app.push_screen(MoveToModal(title, targets, allow_new=False), chosen)

    def action_rename(self) -> None:
        def rename(key: str) -> None:
            group = self.board.group(key)
            if group.category_id is not None:
                self.notify(self.tr("error.fixed_category", name=group.label), severity="warning")
                return

            def named(label: str | None) -> None:
                if label is None:
                    return
                self.board.rename_group(key, label)
                self._save()
                self._refresh_pile(key)
                self._say(self.tr("group.renamed", name=self._group_name(key)))

            self.app.push_screen(TextPrompt(self.tr("group.rename_title"), group.label), named)

        self._with_group(self.tr("group.choose_rename"), rename, own_only=True)

    def action_delete_group(self) -> None:
        def delete(key: str) -> None:
            name = self._group_name(key)

            def confirmed(yes: bool | None) -> None:
                if not yes:
                    return
                try:
                    count = self.board.delete_group(key)
                except SortRuleError as error:
                    self._rule(error)
                    return
                self._save()
                self._rebuild_groups()
                self._refresh_pile(UNSORTED)
                self._say(self.tr("group.deleted", name=name, count=count))

            self.app.push_screen(
                ConfirmModal(self.tr("group.delete_confirm", name=name)), confirmed
            )

        self._with_group(self.tr("group.choose_delete"), delete, own_only=True)

    def action_merge(self) -> None:
        def merge_from(source: str) -> None:
            name = self._group_name(source)

            def merge_into(target: str | None) -> None:
                if target is None:
                    return
                try:
                    self.board.merge_groups(source, target)
                except SortRuleError as error:
                    self._rule(error)
                    return
                self._save()
                self._rebuild_groups()
                self._say(self.tr("group.merged", name=name, target=self._group_name(target)))

            self.app.push_screen(
                MoveToModal(
                    self.tr("group.merge_into", name=name),
                    self._targets(groups_only=True, exclude=source),
                    allow_new=False,
                ),
                merge_into,
            )

        self._with_group(self.tr("group.choose_merge"), merge_from, own_only=True)

    def action_undo(self) -> None:
        groups_before = list(self.board.groups)
        if not self.board.undo():
            self.notify(self.tr("board.nothing_to_undo"))
            return
        self._save()
        self.picked = None
        if groups_before != self.board.groups:
            self._rebuild_groups()
        for key in list(self.piles):
            self._refresh_pile(key)
        self._say(self.tr("board.undone"))

    def action_show_card(self) -> None:
        """The whole card in a dialog: the panel may not have room for all of it."""
        card = self._need_card()
        if card is not None:
            text = card_text(
                self.cards[card], self.tr, examples=self.board.settings.show_file_names
            )
            self.app.push_screen(CardModal(text))

    # -- finishing and help ----------------------------------------------------------------------

    def action_finish(self) -> None:
        self.on_finish()

    def action_help(self) -> None:
        keys = binding_help(self, self.tr)
        keys.append((key_label("tab", self.tr), self.tr("help.tab")))
        keys.append((self.tr("keyname.arrows"), self.tr("help.arrows")))
        keys.append((key_label("ctrl+p", self.tr), self.tr("palette")))
        self.app.push_screen(HelpModal(self.tr("help.board_intro"), keys))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_group", "merge", "rename", "delete_group"):
            return self.board.can_create_groups
        if action == "subgroup":
            return self.board.settings.allow_subgroups
        if action == "unsure":
            return self.board.settings.allow_unsure
        return True

    # -- the mouse: click a card then a pile, or drag a card onto a pile --------------------

    def _pile_under(self, event: events.MouseEvent) -> Pile | None:
        try:
            widget, _ = self.get_widget_at(*event.screen_offset)
        except Exception:  # outside the screen
            return None
        node: Widget | None = widget
        while node is not None and not isinstance(node, Pile):
            parent = node.parent
            node = parent if isinstance(parent, Widget) else None
        return node

    def on_mouse_down(self, event: events.MouseDown) -> None:
        pile = self._pile_under(event)
        if pile is None:
            return
        if self.picked is not None and self.board.pile_of(self.picked) != pile.key:
            self.move_card(self.picked, pile.key)
            self._grab = None
            return
        index = option_index_at(event)
        if index is not None and 0 <= index < len(pile.card_ids):
            self._grab = (pile.card_ids[index], pile.key)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._grab is None:
            return
        pile = self._pile_under(event)
        target = pile if pile is not None and pile.key != self._grab[1] else None
        if target is not self._drop_target:
            if self._drop_target is not None:
                self._drop_target.remove_class("-drop-target")
            if target is not None:
                target.add_class("-drop-target")
            self._drop_target = target

    def on_mouse_up(self, event: events.MouseUp) -> None:
        grab, self._grab = self._grab, None
        if self._drop_target is not None:
            self._drop_target.remove_class("-drop-target")
            self._drop_target = None
        if grab is None:
            return
        card, source = grab
        pile = self._pile_under(event)
        if pile is not None and pile.key != source:
            self.move_card(card, pile.key)
            return
        # A click on a card: pick it; the next click on another pile puts it there.
        previous = self.picked
        self.picked = None if previous == card else card
        for key in {source, self.board.pile_of(previous) if previous is not None else source}:
            self._refresh_pile(key)
        self.piles[source].highlight_card(card)
        self._show_detail(card)
        if self.picked is not None:
            self._say(self.tr("board.picked", card=self.cards[card].label))
