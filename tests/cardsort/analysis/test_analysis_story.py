"""One story: the verdict, the warnings and the folders agree with each other."""

from __future__ import annotations

import numpy as np

from cardsort.analysis import AnalysisOptions, analyse, simulate_sorts
from cardsort.analysis._verdict import make_verdict


def test_a_small_stable_team_gets_one_first_impression_not_enough_plus_a_warning() -> None:
    data, _ = simulate_sorts(n_cards=20, n_participants=8, n_groups=4, noise=0.0, seed=2)
    result = analyse(data, options=AnalysisOptions(n_resamples=30))
    assert result.verdict.status == "small"
    assert "eerste indruk" in result.verdict.text["nl"]
    assert "Genoeg" not in result.verdict.text["nl"]
    assert all(w["code"] != "small_sample" for w in result.warnings)


def test_a_small_unstable_team_keeps_the_small_sample_warning() -> None:
    data, _ = simulate_sorts(n_cards=30, n_participants=6, n_groups=6, noise=0.35, seed=4)
    result = analyse(data, options=AnalysisOptions(n_resamples=30, curve_repeats=5))
    assert result.verdict.status in ("more", "unlikely")
    assert any(w["code"] == "small_sample" for w in result.warnings)
    folders = {node.label for node in result.consensus.groups}
    assert set(result.verdict.unstable_groups) <= folders


def test_the_verdict_names_only_folders_that_exist_and_no_invented_number() -> None:
    verdict = make_verdict(
        n_participants=25,
        group_names=["Zorg", None],
        group_stability=[0.5, 0.3],
        expected_ari=0.5,
        larger_sizes=[50, 100],
        larger_stability=[[0.55, 0.3], [0.6, 0.3]],
        larger_ari=[0.6, 0.6],
        stable_threshold=0.75,
        enough_ari=0.8,
    )
    assert verdict.status == "unlikely"
    assert verdict.unstable_groups == ("Zorg",)
    assert "None" not in verdict.text["en"]
    assert not any(ch.isdigit() for ch in verdict.text["en"])  # no "75 more sorts"


def test_forced_groups_give_a_complete_partition_with_weak_cards_marked() -> None:
    data, _ = simulate_sorts(n_cards=30, n_participants=12, n_groups=6, noise=0.35, seed=5)
    automatic = analyse(data, options=AnalysisOptions(n_resamples=30, sample_size_curve=False))
    assert automatic.consensus.unassigned, "noisy sorts leave some cards apart automatically"
    forced = analyse(
        data, options=AnalysisOptions(n_groups=4, n_resamples=30, sample_size_curve=False)
    )
    assert len(forced.consensus.groups) == 4
    assert forced.consensus.unassigned == ()
    placed = [k for node in forced.consensus.groups for k in node.card_keys]
    assert sorted(placed) == sorted(data.card_keys)
    assert forced.low_fit, "weak cards are marked, not removed"
    assert set(forced.low_fit) <= set(placed)
    assert any(w["code"] == "low_fit_cards" for w in forced.warnings)
    assert forced.to_dict()["low_fit"] == list(forced.low_fit)


def test_the_curve_is_drawn_only_when_the_verdict_needs_it_or_asked() -> None:
    data, _ = simulate_sorts(n_cards=20, n_participants=30, n_groups=4, noise=0.05, seed=1)
    plain = analyse(data, options=AnalysisOptions(n_resamples=30, curve_repeats=3))
    assert plain.verdict.status == "enough"
    assert plain.curve is None and "sample_size_curve" not in plain.timings
    asked = analyse(
        data, options=AnalysisOptions(n_resamples=30, curve_repeats=3, curve_always=True)
    )
    assert asked.curve is not None
    assert asked.verdict.status == "enough"
    noisy, _ = simulate_sorts(n_cards=30, n_participants=6, n_groups=6, noise=0.35, seed=4)
    needed = analyse(noisy, options=AnalysisOptions(n_resamples=30, curve_repeats=3))
    assert needed.verdict.status != "enough" and needed.curve is not None
    assert np.isfinite(needed.expected_ari)


def test_without_larger_draws_the_verdict_asks_for_more_sorts_not_gives_up() -> None:
    verdict = make_verdict(
        n_participants=2,
        group_names=["Zorg", "ICT"],
        group_stability=[0.5, 0.9],
        expected_ari=0.4,
        larger_sizes=[],
        larger_stability=[],
        larger_ari=[],
        stable_threshold=0.75,
        enough_ari=0.8,
    )
    assert verdict.status == "more" and verdict.more_sorts is None
    assert "“Zorg”" in verdict.text["en"] and "meer collega's" in verdict.text["nl"]
