"""Partition scores: vectorised ARI equals scikit-learn's; the transfer step never hurts."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from cardsort.analysis._groups import GroupIndex, weighted_mean
from cardsort.analysis._participants import edit_distances, pairwise_participant_ari
from cardsort.analysis._partition import refine_partition

matrices = st.integers(0, 2**32 - 1).map(
    lambda seed: np.random.default_rng(seed).integers(-1, 4, size=(5, 10))
)


@settings(max_examples=30, deadline=None)
@given(matrices, st.lists(st.integers(0, 3), min_size=10, max_size=10))
def test_participant_ari_matches_scikit_learn(a: np.ndarray, labels: list[int]) -> None:
    index = GroupIndex.build(a)
    lab = np.array(labels)
    ours = index.participant_ari(lab, n_clusters=4)
    for p in range(a.shape[0]):
        keep = a[p] >= 0
        if keep.sum() < 2:
            assert np.isnan(ours[p])
        else:
            assert abs(ours[p] - adjusted_rand_score(lab[keep], a[p][keep])) < 1e-9
    pair = pairwise_participant_ari(index)
    for p in range(a.shape[0]):
        for q in range(a.shape[0]):
            both = (a[p] >= 0) & (a[q] >= 0)
            if p != q and both.sum() >= 2:
                assert abs(pair[p, q] - adjusted_rand_score(a[p][both], a[q][both])) < 1e-9


@settings(max_examples=30, deadline=None)
@given(matrices, st.lists(st.integers(0, 2), min_size=10, max_size=10))
def test_refinement_never_lowers_the_mean_ari_and_keeps_k(a: np.ndarray, labels: list[int]) -> None:
    lab = np.array(labels)
    if len(set(labels)) < 3:
        return
    index = GroupIndex.build(a)
    before = weighted_mean(index.participant_ari(lab, n_clusters=3))
    refined, _ = refine_partition(lab, index, n_clusters=3)
    after = weighted_mean(index.participant_ari(refined, n_clusters=3))
    if not np.isnan(before):
        assert after >= before - 1e-12
    assert len(set(refined.tolist())) == 3


def _brute_edit_distance(x: np.ndarray, y: np.ndarray) -> int:
    from itertools import permutations

    both = (x >= 0) & (y >= 0)
    gx, gy = x[both], y[both]
    xs, ys = sorted(set(gx.tolist())), sorted(set(gy.tolist()))
    best = 0
    small, big = (xs, ys) if len(xs) <= len(ys) else (ys, xs)
    for perm in permutations(big, len(small)):
        pairs = dict(zip(small, perm, strict=True))
        if len(xs) <= len(ys):
            kept = sum(int(pairs[i] == j) for i, j in zip(gx, gy, strict=True))
        else:
            kept = sum(int(pairs[j] == i) for i, j in zip(gx, gy, strict=True))
        best = max(best, kept)
    return int(both.sum()) - best


@settings(max_examples=25, deadline=None)
@given(matrices)
def test_edit_distance_is_the_minimum_number_of_cards_to_move(a: np.ndarray) -> None:
    dist, _ = edit_distances(GroupIndex.build(a))
    for p in range(a.shape[0]):
        for q in range(p + 1, a.shape[0]):
            assert dist[p, q] == _brute_edit_distance(a[p], a[q])
