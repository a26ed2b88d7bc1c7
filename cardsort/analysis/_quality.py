"""Participant quality flags and reversible exclusion.

The rules follow OptimalSort's documented defaults: a sort with every card in one group, or every
card in its own group, says nothing about how cards belong together; sorts much faster than the
team's median per card, and open-sort labels that are mostly single characters, are flagged for
a person to judge. Every exclusion carries its reason and can be undone by re-including the
participant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cardsort.analysis._data import SortData
from cardsort.analysis._options import QUALITY_FLAGS, AnalysisOptions

__all__ = ["ParticipantQuality", "quality_flags"]


@dataclass(frozen=True)
class ParticipantQuality:
    """Flags and exclusion decision for one participant.

    Attributes
    ----------
    participant : str
    flags : tuple of str
        Names from :data:`~cardsort.analysis.QUALITY_FLAGS`.
    excluded : bool
    reasons : tuple of str
        Why excluded: flag names, ``"manual"``; empty when included.
    placed : int
        Cards placed in a group.
    shown : int
        Cards in the participant's set.
    groups : int
        Top-level groups used.
    seconds_per_card : float
        ``NaN`` when the duration is unknown.
    """

    participant: str
    flags: tuple[str, ...]
    excluded: bool
    reasons: tuple[str, ...]
    placed: int
    shown: int
    groups: int
    seconds_per_card: float


def quality_flags(
    data: SortData, *, options: AnalysisOptions | None = None
) -> list[ParticipantQuality]:
    """Flag every participant and decide exclusion.

    A participant is excluded when manually excluded, or when one of their flags is in
    ``options.exclude_flags`` and they are not in ``options.include_participants``.

    Raises
    ------
    ValueError
        When a manually excluded or included participant does not exist.
    """
    options = options or AnalysisOptions()
    known = set(data.participants)
    for name in (*options.exclude_participants, *options.include_participants):
        if name not in known:
            raise ValueError(f"participant {name!r} is not in this study")
    top = data.top_assignments()
    placed = top >= 0
    n_placed = placed.sum(axis=1)
    shown = data.shown.sum(axis=1) if data.shown is not None else np.full(len(top), data.n_cards)
    per_card = np.full(len(top), np.nan)
    if data.durations is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            per_card = np.where(n_placed > 0, data.durations / np.maximum(n_placed, 1), np.nan)
    known_rates = per_card[~np.isnan(per_card)]
    median = float(np.median(known_rates)) if known_rates.size >= 3 else float("nan")
    out = []
    for p, name in enumerate(data.participants):
        row = top[p][placed[p]]
        groups = int(np.unique(row).size)
        flags = []
        if n_placed[p] >= 2 and groups == 1:
            flags.append("all_in_one")
        if n_placed[p] >= 3 and groups == n_placed[p]:
            flags.append("one_per_group")
        if (
            not np.isnan(median)
            and not np.isnan(per_card[p])
            and per_card[p] < options.fast_fraction * median
        ):
            flags.append("too_fast")
        if data.kind != "closed":
            used = np.unique(data.assignments[p][data.assignments[p] >= 0])
            # Unnamed piles (empty labels, e.g. a wide file of group ids) are not "one
            # character": only labels somebody actually typed count.
            labels = [data.group_labels[p][g].strip() for g in used.tolist()]
            labels = [x for x in labels if x]
            if len(labels) >= 3 and sum(len(x) == 1 for x in labels) > len(labels) / 2:
                flags.append("single_character_labels")
        if shown[p] > 0 and n_placed[p] < 0.5 * shown[p]:
            flags.append("mostly_unsorted")
        flags = [f for f in QUALITY_FLAGS if f in flags]
        reasons: list[str] = []
        if name in options.exclude_participants:
            reasons.append("manual")
        elif name not in options.include_participants:
            reasons.extend(f for f in flags if f in options.exclude_flags)
        if n_placed[p] == 0 and not reasons:
            reasons.append("nothing_sorted")
        out.append(
            ParticipantQuality(
                participant=name,
                flags=tuple(flags),
                excluded=bool(reasons),
                reasons=tuple(reasons),
                placed=int(n_placed[p]),
                shown=int(shown[p]),
                groups=groups,
                seconds_per_card=float(per_card[p]),
            )
        )
    return out
