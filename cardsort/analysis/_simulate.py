"""Simulated teams sorting cards with a known (planted) grouping.

Used by the planted-structure tests, the benchmark and demos without real sorts. Each simulated
participant starts from the latent grouping, then moves each card to a random other group with
probability ``noise``, sometimes lumps two groups together or splits one, leaves a few cards
unsorted, and names groups with spelling variants of the latent group's name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from cardsort.analysis._data import SortData

__all__ = ["simulate_sorts"]

_SPELLINGS = (str, str.lower, str.upper, lambda s: f" {s} ", lambda s: s + "!")


def simulate_sorts(
    *,
    n_cards: int,
    n_participants: int,
    n_groups: int,
    noise: float = 0.2,
    lump: float = 0.1,
    split: float = 0.1,
    unsorted: float = 0.0,
    group_names: Sequence[str] | None = None,
    seed: int = 0,
) -> tuple[SortData, npt.NDArray[np.int64]]:
    """Simulate a team's open card sort around a planted grouping.

    Parameters
    ----------
    n_cards, n_participants, n_groups : int
        Sizes; latent group sizes vary (drawn from a Dirichlet, each at least one card).
    noise : float
        Probability that a participant moves a card to a random other group.
    lump, split : float
        Probability that a participant merges two groups / splits one in two.
    unsorted : float
        Probability that a card is left unsorted.
    group_names : sequence of str, optional
        Latent group names (defaults to ``"Topic 1"``...).
    seed : int

    Returns
    -------
    data : SortData
    truth : ndarray (n_cards,)
        The planted group of each card.

    Examples
    --------
    >>> data, truth = simulate_sorts(n_cards=12, n_participants=5, n_groups=3, seed=1)
    >>> data.assignments.shape, sorted(set(truth.tolist()))
    ((5, 12), [0, 1, 2])
    """
    if n_groups < 1 or n_cards < n_groups:
        raise ValueError("need 1 <= n_groups <= n_cards")
    if n_participants < 1:
        raise ValueError("need at least one participant")
    for name, value in (("noise", noise), ("lump", lump), ("split", split), ("unsorted", unsorted)):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a probability")
    rng = np.random.default_rng(seed)
    names = list(group_names) if group_names else [f"Topic {i + 1}" for i in range(n_groups)]
    if len(names) < n_groups:
        raise ValueError("give a name for every group")
    shares = rng.dirichlet(np.full(n_groups, 3.0))
    sizes = 1 + rng.multinomial(n_cards - n_groups, shares)
    truth = np.repeat(np.arange(n_groups), sizes)
    rng.shuffle(truth)
    assignments = np.full((n_participants, n_cards), -1, dtype=np.int32)
    labels: list[tuple[str, ...]] = []
    for p in range(n_participants):
        groups = truth.copy()
        group_label = [names[g] for g in range(n_groups)]
        if n_groups >= 2 and rng.random() < lump:
            a, b = rng.choice(n_groups, size=2, replace=False)
            groups[groups == b] = a
            group_label[a] = f"{names[a]} & {names[b]}"
        if rng.random() < split:
            g = int(rng.integers(n_groups))
            members = np.nonzero(groups == g)[0]
            if members.size >= 2:
                half = rng.choice(members, size=members.size // 2, replace=False)
                groups[half] = len(group_label)
                group_label.append(f"{names[g]} (2)")
        move = rng.random(n_cards) < noise
        if len(group_label) >= 2:
            for c in np.nonzero(move)[0]:
                choices = [g for g in range(len(group_label)) if g != groups[c]]
                groups[c] = choices[int(rng.integers(len(choices)))]
        used = sorted(set(groups.tolist()))
        local = {g: i for i, g in enumerate(used)}
        row = np.array([local[g] for g in groups.tolist()], dtype=np.int32)
        row[rng.random(n_cards) < unsorted] = -1
        assignments[p] = row
        spell = _SPELLINGS[int(rng.integers(len(_SPELLINGS)))]
        labels.append(tuple(spell(group_label[g]) for g in used))
    keys = tuple(f"card-{i:04d}" for i in range(n_cards))
    data = SortData(
        card_keys=keys,
        card_labels=tuple(f"Card {i + 1}" for i in range(n_cards)),
        participants=tuple(f"participant-{p:04d}" for p in range(n_participants)),
        assignments=assignments,
        group_labels=tuple(labels),
        durations=rng.uniform(4.0, 12.0, n_participants) * n_cards,
    )
    return data, truth.astype(np.int64)
