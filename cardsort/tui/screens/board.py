"""The sorting board: the stack of cards to sort, the groups, and the card in view.

Keyboard first: arrows pick a card, digits send it to group 1–9, ``m`` opens "move to…" for
any group, ``u`` marks it "don't know", ``0`` puts it back on the stack, ``z`` undoes. The
mouse works too: click a card then a group, or drag a card onto a group (emulated with mouse
down, move and up, since Textual has no drag and drop). Every action is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, OptionList, Static

from cardsort.tui.base import BaseScreen
from cardsort.tui.modals import (
    NEW_GROUP,
    ConfirmModal,
    HelpModal,
    MoveToModal,
    PickTarget,
    TextPrompt,
)
from cardsort.tui.session import SortSession
from cardsort.tui.sorting import UNSORTED, UNSURE, Board, SortRuleError
from cardsort.tui.widgets import CardDetail, Pile, StatusLine, option_index_at
from sessions.store import StoreError

__all__ = ["BoardScreen"]

#: Width of one group column; the grid shows as many columns as fit.
COLUMN_WIDTH = 22


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

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="board"):
            with Vertical(id="left"):
                yield Pile(UNSORTED, id="pile-unsorted")
                if self.board.settings.allow_unsure:
                    yield Pile(UNSURE, id="pile-unsure")
                yield CardDetail(id="detail")
            with VerticalScroll(id="groups") as groups:
                groups.can_focus = False  # Tab goes from pile to pile, not to the grid
                groups.styles.grid_size_columns = self._columns(self.app.size.width - 34)
                yield from self._group_widgets()
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

    def on_resize(self, event: events.Resize) -> None:
        self._reflow()

    @staticmethod
    def _columns(width: int) -> int:
        return max(1, width // COLUMN_WIDTH)

    def _reflow(self) -> None:
        groups = self.query_one("#groups")
        width = groups.size.width or max(self.size.width - 34, COLUMN_WIDTH)
        columns = self._columns(width)
        if groups.styles.grid_size_columns != columns:
            groups.styles.grid_size_columns = columns

    def _group_widgets(self) -> list[Widget]:
        """One pile per group (registered in ``self.piles``), or a hint when there are none."""
        widgets: list[Widget] = []
        for group in self.board.ordered_groups():
            classes = f"group-pile key-{group.key}" + (" sub" if group.parent_key else "")
            pile = Pile(group.key, classes=classes)
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
            pile.border_subtitle = self.tr.count("finish.cards", len(self.board.piles[key]))

    def _refresh_pile(self, key: str) -> None:
        pile = self.piles.get(key)
        if pile is None:
            return
        cards = [self.session.cards[c] for c in self.board.piles[key]]
        pile.show_cards(cards, picked=self.picked)
        self._title(key)

    def _say(self, text: str) -> None:
        self.query_one("#status", StatusLine).update(Text(text))

    def _show_detail(self, card_id: int | None) -> None:
        card = self.session.cards.get(card_id) if card_id is not None else None
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
        card = self.session.cards[card_id]
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
        label = self.session.cards[card].label

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

    # -- finishing and help ----------------------------------------------------------------------

    def action_finish(self) -> None:
        self.on_finish()

    def action_help(self) -> None:
        by_action: dict[str, tuple[list[str], str]] = {}
        for _key, binding in self._bindings:
            if not binding.description:
                continue
            action = "send" if binding.action.startswith("send") else binding.action
            names, _ = by_action.setdefault(action, ([], binding.description))
            display = "1…9" if action == "send" else (binding.key_display or binding.key)
            if display not in names:
                names.append(display)
        keys = [(" / ".join(k), description) for k, description in by_action.values()]
        keys.append(("Tab", self.tr("help.tab")))
        keys.append(("↑ ↓", self.tr("help.arrows")))
        keys.append(("ctrl+p", self.tr("palette")))
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
            self._say(self.tr("board.picked", card=self.session.cards[card].label))
