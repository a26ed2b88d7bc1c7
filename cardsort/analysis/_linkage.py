"""Hierarchical clustering of cards: linkage, seriation, cophenetic fit and tree cuts.

Card-sort similarities are counts, so ties are common and a dendrogram is not unique. Ties are
broken deterministically by the order of the input (the analysis puts cards in card-key order
first), so the same data always gives the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

from cardsort.analysis._options import LINKAGE_METHODS

__all__ = ["Clustering", "cluster_cards", "cut_tree", "n_distinct_clusters"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_ZERO = 1e-12


@dataclass(frozen=True, eq=False)
class Clustering:
    """A card dendrogram.

    Attributes
    ----------
    linkage : ndarray (C-1, 4)
        SciPy linkage matrix on distances ``1 - similarity`` (optimally leaf-ordered).
    order : ndarray (C,) int
        Seriated card order (optimal leaf ordering): similar cards side by side.
    cophenetic_correlation : float
        Pearson r between the distances and the tree's cophenetic distances (NaN if undefined).
    cophenetic : ndarray (C, C)
        Cophenetic distance of every card pair.
    method : str
    """

    linkage: FloatArray
    order: IntArray
    cophenetic_correlation: float
    cophenetic: FloatArray
    method: str

    @property
    def similarity_levels(self) -> FloatArray:
        """Similarity at which each merge happens (``1 - height``); for Ward a pseudo-level."""
        return 1.0 - self.linkage[:, 2]


def _condensed(similarity: FloatArray) -> FloatArray:
    s = np.asarray(similarity, dtype=np.float64)
    if s.ndim != 2 or s.shape[0] != s.shape[1]:
        raise ValueError(f"similarity must be a square matrix; got shape {s.shape}")
    if not np.allclose(s, s.T):
        raise ValueError("similarity must be symmetric")
    d = np.clip(1.0 - s, 0.0, None)
    np.fill_diagonal(d, 0.0)
    return np.asarray(squareform(d, checks=False), dtype=np.float64)


def linkage_from_condensed(distances: FloatArray, method: str) -> FloatArray:
    """SciPy linkage of condensed distances, validating the method."""
    if method not in LINKAGE_METHODS:
        raise ValueError(f"method must be one of {', '.join(LINKAGE_METHODS)}; got {method!r}")
    return np.asarray(hierarchy.linkage(distances, method=method), dtype=np.float64)


def cluster_cards(
    similarity: FloatArray, *, method: str = "average", optimal_ordering: bool = True
) -> Clustering:
    """Cluster cards hierarchically on ``1 - similarity``.

    Parameters
    ----------
    similarity : ndarray (C, C)
        Symmetric similarity in ``[0, 1]``.
    method : {"average", "complete", "ward"}
        ``average`` is UPGMA.
    optimal_ordering : bool
        Reorder leaves so that neighbours are as similar as possible (for the seriated matrix).

    Examples
    --------
    >>> s = np.array([[1, .9, .1], [.9, 1, .2], [.1, .2, 1]])
    >>> cluster_cards(s).order.tolist()
    [2, 1, 0]
    """
    y = _condensed(similarity)
    n = similarity.shape[0]
    if n == 1:
        empty = np.zeros((0, 4))
        return Clustering(empty, np.zeros(1, np.int64), float("nan"), np.zeros((1, 1)), method)
    z = linkage_from_condensed(y, method)
    if optimal_ordering and n > 2:
        z = np.asarray(hierarchy.optimal_leaf_ordering(z, y), dtype=np.float64)
    order = np.asarray(hierarchy.leaves_list(z), dtype=np.int64)
    coph = np.asarray(hierarchy.cophenet(z), dtype=np.float64)
    if n > 2 and np.std(y) > 0 and np.std(coph) > 0:
        r = float(np.corrcoef(y, coph)[0, 1])
    else:
        r = float("nan")
    return Clustering(z, order, r, squareform(coph), method)


def n_distinct_clusters(linkage: FloatArray) -> int:
    """Clusters left after merging only the cards at distance zero (identical profiles).

    A cut never separates cards that every participant treated identically.
    """
    z = np.asarray(linkage)
    return int(z.shape[0] + 1 - np.count_nonzero(z[:, 2] <= _ZERO))


def cut_tree(
    linkage: FloatArray,
    *,
    n_groups: int | None = None,
    threshold: float | None = None,
) -> IntArray:
    """Cut a dendrogram into flat groups.

    Exactly one of ``n_groups`` (stop after ``C - n_groups`` merges) or ``threshold`` (merge
    while the distance is at most ``threshold``) must be given. Groups are numbered by their
    first card, so labels are canonical.

    Examples
    --------
    >>> z = np.array([[0, 1, 0.1, 2], [2, 3, 0.8, 3]])
    >>> cut_tree(z, n_groups=2).tolist()
    [0, 0, 1]
    >>> cut_tree(z, threshold=0.9).tolist()
    [0, 0, 0]
    """
    z = np.asarray(linkage, dtype=np.float64)
    n = z.shape[0] + 1
    if (n_groups is None) == (threshold is None):
        raise ValueError("give exactly one of n_groups or threshold")
    if n_groups is not None:
        if not 1 <= n_groups <= n:
            raise ValueError(f"n_groups must be between 1 and {n}; got {n_groups}")
        steps = n - n_groups
    else:
        assert threshold is not None
        steps = int(np.count_nonzero(z[:, 2] <= threshold))
    parent = np.arange(2 * n - 1)
    for step in range(steps):
        a, b = int(z[step, 0]), int(z[step, 1])
        parent[a] = n + step
        parent[b] = n + step
    # Resolve each leaf to its top merged node.
    root = parent.copy()
    for _ in range(64):
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    else:  # pragma: no cover - trees deeper than 2**64 do not exist
        raise RuntimeError("could not resolve tree")
    return canonical_labels(root[:n])


def canonical_labels(labels: npt.NDArray[Any]) -> IntArray:
    """Renumber labels ``0..k-1`` by first occurrence; ``-1`` stays ``-1``."""
    labels = np.asarray(labels)
    out = np.full(labels.shape, -1, dtype=np.int64)
    mapping: dict[int, int] = {}
    for i, value in enumerate(labels.tolist()):
        if value < 0:
            continue
        if value not in mapping:
            mapping[value] = len(mapping)
        out[i] = mapping[value]
    return out
