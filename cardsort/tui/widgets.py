"""The board's widgets: a pile of cards (an OptionList, fast at hundreds of cards) and the
card detail panel.

A pile knows its key on the :class:`~cardsort.tui.sorting.Board`; it renders card labels and
nothing else, so moving a card only re-renders the two piles involved.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cardsort.i18n import Translator
from cardsort.privacy.names import path_without_names
from sessions.models import Card

__all__ = ["CardDetail", "CardOption", "Pile", "StatusLine", "option_index_at"]

#: Cards with example file names shown in the detail panel.
MAX_EXAMPLES = 3


def option_index_at(event: events.MouseEvent) -> int | None:
    """Which option of an OptionList a mouse event is over (Textual puts it in the style meta)."""
    value = event.style.meta.get("option")
    return value if isinstance(value, int) else None


class CardOption(Option):
    """One card in a pile."""

    def __init__(self, card: Card, *, picked: bool = False) -> None:
        prompt = Text(("▶ " if picked else "") + card.label)
        if picked:
            prompt.stylize("bold underline")
        super().__init__(prompt, id=f"card-{card.id}")
        self.card = card


class Pile(OptionList):
    """The cards on one pile (the stack, the unsure pile, or a group)."""

    DEFAULT_CSS = """
    Pile { height: 1fr; border: round $primary-darken-2; }
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
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.key = key
        self.card_ids: list[int] = []

    def show_cards(self, cards: Sequence[Card], *, picked: int | None = None) -> None:
        """Show these cards, keeping the highlight at the same place where possible."""
        old = self.highlighted
        self.card_ids = [c.id for c in cards]
        self.set_options([CardOption(c, picked=c.id == picked) for c in cards])
        if cards:
            self.highlighted = min(old if old is not None else 0, len(cards) - 1)

    def remove_card(self, card_id: int) -> None:
        """Take one card off the pile (cheaper than re-showing all of them)."""
        index = self.card_ids.index(card_id)
        old = self.highlighted
        del self.card_ids[index]
        self.remove_option_at_index(index)
        if self.card_ids and old is not None:
            self.highlighted = min(old, len(self.card_ids) - 1)

    def append_card(self, card: Card) -> None:
        """Put one card at the end of the pile."""
        self.card_ids.append(card.id)
        self.add_option(CardOption(card))
        if self.highlighted is None:
            self.highlighted = 0

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
    """The highlighted card: its label, its description and (if allowed) example files."""

    DEFAULT_CSS = """
    CardDetail { height: 7; border: round $secondary; padding: 0 1; }
    """

    def show_card(self, card: Card | None, tr: Translator, *, examples: bool) -> None:
        """Render one card, or a hint when nothing is highlighted."""
        if card is None:
            self.update(Text(tr("detail.none"), style="italic"))
            return
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
        self.update(text)
