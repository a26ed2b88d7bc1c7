"""Property tests: results never depend on input order, the matrix is well formed, unanimity
and duplicated teams behave as they must."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardsort.analysis import AnalysisOptions, SortData, analyse, similarity_matrix

QUICK = AnalysisOptions(n_resamples=8, sample_size_curve=False)


@st.composite
def sorts(draw: st.DrawFn, min_cards: int = 3, max_cards: int = 9) -> SortData:
    n_cards = draw(st.integers(min_cards, max_cards))
    n_people = draw(st.integers(1, 6))
    rows = []
    for _ in range(n_people):
        rows.append(draw(st.lists(st.integers(-1, 3), min_size=n_cards, max_size=n_cards)))
    assignments = np.array(rows, dtype=np.int32)
    labels = tuple(tuple(f"g{g}" for g in range(4)) for _ in range(n_people))
    return SortData(
        card_keys=tuple(f"c{i}" for i in range(n_cards)),
        card_labels=tuple(f"Card {i}" for i in range(n_cards)),
        participants=tuple(f"p{i}" for i in range(n_people)),
        assignments=assignments,
        group_labels=labels,
    )


def _permuted(data: SortData, seed: int) -> SortData:
    rng = np.random.default_rng(seed)
    cards = rng.permutation(data.n_cards)
    people = rng.permutation(data.n_participants)
    return data.select_cards(cards).select_participants(people)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sorts(), st.integers(0, 10_000))
def test_similarity_is_symmetric_unit_diagonal_and_bounded(data: SortData, seed: int) -> None:
    sim = similarity_matrix(data).similarity
    assert np.array_equal(sim, sim.T)
    assert np.all(np.diag(sim) == 1.0)
    assert np.all((sim >= 0) & (sim <= 1))
    # and it does not depend on the order of cards or participants
    shuffled = _permuted(data, seed)
    other = similarity_matrix(shuffled)
    order = [shuffled.card_keys.index(k) for k in data.card_keys]
    assert np.array_equal(other.similarity[np.ix_(order, order)], sim)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sorts(), st.integers(0, 10_000))
def test_analysis_does_not_depend_on_order(data: SortData, seed: int) -> None:
    if not data.placed.any():
        return
    try:
        first = analyse(data, options=QUICK).to_dict()
    except ValueError:
        return  # e.g. every participant excluded; the permuted copy must fail the same way
    second = analyse(_permuted(data, seed), options=QUICK).to_dict()
    assert first == second


@st.composite
def unanimous(draw: st.DrawFn) -> tuple[SortData, list[set[str]]]:
    n_groups = draw(st.integers(2, 5))
    sizes = draw(st.lists(st.integers(2, 5), min_size=n_groups, max_size=n_groups))
    cards = [f"card{i:02d}" for i in range(sum(sizes))]
    order = draw(st.permutations(cards))
    groups, start = [], 0
    for size in sizes:
        groups.append(order[start : start + size])
        start += size
    people = draw(st.integers(2, 8))
    sorts_ = {
        f"t{p}": [(f"Topic {i}", list(g)) for i, g in enumerate(groups)] for p in range(people)
    }
    return SortData.from_groups(card_keys=cards, sorts=sorts_), [set(g) for g in groups]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unanimous())
def test_unanimous_team_gets_exactly_its_groups_with_full_agreement(
    case: tuple[SortData, list[set[str]]],
) -> None:
    data, groups = case
    result = analyse(data, options=AnalysisOptions(n_resamples=10, curve_repeats=3))
    got = [set(node.card_keys) for node in result.consensus.groups]
    assert sorted(map(sorted, got)) == sorted(map(sorted, groups))
    assert result.consensus.unassigned == ()
    for node in result.consensus.groups:
        assert node.agreement == 1.0
        assert node.stability == 1.0
        assert node.label.startswith("Topic ")
    assert result.expected_ari == 1.0
    assert result.verdict.status in ("enough", "small", "unknown") or data.n_participants < 3


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sorts(min_cards=4), st.integers(2, 3))
def test_duplicating_every_participant_does_not_change_the_consensus(
    data: SortData, copies: int
) -> None:
    if not data.placed.any():
        return
    # No bootstrap: stability statistics depend on the team size by design; the consensus
    # (groups, names, agreement) must not.
    options = AnalysisOptions(n_resamples=0)
    try:
        first = analyse(data, options=options)
    except ValueError:
        return
    people = {}
    for c in range(copies):
        for p, name in enumerate(data.participants):
            people[f"{name}#{c}"] = p
    index = list(people.values())
    repeated = SortData(
        card_keys=data.card_keys,
        card_labels=data.card_labels,
        participants=tuple(people),
        assignments=data.assignments[index],
        group_labels=tuple(data.group_labels[i] for i in index),
    )
    second = analyse(repeated, options=options)
    a, b = first.consensus.to_dict(), second.consensus.to_dict()
    assert _without_numbers(a) == _without_numbers(b)
    for x, y in zip(_numbers(a), _numbers(b), strict=True):
        assert (x is None and y is None) or math.isclose(x, y, abs_tol=1e-9)


def _without_numbers(doc: Any) -> Any:
    if isinstance(doc, dict):
        skip = ("agreement", "stability")
        return {k: _without_numbers(v) for k, v in doc.items() if k not in skip}
    if isinstance(doc, list):
        return [_without_numbers(v) for v in doc]
    return doc


def _numbers(doc: Any) -> list[Any]:
    out: list[Any] = []
    if isinstance(doc, dict):
        for k, v in doc.items():
            if k in ("agreement", "stability"):
                out.append(v)
            else:
                out.extend(_numbers(v))
    elif isinstance(doc, list):
        for v in doc:
            out.extend(_numbers(v))
    return out
