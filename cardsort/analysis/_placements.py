"""Popular placements: card x category shares for closed and hybrid sorts (or standardised ones).

Like OptimalSort's results matrix: for every card, the share of the participants who placed it
that put it in each category, its best category, and candidate second locations (another
category that at least ``second_location_min`` participants chose).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cardsort.analysis._data import SortData
from cardsort.analysis._labels import StandardisedLabels

__all__ = ["PlacementMatrix", "popular_placements"]


@dataclass(frozen=True, eq=False)
class PlacementMatrix:
    """Card x category placements.

    Attributes
    ----------
    card_keys : tuple of str
    categories : tuple of str
        Predefined categories first (closed/hybrid), then participant-made ones.
    predefined : tuple of bool
        Whether each category was predefined.
    counts : ndarray (C, K) int
    shares : ndarray (C, K) float
        ``counts`` over the participants who placed the card.
    best : ndarray (C,) int
        Index of the most chosen category (``-1`` for a card nobody placed in a named group).
    agreement : ndarray (C,) float
        Share for the best category.
    second_locations : tuple of tuple of int
        Per card, other categories chosen at least ``second_location_min`` times.
    """

    card_keys: tuple[str, ...]
    categories: tuple[str, ...]
    predefined: tuple[bool, ...]
    counts: npt.NDArray[np.int64]
    shares: npt.NDArray[np.float64]
    best: npt.NDArray[np.int64]
    agreement: npt.NDArray[np.float64]
    second_locations: tuple[tuple[int, ...], ...]


def popular_placements(
    data: SortData, labels: StandardisedLabels, *, second_location_min: int = 5
) -> PlacementMatrix:
    """Build the popular-placements matrix from standardised labels.

    Examples
    --------
    >>> from cardsort.analysis import standardise
    >>> data = SortData.from_groups(card_keys=("a", "b"), kind="closed", categories=("X", "Y"),
    ...     sorts={"p1": [("X", ["a", "b"])], "p2": [("x", ["a"]), ("Y", ["b"])]})
    >>> m = popular_placements(data, standardise(data))
    >>> m.categories, m.shares.tolist()
    (('X', 'Y'), [[1.0, 0.0], [0.5, 0.5]])
    """
    cats = labels.categories
    predefined_names = list(data.categories)
    order = []
    by_name = {c.name: i for i, c in enumerate(cats)}
    for name in predefined_names:
        order.append(by_name.get(name, -1))
    order.extend(i for i, c in enumerate(cats) if c.name not in predefined_names)
    columns = [
        predefined_names[j] if i < 0 else cats[i].name
        for j, i in enumerate(order[: len(predefined_names)])
    ]
    columns.extend(cats[i].name for i in order[len(predefined_names) :])
    remap = np.full(len(cats) + 1, -1, dtype=np.int64)
    for col, i in enumerate(order):
        if i >= 0:
            remap[i] = col
    matrix = labels.category_matrix(data)
    col_of = np.where(matrix >= 0, remap[matrix], -1)
    n_c, n_k = data.n_cards, len(columns)
    counts = np.zeros((n_c, n_k), dtype=np.int64)
    rows, cards = np.nonzero(col_of >= 0)
    np.add.at(counts, (cards, col_of[rows, cards]), 1)
    placed = data.placed.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(placed[:, None] > 0, counts / np.maximum(placed, 1)[:, None], 0.0)
    has = counts.sum(axis=1) > 0
    best = np.where(has, counts.argmax(axis=1) if n_k else -1, -1)
    agreement = np.where(has, shares.max(axis=1) if n_k else 0.0, 0.0)
    second = tuple(
        tuple(
            int(k) for k in np.nonzero(counts[c] >= max(second_location_min, 1))[0] if k != best[c]
        )
        for c in range(n_c)
    )
    return PlacementMatrix(
        card_keys=data.card_keys,
        categories=tuple(columns),
        predefined=tuple(i < len(predefined_names) for i in range(n_k)),
        counts=counts,
        shares=shares,
        best=best.astype(np.int64),
        agreement=agreement.astype(np.float64),
        second_locations=second,
    )
