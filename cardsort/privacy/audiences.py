"""The audiences a folder of the new structure can have, and which is narrower.

The whole team is the default. Care (the care team: intern begeleider, director), staff
(staff administration) and management are the built-in narrower audiences; a coordinator may
name another one (``bouw onderbouw``, ``MR``), which is narrower than the whole team and
unrelated to the other narrow ones. An audience is stored as its code (``team``, ``care``,
``staff``, ``management``) or as ``named:<name>`` for a named one.
"""

from __future__ import annotations

import re

__all__ = [
    "BUILT_IN",
    "TEAM",
    "audience_label_key",
    "is_narrower",
    "named_audience",
    "parse_audience",
]

TEAM = "team"
BUILT_IN = ("team", "care", "staff", "management")
_NAMED = re.compile(r"^[\w][\w .&'-]{0,39}$", re.UNICODE)


def named_audience(name: str) -> str:
    """The code of an audience the coordinator names; ``ValueError`` with advice when unusable."""
    name = " ".join(name.split())
    if not _NAMED.match(name):
        raise ValueError(
            f"An audience name needs letters or digits (at most 40), not {name!r}; e.g. "
            "'bouw onderbouw' or 'MR'."
        )
    return f"named:{name}"


def parse_audience(text: str) -> str:
    """An audience code from what a user typed: a built-in code (Dutch or English) or a name."""
    folded = text.strip().casefold()
    aliases = {
        "team": TEAM,
        "whole team": TEAM,
        "hele team": TEAM,
        "iedereen": TEAM,
        "care": "care",
        "zorg": "care",
        "zorgteam": "care",
        "care team": "care",
        "staff": "staff",
        "personeel": "staff",
        "personeelszaken": "staff",
        "staff administration": "staff",
        "management": "management",
        "directie": "management",
    }
    if folded in aliases:
        return aliases[folded]
    if folded.startswith("named:"):
        return named_audience(text.strip()[6:])
    return named_audience(text)


def is_narrower(audience: str, than: str) -> bool:
    """Whether ``audience`` reaches fewer people than ``than`` (the team reaches everyone)."""
    return audience != than and than == TEAM


def audience_label_key(audience: str) -> tuple[str, str]:
    """The i18n key for an audience and the name to fill in (for named audiences)."""
    if audience.startswith("named:"):
        return "audience.named", audience[6:]
    return f"audience.{audience if audience in BUILT_IN else 'named'}", audience
