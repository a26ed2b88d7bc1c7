"""Similarity is C / N over the participants who sorted both cards."""

from __future__ import annotations

import numpy as np

from cardsort.analysis import SortData, cluster_cards, cut_tree, similarity_matrix


def test_divides_by_participants_who_sorted_both_not_by_all_or_the_maximum() -> None:
    # 3 users; one lumps everything; a pair split by 2 of 3 is 1/3, not 1.0 ("fraction" / max)
    data = SortData.from_groups(
        card_keys=("a", "b", "c"),
        sorts={
            "u1": [("all", ["a", "b", "c"])],
            "u2": [("x", ["a"]), ("y", ["b", "c"])],
            "u3": [("x", ["a", "c"]), ("y", ["b"])],
        },
    )
    sim = similarity_matrix(data)
    a, b = 0, 1
    assert sim.cooccurrence[a, b] == 1
    assert sim.similarity[a, b] == 1 / 3


def test_unsorted_cards_do_not_count_against_a_pair() -> None:
    # u2 left card c unsorted: the a-c pair is judged by u1 only
    data = SortData.from_groups(
        card_keys=("a", "b", "c"),
        sorts={"u1": [("x", ["a", "c"]), ("y", ["b"])], "u2": [("x", ["a", "b"])]},
    )
    sim = similarity_matrix(data)
    assert sim.copresented[0, 2] == 1
    assert sim.similarity[0, 2] == 1.0
    assert sim.similarity[0, 1] == 0.5


def test_subgroups_count_together_at_the_top_and_apart_deep() -> None:
    data = SortData(
        card_keys=("a", "b", "c"),
        card_labels=("a", "b", "c"),
        participants=("u",),
        assignments=np.array([[1, 2, 0]]),
        group_labels=(("Taal", "Lezen", "Spelling"),),
        group_parents=((-1, 0, 0),),
    )
    assert similarity_matrix(data, level="top").similarity[0, 1] == 1.0
    assert similarity_matrix(data, level="deep").similarity[0, 1] == 0.0


def test_seriation_puts_similar_cards_side_by_side() -> None:
    s = np.array(
        [
            [1.0, 0.1, 0.9, 0.1],
            [0.1, 1.0, 0.1, 0.8],
            [0.9, 0.1, 1.0, 0.1],
            [0.1, 0.8, 0.1, 1.0],
        ]
    )
    order = cluster_cards(s).order.tolist()
    pos = {c: i for i, c in enumerate(order)}
    assert abs(pos[0] - pos[2]) == 1 and abs(pos[1] - pos[3]) == 1
    z = cluster_cards(s, method="complete").linkage
    assert cut_tree(z, n_groups=2).tolist() == [0, 1, 0, 1]
    assert cluster_cards(s, method="ward").cophenetic_correlation > 0.9
