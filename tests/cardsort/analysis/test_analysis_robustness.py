"""Any valid input gives a complete, well-formed result: subgroups, card subsets, unsure cards,
closed and hybrid sorts, tiny teams."""

from __future__ import annotations

import json
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardsort.analysis import AnalysisOptions, ConsensusTree, SortData, analyse


@st.composite
def rich_sorts(draw: st.DrawFn) -> SortData:
    n_cards = draw(st.integers(2, 10))
    n_people = draw(st.integers(1, 6))
    kind = draw(st.sampled_from(["open", "closed", "hybrid"]))
    categories = ("Taal", "Rekenen", "Overig")
    rows, labels, parents, unsure, shown = [], [], [], [], []
    for _ in range(n_people):
        n_groups = draw(st.integers(1, 4))
        row = draw(st.lists(st.integers(-1, n_groups - 1), min_size=n_cards, max_size=n_cards))
        seen = draw(st.lists(st.booleans(), min_size=n_cards, max_size=n_cards))
        doubt = draw(st.lists(st.booleans(), min_size=n_cards, max_size=n_cards))
        row = [g if s else -1 for g, s in zip(row, seen, strict=True)]
        doubt = [d and g == -1 and s for d, g, s in zip(doubt, row, seen, strict=True)]
        if kind == "closed":
            names = tuple(categories[g % 3] for g in range(n_groups))
            par = tuple(-1 for _ in range(n_groups))
        else:
            names = tuple(
                draw(st.sampled_from(["Taal", "taal!", "", "x", "Feesten"]))
                for _ in range(n_groups)
            )
            par = tuple(0 if g >= 2 and draw(st.booleans()) else -1 for g in range(n_groups))
        rows.append(row)
        labels.append(names)
        parents.append(par)
        unsure.append(doubt)
        shown.append(seen)
    return SortData(
        card_keys=tuple(f"k{i}" for i in range(n_cards)),
        card_labels=tuple(f"Kaart {i}" for i in range(n_cards)),
        participants=tuple(f"p{i}" for i in range(n_people)),
        assignments=np.array(rows, dtype=np.int32),
        group_labels=tuple(labels),
        group_parents=tuple(parents),
        unsure=np.array(unsure, dtype=bool),
        shown=np.array(shown, dtype=bool),
        durations=np.array([draw(st.floats(0, 600)) for _ in range(n_people)]),
        kind=kind,
        categories=categories if kind != "open" else (),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rich_sorts())
def test_every_card_is_placed_once_and_numbers_are_in_range(data: SortData) -> None:
    options = AnalysisOptions(n_resamples=5, curve_repeats=2, exclude_flags=frozenset())
    try:
        result = analyse(data, options=options)
    except ValueError as error:
        assert "nothing to analyse" in str(error) or "no participants left" in str(error)
        return
    doc = json.loads(json.dumps(result.to_dict()))  # strictly JSON, no NaN
    assert sorted(result.consensus.card_keys) == sorted(data.card_keys)
    tree_doc = result.consensus.to_dict()
    assert ConsensusTree.from_dict(tree_doc).to_dict() == tree_doc
    for node in doc["consensus"]:
        for value in (node["agreement"], node["stability"]):
            assert value is None or 0.0 <= value <= 1.0
        assert node["label"]
    sim = result.similarity.similarity
    assert np.all((sim >= 0) & (sim <= 1)) and np.array_equal(sim, sim.T)
    assert doc["sample_size"]["verdict"]["text"]["nl"]
    if data.kind != "open":
        assert doc["placements"] is not None
    assert not math.isnan(result.partition.mean_ari) or result.sample_size >= 1
