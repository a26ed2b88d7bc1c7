"""Choosing the consensus partition: number of groups by mean ARI, then single-card transfers.

Following FreeSortR's ``ConsensusPartition``, the consensus is the partition that agrees best on
average (adjusted Rand index) with every participant's own sort. Candidates are cuts of the
dendrogram with 2 up to twice the top of the cognitive prior of 5-9 groups (Righi et al. 2013);
the prior is a soft preference, not a wall: a count outside it pays a small mean-ARI penalty per
group it lies outside, so a team that thinks in three or four groups gets three or four folders
(a hard 5-9 range split a single card off as an invented fifth folder). The winner is then
improved by moving single cards to the group that raises the mean ARI most.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cardsort.analysis._groups import (
    GroupIndex,
    ari_from_sums,
    bincount_float,
    comb2,
    weighted_mean,
)
from cardsort.analysis._linkage import canonical_labels, cut_tree, n_distinct_clusters

__all__ = [
    "PartitionChoice",
    "candidate_group_counts",
    "choose_partition",
    "prior_penalty",
    "refine_partition",
    "silhouette",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_TOL = 1e-9


@dataclass(frozen=True, eq=False)
class PartitionChoice:
    """The chosen flat partition of the (active) cards.

    Attributes
    ----------
    labels : ndarray (C,) int
        Group of each card, numbered by first card.
    k : int
        Number of groups.
    automatic : bool
        ``True`` when k was chosen by mean ARI, ``False`` when forced.
    scores : dict of int to float
        Mean ARI with the participants of the tree cut at each candidate k.
    silhouettes : dict of int to float
        Silhouette (precomputed distances) of the tree cut at each candidate k.
    mean_ari : float
        Mean ARI of the final (refined) partition with the participants.
    silhouette : float
        Silhouette of the final partition (NaN when k < 2 or k = number of cards).
    moves : int
        Cards moved by the transfer step.
    """

    labels: IntArray
    k: int
    automatic: bool
    scores: dict[int, float]
    silhouettes: dict[int, float]
    mean_ari: float
    silhouette: float
    moves: int


def candidate_group_counts(linkage: FloatArray, prior: tuple[int, int]) -> list[int]:
    """Group counts worth trying: 2 up to twice the prior's top, clipped to what the data shows.

    Cards every participant treated identically are never split, so with three unanimous
    groups the only sensible answer is 3 even when the prior says 5-9.

    Examples
    --------
    >>> from cardsort.analysis import cluster_cards
    >>> s = np.kron(np.eye(3), np.ones((2, 2)))  # three unanimous pairs
    >>> candidate_group_counts(cluster_cards(s).linkage, (5, 9))
    [2, 3]
    """
    n_cards = linkage.shape[0] + 1
    k_max = max(1, min(n_distinct_clusters(linkage), n_cards, 2 * prior[1]))
    return list(range(2, k_max + 1)) if k_max >= 2 else [1]


def prior_penalty(k: int, prior: tuple[int, int], weight: float) -> float:
    """Mean-ARI cost of ``k`` groups: ``weight`` per group outside the preferred range.

    Examples
    --------
    >>> prior_penalty(4, (5, 9), 0.004), prior_penalty(7, (5, 9), 0.004)
    (0.004, 0.0)
    """
    lo, hi = prior
    return weight * max(0, lo - k, k - hi)


def silhouette(distance: FloatArray, labels: IntArray) -> float:
    """Mean silhouette on precomputed distances (scikit-learn's definition, vectorised).

    A card alone in its group scores 0. NaN unless ``2 <= k < n``.

    Examples
    --------
    >>> d = np.array([[0, .1, .9, .9], [.1, 0, .9, .9], [.9, .9, 0, .2], [.9, .9, .2, 0]])
    >>> round(silhouette(d, np.array([0, 0, 1, 1])), 3)
    0.833
    """
    labels = np.asarray(labels, dtype=np.int64)
    k = int(labels.max()) + 1 if labels.size else 0
    if k < 2 or k >= labels.size:
        return float("nan")
    onehot = np.zeros((labels.size, k))
    onehot[np.arange(labels.size), labels] = 1.0
    counts = onehot.sum(axis=0)
    sums = np.asarray(distance, dtype=np.float64) @ onehot
    own_count = counts[labels] - 1.0
    rows = np.arange(labels.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(own_count > 0, sums[rows, labels] / np.maximum(own_count, 1.0), 0.0)
        means = sums / counts
    means[rows, labels] = np.inf
    b = means.min(axis=1)
    denom = np.maximum(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where((own_count > 0) & (denom > 0), (b - a) / np.where(denom > 0, denom, 1.0), 0.0)
    return float(s.mean())


def choose_partition(
    linkage: FloatArray,
    distance: FloatArray,
    index: GroupIndex,
    *,
    n_groups: int | None = None,
    prior: tuple[int, int] = (5, 9),
    refine: bool = True,
    weights: FloatArray | None = None,
    with_silhouette: bool = True,
    parsimony: float = 0.02,
    prior_weight: float = 0.004,
    max_groups: int | None = None,
) -> PartitionChoice:
    """Pick k by mean ARI with the participants, cut the tree and refine.

    Parameters
    ----------
    linkage : ndarray
        Linkage of the cards in ``index``'s column order.
    distance : ndarray (C, C)
        ``1 - similarity`` (for the silhouette).
    index : GroupIndex
        The participants' groups over the same cards.
    n_groups : int, optional
        Force k (``--groups K``).
    prior : (int, int)
        Inclusive range of k preferred by the automatic choice (see :func:`prior_penalty`).
    refine : bool
        Apply :func:`refine_partition`.
    weights : ndarray (P,), optional
        Participant weights (bootstrap counts).
    parsimony : float
        Take the smallest k whose mean ARI is within ``parsimony * (1 - best)`` of the best.
    prior_weight : float
        Mean-ARI penalty per group outside ``prior``. 0.004 was the best of 0-0.02 on planted
        structures with true k 2-10 (teams of 8-25, noise 0.1-0.4): larger values pull a
        three-group team into five folders, smaller ones split off noise past nine.
    max_groups : int, optional
        A hard upper bound on the automatic k (second-level folders).
    """
    n_cards = linkage.shape[0] + 1
    if n_groups is not None:
        if n_groups > n_cards:
            raise ValueError(f"cannot make {n_groups} groups from {n_cards} sorted cards")
        candidates = [n_groups]
    else:
        candidates = candidate_group_counts(linkage, prior)
        if max_groups is not None:
            candidates = [k for k in candidates if k <= max_groups] or candidates[:1]
    scores: dict[int, float] = {}
    silhouettes: dict[int, float] = {}
    cuts: dict[int, IntArray] = {}
    for k in candidates:
        labels = cut_tree(linkage, n_groups=k)
        cuts[k] = labels
        scores[k] = weighted_mean(index.participant_ari(labels, n_clusters=k), weights)
        if with_silhouette:
            silhouettes[k] = silhouette(distance, labels)
    # Highest mean ARI, with parsimony: noisy sorts make the mean-ARI curve flat after the true
    # k, so the smallest k within ``parsimony * (1 - best)`` of the best wins. A perfect score
    # leaves no slack, so a unanimous team always gets exactly its own groups.
    rounded = {
        k: round(
            float(np.nan_to_num(scores[k], nan=-2.0))
            - (0.0 if n_groups is not None else prior_penalty(k, prior, prior_weight)),
            9,
        )
        for k in candidates
    }
    top = max(rounded.values())
    slack = round(parsimony * max(0.0, 1.0 - top), 9)
    best = min(k for k in candidates if rounded[k] >= top - slack)
    labels = cuts[best]
    moves = 0
    if refine and best >= 2:
        labels, moves = refine_partition(labels, index, n_clusters=best, weights=weights)
        labels = canonical_labels(labels)
    final = weighted_mean(index.participant_ari(labels, n_clusters=best), weights)
    return PartitionChoice(
        labels=labels,
        k=best,
        automatic=n_groups is None,
        scores=scores,
        silhouettes=silhouettes,
        mean_ari=final,
        silhouette=silhouette(distance, labels) if with_silhouette else float("nan"),
        moves=moves,
    )


def refine_partition(
    labels: npt.NDArray[np.int64],
    index: GroupIndex,
    *,
    n_clusters: int,
    weights: FloatArray | None = None,
    max_rounds: int = 20,
) -> tuple[IntArray, int]:
    """Move single cards between groups while the (weighted) mean ARI rises.

    Each candidate move is scored for all participants at once from the pair counts: moving a
    card from group ``a`` to ``b`` changes, per participant whose group ``g`` holds the card,
    ``sum C(n_gi, 2)`` by ``n_gb - (n_ga - 1)`` and the consensus pair count by
    ``m_b - (m_a - 1)``. Every round scores all (card, group) moves in one vectorised pass,
    then applies the improving ones best first, re-checking each against the updated counts.
    Groups are never emptied, so k is kept. Cards labelled ``-1`` are left alone.

    Returns
    -------
    labels : ndarray
        Refined labels.
    moves : int
        Number of cards moved.
    """
    labels = np.array(labels, dtype=np.int64, copy=True)
    k = n_clusters
    w_all = np.ones(index.n_participants) if weights is None else np.asarray(weights, np.float64)
    rows = np.nonzero(w_all > 0)[0]
    w = w_all[rows]
    gid = index.gid[rows]
    placed = gid >= 0
    m = index.contingency(labels, k)
    pc = index.per_participant(m)[rows]
    sum_ij = bincount_float(index.owner, comb2(m).sum(axis=1), index.n_participants)[rows]
    sum_b = bincount_float(index.owner, comb2(m.sum(axis=1)), index.n_participants)[rows]
    sum_a = comb2(pc).sum(axis=1)
    n = pc.sum(axis=1)
    ari = np.nan_to_num(ari_from_sums(sum_ij, sum_a, sum_b, n), nan=0.0)
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    tolerance = _TOL * max(1.0, float(w.sum()))
    moves = 0
    for _ in range(max_rounds):
        movable = (labels >= 0) & (sizes[np.maximum(labels, 0)] > 1)
        if not movable.any():
            break
        safe = np.maximum(labels, 0)
        # Screening pass in float32 over all (participant, card, group); the float64 per-card
        # check below decides, so rounding here can only cost a wasted check.
        f32 = np.float32
        mg = m.astype(f32)[np.where(placed, gid, 0)]  # (P, C, k)
        own_m = np.take_along_axis(mg, safe[None, :, None], axis=2)[:, :, 0]
        new_ij = (sum_ij.astype(f32)[:, None] - own_m + 1.0)[:, :, None] + mg
        del mg
        new_a = (sum_a.astype(f32)[:, None] - pc.astype(f32)[:, safe] + 1.0)[:, :, None]
        new_a = new_a + pc.astype(f32)[:, None, :]
        new_ari = _screen_ari(new_ij, new_a, sum_b.astype(f32), n.astype(f32))
        del new_ij, new_a
        new_ari -= ari.astype(f32)[:, None, None]
        new_ari *= (w.astype(f32)[:, None] * placed)[:, :, None]
        gain = new_ari.sum(axis=0, dtype=np.float64)  # (C, k)
        del new_ari
        gain[np.arange(labels.size), safe] = 0.0
        gain[~movable] = 0.0
        best_gain = gain.max(axis=1)
        candidates = np.nonzero(best_gain > tolerance)[0]
        if candidates.size == 0:
            break
        moved = 0
        for c in candidates[np.argsort(-best_gain[candidates], kind="stable")].tolist():
            a = int(labels[c])
            if sizes[a] <= 1:
                continue
            ps = np.nonzero(placed[:, c])[0]
            g = gid[ps, c]
            mg_c = m[g]
            pa = pc[ps]
            c_ij = (sum_ij[ps] - (mg_c[:, a] - 1.0))[:, None] + mg_c
            c_a = (sum_a[ps] - (pa[:, a] - 1.0))[:, None] + pa
            c_ij[:, a] = sum_ij[ps]
            c_a[:, a] = sum_a[ps]
            c_ari = np.nan_to_num(
                ari_from_sums(c_ij, c_a, sum_b[ps][:, None], n[ps][:, None]), nan=0.0
            )
            c_gain = (w[ps][:, None] * (c_ari - ari[ps][:, None])).sum(axis=0)
            c_gain[a] = 0.0
            b = int(np.argmax(c_gain))
            if c_gain[b] <= tolerance:
                continue
            labels[c] = b
            sizes[a] -= 1
            sizes[b] += 1
            m[g, a] -= 1.0
            m[g, b] += 1.0
            pc[ps, a] -= 1.0
            pc[ps, b] += 1.0
            sum_ij[ps] = c_ij[:, b]
            sum_a[ps] = c_a[:, b]
            ari[ps] = c_ari[:, b]
            moved += 1
        moves += moved
        if moved == 0:
            break
    return labels, moves


def _screen_ari(
    sum_ij: npt.NDArray[np.float32],
    sum_a: npt.NDArray[np.float32],
    sum_b: npt.NDArray[np.float32],
    n: npt.NDArray[np.float32],
) -> npt.NDArray[np.float32]:
    """Lean float32 ARI for ``(P, C, k)`` candidates; ``sum_b`` and ``n`` are per participant."""
    pairs = (n * (n - 1) / 2)[:, None, None]
    sb = sum_b[:, None, None]
    inv_pairs = np.divide(1.0, pairs, out=np.zeros_like(pairs), where=pairs > 0)
    expected = sum_a * (sb * inv_pairs)
    denom = 0.5 * (sum_a + sb) - expected
    out = np.subtract(sum_ij, expected)
    np.divide(out, denom, out=out, where=denom != 0)
    degenerate = denom == 0
    if degenerate.any():
        identical = (sum_a == sum_ij) & (sb == sum_ij)
        out[degenerate] = identical[degenerate].astype(np.float32)
    out *= pairs > 0
    return np.asarray(out, dtype=np.float32)
