"""Store → SortData: states, card subsets, subgroups, the label map and exclusions."""

from __future__ import annotations

import math

import numpy as np

from cardsort.studydata import load_study_data
from sessions.analysis_store import (
    exclude_participant,
    exclude_rule,
    include_participant,
    include_rule,
    merge_labels,
    split_label,
)
from sessions.cards import NewCard
from sessions.models import Group, Placement, PlacementState, Sort
from sessions.store import Store
from sessions.studies import (
    create_study,
    finish_participant,
    get_study,
    save_sort,
    start_participant,
)


def _study(store: Store) -> tuple[int, list[int], list[int]]:
    study = create_study(store, "s", [NewCard(x) for x in ("A", "B", "C", "D")])
    cards = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY position")]
    ann, _ = start_participant(store, study.id, "ann")
    save_sort(
        store,
        ann.id,
        Sort(
            (Group("top", "Zorg "), Group("sub", "leerlingen", "top"), Group("x", "Overig")),
            (
                Placement(cards[0], PlacementState.PLACED, "sub"),
                Placement(cards[1], PlacementState.PLACED, "top"),
                Placement(cards[2], PlacementState.UNSURE),
                Placement(cards[3], PlacementState.PLACED, "x"),
            ),
        ),
    )
    finish_participant(store, ann.id, duration_s=120)
    bob, _ = start_participant(store, study.id, "bob", card_order=cards[:3])
    save_sort(
        store,
        bob.id,
        Sort(
            (Group("g", "ZORG"),),
            (
                Placement(cards[0], PlacementState.PLACED, "g"),
                Placement(cards[1], PlacementState.UNSORTED),
            ),
        ),
    )
    nobody, _ = start_participant(store, study.id, "cas")  # started, placed nothing yet
    return study.id, cards, [ann.id, bob.id, nobody.id]


def test_states_subsets_and_subgroups(store: Store) -> None:
    _study(store)
    loaded = load_study_data(store, get_study(store, "s"), finished_only=False)
    data = loaded.data
    assert data.participants == ("ann", "bob") and loaded.skipped == ("cas",)
    assert data.assignments.tolist() == [[1, 0, -1, 2], [0, -1, -1, -1]]
    assert data.group_parents == ((-1, 0, -1), (-1,))
    assert data.top_assignments().tolist()[0] == [0, 0, -1, 2]
    assert data.unsure is not None and data.unsure.tolist()[0] == [False, False, True, False]
    assert data.shown is not None and data.shown.tolist() == [[True] * 4, [True, True, True, False]]
    assert data.durations is not None and data.durations[0] == 120 and math.isnan(data.durations[1])
    assert np.all(data.assignments[~data.shown] == -1)


def test_label_map_split_beats_merge(store: Store) -> None:
    study_id, _cards, (_ann, bob, _) = _study(store)
    merge_labels(store, study_id, ["zorg", "Leerlingen"], "Leerlingzorg")
    split_label(store, study_id, "zorg", {(bob, "g"): "Zorg bob"})
    loaded = load_study_data(store, get_study(store, "s"), finished_only=False)
    assert loaded.data.group_labels == (("Leerlingzorg", "Leerlingzorg", "Overig"), ("Zorg bob",))
    assert loaded.relabelled == 3


def test_exclusions_become_analysis_options(store: Store) -> None:
    study_id, _cards, (ann, bob, _) = _study(store)
    exclude_participant(store, study_id, ann, "test")
    exclude_rule(store, study_id, "too_fast")
    include_rule(store, study_id, "all_in_one")
    include_participant(store, study_id, bob, override=True)
    loaded = load_study_data(store, get_study(store, "s"), finished_only=False)
    options = loaded.options(n_resamples=5)
    assert options.exclude_participants == {"ann"}
    assert options.include_participants == {"bob"}
    assert options.exclude_flags == {"too_fast", "one_per_group"}
    assert options.n_resamples == 5


def test_sorts_still_in_progress_are_left_out_by_default_and_named(store: Store) -> None:
    _study(store)
    loaded = load_study_data(store, get_study(store, "s"))
    assert loaded.data.participants == ("ann",)
    assert loaded.unfinished == ("bob",) and loaded.skipped == ("cas",)
    everybody = load_study_data(store, get_study(store, "s"), finished_only=False)
    assert everybody.data.participants == ("ann", "bob") and everybody.unfinished == ()
