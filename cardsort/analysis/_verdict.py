"""The sample-size verdict in plain Dutch and English.

"Enough sorts" only when the partition itself is stable (bootstrap), never on a high matrix
correlation alone. Otherwise the verdict names the unstable groups and, from draws of larger
teams out of the current one, about how many more sorts would make them stable. That projection
assumes new teachers sort like the ones already heard; the text says "about".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Verdict", "make_verdict", "small_sample_warning"]


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
    status : {"enough", "more", "unlikely", "unknown"}
        ``more``: about ``more_sorts`` more would do; ``unlikely``: even the largest team tried
        would not make the groups stable (the team disagrees, more sorts will not fix that).
    more_sorts : int or None
    unstable_groups : tuple of str
        Names of the groups below the stability threshold.
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
    group_names: Sequence[str],
    group_stability: Sequence[float],
    expected_ari: float,
    larger_sizes: Sequence[int],
    larger_stability: Sequence[Sequence[float]],
    larger_ari: Sequence[float],
    stable_threshold: float,
    enough_ari: float,
) -> Verdict:
    """Decide the verdict from the bootstrap and the larger-team draws of the curve."""
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
    names = tuple(group_names[i] for i in unstable)
    for size, stab, ari in zip(larger_sizes, larger_stability, larger_ari, strict=True):
        groups_ok = all(stab[i] >= stable_threshold for i in unstable)
        if groups_ok and (ari_ok or (not math.isnan(ari) and ari >= enough_ari)):
            more = size - n_participants
            if names:
                text = {
                    "en": f"About {more} more sorts would make groups {_join(names, 'en')} stable.",
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
    most = (max(larger_sizes) - n_participants) if larger_sizes else 0
    target_en = f"groups {_join(names, 'en')}" if names else "the structure"
    target_nl = f"de mappen {_join(names, 'nl')}" if names else "de indeling"
    return Verdict(
        "unlikely",
        None,
        names,
        {
            "en": f"Even {most} more sorts would probably not make {target_en} stable: the team "
            "sorts these cards in different ways. Discuss them together.",
            "nl": f"Zelfs {most} sorteringen meer maken {target_nl} waarschijnlijk niet stabiel: "
            "het team sorteert deze kaarten verschillend. Bespreek ze samen.",
        },
    )


def small_sample_warning(n_participants: int, kind: str) -> dict[str, str] | None:
    """Warn below 15 sorts (open/hybrid) or 12 (closed), as the sample-size studies suggest."""
    minimum = 12 if kind == "closed" else 15
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
