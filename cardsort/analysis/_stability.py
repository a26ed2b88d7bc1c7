"""Partition stability: bootstrap over participants and the sample-size curve.

A high correlation between similarity matrices is not stability (at N = 20 a real open sort had
r = 0.97 but a partition ARI of only 0.77), so everything here is measured on the partition:
per-group Jaccard stability (Hennig's clusterboot), per-card confidence (how often the card lands
with its group) and the expected ARI of the consensus.

All resamples share one engine: a resample is a vector of participant weights (how often each
participant was drawn), and the co-occurrence of every card pair under all resamples at once is
one matrix product ``W @ A`` with ``A[p, pair] = 1`` when participant p put the pair together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from cardsort.analysis._groups import GroupIndex, comb2
from cardsort.analysis._linkage import cut_tree, linkage_from_condensed
from cardsort.analysis._partition import refine_partition

__all__ = [
    "PairCounts",
    "ResampleStats",
    "SampleSizeCurve",
    "compare_partitions",
    "curve_sizes",
    "resample_partitions",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_CHUNK = 4096


class PairCounts:
    """Weighted pair co-occurrence for many participant weightings at once.

    Parameters
    ----------
    assignments : ndarray (P, C)
        Group of each card per participant, ``-1`` when not placed.
    """

    def __init__(self, assignments: npt.NDArray[np.integer[Any]]) -> None:
        self.assignments = np.ascontiguousarray(assignments, dtype=np.int32)
        n_c = self.assignments.shape[1]
        self.iu, self.ju = np.triu_indices(n_c, k=1)
        self.all_placed = bool((self.assignments >= 0).all())

    @property
    def n_pairs(self) -> int:
        """Number of card pairs (condensed length)."""
        return int(self.iu.size)

    def weighted(self, weights: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Co-occurrence and co-presence of every pair under each row of ``weights``.

        Returns two ``(R, pairs)`` arrays in SciPy's condensed pair order.
        """
        w = np.asarray(weights, dtype=np.float32)
        r = w.shape[0]
        co = np.empty((r, self.n_pairs), dtype=np.float32)
        both = None if self.all_placed else np.empty((r, self.n_pairs), dtype=np.float32)
        g = self.assignments
        for start in range(0, self.n_pairs, _CHUNK):
            stop = min(start + _CHUNK, self.n_pairs)
            gi = g[:, self.iu[start:stop]]
            gj = g[:, self.ju[start:stop]]
            together = ((gi == gj) & (gi >= 0)).astype(np.float32)
            co[:, start:stop] = w @ together
            if both is not None:
                present = ((gi >= 0) & (gj >= 0)).astype(np.float32)
                both[:, start:stop] = w @ present
        if both is None:
            n = np.repeat(w.sum(axis=1, dtype=np.float64)[:, None], self.n_pairs, axis=1)
            return co.astype(np.float64), n
        return co.astype(np.float64), both.astype(np.float64)


def compare_partitions(
    reference: IntArray, k_ref: int, other: IntArray, k_other: int
) -> tuple[FloatArray, npt.NDArray[np.bool_], float]:
    """Best Jaccard per reference group, card-follows-its-group flags, and the ARI.

    Cards labelled ``-1`` in either partition are left out.
    """
    keep = (reference >= 0) & (other >= 0)
    cont = np.zeros((k_ref, max(k_other, 1)))
    np.add.at(cont, (reference[keep], other[keep]), 1.0)
    size_ref = cont.sum(axis=1)
    size_other = cont.sum(axis=0)
    union = size_ref[:, None] + size_other[None, :] - cont
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, cont / np.where(union > 0, union, 1.0), 0.0)
    best = jaccard.argmax(axis=1)
    stability = jaccard.max(axis=1)
    follows = np.zeros(reference.size, dtype=bool)
    follows[keep] = other[keep] == best[reference[keep]]
    n = cont.sum()
    sum_ij = comb2(cont).sum()
    sum_a = comb2(size_ref).sum()
    sum_b = comb2(size_other).sum()
    pairs = n * (n - 1) / 2
    if pairs == 0:
        ari = float("nan")
    elif sum_a == sum_b == sum_ij:
        ari = 1.0
    else:
        expected = sum_a * sum_b / pairs
        denom = 0.5 * (sum_a + sum_b) - expected
        ari = float((sum_ij - expected) / denom) if denom != 0 else 0.0
    return stability, follows, ari


@dataclass(frozen=True, eq=False)
class ResampleStats:
    """Per-resample comparison with the reference partition.

    Attributes
    ----------
    ari : ndarray (R,)
        ARI between each resample's partition and the reference.
    group_jaccard : ndarray (R, k)
        Best Jaccard of each reference group in each resample.
    card_follows : ndarray (R, C) bool
        The card landed in the resample group that matches its reference group.
    matrix_correlation : ndarray (R,)
        Pearson r between the resample's similarities and the full ones.
    child_jaccard : dict of int to ndarray (R, n_children)
        Same as ``group_jaccard`` for the second-level folders of top-level group ``i``.
    """

    ari: FloatArray
    group_jaccard: FloatArray
    card_follows: npt.NDArray[np.bool_]
    matrix_correlation: FloatArray
    child_jaccard: dict[int, FloatArray] = field(default_factory=dict)


