"""The board's widgets: a pile of cards (an OptionList, fast at hundreds of cards) and the
card detail panel.

A pile knows its key on the :class:`~cardsort.tui.sorting.Board`; it renders card labels and
nothing else, so moving a card only re-renders the two piles involved. Labels are cut to the
pile's width by :mod:`cardsort.tui.shorten` (two cut names never look the same), and the pile's
bottom border says how many cards are out of sight ("▼ 3 meer"). The detail panel never cuts a
description silently: what does not fit ends in a line saying how to read the whole card.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cardsort.i18n import Translator
from cardsort.privacy.names import path_without_names
from cardsort.tui.shorten import fit
from sessions.models import Card

__all__ = [
    "CardDetail",
    "CardOption",
    "Labeller",
    "Pile",
    "StatusLine",
    "card_text",
    "option_index_at",
    "plain_labeller",
]

#: Cards with example file names shown in the detail panel.
MAX_EXAMPLES = 3


def option_index_at(event: events.MouseEvent) -> int | None:
    """Which option of an OptionList a mouse event is over (Textual puts it in the style meta)."""
    value = event.style.meta.get("option")
    return value if isinstance(value, int) else None


#: How a pile gets the text of a card for a width in cells (the board disambiguates).
Labeller = Callable[[Card, int], str]


def plain_labeller(card: Card, width: int) -> str:
    """A card's label cut to ``width`` with "…" (no width known yet: the whole label)."""
    return fit(card.label, width) if width > 0 else card.label


class CardOption(Option):
    """One card in a pile."""

    def __init__(self, card: Card, *, picked: bool = False, label: str | None = None) -> None:
        prompt = Text(("▶ " if picked else "") + (card.label if label is None else label))
        if picked:
            prompt.stylize("bold underline")
        super().__init__(prompt, id=f"card-{card.id}")
        self.card = card


