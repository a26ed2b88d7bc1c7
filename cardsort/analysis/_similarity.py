"""Card-by-card similarity: co-occurrence over the participants who sorted both cards.

``S[i, j] = C[i, j] / N[i, j]`` where ``C`` counts participants who put cards i and j in the same
group and ``N`` those who placed both. Never divided by all participants (wrong with unsorted
cards and card subsets) nor by the largest count (PyPI ``cardsort``'s "fraction").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from cardsort.analysis._data import SortData
from cardsort.analysis._groups import GroupIndex

__all__ = ["SimilarityMatrix", "similarity_from_counts", "similarity_matrix"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class SimilarityMatrix:
    """Similarity of every card pair.

    Attributes
    ----------
    card_keys : tuple of str
        Row/column order.
    similarity : ndarray (C, C) float
        ``C / N`` in ``[0, 1]``; symmetric; unit diagonal; 0 where no participant placed both.
    cooccurrence : ndarray (C, C) int
        Participants who put both cards in the same group (diagonal: who placed the card).
    copresented : ndarray (C, C) int
        Participants who placed both cards.
    """

    card_keys: tuple[str, ...]
    similarity: FloatArray
    cooccurrence: npt.NDArray[np.int64]
    copresented: npt.NDArray[np.int64]

    @property
    def distance(self) -> FloatArray:
        """``1 - similarity``."""
        return 1.0 - self.similarity

    def separated(self) -> npt.NDArray[np.int64]:
        """Participants who placed both cards but in different groups (``N - C``)."""
        return self.copresented - self.cooccurrence


def similarity_from_counts(cooccurrence: FloatArray, copresented: FloatArray) -> FloatArray:
    """``C / N`` with 0 where ``N == 0`` and a unit diagonal.

    Examples
    --------
    >>> similarity_from_counts(np.array([[2.0, 1.0], [1.0, 2.0]]), np.full((2, 2), 2.0)).tolist()
    [[1.0, 0.5], [0.5, 1.0]]
    """
    c = np.asarray(cooccurrence, dtype=np.float64)
    n = np.asarray(copresented, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(n > 0, c / np.where(n > 0, n, 1.0), 0.0)
    np.fill_diagonal(s, 1.0)
    return s


def similarity_matrix(data: SortData, *, level: Literal["top", "deep"] = "top") -> SimilarityMatrix:
    """Co-occurrence similarity of all card pairs.

    Parameters
    ----------
    data : SortData
    level : {"top", "deep"}
        ``top`` counts cards in a subgroup as being in its parent group; ``deep`` uses the
        deepest groups. Identical when nobody made subgroups.

    Examples
    --------
    >>> data = SortData.from_groups(card_keys=("a", "b", "c"), sorts={
    ...     "ann": [("x", ["a", "b"]), ("y", ["c"])],
    ...     "bob": [("x", ["a", "b", "c"])],
    ...     "cas": [("x", ["a"]), ("y", ["c"])],
    ... })
    >>> similarity_matrix(data).similarity.round(2).tolist()
    [[1.0, 1.0, 0.33], [1.0, 1.0, 0.5], [0.33, 0.5, 1.0]]
    """
    if level not in ("top", "deep"):
        raise ValueError(f"level must be 'top' or 'deep'; got {level!r}")
    assignments = data.top_assignments() if level == "top" else data.assignments
    index = GroupIndex.build(assignments)
    c = index.cooccurrence()
    n = index.copresence()
    return SimilarityMatrix(
        card_keys=data.card_keys,
        similarity=similarity_from_counts(c, n),
        cooccurrence=np.rint(c).astype(np.int64),
        copresented=np.rint(n).astype(np.int64),
    )
