"""The label map, exclusions and consensus versions kept in the store."""

from __future__ import annotations

import pytest

from sessions.analysis_store import (
    current_tree,
    exclude_participant,
    exclude_rule,
    exclusion_history,
    exclusion_state,
    export_label_map,
    import_label_map,
    include_participant,
    include_rule,
    label_map,
    merge_labels,
    rename_label,
    set_current,
    split_label,
    store_analysis_tree,
    store_edited_tree,
    tree_history,
)
from sessions.cards import NewCard
from sessions.store import Store, StoreError
from sessions.studies import create_study, start_participant


@pytest.fixture
def study_id(store: Store) -> int:
    study = create_study(store, "s", [NewCard("A"), NewCard("B")])
    for name in ("ann", "bob"):
        start_participant(store, study.id, name)
    return study.id


def test_merge_then_rename_then_merge_again(store: Store, study_id: int) -> None:
    merge_labels(store, study_id, ["Zorg ", "ZORG!", "leerling-zorg"], "Leerlingzorg")
    assert {(e.raw, e.standard) for e in label_map(store, study_id)} == {
        ("zorg", "Leerlingzorg"),
        ("leerling zorg", "Leerlingzorg"),
    }
    rename_label(store, study_id, "leerlingzorg", "Zorg en begeleiding")
    assert {e.standard for e in label_map(store, study_id)} == {"Zorg en begeleiding"}
    # merging the standard into another carries every raw label along
    merge_labels(store, study_id, ["Zorg en begeleiding", "IB"], "Begeleiding")
    assert {e.standard for e in label_map(store, study_id)} == {"Begeleiding"}
    assert {e.raw for e in label_map(store, study_id)} >= {"zorg", "leerling zorg", "ib"}


def test_split_is_scoped_and_csv_round_trips(store: Store, study_id: int) -> None:
    merge_labels(store, study_id, ["Overig"], "Diversen")
    split_label(store, study_id, "Overig", {(1, "g2"): "Archief"})
    text = export_label_map(store, study_id)
    assert text.splitlines() == [
        "raw,standard,action,participant,group",
        "overig,Diversen,merge,,",
        "overig,Archief,split,ann,g2",
    ]
    import_label_map(store, study_id, text.replace("Archief", "Oud archief"), "map.csv")
    assert [e.standard for e in label_map(store, study_id)] == ["Diversen", "Oud archief"]


def test_bad_label_map_csv_changes_nothing(store: Store, study_id: int) -> None:
    merge_labels(store, study_id, ["a"], "A")
    before = label_map(store, study_id)
    bad = "raw,standard,action,participant,group\nx,X,merge,,\ny,,merge,,\nz,Z,explode,nobody,\n"
    with pytest.raises(StoreError) as caught:
        import_label_map(store, study_id, bad, "map.csv")
    message = str(caught.value)
    assert "map.csv:3: raw and standard must both be filled in" in message
    assert "map.csv:4: unknown action 'explode'" in message
    assert "map.csv:4: no participant 'nobody'" in message
    assert label_map(store, study_id) == before


def test_exclusions_are_reversible_and_keep_history(store: Store, study_id: int) -> None:
    exclude_participant(store, study_id, 1, "lumped everything together")
    exclude_rule(store, study_id, "too_fast", "team agreed")
    state = exclusion_state(store, study_id)
    assert (state.excluded, state.rules) == ({1}, {"too_fast"})
    include_participant(store, study_id, 1)
    include_rule(store, study_id, "too_fast")
    state = exclusion_state(store, study_id)
    assert (state.excluded, state.rules, state.rules_off) == (set(), set(), {"too_fast"})
    history = exclusion_history(store, study_id)
    assert [(e.participant_name, e.rule, e.mode, e.active) for e in history] == [
        ("ann", None, "exclude", False),
        (None, "too_fast", "exclude", False),
        (None, "too_fast", "include", True),
    ]
    with pytest.raises(StoreError, match="not excluded by hand"):
        include_participant(store, study_id, 2)
    include_participant(store, study_id, 2, "flagged but fine", override=True)
    assert exclusion_state(store, study_id).included == {2}


TREE_A = {"groups": [{"label": "Zorg", "card_keys": ["c1"], "cards": ["A"]}], "unassigned": []}
TREE_B = {"groups": [{"label": "Zorg", "card_keys": ["c1", "c2"], "cards": ["A", "B"]}]}


def test_analysis_never_replaces_an_edited_tree(store: Store, study_id: int) -> None:
    v1, current = store_analysis_tree(store, study_id, TREE_A, {"method": "average"})
    assert (v1.version, current) == (1, True)
    v2, current = store_analysis_tree(store, study_id, TREE_B, {"method": "ward"})
    assert (v2.version, current) == (2, True)  # unedited trees are simply superseded
    edited = store_edited_tree(store, study_id, TREE_A, based_on=2, note="moved B out")
    assert (edited.version, edited.edited, edited.parameters) == (3, True, {"method": "ward"})
    v4, current = store_analysis_tree(store, study_id, TREE_B, {"method": "average"})
    assert (v4.version, current) == (4, False)
    now = current_tree(store, study_id)
    assert now is not None and (now.version, now.tree) == (3, TREE_A)
    with pytest.raises(StoreError, match="changed meanwhile"):
        store_edited_tree(store, study_id, TREE_B, based_on=2, note="stale edit")
    v5, current = store_analysis_tree(store, study_id, TREE_B, {}, make_current=True)
    assert current and current_tree(store, study_id).version == 5  # type: ignore[union-attr]
    set_current(store, study_id, 3)
    assert [v.version for v in tree_history(store, study_id) if v.current] == [3]
    assert [v.edited for v in tree_history(store, study_id)] == [False, False, True, False, False]
    assert v5.version == 5


def test_an_unchanged_analysis_adds_no_version(store: Store, study_id: int) -> None:
    first, _ = store_analysis_tree(store, study_id, TREE_A, {"method": "average"})
    again, current = store_analysis_tree(store, study_id, dict(TREE_A), {"method": "average"})
    assert (again.version, current) == (first.version, True)
    other, _ = store_analysis_tree(store, study_id, TREE_A, {"method": "ward"})
    assert other.version == first.version + 1  # other parameters: a new version
