"""The JSON exchange format: offline hand-ins, fingerprints and duplicate recognition."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.cards import NewCard
from sessions.formats import FormatError, OnConflict, import_file, jsonfmt, sort_fingerprint
from sessions.formats.parsed import ParsedGroup, ParsedPlacement, ParsedSort
from sessions.models import Group, Placement, PlacementState, Sort
from sessions.store import Store
from sessions.studies import (
    create_study,
    finish_participant,
    participants_of,
    save_sort,
    start_participant,
)
from tests.sessions.formats.helpers import partitions, store_contents


def _study_with_sort(store: Store) -> int:
    study = create_study(
        store, "demo", [NewCard("Rapporten"), NewCard("Notulen MR"), NewCard("Kerst")]
    )
    person, _ = start_participant(store, study.id, "Juf Anne")
    cards = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY position")]
    save_sort(
        store,
        person.id,
        Sort(
            (Group("g1", "Zorg"), Group("g2", "Leerlingen", parent_key="g1")),
            (
                Placement(cards[0], PlacementState.PLACED, "g2"),
                Placement(cards[1], PlacementState.UNSURE),
                Placement(cards[2], PlacementState.PLACED, "g1"),
            ),
        ),
    )
    finish_participant(store, person.id, duration_s=312.5)
    return person.id


def test_offline_hand_in_imports_once(store: Store, tmp_path: Path) -> None:
    laptop = Store.open(tmp_path / "laptop.sqlite")
    person = _study_with_sort(laptop)
    hand_in = tmp_path / "anne.json"
    jsonfmt.write(hand_in, jsonfmt.dump_participant(laptop, person))
    laptop.close()
    data = json.loads(hand_in.read_text(encoding="utf-8"))
    assert hand_in.stat().st_mode & 0o777 == 0o600  # private: it names a teacher (AVG)
    assert [p["name"] for p in data["participants"]] == ["Juf Anne"]
    assert data["participants"][0]["fingerprint"].startswith("sha256:")

    first = import_file(store, "demo", hand_in)
    assert first.created_study and first.added == ["Juf Anne"]
    snapshot = store_contents(store)
    second = import_file(store, "demo", hand_in)
    assert second.duplicates == ["Juf Anne"] and not second.added
    assert store_contents(store) == snapshot  # not counted twice
    (row,) = store.conn.execute("SELECT duration_s, source FROM participants").fetchall()
    assert tuple(row) == (312.5, "import:json")
    assert partitions(store, "demo") == {
        "Juf Anne": frozenset(
            {("Zorg", frozenset({"Kerst"})), ("Leerlingen", frozenset({"Rapporten"}))}
        )
    }


def test_changed_hand_in_replaces_only_when_asked(store: Store, tmp_path: Path) -> None:
    person = _study_with_sort(store)
    data = jsonfmt.dump_participant(store, person)
    data["participants"][0]["groups"][0]["label"] = "Leerlingzorg"
    path = tmp_path / "anne.json"
    jsonfmt.write(path, data)
    with pytest.raises(FormatError, match="already has a different sort"):
        import_file(store, "demo", path)
    result = import_file(store, "demo", path, on_conflict=OnConflict.REPLACE)
    assert result.replaced == ["Juf Anne"]
    assert [p.name for p in participants_of(store, 1)] == ["Juf Anne"]
    labels = {label for label, _ in partitions(store, "demo")["Juf Anne"]}
    assert labels == {"Leerlingzorg", "Leerlingen"}
    assert import_file(store, "demo", path).duplicates == ["Juf Anne"]


def test_app_made_sort_is_recognised_without_a_stored_fingerprint(
    store: Store, tmp_path: Path
) -> None:
    person = _study_with_sort(store)
    assert store.conn.execute("SELECT fingerprint FROM participants").fetchone()[0] is None
    path = tmp_path / "export.json"
    jsonfmt.write(path, jsonfmt.dump_study(store, "demo"))
    assert import_file(store, "demo", path).duplicates == ["Juf Anne"]
    assert person == 1


def test_renamed_card_still_matches_by_key_in_our_json(store: Store, tmp_path: Path) -> None:
    person = _study_with_sort(store)
    data = jsonfmt.dump_participant(store, person)
    data["cards"][0]["label"] = "Rapporten 2019"  # renamed in the study after the hand-out
    data["participants"][0]["name"] = "Meester Bas"
    path = tmp_path / "bas.json"
    jsonfmt.write(path, data)
    result = import_file(store, "demo", path)
    assert result.added == ["Meester Bas"]
    assert any("matched the study's card c1" in note for note in result.notes)


def _sort(groups: list[tuple[str, str, list[str]]], unsure: list[str]) -> ParsedSort:
    return ParsedSort(
        "x",
        tuple(ParsedGroup(key, label) for key, label, _ in groups),
        tuple(
            [
                ParsedPlacement(card, PlacementState.PLACED, key)
                for key, _, cards in groups
                for card in cards
            ]
            + [ParsedPlacement(card, PlacementState.UNSURE) for card in unsure]
        ),
    )


@settings(max_examples=50, deadline=None)
@given(st.randoms(use_true_random=False))
def test_fingerprint_ignores_group_keys_and_order(rng: random.Random) -> None:
    groups = [("g1", "Zorg", ["a", "b"]), ("g2", "Directie", ["c"]), ("g3", "", ["d", "e"])]
    base = sort_fingerprint(_sort(groups, ["f"]))
    shuffled = [
        (f"k{n}-{rng.randint(0, 99)}", label, rng.sample(cards, len(cards)))
        for n, (_, label, cards) in enumerate(groups)
    ]
    rng.shuffle(shuffled)
    assert sort_fingerprint(_sort(shuffled, ["f"])) == base
    moved = [("g1", "Zorg", ["a"]), ("g2", "Directie", ["c", "b"]), ("g3", "", ["d", "e"])]
    assert sort_fingerprint(_sort(moved, ["f"])) != base
    renamed = [("g1", "Leerlingzorg", ["a", "b"]), *groups[1:]]
    assert sort_fingerprint(_sort(renamed, ["f"])) != base
    assert sort_fingerprint(_sort(groups, [])) != base


def test_a_sort_changed_in_the_app_since_import_is_not_mistaken_for_a_duplicate(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "team.csv"
    path.write_text(
        "card_id,card_label,category_id,category_label,user_id\n"
        "1,Rapporten,1,Zorg,ann\n2,Kerst,2,Feest,ann\n",
        encoding="utf-8",
    )
    import_file(store, "s", path)
    assert import_file(store, "s", path).duplicates == ["ann"]
    (person,) = participants_of(store, 1)
    cards = [r[0] for r in store.conn.execute("SELECT id FROM cards ORDER BY position")]
    save_sort(  # ann moves Kerst into Zorg in the app
        store,
        person.id,
        Sort(
            (Group("1", "Zorg"),),
            (
                Placement(cards[0], PlacementState.PLACED, "1"),
                Placement(cards[1], PlacementState.PLACED, "1"),
            ),
        ),
    )
    with pytest.raises(FormatError, match="already has a different sort"):
        import_file(store, "s", path)
