"""Choosing the consensus partition: number of groups by mean ARI, then single-card transfers.

Following FreeSortR's ``ConsensusPartition``, the consensus is the partition that agrees best on
average (adjusted Rand index) with every participant's own sort. Candidates are cuts of the
dendrogram with a number of groups inside the cognitive prior of 5-9 (Righi et al. 2013); the
winner is then improved by moving single cards to the group that raises the mean ARI most.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.metrics import silhouette_score

from cardsort.analysis._groups import (
    GroupIndex,
    ari_from_sums,
    bincount_float,
    comb2,
    weighted_mean,
)
from cardsort.analysis._linkage import cut_tree, n_distinct_clusters

__all__ = ["PartitionChoice", "candidate_group_counts", "choose_partition", "refine_partition"]

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
    """Group counts worth trying: the prior, clipped to what the data can distinguish.

    Cards every participant treated identically are never split, so with three unanimous
    groups the only sensible answer is 3 even when the prior says 5-9.
    """
    n_cards = linkage.shape[0] + 1
    k_max = max(1, min(n_distinct_clusters(linkage), n_cards))
    lo, hi = prior
    inside = [k for k in range(lo, hi + 1) if k <= k_max]
    if inside:
        return inside
    return list(range(2, k_max + 1)) if k_max >= 2 else [1]


def _silhouette(distance: FloatArray, labels: IntArray) -> float:
    k = int(labels.max()) + 1 if labels.size else 0
    if k < 2 or k >= labels.size:
        return float("nan")
    return float(silhouette_score(distance, labels, metric="precomputed"))


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
        Inclusive range of k searched automatically.
    refine : bool
        Apply :func:`refine_partition`.
    weights : ndarray (P,), optional
        Participant weights (bootstrap counts).
    """
    n_cards = linkage.shape[0] + 1
    if n_groups is not None:
        if n_groups > n_cards:
            raise ValueError(f"cannot make {n_groups} groups from {n_cards} sorted cards")
        candidates = [n_groups]
    else:
        candidates = candidate_group_counts(linkage, prior)
    scores: dict[int, float] = {}
    silhouettes: dict[int, float] = {}
    cuts: dict[int, IntArray] = {}
    for k in candidates:
        labels = cut_tree(linkage, n_groups=k)
        cuts[k] = labels
        scores[k] = weighted_mean(index.participant_ari(labels, n_clusters=k), weights)
        if with_silhouette:
            silhouettes[k] = _silhouette(distance, labels)
    # Highest mean ARI; ties (within rounding) go to the smaller k.
    best = max(candidates, key=lambda k: (round(np.nan_to_num(scores[k], nan=-2.0), 9), -k))
    labels = cuts[best]
    moves = 0
    if refine and best >= 2:
        labels, moves = refine_partition(labels, index, n_clusters=best, weights=weights)
    final = weighted_mean(index.participant_ari(labels, n_clusters=best), weights)
    return PartitionChoice(
        labels=labels,
        k=best,
        automatic=n_groups is None,
        scores=scores,
        silhouettes=silhouettes,
        mean_ari=final,
        silhouette=_silhouette(distance, labels) if with_silhouette else float("nan"),
        moves=moves,
    )


def refine_partition(
    labels: npt.NDArray[np.int64],
    index: GroupIndex,
    *,
    n_clusters: int,
    weights: FloatArray | None = None,
    max_sweeps: int = 10,
) -> tuple[IntArray, int]:
    """Move single cards between groups while the (weighted) mean ARI rises.

    Each candidate move is scored for all participants at once from the pair counts: moving a
    card from group ``a`` to ``b`` changes, per participant whose group ``g`` holds the card,
    ``sum C(n_gi, 2)`` by ``n_gb - (n_ga - 1)`` and the consensus pair count by
    ``m_b - (m_a - 1)``. Groups are never emptied, so k is kept. Cards with label ``-1`` are
    left alone.

    Returns
    -------
    labels : ndarray
        Refined labels.
    moves : int
        Number of cards moved.
    """
    labels = np.array(labels, dtype=np.int64, copy=True)
    k = n_clusters
    n_p = index.n_participants
    w = np.ones(n_p) if weights is None else np.asarray(weights, dtype=np.float64)
    m = index.contingency(labels, k)
    per_cluster = np.zeros((n_p, k))
    np.add.at(per_cluster, index.owner, m)
    sum_ij = bincount_float(index.owner, comb2(m).sum(axis=1), n_p)
    sum_b = bincount_float(index.owner, comb2(m.sum(axis=1)), n_p)
    sum_a = comb2(per_cluster).sum(axis=1)
    n = per_cluster.sum(axis=1)
    ari = np.nan_to_num(ari_from_sums(sum_ij, sum_a, sum_b, n), nan=0.0)
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    gid = index.gid
    # Only participants with weight > 0 matter; restrict once per card.
    positive = w > 0
    placed_by = [np.nonzero((gid[:, c] >= 0) & positive)[0] for c in range(labels.size)]
    moves = 0
    for _ in range(max_sweeps):
        moved = False
        for c in range(labels.size):
            a = int(labels[c])
            if a < 0 or sizes[a] <= 1:
                continue
            ps = placed_by[c]
            if ps.size == 0:
                continue
            g = gid[ps, c]
            mg = m[g]
            pa = per_cluster[ps]
            new_ij = (sum_ij[ps] - (mg[:, a] - 1.0))[:, None] + mg
            new_a = (sum_a[ps] - (pa[:, a] - 1.0))[:, None] + pa
            new_ij[:, a] = sum_ij[ps]
            new_a[:, a] = sum_a[ps]
            new_ari = np.nan_to_num(
                ari_from_sums(new_ij, new_a, sum_b[ps][:, None], n[ps][:, None]), nan=0.0
            )
            gain = (w[ps][:, None] * (new_ari - ari[ps][:, None])).sum(axis=0)
            gain[a] = 0.0
            b = int(np.argmax(gain))
            if gain[b] <= _TOL * max(1.0, float(w.sum())):
                continue
            labels[c] = b
            sizes[a] -= 1
            sizes[b] += 1
            m[g, a] -= 1.0
            m[g, b] += 1.0
            per_cluster[ps, a] -= 1.0
            per_cluster[ps, b] += 1.0
            sum_ij[ps] = new_ij[:, b]
            sum_a[ps] = new_a[:, b]
            ari[ps] = new_ari[:, b]
            moves += 1
            moved = True
        if not moved:
            break
    return labels, moves
