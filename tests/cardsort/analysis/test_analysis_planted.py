"""Planted structure: simulated teams sort cards with a known latent grouping; the consensus
(automatic k) must recover it about as well as the best fixed-k UPGMA cut chosen with hindsight."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from cardsort.analysis import (
    AnalysisOptions,
    analyse,
    cluster_cards,
    cut_tree,
    similarity_matrix,
    simulate_sorts,
)

SCENARIOS = [
    (n_groups, team, noise) for n_groups in (6, 8) for team in (8, 15, 30) for noise in (0.1, 0.3)
]


def _recovery(n_groups: int, team: int, noise: float, seed: int) -> tuple[float, float, int]:
    data, truth = simulate_sorts(
        n_cards=40, n_participants=team, n_groups=n_groups, noise=noise, seed=seed
    )
    result = analyse(data, options=AnalysisOptions(n_resamples=0))
    consensus = np.empty(data.n_cards, dtype=np.int64)
    consensus[result.active_cards] = result.partition.labels
    linkage = cluster_cards(similarity_matrix(data).similarity).linkage
    best_cut = max(adjusted_rand_score(truth, cut_tree(linkage, n_groups=k)) for k in range(2, 16))
    return adjusted_rand_score(truth, consensus), best_cut, result.partition.k


@pytest.mark.parametrize(("n_groups", "team", "noise"), SCENARIOS)
def test_consensus_recovers_the_planted_groups(n_groups: int, team: int, noise: float) -> None:
    results = [_recovery(n_groups, team, noise, seed) for seed in (11, 12)]
    consensus = float(np.mean([r[0] for r in results]))
    best_cut = float(np.mean([r[1] for r in results]))
    print(f"groups={n_groups} team={team} noise={noise}: ARI {consensus:.3f} vs {best_cut:.3f}")
    # as good as the best UPGMA cut that knew the answer, within a small margin
    assert consensus >= best_cut - 0.08
    if noise <= 0.1:
        assert consensus >= 0.95
        assert all(r[2] == n_groups for r in results)


def test_more_sorts_recover_more() -> None:
    small = np.mean([_recovery(8, 6, 0.4, seed)[0] for seed in (1, 2, 3)])
    large = np.mean([_recovery(8, 40, 0.4, seed)[0] for seed in (1, 2, 3)])
    assert large > small
    assert large >= 0.9


@pytest.mark.parametrize("n_groups", [2, 3, 4])
def test_a_team_thinking_in_few_groups_gets_that_many_folders(n_groups: int) -> None:
    """The 5-9 prior is a preference: three or four clear groups are never split to reach five."""
    for seed in (1, 2):
        data, truth = simulate_sorts(
            n_cards=30, n_participants=25, n_groups=n_groups, noise=0.1, seed=seed
        )
        result = analyse(data, options=AnalysisOptions(n_resamples=0))
        assert result.partition.k == n_groups
        consensus = np.empty(data.n_cards, dtype=np.int64)
        consensus[result.active_cards] = result.partition.labels
        assert adjusted_rand_score(truth, consensus) >= 0.95
        # no folder of one card invented to fill the prior
        assert min(len(node.card_keys) for node in result.consensus.groups) >= 2


@pytest.mark.parametrize("n_groups", [3, 4, 10])
@pytest.mark.parametrize("team", [8, 15])
def test_hard_settings_with_few_or_many_groups(n_groups: int, team: int) -> None:
    """Noise 0.3: a team of 15 clears the 0.85 bar; a team of 8 does as well as hindsight allows.

    (With three groups, eight teachers and noise 0.3 even the best UPGMA cut chosen knowing the
    answer reaches only about 0.86.)
    """
    results = [_recovery(n_groups, team, 0.3, seed) for seed in (11, 12, 13)]
    consensus = float(np.mean([r[0] for r in results]))
    best_cut = float(np.mean([r[1] for r in results]))
    print(f"groups={n_groups} team={team} noise=0.3: ARI {consensus:.3f} vs {best_cut:.3f}")
    assert consensus >= best_cut - 0.08
    if team >= 15:
        assert consensus >= 0.85
