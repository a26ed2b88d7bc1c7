"""OptimalSort's Actual Agreement Method (AAM) dendrogram.

As documented: every participant group is a candidate category; its score is the number of
participants who made that exact grouping, plus those who made any superset of it (a participant
whose group contains the whole set agrees with it). The best-scoring category is taken, every
category that partly overlaps it is eliminated, and so on. What remains nests into a tree whose
nodes read "X % of participants agree with this grouping"; percentages fall as groups grow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["AamNode", "actual_agreement"]


@dataclass(frozen=True)
class AamNode:
    """One grouping kept by the Actual Agreement Method.

    Attributes
    ----------
    card_indices : tuple of int
    count : int
        Participants whose group contains all these cards.
    share : float
        ``count`` over the participants analysed.
    exact : int
        Participants who made exactly this group.
    parent : int
        Index of the smallest kept grouping containing this one (``-1`` at the top).
    """

    card_indices: tuple[int, ...]
    count: int
    share: float
    exact: int
    parent: int


def actual_agreement(assignments: npt.NDArray[np.integer[Any]]) -> list[AamNode]:
    """Run the AAM on ``(P, C)`` top-level assignments (``-1`` = not placed).

    Only groupings of two or more cards are considered. Ties are broken by size (larger
    first), then by card indices, so the result is deterministic.

    Examples
    --------
    >>> a = np.array([[0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 1, 1]])
    >>> [(n.card_indices, n.count) for n in actual_agreement(a)]  # (0, 1, 2) overlaps (2, 3)
    [((0, 1), 3), ((2, 3), 2)]
    """
    a = np.asarray(assignments, dtype=np.int64)
    n_p, n_c = a.shape
    if n_p == 0:
        return []
    exact: dict[tuple[int, ...], int] = {}
    for p in range(n_p):
        row = a[p]
        for g in np.unique(row[row >= 0]).tolist():
            members = tuple(np.nonzero(row == g)[0].tolist())
            if len(members) >= 2:
                exact[members] = exact.get(members, 0) + 1
    scored = []
    for members, base in exact.items():
        cols = a[:, members]
        together = (cols[:, :1] >= 0) & (cols == cols[:, :1]).all(axis=1, keepdims=True)
        scored.append((int(together.sum()), members, base))
    scored.sort(key=lambda t: (-t[0], -len(t[1]), t[1]))
    kept: list[tuple[int, tuple[int, ...], int]] = []
    mask = np.zeros((0, n_c), dtype=np.float64)
    sizes = np.zeros(0)
    for count, members, base in scored:
        vec = np.zeros(n_c)
        vec[list(members)] = 1.0
        if mask.shape[0]:
            inter = mask @ vec
            conflict = (inter > 0) & (inter < len(members)) & (inter < sizes)
            if conflict.any():
                continue
        kept.append((count, members, base))
        mask = np.vstack([mask, vec])
        sizes = np.append(sizes, len(members))
    nodes = []
    for i, (count, members, base) in enumerate(kept):
        parent, parent_size = -1, n_c + 1
        for j, (_, other, _) in enumerate(kept):
            bigger = j != i and parent_size > len(other) > len(members)
            if bigger and set(members) <= set(other):
                parent, parent_size = j, len(other)
        nodes.append(AamNode(members, count, count / n_p, base, parent))
    return nodes
