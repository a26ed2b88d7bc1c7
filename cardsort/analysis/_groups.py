"""Participants' groups as one sparse one-hot matrix, and the partition scores built on it.

Every participant's local group gets a global row; ``X[g, c] = 1`` when card ``c`` is in global
group ``g``. Co-occurrence, contingency tables and adjusted Rand indices against all participants
are then sparse matrix products, never Python loops over card pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

__all__ = ["GroupIndex", "ari_from_sums", "comb2"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def comb2(x: npt.NDArray[Any]) -> FloatArray:
    """Elementwise ``x choose 2`` as float."""
    x = np.asarray(x, dtype=np.float64)
    return x * (x - 1.0) / 2.0


def ari_from_sums(
    sum_ij: FloatArray, sum_a: FloatArray, sum_b: FloatArray, n: FloatArray
) -> FloatArray:
    """Adjusted Rand index from pair counts, vectorised; NaN where fewer than two cards.

    ``sum_ij`` = pairs together in both partitions, ``sum_a`` / ``sum_b`` = pairs together in
    each, ``n`` = number of cards compared. Identical partitions score 1 even in the degenerate
    cases (all in one group, all apart), as in scikit-learn.
    """
    sum_ij = np.asarray(sum_ij, dtype=np.float64)
    sum_a = np.asarray(sum_a, dtype=np.float64)
    sum_b = np.asarray(sum_b, dtype=np.float64)
    pairs = comb2(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(pairs > 0, sum_a * sum_b / np.where(pairs > 0, pairs, 1.0), 0.0)
        maximum = 0.5 * (sum_a + sum_b)
        denom = maximum - expected
        ari = np.where(denom != 0, (sum_ij - expected) / np.where(denom != 0, denom, 1.0), 0.0)
    identical = (sum_a == sum_ij) & (sum_b == sum_ij)
    ari = np.where(identical, 1.0, ari)
    return np.where(pairs > 0, ari, np.nan)


@dataclass(frozen=True, eq=False)
class GroupIndex:
    """Global one-hot view of all participants' groups.

    Attributes
    ----------
    gid : ndarray (P, C) int64
        Global group row of each placement, ``-1`` when not placed.
    owner : ndarray (G,) int64
        Participant index of each global group.
    onehot : scipy.sparse.csr_array (G, C)
        ``1`` where the card is in the group.
    placed : ndarray (P, C) bool
    """

    gid: IntArray
    owner: IntArray
    onehot: Any
    placed: npt.NDArray[np.bool_]
    n_participants: int
    local: IntArray
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, assignments: npt.NDArray[Any]) -> GroupIndex:
        """Index the groups of an ``(P, C)`` assignment matrix (``-1`` = not placed)."""
        a = np.asarray(assignments, dtype=np.int64)
        n_p, n_c = a.shape
        placed = a >= 0
        # One row per local group index up to each participant's highest; an empty group is an
        # all-zero row, which adds nothing to any count.
        counts = (a.max(axis=1) + 1) if n_c else np.zeros(n_p, dtype=np.int64)
        counts = np.maximum(counts, 0)
        offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
        gid = np.where(placed, offsets[:, None] + a, -1)
        n_groups = int(counts.sum())
        owner = np.repeat(np.arange(n_p, dtype=np.int64), counts)
        local = np.arange(n_groups, dtype=np.int64) - np.repeat(offsets, counts)
        rows, cols = np.nonzero(placed)
        onehot = sparse.csr_array(
            (np.ones(rows.size, dtype=np.float64), (gid[rows, cols], cols)),
            shape=(n_groups, n_c),
        )
        return cls(
            gid=gid, owner=owner, onehot=onehot, placed=placed, n_participants=n_p, local=local
        )

    def dense(self) -> npt.NDArray[np.float32]:
        """The one-hot matrix as dense float32 ``(G, C)`` (cached; BLAS-friendly)."""
        cached = self._cache.get("dense")
        if cached is None:
            cached = np.asarray(self.onehot.toarray(), dtype=np.float32)
            self._cache["dense"] = cached
        return cached

    @property
    def n_groups(self) -> int:
        """Number of non-empty participant groups."""
        return int(self.owner.size)

    def group_sizes(self) -> FloatArray:
        """Cards per global group."""
        return np.asarray(self.onehot.sum(axis=1)).ravel()

    def cooccurrence(self) -> FloatArray:
        """``C[i, j]`` = participants who put cards i and j in the same group (diag = placed)."""
        if self.n_groups * self.onehot.shape[1] <= 40_000_000:
            x = self.dense()
            return np.asarray(x.T @ x, dtype=np.float64)  # exact: integer counts < 2**24
        product = (self.onehot.T @ self.onehot).toarray()
        return np.asarray(product, dtype=np.float64)

    def copresence(self) -> FloatArray:
        """``N[i, j]`` = participants who placed both cards i and j."""
        placed = self.placed.astype(np.float64)
        return placed.T @ placed

    def participant_ari(
        self, labels: npt.NDArray[Any], *, n_clusters: int | None = None
    ) -> FloatArray:
        """ARI between a card partition and every participant, on the cards both placed.

        Parameters
        ----------
        labels : ndarray (C,) int
            Cluster of each card, ``-1`` for cards left out of the comparison.

        Returns
        -------
        ndarray (P,)
            NaN for participants who placed fewer than two of the compared cards.
        """
        sum_ij, sum_a, sum_b, n = self.pair_sums(labels, n_clusters=n_clusters)
        return ari_from_sums(sum_ij, sum_a, sum_b, n)

    def per_participant(self, rows: FloatArray) -> FloatArray:
        """Sum per-group rows ``(G, k)`` over each participant's groups -> ``(P, k)``."""
        starts = np.searchsorted(self.owner, np.arange(self.n_participants))
        out = np.zeros((self.n_participants, rows.shape[1]))
        if rows.shape[0]:
            nonempty = starts < rows.shape[0]
            sums = np.add.reduceat(rows, np.minimum(starts, rows.shape[0] - 1), axis=0)
            has = np.diff(np.append(starts, rows.shape[0])) > 0
            out[nonempty & has] = sums[nonempty & has]
        return out

    def contingency(self, labels: npt.NDArray[Any], n_clusters: int) -> FloatArray:
        """``M[g, i]`` = cards of global group g in cluster i (dense ``(G, k)``)."""
        labels = np.asarray(labels)
        keep = labels >= 0
        one = sparse.csr_array(
            (np.ones(int(keep.sum())), (np.nonzero(keep)[0], labels[keep])),
            shape=(labels.size, n_clusters),
        )
        return np.asarray((self.onehot @ one).toarray(), dtype=np.float64)

    def pair_sums(
        self, labels: npt.NDArray[Any], *, n_clusters: int | None = None
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Per-participant pair counts ``(sum_ij, sum_a, sum_b, n)`` for :func:`ari_from_sums`."""
        labels = np.asarray(labels)
        k = int(labels.max()) + 1 if n_clusters is None else n_clusters
        k = max(k, 1)
        m = self.contingency(labels, k)
        n_p = self.n_participants
        sum_ij = bincount_float(self.owner, comb2(m).sum(axis=1), n_p)
        sum_b = bincount_float(self.owner, comb2(m.sum(axis=1)), n_p)
        per_cluster = self.per_participant(m)
        sum_a = comb2(per_cluster).sum(axis=1)
        n = per_cluster.sum(axis=1)
        return sum_ij, sum_a, sum_b, n


def weighted_mean(values: FloatArray, weights: FloatArray | None = None) -> float:
    """Mean ignoring NaN, optionally weighted; NaN when nothing is left."""
    ok = ~np.isnan(values)
    w = np.ones_like(values) if weights is None else np.asarray(weights, dtype=np.float64)
    w = np.where(ok, w, 0.0)
    total = float(w.sum())
    if total == 0:
        return float("nan")
    return float(np.sum(np.where(ok, values, 0.0) * w) / total)


def bincount_float(index: IntArray, weights: FloatArray, length: int) -> FloatArray:
    return np.asarray(np.bincount(index, weights=weights, minlength=length), dtype=np.float64)
