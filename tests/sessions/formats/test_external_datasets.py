"""The importers read the public datasets in ../shared/data/external exactly."""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

from sessions.formats import apply_import, export_study, read_file
from sessions.store import Store
from tests.sessions.formats.helpers import partitions


def test_spice_keeps_look_alike_card_names_distinct(external_data: Path, store: Store) -> None:
    parsed, fmt = read_file(external_data / "distatisr-sorting-spice.csv")
    assert fmt == "wide"
    labels = [c.label for c in parsed.cards]
    assert len(labels) == 16 and len(parsed.sorts) == 21
    assert "Chi _Tum" in labels and "Chi_Tum_Cor" in labels
    assert labels.index("Chi _Tum") != labels.index("Chi_Tum_Cor")
    apply_import(store, parsed, "spice")
    groups = partitions(store, "spice")
    assert set(groups) == {f"Judge.{n}" for n in range(1, 22)}
    # Judge.1 put the three chilli-like spices in its group 5 (rows 2-4 of the file).
    judge1 = {cards for _, cards in groups["Judge.1"]}
    assert any({"Chi_Tum_Cor", "Chilli", "Chi _Tum"} <= cards for cards in judge1)
    # Judge.8 split them: group 2 for Chi_Tum_Cor and Chilli, group 4 for Chi _Tum.
    judge8 = {cards for _, cards in groups["Judge.8"]}
    assert not any({"Chi_Tum_Cor", "Chi _Tum"} <= cards for cards in judge8)
    assert all(sum(len(c) for c in g) == 16 for g in (judge1, judge8))


def test_perfume_equal_word_lists_are_one_group(external_data: Path, store: Store) -> None:
    parsed, _ = read_file(external_data / "sensominer-perfume.csv")
    assert len(parsed.cards) == 12 and len(parsed.sorts) == 30
    apply_import(store, parsed, "perfume")
    groups = partitions(store, "perfume")
    j1 = dict((label, cards) for label, cards in groups["J.1"] if label)
    assert j1["exotic;sweet;pleasant"] == {"Angel", "Lolita Lempicka"}
    assert j1["soap;clean"] == {"Chanel5", "Coco Mademoiselle", "JadoreEP", "JadoreET"}
    assert len(groups["J.1"]) == 5  # four word groups and the id group G3
    unnamed = [cards for label, cards in groups["J.1"] if not label]
    assert unnamed == [frozenset({"Linstant", "Pleasures"})]
    # J.10 uses ids only: four groups, no labels.
    assert len(groups["J.10"]) == 4 and all(label == "" for label, _ in groups["J.10"])
    # J.12: six perfumes share the word list flowery;soft.
    j12 = dict(groups["J.12"])
    assert len(j12["flowery;soft"]) == 6


def test_wide_files_round_trip_byte_for_byte(external_data: Path, store: Store) -> None:
    for name in ("distatisr-sorting-spice.csv", "sensominer-perfume.csv"):
        path = external_data / name
        parsed, _ = read_file(path)
        apply_import(store, parsed, name)
        text, warnings = export_study(store, name, "wide")
        assert text == path.read_text(encoding="utf-8").replace("\r\n", "\n")
        assert warnings == []


def test_katoss_category_identity_is_its_id(external_data: Path, store: Store) -> None:
    folder = external_data / "katoss-cardsort"
    parsed, fmt = read_file(folder / "test-data.csv")
    assert fmt == "casolysis"
    expected = json.loads((folder / "expected-separations.json").read_text())
    assert [c.label for c in parsed.cards] == expected["cards_in_card_id_order"]
    apply_import(store, parsed, "katoss")
    groups = partitions(store, "katoss")
    assert len(groups) == expected["participants"]
    # user 3 and user 4 both have a pile called "Snacks"; they stay two separate groups.
    assert sum(1 for label, _ in groups["3"] if label == "Snacks") == 1
    assert sum(1 for label, _ in groups["4"] if label == "Snacks") == 1
    group_of = {
        user: {card: label_cards for label_cards in parts for card in label_cards[1]}
        for user, parts in groups.items()
    }
    separated = [
        sum(1 for user in group_of if group_of[user][a] != group_of[user][b])
        for a, b in combinations(expected["cards_in_card_id_order"], 2)
    ]
    assert separated == expected["separated_counts_condensed"]
