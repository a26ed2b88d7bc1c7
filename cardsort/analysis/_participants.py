"""Participant-centric analysis: every sort as a candidate structure, and competing mental models.

Each participant is ranked by the mean adjusted Rand index of their sort with everyone else's
(the most "central" sorts are good starting structures). Participants are clustered by the edit
distance between sorts (the minimum number of cards to move to turn one sort into the other, by
an optimal one-to-one matching of groups; Deibel et al. 2005) to expose camps such as "by school
year" versus "by subject".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.cluster import hierarchy
from scipy.optimize import linear_sum_assignment
from scipy.spatial.distance import squareform

from cardsort.analysis._groups import GroupIndex, ari_from_sums, comb2
from cardsort.analysis._partition import silhouette

__all__ = [
    "ParticipantClusters",
    "edit_distances",
    "pairwise_participant_ari",
    "participant_clusters",
]

FloatArray = npt.NDArray[np.float64]

_BLOCK = 1024


def _sum_by_owner(values: npt.NDArray[Any], starts: npt.NDArray[np.int64], axis: int) -> FloatArray:
    """Sum consecutive group rows/columns per participant (``starts`` has P + 1 entries)."""
    counts = np.diff(starts)
    n = values.shape[axis]
    if n == 0:
        shape = list(values.shape)
        shape[axis] = counts.size
        return np.zeros(shape)
    sums = np.add.reduceat(values, np.minimum(starts[:-1], n - 1), axis=axis)
    empty = counts == 0
    if empty.any():
        index: list[Any] = [slice(None)] * values.ndim
        index[axis] = empty
        sums[tuple(index)] = 0
    return np.asarray(sums, dtype=np.float64)


def pairwise_participant_ari(index: GroupIndex) -> FloatArray:
    """``(P, P)`` ARI between every two participants' sorts, on the cards both placed.

    NaN where two participants share fewer than two placed cards; the diagonal is 1.
    Pairs together in both sorts come from the group overlap counts ``n_gh`` (a float32
    BLAS product, exact for integer counts): ``sum C(n_gh, 2) = (sum n_gh^2 - common) / 2``.
    """
    n_p = index.n_participants
    starts = np.searchsorted(index.owner, np.arange(n_p + 1)).astype(np.int64)
    placed = index.placed.astype(np.float32)
    n_common = np.asarray(placed @ placed.T, dtype=np.float64)
    dense = index.dense()
    # |g ∩ placed_q| for every group g and participant q -> pairs of p's groups on q's cards
    in_q = np.asarray(dense @ placed.T, dtype=np.float64)
    sum_a = _sum_by_owner(np.asarray(comb2(in_q), dtype=np.float64), starts, axis=0)
    squares = np.zeros((n_p, n_p))
    step = max(1, _BLOCK // max(1, int(np.diff(starts).max(initial=1))))
    for p0 in range(0, n_p, step):
        p1 = min(p0 + step, n_p)
        gram = dense[starts[p0] : starts[p1]] @ dense.T
        np.square(gram, out=gram)
        by_q = _sum_by_owner(gram, starts, axis=1)  # (block groups, P)
        squares[p0:p1] = _sum_by_owner(by_q, starts[p0 : p1 + 1] - starts[p0], axis=0)
    sum_ij = (squares - n_common) / 2.0
    ari = ari_from_sums(sum_ij, sum_a, sum_a.T, n_common)
    np.fill_diagonal(ari, 1.0)
    return ari


def edit_distances(index: GroupIndex) -> tuple[FloatArray, FloatArray]:
    """Edit distance between every two sorts, absolute and divided by the cards both placed.

    Returns
    -------
    distance : ndarray (P, P)
        Minimum number of cards to move.
    normalised : ndarray (P, P)
        ``distance / common cards`` (NaN when they share no card).
    """
    n_p = index.n_participants
    dense = index.dense()
    gram = np.asarray(dense @ dense.T, dtype=np.float64)
    starts = np.searchsorted(index.owner, np.arange(n_p + 1))
    placed = index.placed.astype(np.float64)
    common = placed @ placed.T
    dist = np.zeros((n_p, n_p))
    for p in range(n_p):
        rows = slice(starts[p], starts[p + 1])
        for q in range(p + 1, n_p):
            block = gram[rows, starts[q] : starts[q + 1]]
            if block.size:
                r, c = linear_sum_assignment(block, maximize=True)
                kept = block[r, c].sum()
            else:
                kept = 0.0
            dist[p, q] = dist[q, p] = common[p, q] - kept
    with np.errstate(divide="ignore", invalid="ignore"):
        normalised = np.where(common > 0, dist / np.where(common > 0, common, 1.0), np.nan)
    np.fill_diagonal(normalised, 0.0)
    return dist, normalised


@dataclass(frozen=True, eq=False)
class ParticipantClusters:
    """Groups of participants who sorted alike.

    Attributes
    ----------
    labels : ndarray (P,) int
        Cluster of each participant (all 0 when the team shares one model).
    k : int
    silhouette : float
        Of the chosen clustering on the normalised edit distance (NaN for k = 1).
    medoids : tuple of int
        Most typical participant of each cluster.
    mean_distance : tuple of float
        Mean normalised edit distance inside each cluster.
    edit_distance : ndarray (P, P)
        Minimum cards to move between every two sorts.
    """

    labels: npt.NDArray[np.int64]
    k: int
    silhouette: float
    medoids: tuple[int, ...]
    mean_distance: tuple[float, ...]
    edit_distance: FloatArray


def participant_clusters(
    index: GroupIndex, *, max_clusters: int = 6, min_silhouette: float = 0.25
) -> ParticipantClusters:
    """Cluster participants by normalised edit distance (average linkage, k by silhouette).

    More than one cluster is reported only when the best silhouette reaches ``min_silhouette``
    and every cluster has at least two members; otherwise the team shares one model.
    """
    dist, norm = edit_distances(index)
    n_p = index.n_participants
    d = np.where(np.isnan(norm), 1.0, norm)
    labels = np.zeros(n_p, dtype=np.int64)
    best_k, best_s = 1, float("nan")
    if n_p >= 4 and np.ptp(squareform(d, checks=False)) > 0:
        z = hierarchy.linkage(squareform(d, checks=False), method="average")
        for k in range(2, min(max_clusters, n_p - 1) + 1):
            cut = hierarchy.fcluster(z, k, criterion="maxclust") - 1
            sizes = np.bincount(cut)
            if cut.max() + 1 != k or sizes.min() < 2:
                continue
            s = silhouette(d, cut.astype(np.int64))
            if s >= min_silhouette and (np.isnan(best_s) or s > best_s + 1e-12):
                best_k, best_s, labels = k, s, cut.astype(np.int64)
    medoids, means = [], []
    for c in range(best_k):
        members = np.nonzero(labels == c)[0]
        within = d[np.ix_(members, members)]
        medoids.append(int(members[np.argmin(within.sum(axis=1))]))
        pairs = within[np.triu_indices(members.size, k=1)]
        means.append(float(pairs.mean()) if pairs.size else 0.0)
    return ParticipantClusters(labels, best_k, best_s, tuple(medoids), tuple(means), dist)