def resample_partitions(
    weights: FloatArray,
    *,
    top_pairs: PairCounts,
    deep_pairs: PairCounts | None,
    reference: IntArray,
    k: int,
    method: str,
    full_similarity: FloatArray,
    index: GroupIndex | None,
    children: dict[int, IntArray] | None = None,
    refine: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ResampleStats:
    """Re-run the consensus cut (same k, same linkage, same transfer step) under each weighting.

    Parameters
    ----------
    weights : ndarray (R, P)
        How often each participant is drawn in each resample.
    reference : ndarray (C,)
        The consensus partition (top level) to compare with.
    full_similarity : ndarray (pairs,)
        Condensed similarity of the full sample (for the matrix correlation).
    index : GroupIndex, optional
        Participants' groups, needed for the transfer step.
    children : dict of int to ndarray (C,), optional
        For a top-level group i with second-level folders: child label of each card
        (``-1`` outside group i).
    """
    r_count = weights.shape[0]
    co, n = top_pairs.weighted(weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        sim = np.where(n > 0, co / np.where(n > 0, n, 1.0), 0.0)
    children = children or {}
    deep_sim = sim
    if deep_pairs is not None and children:
        dco, dn = deep_pairs.weighted(weights)
        with np.errstate(divide="ignore", invalid="ignore"):
            deep_sim = np.where(dn > 0, dco / np.where(dn > 0, dn, 1.0), 0.0)
    ari = np.empty(r_count)
    jac = np.empty((r_count, k))
    follows = np.empty((r_count, reference.size), dtype=bool)
    corr = np.full(r_count, np.nan)
    child_jac = {i: np.empty((r_count, int(lab.max()) + 1)) for i, lab in children.items()}
    n_cards = reference.size
    full_std = float(np.std(full_similarity)) if full_similarity.size else 0.0
    for r in range(r_count):
        s = sim[r]
        if full_std > 0 and s.size and np.std(s) > 0:
            corr[r] = float(np.corrcoef(s, full_similarity)[0, 1])
        if n_cards < 2:
            labels = np.zeros(n_cards, dtype=np.int64)
        else:
            z = linkage_from_condensed(1.0 - s, method)
            labels = cut_tree(z, n_groups=min(k, n_cards))
            if refine and index is not None and k >= 2:
                labels, _ = refine_partition(labels, index, n_clusters=k, weights=weights[r])
        stab, fol, a = compare_partitions(reference, k, labels, int(labels.max()) + 1)
        ari[r], jac[r], follows[r] = a, stab, fol
        if children:
            square = _square(deep_sim[r], n_cards)
            for i, child_labels in children.items():
                members = np.nonzero(child_labels >= 0)[0]
                kc = int(child_labels.max()) + 1
                sub = square[np.ix_(members, members)]
                iu = np.triu_indices(members.size, k=1)
                zc = linkage_from_condensed(1.0 - sub[iu], method)
                sub_labels = cut_tree(zc, n_groups=kc)
                cstab, _, _ = compare_partitions(
                    child_labels[members], kc, sub_labels, int(sub_labels.max()) + 1
                )
                child_jac[i][r] = cstab
        if progress is not None:
            progress(r + 1, r_count)
    return ResampleStats(ari, jac, follows, corr, child_jac)


def _square(condensed: FloatArray, n: int) -> FloatArray:
    out = np.ones((n, n))
    iu = np.triu_indices(n, k=1)
    out[iu] = condensed
    out[(iu[1], iu[0])] = condensed
    return out


def bootstrap_weights(n_participants: int, n_draws: int, repeats: int, seed: int) -> FloatArray:
    """``(repeats, P)`` draw counts of ``n_draws`` participants with replacement."""
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n_participants, size=(repeats, n_draws))
    out = np.zeros((repeats, n_participants))
    for r in range(repeats):
        out[r] = np.bincount(idx[r], minlength=n_participants)
    return out


def curve_sizes(n_participants: int) -> tuple[list[int], list[int]]:
    """Team sizes on the sample-size curve: (smaller than the team, larger than the team)."""
    base = [3, 5, 8, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500]
    below = [m for m in base if m < n_participants]
    if len(below) > 8:
        pick = np.unique(np.linspace(0, len(below) - 1, 8).round().astype(int))
        below = [below[i] for i in pick]
    above = sorted({round(n_participants * f) for f in (1.25, 1.5, 2.0, 3.0, 4.0)})
    above = [m for m in above if m > n_participants]
    return below, above


@dataclass(frozen=True)
class SampleSizeCurve:
    """Stability against team size (draws with replacement from the current team).

    Attributes
    ----------
    sizes : tuple of int
        Team sizes, including the current one.
    matrix_correlation : tuple of float
        Mean Pearson r of the similarity matrix with the full one.
    partition_ari : tuple of float
        Mean ARI of the partition with the consensus.
    group_stability : tuple of tuple of float
        Per size, mean Jaccard stability of each consensus group.
    """

    sizes: tuple[int, ...]
    matrix_correlation: tuple[float, ...]
    partition_ari: tuple[float, ...]
    group_stability: tuple[tuple[float, ...], ...]
