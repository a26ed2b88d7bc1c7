"""The sample-size verdict in plain Dutch and English.

"Enough sorts" only when the partition itself is stable (bootstrap), never on a high matrix
correlation alone, and never below the recommended minimum team (then the verdict itself says
"first impression", so it cannot contradict a warning). Otherwise the verdict names the unstable
folders that exist and, from draws of larger teams out of the current one, about how many more
sorts would make them stable. That projection assumes new teachers sort like the ones already
heard; the text says "about", and when no draw helps it names no number at all.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Verdict", "make_verdict", "recommended_minimum", "small_sample_warning"]


def _join(names: Sequence[str], lang: str) -> str:
    quoted = [f"“{n}”" for n in names]
    if len(quoted) <= 1:
        return "".join(quoted)
    word = " en " if lang == "nl" else " and "
    return ", ".join(quoted[:-1]) + word + quoted[-1]


@dataclass(frozen=True)
class Verdict:
    """Is the sample big enough?

    Attributes
    ----------
    status : {"enough", "small", "more", "unlikely", "unknown"}
        ``small``: stable, but fewer sorts than recommended (a first impression); ``more``:
        about ``more_sorts`` more would do; ``unlikely``: even the largest team tried would not
        make the folders stable (the team disagrees, more sorts will not fix that).
    more_sorts : int or None
    unstable_groups : tuple of str
        Names of the existing folders below the stability threshold.
    text : dict of str to str
        The sentence in ``"en"`` and ``"nl"``.
    """

    status: str
    more_sorts: int | None
    unstable_groups: tuple[str, ...]
    text: dict[str, str]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict."""
        return {
            "status": self.status,
            "more_sorts": self.more_sorts,
            "unstable_groups": list(self.unstable_groups),
            "text": dict(self.text),
        }


def make_verdict(
    *,
    n_participants: int,
    kind: str = "open",
    group_names: Sequence[str | None],
    group_stability: Sequence[float],
    expected_ari: float,
    larger_sizes: Sequence[int],
    larger_stability: Sequence[Sequence[float]],
    larger_ari: Sequence[float],
    stable_threshold: float,
    enough_ari: float,
) -> Verdict:
    """Decide the verdict from the bootstrap and the larger-team draws of the curve.

    ``group_names[i]`` is ``None`` for a partition group with no folder left (all its cards
    set apart); such a group counts for stability but is never named.
    """
    if not group_stability or any(math.isnan(s) for s in group_stability):
        return Verdict(
            "unknown",
            None,
            (),
            {
                "en": "Stability was not computed; whether there are enough sorts is unknown.",
                "nl": "De stabiliteit is niet berekend; of er genoeg sorteringen zijn is onbekend.",
            },
        )
    unstable = [i for i, s in enumerate(group_stability) if s < stable_threshold]
    ari_ok = not math.isnan(expected_ari) and expected_ari >= enough_ari
    minimum = recommended_minimum(kind)
    if not unstable and ari_ok and n_participants < minimum:
        return Verdict(
            "small",
            None,
            (),
            {
                "en": f"The folders are stable with these {n_participants} sorts, but "
                f"{minimum} or more are recommended for a {kind} card sort: treat the folders "
                "as a first impression.",
                "nl": f"De mappen zijn stabiel met deze {n_participants} sorteringen, maar "
                f"voor een {_kind_nl(kind)} kaartsortering worden er {minimum} of meer "
                "aangeraden: zie de mappen als een eerste indruk.",
            },
        )
    if not unstable and ari_ok:
        return Verdict(
            "enough",
            0,
            (),
            {
                "en": f"Enough sorts: with {n_participants} participants the groups are stable.",
                "nl": f"Genoeg sorteringen: met {n_participants} deelnemers zijn de mappen "
                "stabiel.",
            },
        )
    names = tuple(dict.fromkeys(n for i in unstable if (n := group_names[i]) is not None))
    for size, stab, ari in zip(larger_sizes, larger_stability, larger_ari, strict=True):
        groups_ok = all(stab[i] >= stable_threshold for i in unstable)
        if groups_ok and (ari_ok or (not math.isnan(ari) and ari >= enough_ari)):
            more = size - n_participants
            if names:
                text = {
                    "en": f"About {more} more sorts would make folders "
                    f"{_join(names, 'en')} stable.",
                    "nl": f"Ongeveer {more} sorteringen meer zouden de mappen "
                    f"{_join(names, 'nl')} stabiel maken.",
                }
            else:
                text = {
                    "en": f"About {more} more sorts would make the whole structure stable.",
                    "nl": f"Ongeveer {more} sorteringen meer zouden de hele indeling "
                    "stabiel maken.",
                }
            return Verdict("more", more, names, text)
    target_en = f"folders {_join(names, 'en')}" if names else "the structure"
    target_nl = f"de mappen {_join(names, 'nl')}" if names else "de indeling"
    if not larger_sizes:  # no larger teams were drawn (too few sorts, or the curve was off)
        return Verdict(
            "more",
            None,
            names,
            {
                "en": f"With {n_participants} sorts, {target_en} "
                f"{'are' if names else 'is'} not stable yet; ask more colleagues to sort.",
                "nl": f"Met {n_participants} sorteringen {'zijn' if names else 'is'} "
                f"{target_nl} nog niet stabiel; vraag meer collega's om te sorteren.",
            },
        )
    return Verdict(
        "unlikely",
        None,
        names,
        {
            "en": f"More sorts would probably not make {target_en} stable: the team sorts "
            "these cards in different ways. Discuss them together.",
            "nl": f"Meer sorteringen maken {target_nl} waarschijnlijk niet stabiel: het team "
            "sorteert deze kaarten verschillend. Bespreek ze samen.",
        },
    )


def recommended_minimum(kind: str) -> int:
    """Sorts recommended by the sample-size studies: 15 (open/hybrid) or 12 (closed)."""
    return 12 if kind == "closed" else 15


def small_sample_warning(n_participants: int, kind: str) -> dict[str, str] | None:
    """Warn below 15 sorts (open/hybrid) or 12 (closed), as the sample-size studies suggest."""
    minimum = recommended_minimum(kind)
    if n_participants >= minimum:
        return None
    return {
        "en": f"Only {n_participants} sorts: {minimum} or more are recommended for a "
        f"{kind} card sort; treat the groups as a first impression.",
        "nl": f"Slechts {n_participants} sorteringen: voor een {_kind_nl(kind)} kaartsortering "
        f"worden er {minimum} of meer aangeraden; zie de mappen als een eerste indruk.",
    }


def _kind_nl(kind: str) -> str:
    return {"open": "open", "closed": "gesloten", "hybrid": "hybride"}.get(kind, kind)
