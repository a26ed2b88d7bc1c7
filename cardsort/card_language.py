"""The card texts the tool wrote, shown in the reader's language.

``cardsort cards propose`` writes labels and descriptions in one language ("12 bestanden,
3,4 MB, laatst gewijzigd maart 2024. Bijvoorbeeld: …", "Groep 5 – losse bestanden"). A
teacher who sorts with ``--lang en`` should read them in English. This module recognises
exactly the forms :mod:`cardsort.proposal` writes and re-renders them in the other language;
anything else (a coordinator's own text, a card added by hand) is returned untouched. Pure
functions, no I/O.
"""

from __future__ import annotations

import dataclasses
import re

from cardsort.proposal import _MONTHS as MONTHS
from sessions.models import Card

__all__ = ["localise_card", "localise_description", "localise_label"]

#: Whole labels the proposal makes, per language, in the same order.
_LABELS = {
    "nl": ("Lege mappen", "Losse bestanden", "Kleine mappen"),
    "en": ("Empty folders", "Loose files", "Small folders"),
}
_SUFFIX = {"nl": " – losse bestanden", "en": " – loose files"}
_EMPTY = {"nl": "Lege map.", "en": "Empty folder."}
_FILES = {"nl": ("bestand", "bestanden"), "en": ("file", "files")}
_CHANGED = {"nl": "laatst gewijzigd", "en": "last changed"}
_EXAMPLE = {"nl": " Bijvoorbeeld: ", "en": " For example: "}

_DESCRIPTION = re.compile(
    r"^(?P<files>\d+) (?P<noun>bestanden|bestand|files|file), "
    r"(?P<number>\d+(?:[.,]\d)?) (?P<unit>B|KB|MB|GB|TB)"
    r"(?:, (?P<changed>laatst gewijzigd|last changed) (?P<month>[A-Za-z]+) (?P<year>\d{4}))?\."
    r"(?:(?P<example> Bijvoorbeeld: | For example: )(?P<names>.*))?$",
    re.DOTALL,
)


def localise_label(label: str, lang: str) -> str:
    """A label the proposal made, in ``lang``; any other label as it is."""
    for source, names in _LABELS.items():
        if source != lang and label in names:
            return _LABELS[lang][names.index(label)]
    for source, suffix in _SUFFIX.items():
        if source != lang and label.endswith(suffix):
            return label[: -len(suffix)] + _SUFFIX[lang]
    return label


def localise_description(text: str, lang: str) -> str:
    """A description the proposal wrote, in ``lang``; any other text as it is."""
    for empty in _EMPTY.values():
        if text == empty:
            return _EMPTY[lang]
    found = _DESCRIPTION.match(text)
    if found is None:
        return text
    source = "nl" if found["noun"].startswith("bestand") else "en"
    if source == lang:
        return text
    if found["changed"] and found["changed"] != _CHANGED[source]:
        return text  # a mixture: not ours
    if found["example"] and found["example"] != _EXAMPLE[source]:
        return text
    files = int(found["files"])
    noun = _FILES[lang][0 if files == 1 else 1]
    number = found["number"].replace(",", ".") if lang == "en" else found["number"]
    number = number.replace(".", ",") if lang == "nl" else number
    parts = [f"{files} {noun}", f"{number} {found['unit']}"]
    if found["changed"]:
        months = MONTHS[source]
        if found["month"] not in months:
            return text
        month = MONTHS[lang][months.index(found["month"])]
        parts.append(f"{_CHANGED[lang]} {month} {found['year']}")
    out = ", ".join(parts) + "."
    if found["example"]:
        out += _EXAMPLE[lang] + found["names"]
    return out


def localise_card(card: Card, lang: str) -> Card:
    """The card with the texts the tool generated in ``lang`` (cards made by hand unchanged)."""
    if card.origin != "proposed":
        return card
    label = localise_label(card.label, lang)
    description = localise_description(card.description, lang)
    if label == card.label and description == card.description:
        return card
    return dataclasses.replace(card, label=label, description=description)