class Pile(OptionList):
    """The cards on one pile (the stack, the unsure pile, or a group)."""

    DEFAULT_CSS = """
    Pile { height: 1fr; border: round $primary-darken-2; scrollbar-size-vertical: 1; }
    Pile:focus { border: heavy $accent; }
    Pile.-drop-target { border: double $success; }
    Pile:nocolor:focus > .option-list--option-highlighted { text-style: bold underline; }
    Pile > .option-list--option { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(
        self,
        key: str,
        *,
        id: str | None = None,  # noqa: A002 - Textual's name for it
        classes: str | None = None,
        labeller: Labeller = plain_labeller,
        more: Callable[[int, int], str] | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.key = key
        self.card_ids: list[int] = []
        self.cards: list[Card] = []
        self.picked: int | None = None
        self.labeller = labeller
        #: Text for the cards out of sight, ``more(above, below)``; "" when all show.
        self.more = more
        #: What the bottom border says besides the cards out of sight (a group's card count).
        self.count_text = ""
        self._label_width = -1

    def label_width(self) -> int:
        """Cells a card's label may take (0 before the first layout)."""
        # The content width less the one-cell scrollbar, whether it shows or not: a label
        # must not change when the pile grows long enough to scroll.
        width = self.content_region.width
        padding = self.get_component_styles("option-list--option").padding
        return max(1, width - padding.width - 1) if width else 0

    def _option(self, card: Card, width: int) -> CardOption:
        picked = card.id == self.picked
        label = self.labeller(card, width - (2 if picked else 0))
        return CardOption(card, picked=picked, label=label)

    def show_cards(self, cards: Sequence[Card], *, picked: int | None = None) -> None:
        """Show these cards, keeping the highlight at the same place where possible."""
        old = self.highlighted
        self.cards = list(cards)
        self.card_ids = [c.id for c in cards]
        self.picked = picked
        width = self._label_width = self.label_width()
        self.set_options([self._option(c, width) for c in cards])
        if cards:
            self.highlighted = min(old if old is not None else 0, len(cards) - 1)
        self.show_more()

    def on_resize(self, event: events.Resize) -> None:
        if self.label_width() != self._label_width:
            self.show_cards(self.cards, picked=self.picked)
        else:
            self.show_more()

    def remove_card(self, card_id: int) -> None:
        """Take one card off the pile (cheaper than re-showing all of them)."""
        index = self.card_ids.index(card_id)
        old = self.highlighted
        del self.card_ids[index]
        del self.cards[index]
        self.remove_option_at_index(index)
        if self.card_ids and old is not None:
            self.highlighted = min(old, len(self.card_ids) - 1)
        self.show_more()

    def append_card(self, card: Card) -> None:
        """Put one card at the end of the pile."""
        self.card_ids.append(card.id)
        self.cards.append(card)
        self.add_option(self._option(card, self.label_width()))
        if self.highlighted is None:
            self.highlighted = 0
        self.show_more()

    def hidden(self) -> tuple[int, int]:
        """How many cards are out of sight above and below the visible part."""
        visible = self.scrollable_content_region.height
        if visible <= 0:
            return 0, 0
        top = round(self.scroll_y)
        return top, max(0, len(self.card_ids) - top - visible)

    def show_more(self) -> None:
        """Put "▲ 2 ▼ 3 meer" (and the count) in the bottom border."""
        above, below = self.hidden()
        more = self.more(above, below) if self.more is not None else ""
        subtitle = " · ".join(part for part in (more, self.count_text) if part)
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.show_more()

    def _update_lines(self) -> None:
        """Every card is one line (labels never wrap, see DEFAULT_CSS).

        OptionList measures each option's wrapped height whenever its caches are cleared,
        which made a move cost O(cards on the pile); one line per card keeps it constant.
        """
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        start = cache.lines[-1][0] + 1 if cache.lines else 0
        for index in range(start, len(self.options)):
            cache.index_to_line[index] = len(cache.lines)
            cache.heights[index] = 1
            cache.lines.append((index, 0))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(cache.lines))
        if virtual_size != self.virtual_size:
            # A pile's own size is fixed by the board's CSS, so a longer or shorter list only
            # changes what scrolls: repaint this pile rather than lay out the whole screen (the
            # reactive's layout refresh re-rendered every widget on every move). A scrollbar
            # that appears or goes still asks for a layout, through _scroll_update.
            self.set_reactive(Pile.virtual_size, virtual_size)
            self.refresh()
            self._scroll_update(virtual_size)
            self.show_more()

    @property
    def current_card(self) -> int | None:
        """The id of the highlighted card, if any."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.card_ids):
            return None
        return self.card_ids[index]

    def highlight_card(self, card_id: int) -> None:
        """Move the highlight to a card on this pile."""
        if card_id in self.card_ids:
            self.highlighted = self.card_ids.index(card_id)


class RepaintOnly(Widget):
    """Shows one Text; changing it repaints without a layout pass (``Static.update`` lays the
    whole screen out again, which a card move cannot afford)."""

    content: reactive[Text] = reactive(Text, layout=False)

    def render(self) -> Text:
        return self.content

    def update(self, text: Text | str) -> None:
        """Show new text."""
        self.content = text if isinstance(text, Text) else Text(text)


class StatusLine(RepaintOnly):
    """One line saying what just happened."""

    DEFAULT_CSS = """
    StatusLine { height: 1; width: 1fr; padding: 0 1; background: $boost; }
    """


class CardDetail(RepaintOnly):
    """The highlighted card: its label, its description and (if allowed) example files.

    What does not fit ends in a last line saying how to read the whole card (``more_hint``),
    and the whole card is the panel's tooltip for the mouse.
    """

    DEFAULT_CSS = """
    CardDetail { height: 7; border: round $secondary; padding: 0 1; }
    """

    more_hint = ""

    def show_card(self, card: Card | None, tr: Translator, *, examples: bool) -> None:
        """Render one card, or a hint when nothing is highlighted."""
        self.more_hint = tr("detail.more")
        if card is None:
            self.tooltip = None
            self.update(Text(tr("detail.none"), style="italic"))
            return
        text = card_text(card, tr, examples=examples)
        self.tooltip = text
        self.update(text)

    def render(self) -> Text:
        width, height = self.content_region.width, self.content_region.height
        if width <= 0 or height <= 0:
            return self.content
        lines = self.content.wrap(self.app.console, width)
        if len(lines) <= height:
            return self.content
        shown = Text("\n").join(lines[: max(0, height - 1)])
        shown.append("\n" + fit(self.more_hint, width), style="italic reverse")
        return shown


def card_text(card: Card, tr: Translator, *, examples: bool) -> Text:
    """The whole card as text: bold label, description, example files or why none are shown."""
    text = Text()
    text.append(card.label, style="bold")
    if card.description:
        text.append("\n" + card.description)
    # AVG: a teacher never sees a path that names a pupil or colleague (cardsort.privacy).
    shown = [s for s in card.sources if path_without_names(s)][:MAX_EXAMPLES]
    if examples and not card.restricted and shown:
        text.append("\n" + tr("detail.examples"), style="italic")
        for source in shown:
            text.append("\n•\u00a0" + source.decode("utf-8", "replace"))
    elif card.restricted:
        text.append("\n" + tr("detail.restricted"), style="italic")
    return text
