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
    # scipy.optimize costs half a second to import; only this function needs it.
    from scipy.optimize import linear_sum_assignment

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
    """Groups of participants who sorted alike, and the few who sorted unlike anyone.

    Attributes
    ----------
    labels : ndarray (P,) int
        Camp of each participant (all 0 when the team shares one model); ``-1`` for a
        dissenter (a sort unlike any camp, set apart rather than forced into one).
    k : int
        Number of camps.
    silhouette : float
        Of the camps on the normalised edit distance, dissenters left out (NaN for k = 1).
    medoids : tuple of int
        Most typical participant of each camp.
    mean_distance : tuple of float
        Mean normalised edit distance inside each camp.
    edit_distance : ndarray (P, P)
        Minimum cards to move between every two sorts.
    dissenters : tuple of int
        Participants set apart (``labels == -1``).
    """

    labels: npt.NDArray[np.int64]
    k: int
    silhouette: float
    medoids: tuple[int, ...]
    mean_distance: tuple[float, ...]
    edit_distance: FloatArray
    dissenters: tuple[int, ...] = ()


def participant_clusters(
    index: GroupIndex,
    *,
    max_clusters: int = 6,
    min_silhouette: float = 0.35,
    max_cut: int = 24,
    min_share: float = 0.03,
) -> ParticipantClusters:
    """Cluster participants by normalised edit distance (average linkage, k by silhouette).

    In a real team a few individuals sort unlike anybody, and an average-linkage tree splits
    them off one by one before a coherent minority (eight teachers who all sort by school year
    among a hundred who sort by subject) separates. So every cut up to ``max_cut`` clusters is
    tried; clusters smaller than ``max(2, min_share * P)`` are dissenters, set apart, and the cut
    is scored by the silhouette of the remaining camps alone. More than one camp is reported
    when the best such silhouette reaches ``min_silhouette``; otherwise the team shares one
    model (and nobody is set apart). 0.35: the DistatisR spice judges, who sort in many loose
    ways, reach 0.25 with five camps of two to nine; a real minority with its own principle
    (simulated, and as reported on a real open sort) stands well above 0.5.
    """
    dist, norm = edit_distances(index)
    n_p = index.n_participants
    d = np.where(np.isnan(norm), 1.0, norm)
    labels = np.zeros(n_p, dtype=np.int64)
    best_k, best_s = 1, float("nan")
    min_size = max(2, int(np.ceil(min_share * n_p)))
    if n_p >= 4 and np.ptp(squareform(d, checks=False)) > 0:
        z = hierarchy.linkage(squareform(d, checks=False), method="average")
        for k in range(2, min(max_cut, n_p - 1) + 1):
            cut = hierarchy.fcluster(z, k, criterion="maxclust") - 1
            sizes = np.bincount(cut)
            camps = np.nonzero(sizes >= min_size)[0]
            if not 2 <= camps.size <= max_clusters:
                continue
            kept = np.isin(cut, camps)
            # A camp must hold most of the team: dissenters are the exception, not a third.
            if kept.sum() < 0.8 * n_p:
                continue
            renumber = np.full(cut.max() + 1, -1, dtype=np.int64)
            renumber[camps] = np.arange(camps.size)
            camp_of = renumber[cut]
            s = silhouette(d[np.ix_(kept, kept)], camp_of[kept])
            if s >= min_silhouette and (np.isnan(best_s) or s > best_s + 1e-12):
                best_k, best_s, labels = int(camps.size), s, camp_of
    if best_k >= 2:
        labels = _attach_near(labels, d, best_k)
    medoids, means = [], []
    for c in range(best_k):
        members = np.nonzero(labels == c)[0]
        within = d[np.ix_(members, members)]
        medoids.append(int(members[np.argmin(within.sum(axis=1))]))
        pairs = within[np.triu_indices(members.size, k=1)]
        means.append(float(pairs.mean()) if pairs.size else 0.0)
    dissenters = tuple(int(p) for p in np.nonzero(labels < 0)[0])
    return ParticipantClusters(
        labels, best_k, best_s, tuple(medoids), tuple(means), dist, dissenters
    )


def _attach_near(labels: npt.NDArray[np.int64], d: FloatArray, k: int) -> npt.NDArray[np.int64]:
    """Put a set-apart participant back in the nearest camp when they sort like its members.

    "Like its members": their mean distance to the camp is within the largest mean distance a
    member of that camp has to the rest of it, or within 2.5 times the median one (a camp's
    loosest sorts are cut off with the dissenters; on simulated teams a sloppy member of the
    camp lay within twice its median, a random sort beyond three times). Whoever is further
    from every camp stays apart.
    """
    labels = labels.copy()
    reach = np.zeros(k)
    to_camp = np.zeros((labels.size, k))
    for c in range(k):
        members = np.nonzero(labels == c)[0]
        to_camp[:, c] = d[:, members].sum(axis=1) / max(1, members.size)
        inside = d[np.ix_(members, members)].sum(axis=1) / max(1, members.size - 1)
        if members.size:
            reach[c] = max(float(inside.max()), 2.5 * float(np.median(inside)))
    for p in np.nonzero(labels < 0)[0].tolist():
        c = int(np.argmin(to_camp[p]))
        if to_camp[p, c] <= reach[c]:
            labels[p] = c
    return labels
