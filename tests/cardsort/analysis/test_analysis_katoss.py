"""Parity with PyPI cardsort 0.2.45's own test: separated counts of every card pair."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.spatial.distance import squareform

from cardsort.analysis import SortData, analyse, similarity_matrix


def test_separated_counts_match_the_katoss_expected_vector(
    katoss: SortData, katoss_expected: dict[str, Any]
) -> None:
    data, expected = katoss, katoss_expected
    assert list(data.card_labels) == expected["cards_in_card_id_order"]
    assert data.n_participants == expected["participants"]
    sim = similarity_matrix(data)
    assert data.placed.all()  # every card sorted, so separated = N - C
    separated = squareform(sim.separated(), checks=False)
    assert separated.tolist() == expected["separated_counts_condensed"]
    n = expected["participants"]
    assert np.allclose(
        squareform(sim.similarity, checks=False),
        1 - np.array(expected["separated_counts_condensed"]) / n,
    )


def test_same_label_piles_of_one_user_stay_two_groups(katoss: SortData) -> None:
    # Renaming user 1's second pile to "pets" must not merge it with the first (the bug the
    # methods note reproduced in cardsort 0.2.45: Dog-Apple moved from 5 to 4).
    data = katoss
    labels = list(data.group_labels)
    labels[0] = ("pets", "pets", *labels[0][2:])
    renamed = type(data)(
        card_keys=data.card_keys,
        card_labels=data.card_labels,
        participants=data.participants,
        assignments=data.assignments,
        group_labels=tuple(labels),
    )
    dog, apple = data.card_labels.index("Dog"), data.card_labels.index("Apple")
    assert similarity_matrix(renamed).separated()[dog, apple] == 5


def test_katoss_analysis_groups_animals_together(katoss: SortData) -> None:
    result = analyse(katoss)
    by_card = {label: node.label for node in result.consensus.groups for label in node.card_labels}
    assert by_card["Dog"] == by_card["Cat"] == by_card["Tiger"]
    assert by_card["Dog"] != by_card.get("Apple")
