"""AAM dendrogram, popular placements, participant clusters, verdict, second-level folders."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from cardsort.analysis import (
    AnalysisOptions,
    SortData,
    actual_agreement,
    analyse,
    popular_placements,
    simulate_sorts,
    standardise,
)
from cardsort.analysis._groups import GroupIndex
from cardsort.analysis._participants import participant_clusters
from cardsort.analysis._verdict import make_verdict


def test_aam_scores_supersets_and_drops_conflicts() -> None:
    a = np.array([[0, 0, 0, 1], [0, 0, 1, 1], [0, 0, 1, 1], [0, 1, 1, 1]])
    nodes = {n.card_indices: n for n in actual_agreement(a)}
    assert nodes[(0, 1)].count == 3  # exact twice + inside (0, 1, 2) once
    assert nodes[(0, 1)].exact == 2
    assert nodes[(2, 3)].share == 0.75  # rows 1 and 2 exactly, row 3 inside (1, 2, 3)
    assert (1, 2, 3) not in nodes  # overlaps (0, 1) without nesting


def test_closed_sort_popular_placements_and_second_locations() -> None:
    sorts = {}
    for i in range(8):
        account = ["pay", "login"] if i < 6 else ["login"]
        help_ = ["faq"] if i < 6 else ["faq", "pay"]
        sorts[f"p{i}"] = [("Account", account), ("Help", help_)]
    data = SortData.from_groups(
        card_keys=("pay", "login", "faq"),
        kind="closed",
        categories=("Account", "Help"),
        sorts=sorts,
    )
    m = popular_placements(data, standardise(data), second_location_min=2)
    assert m.categories == ("Account", "Help")
    pay = m.card_keys.index("pay")
    assert m.counts[pay].tolist() == [6, 2]
    assert m.agreement[pay] == 0.75
    assert m.second_locations[pay] == (1,)
    result = analyse(data, options=AnalysisOptions(n_resamples=0))
    placements = result.to_dict()["placements"]
    best = dict(zip(placements["card_keys"], placements["best"], strict=True))
    assert best == {"pay": "Account", "login": "Account", "faq": "Help"}


def test_participants_split_into_two_mental_models() -> None:
    cards = [f"c{i}" for i in range(12)]
    by_subject = [("Taal", cards[0:6]), ("Rekenen", cards[6:12])]
    by_year = [("Groep 3", cards[0:3] + cards[6:9]), ("Groep 4", cards[3:6] + cards[9:12])]
    sorts = {f"s{i}": by_subject for i in range(5)} | {f"y{i}": by_year for i in range(4)}
    data = SortData.from_groups(card_keys=cards, sorts=sorts)
    clusters = participant_clusters(GroupIndex.build(data.assignments))
    assert clusters.k == 2
    labels = clusters.labels.tolist()
    assert len(set(labels[:5])) == 1 and len(set(labels[5:])) == 1 and labels[0] != labels[5]
    result = analyse(data, options=AnalysisOptions(n_resamples=0))
    ranks = {p.name: p.rank for p in result.participants}
    assert ranks["s0"] < ranks["y0"]  # the larger camp is more central


def test_verdict_distinguishes_enough_more_and_unlikely() -> None:
    common = {"group_names": ["Taal", "Rekenen"], "stable_threshold": 0.75, "enough_ari": 0.8}
    enough = make_verdict(
        n_participants=20,
        group_stability=[0.9, 0.95],
        expected_ari=0.9,
        larger_sizes=[],
        larger_stability=[],
        larger_ari=[],
        **common,
    )
    assert enough.status == "enough" and "Genoeg" in enough.text["nl"]
    more = make_verdict(
        n_participants=10,
        group_stability=[0.9, 0.6],
        expected_ari=0.7,
        larger_sizes=[15, 20],
        larger_stability=[[0.9, 0.7], [0.95, 0.8]],
        larger_ari=[0.78, 0.85],
        **common,
    )
    assert more.status == "more" and more.more_sorts == 10
    assert more.text["en"] == "About 10 more sorts would make folders “Rekenen” stable."
    assert "Ongeveer 10 sorteringen meer" in more.text["nl"]
    never = make_verdict(
        n_participants=10,
        group_stability=[0.5, 0.6],
        expected_ari=0.5,
        larger_sizes=[40],
        larger_stability=[[0.55, 0.6]],
        larger_ari=[0.6],
        **common,
    )
    assert never.status == "unlikely" and "“Taal” and “Rekenen”" in never.text["en"]


def test_noisy_small_team_is_told_to_sort_more_and_big_team_enough() -> None:
    options = AnalysisOptions(n_resamples=40, curve_repeats=8)
    small, _ = simulate_sorts(n_cards=30, n_participants=6, n_groups=6, noise=0.35, seed=4)
    big, _ = simulate_sorts(n_cards=30, n_participants=60, n_groups=6, noise=0.1, seed=4)
    small_result = analyse(small, options=options)
    big_result = analyse(big, options=options)
    assert small_result.verdict.status in ("more", "unlikely")
    assert small_result.warnings[0]["code"] == "small_sample"
    assert big_result.verdict.status == "enough"
    assert big_result.expected_ari > small_result.expected_ari
    curve = small_result.to_dict()["sample_size"]["curve"]
    assert curve["sizes"] == sorted(curve["sizes"]) and 6 in curve["sizes"]


def test_large_agreed_group_gets_second_level_folders() -> None:
    cards = [f"c{i:02d}" for i in range(20)]
    lezen, spelling, rekenen = cards[:6], cards[6:12], cards[12:20]
    sorts = {}
    for i in range(10):
        if i % 2:
            groups = [("Taal", lezen + spelling), ("Rekenen", rekenen)]
        else:
            groups = [("Lezen", lezen), ("Spelling", spelling), ("Rekenen", rekenen)]
        sorts[f"t{i}"] = groups
    data = SortData.from_groups(card_keys=cards, sorts=sorts)
    result = analyse(
        data, options=AnalysisOptions(n_resamples=20, n_groups=2, sample_size_curve=False)
    )
    taal = next(n for n in result.consensus.groups if set(n.card_keys) == set(lezen + spelling))
    assert taal.label == "Taal"
    assert sorted(c.label for c in taal.children) == ["Lezen", "Spelling"]
    assert all(c.stability == 1.0 for c in taal.children)
    rekenen_node = next(n for n in result.consensus.groups if n is not taal)
    assert rekenen_node.children == ()


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match="method"):
        AnalysisOptions(method="single")
    with pytest.raises(ValueError, match="group_prior"):
        AnalysisOptions(group_prior=(6, 3))
    data = SortData.from_groups(
        card_keys=("a", "b", "c"), sorts={"p": [("x", ["a", "b"]), ("y", ["c"])]}
    )
    with pytest.raises(ValueError, match="cannot make 5 groups"):
        analyse(data, options=AnalysisOptions(n_groups=5))


def test_hybrid_sort_lists_predefined_then_new_categories() -> None:
    sorts = {
        "p1": [("Rekenen", ["a", "b"]), ("Feesten", ["c"])],
        "p2": [("rekenen", ["a"]), ("Taal", ["b"]), ("feesten!", ["c"])],
        "p3": [("Taal", ["a", "b"]), ("Overig", ["c"])],
    }
    data = SortData.from_groups(
        card_keys=("a", "b", "c"), kind="hybrid", categories=("Rekenen", "Taal"), sorts=sorts
    )
    m = popular_placements(data, standardise(data), second_location_min=1)
    assert m.categories[:2] == ("Rekenen", "Taal")
    assert m.predefined == (True, True, False, False)
    assert set(m.categories[2:]) == {"Feesten", "Overig"}
    c = m.card_keys.index("c")
    assert m.counts[c, m.categories.index("Feesten")] == 2
    assert m.agreement[c] == pytest.approx(2 / 3)


def test_bootstrap_is_seeded_and_resamples_matter() -> None:
    data, _ = simulate_sorts(n_cards=20, n_participants=10, n_groups=5, noise=0.35, seed=9)

    def run(seed: int) -> list[float]:
        options = AnalysisOptions(n_resamples=30, random_state=seed, sample_size_curve=False)
        return sorted(analyse(data, options=options).card_confidence.values())

    assert run(3) == run(3)
    assert run(3) != run(4)


def _minority_team(seed: int) -> npt.NDArray[np.int32]:
    """100 sorts by subject (some noise), 8 by school year, 3 teachers who sorted at random."""
    rng = np.random.default_rng(seed)
    subject, year = np.repeat(np.arange(5), 4), np.tile(np.arange(4), 5)
    rows = []
    for p in range(111):
        if p >= 108:
            rows.append(rng.integers(0, 8, 20))
            continue
        row = (year if p < 8 else subject).copy()
        moved = rng.random(20) < (0.03 if p < 8 else 0.12)
        row[moved] = rng.integers(0, 6, int(moved.sum()))
        rows.append(row)
    return np.array([np.unique(r, return_inverse=True)[1] for r in rows], dtype=np.int32)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_small_minority_with_its_own_principle_is_found_despite_outliers(seed: int) -> None:
    clusters = participant_clusters(GroupIndex.build(_minority_team(seed)))
    assert clusters.k == 2
    minority = {int(p) for p in np.nonzero(clusters.labels == clusters.labels[0])[0]}
    assert minority == set(range(8))
    assert set(clusters.dissenters) <= {108, 109, 110}
    assert clusters.medoids[int(clusters.labels[0])] < 8


def test_camps_and_the_most_representative_sorts_come_with_an_example_sort() -> None:
    cards = [f"c{i}" for i in range(12)]
    by_subject = [("Taal", cards[0:6]), ("Rekenen", cards[6:12])]
    by_year = [("Groep 3", cards[0:3] + cards[6:9]), ("Groep 4", cards[3:6] + cards[9:12])]
    sorts = {f"s{i}": by_subject for i in range(5)} | {f"y{i}": by_year for i in range(4)}
    result = analyse(
        SortData.from_groups(card_keys=cards, sorts=sorts), options=AnalysisOptions(n_resamples=0)
    )
    doc = result.to_dict()
    assert len(doc["representative"]) == 3
    assert all(name.startswith("s") for name in doc["representative"])
    camps = doc["participant_clusters"]["clusters"]
    assert len(camps) == 2
    for camp in camps:
        example = doc["example_sorts"][camp["medoid"]]
        labels = {pile["label"] for pile in example}
        assert labels in ({"Taal", "Rekenen"}, {"Groep 3", "Groep 4"})
        assert sum(len(pile["cards"]) for pile in example) == 12
