"""A sentence as data: a catalogue key, its parameters and its English.

The layers below the application (``sessions``, ``drive_adapters``) never translate: they hand
back :class:`Said` values and the CLI looks ``key`` up in its catalogue
(``cardsort/i18n_catalogue.py``) to say them in Dutch or English. A ``Said`` *is* its English
text (a ``str``), so whatever only stores, logs or compares text — a journal, a CSV report, an
exception message, a test — keeps working with one stable wording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["Listed", "Said"]


class Said(str):
    """``Said("format.card_twice", "card ‘{card}’ is listed twice", {"card": "Rekenen"})``.

    A parameter may itself be a ``Said`` (a sentence inside a sentence): the CLI translates it
    too.
    """

    key: str
    params: Mapping[str, object]

    def __new__(cls, key: str, english: str, params: Mapping[str, object]) -> Said:
        """``english`` is the template, filled with ``params``."""
        made = super().__new__(cls, english.format(**params))
        made.key = key
        made.params = dict(params)
        return made

    def __reduce__(self) -> tuple[object, ...]:  # keeps its key across pickling (workers)
        return (_rebuilt, (self.key, str(self), self.params))


def _rebuilt(key: str, text: str, params: Mapping[str, object]) -> Said:
    made = str.__new__(Said, text)
    made.key = key
    made.params = dict(params)
    return made


class Listed(str):
    """Several messages shown as one (``‘a’, ‘b’``): each part is said in the reader's language
    at the CLI edge, then joined by ``separator``."""

    parts: list[str]
    separator: str

    def __new__(cls, parts: Sequence[str], separator: str = ", ") -> Listed:
        """The parts joined by ``separator`` (their English)."""
        made = super().__new__(cls, separator.join(parts))
        made.parts = list(parts)
        made.separator = separator
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (Listed, (self.parts, self.separator))
