"""Who may open each folder of the new structure, and the cards that would reach too many.

A folder's audience is the one the coordinator set for it or for its nearest ancestor
(``cardsort consensus audience``); without one, a folder whose cards are all restricted to
the same audience gets that audience (so "Zorg" holding only care cards is a care folder), and
any other folder is open to the whole team.

A restricted card may only land where its audience, and nobody wider, can open it. Every card
that would land in a folder with another audience is refused (unless the admin acknowledged
it) with the three ways out: split the folder (move the card elsewhere in the consensus tree),
give the folder the card's narrower audience, or acknowledge the card.

Pure functions over placements; :mod:`cardsort.planning` calls them while building a plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cardsort.privacy.audiences import TEAM, audience_label_key
from cardsort.privacy.catalogue import PRIVACY_TEXTS
from sessions.said import Listed, Said

__all__ = [
    "DEFAULT_RESTRICTED",
    "Placed",
    "effective_audiences",
    "refusals",
    "refused_plan",
]

#: The audience of a restricted card nobody gave one (cards marked before audiences existed).
DEFAULT_RESTRICTED = "care"


@dataclass(frozen=True, slots=True)
class Placed:
    """One card where the plan puts it."""

    key: str
    label: str
    restricted: bool
    audience: str | None
    folder: tuple[str, ...]  # the consensus folder the card sits in
    unsorted: bool = False
    acknowledged: bool = False

    @property
    def needs(self) -> str:
        """The audience this card requires (the whole team for an ordinary card)."""
        if not self.restricted:
            return TEAM
        return self.audience or DEFAULT_RESTRICTED


def _join(path: tuple[str, ...]) -> str:
    return "/".join(path)


def effective_audiences(
    placed: Sequence[Placed], explicit: Mapping[str, str]
) -> dict[tuple[str, ...], str]:
    """The audience of every folder that holds cards (and of every ancestor of one)."""
    folders: set[tuple[str, ...]] = set()
    for card in placed:
        for depth in range(1, len(card.folder) + 1):
            folders.add(card.folder[:depth])
    out: dict[tuple[str, ...], str] = {}
    for folder in sorted(folders, key=len):
        chosen = next(
            (
                explicit[_join(folder[:d])]
                for d in range(len(folder), 0, -1)
                if _join(folder[:d]) in explicit
            ),
            None,
        )
        if chosen is None:
            inside = {c.needs for c in placed if c.folder[: len(folder)] == folder}
            parent = out.get(folder[:-1], TEAM) if len(folder) > 1 else TEAM
            chosen = inside.pop() if len(inside) == 1 and parent == TEAM else parent
        out[folder] = chosen
    return out


def _audience(code: str) -> Said:
    """An audience as words (``care team``), said in the reader's language at the CLI edge."""
    key, name = audience_label_key(code)
    return Said(key, PRIVACY_TEXTS[key]["en"], {"name": name})


def refusals(
    placed: Sequence[Placed], explicit: Mapping[str, str], *, study: str = "STUDY"
) -> list[Said]:
    """One sentence per restricted card that would reach a folder with another audience.

    Each is a :class:`~sessions.said.Said` (``plan.refused.*``): its English here, Dutch or
    English at the CLI edge.
    """
    audiences = effective_audiences(placed, explicit)
    out: list[Said] = []
    for card in placed:
        if not card.restricted or card.acknowledged:
            continue
        where = _join(card.folder)
        folder_audience = audiences.get(card.folder, TEAM)
        about = {"card": card.key, "label": card.label, "audience": _audience(card.needs)}
        if card.unsorted:
            out.append(
                Said(
                    "plan.refused.unsorted",
                    "card {card} ({label}, for {audience}) is restricted but lands in "
                    "‘{folder}’, the folder for everything not yet sorted: place it in the "
                    "consensus tree, or acknowledge it (--acknowledge {card}).",
                    {**about, "folder": where},
                )
            )
            continue
        if folder_audience == card.needs:
            continue
        others = sorted(c.key for c in placed if c.folder == card.folder and c.needs != card.needs)
        together = (
            Said(
                "plan.refused.together", " together with {cards}", {"cards": ", ".join(others[:5])}
            )
            if others
            else ""
        )
        out.append(
            Said(
                "plan.refused.wider",
                "card {card} ({label}, for {audience}) is restricted but lands in ‘{folder}’ "
                "(open to {folder_audience}){together}. Choose: split the folder (move the card "
                "to a folder of its own in the consensus tree); give the folder the narrower "
                "audience (`cardsort consensus audience {study} '{top}' {code}`); or "
                "acknowledge it (--acknowledge {card}).",
                {
                    **about,
                    "folder": where,
                    "folder_audience": _audience(folder_audience),
                    "together": together,
                    "study": study,
                    "top": _join(card.folder[:1]),
                    "code": card.needs,
                },
            )
        )
    return out


def refused_plan(refused: Sequence[Said]) -> Said:
    """The whole refusal of a plan: a heading, then each card's sentence on its own line."""
    return Said(
        "plan.refused",
        "Restricted cards would land in a folder meant for a wider audience:\n  - {refusals}",
        {"refusals": Listed(refused, "\n  - ")},
    )
