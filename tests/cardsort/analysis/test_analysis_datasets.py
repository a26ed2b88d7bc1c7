"""The two wide public datasets: structure survives, and the analysis says sensible things."""

from __future__ import annotations

import numpy as np

from cardsort.analysis import AnalysisOptions, SortData, analyse, similarity_matrix, standardise

FAST = AnalysisOptions(n_resamples=40, curve_repeats=5)


def test_spice_structure_is_kept(spice: SortData) -> None:
    assert spice.n_cards == 16
    assert spice.n_participants == 21
    # Look-alike names are distinct cards, never merged.
    assert "Chi _Tum" in spice.card_keys and "Chi_Tum_Cor" in spice.card_keys
    assert len(set(spice.card_keys)) == 16
    assert spice.placed.all()
    # Judge.1 used groups 1..6 on this sheet, so six local groups.
    judge1 = spice.participants.index("Judge.1")
    assert len(np.unique(spice.assignments[judge1])) == 6
    # Same cell value in one column = same group; different columns never share a group id.
    chi, chi_cor = spice.card_keys.index("Chi _Tum"), spice.card_keys.index("Chi_Tum_Cor")
    sim = similarity_matrix(spice)
    together = int(np.sum(spice.assignments[:, chi] == spice.assignments[:, chi_cor]))
    assert sim.cooccurrence[chi, chi_cor] == together
    assert sim.similarity[chi, chi_cor] == together / 21


def test_spice_consensus_keeps_the_chilli_turmeric_blends_together(spice: SortData) -> None:
    result = analyse(spice, options=FAST)
    folder = {k: i for i, node in enumerate(result.consensus.groups) for k in node.card_keys}
    assert folder["Chi _Tum"] == folder["Chi_Tum_Cor"]
    assert 2 <= result.partition.k <= 9
    # every card is either in exactly one folder or listed apart
    assert sorted(result.consensus.card_keys) == sorted(spice.card_keys)


def test_perfume_labels_are_words_and_groups_are_per_consumer(perfume: SortData) -> None:
    assert perfume.n_cards == 12
    assert perfume.n_participants == 30
    first = perfume.participants.index("J.1")
    labels = set(perfume.group_labels[first])
    assert "exotic sweet pleasant" in labels
    std = standardise(perfume)
    names = {c.key for c in std.categories}
    assert "strong" in names
    strong = next(c for c in std.categories if c.key == "strong")
    assert strong.participants >= 5
    assert 0 < strong.agreement <= 1


def test_perfume_consensus_has_names_from_participants(perfume: SortData) -> None:
    result = analyse(perfume, options=FAST)
    doc = result.to_dict()
    assert doc["consensus"], "at least one folder"
    vocabulary = {c.name for c in result.labels.categories}
    named = [g["label"] for g in doc["consensus"] if g["label"] in vocabulary]
    assert named, "folders are named from the consumers' own words"
    assert len({g["label"] for g in doc["consensus"]}) == len(doc["consensus"])


def test_loose_spice_judges_are_not_split_into_tiny_camps(spice: SortData) -> None:
    """Twenty-one judges who each sort a little differently share one model, not five camps."""
    result = analyse(spice, options=AnalysisOptions(n_resamples=0))
    assert result.participant_clusters is not None
    assert result.participant_clusters.k == 1
