"""Label normalisation, merge suggestions, the standardisation map and Spencer agreement."""

from __future__ import annotations

import pytest

from cardsort.analysis import (
    SortData,
    StandardisationMap,
    normalise_label,
    spencer_agreement,
    standardise,
    suggest_label_merges,
)


def test_normalisation_folds_case_accents_punctuation_and_spaces() -> None:
    assert normalise_label("  Créatieve   Vakken! ") == "creatieve vakken"
    assert normalise_label("Reken-werk") == normalise_label("reken werk")
    assert normalise_label("???") == ""


def test_suggestions_group_near_identical_labels_only() -> None:
    labels = ["About", "About Aldo's", "About Aldo's Coffee", "Contact", "Shop", "shop"]
    suggested = [s.labels for s in suggest_label_merges(labels, threshold=85)]
    assert any({"about", "about aldo s"} <= set(s) for s in suggested)
    assert not any("contact" in s for s in suggested)
    assert not any(s == ("shop",) for s in suggested)  # case never needs a suggestion


def test_suggestions_report_card_overlap() -> None:
    cards = {"rekenen": frozenset({"a", "b"}), "rekenen groep 3": frozenset({"b", "c"})}
    [s] = suggest_label_merges(["Rekenen", "Rekenen groep 3"], cards=cards)
    assert s.card_overlap == pytest.approx(1 / 3)


def test_spencer_agreement_reproduces_the_worked_examples() -> None:
    assert spencer_agreement(97, 12, 16) == pytest.approx(0.505, abs=1e-3)
    assert spencer_agreement(10, 2, 5) == 1.0


def test_spencer_agreement_of_a_standardised_category() -> None:
    # "Accessibility": 5 participants, 10 placements of the same 2 cards -> 1.0
    sorts = {
        f"p{i}": [(label, ["a", "b"]), ("Other", ["c"])]
        for i, label in enumerate(["Accessibility", "accessibility", "Access", "ACCESS!", "Acc."])
    }
    data = SortData.from_groups(card_keys=("a", "b", "c"), sorts=sorts)
    smap = StandardisationMap().merge(["access", "acc"], into="Accessibility")
    std = standardise(data, smap)
    cat = next(c for c in std.categories if c.name == "Accessibility")
    assert (cat.participants, cat.placements, cat.unique_cards) == (5, 10, 2)
    assert cat.agreement == 1.0
    # one participant put card c there as well: 11 / (3 x 5)
    sorts["p0"] = [("Accessibility", ["a", "b", "c"])]
    data = SortData.from_groups(card_keys=("a", "b", "c"), sorts=sorts)
    cat = next(c for c in standardise(data, smap).categories if c.name == "Accessibility")
    assert cat.agreement == pytest.approx(11 / 15)


def test_map_merge_rename_split_and_rows_are_pure() -> None:
    base = StandardisationMap()
    merged = base.merge(["Rekenen", "rekenen groep 3"], into="Rekenen")
    assert base.labels == {}
    assert merged.standard_for("REKENEN GROEP 3") == "Rekenen"
    renamed = merged.rename("Rekenen", "Wiskunde")
    assert renamed.standard_for("rekenen") == "Wiskunde"
    split = renamed.split(["Rekenen groep 3"])
    assert split.standard_for("rekenen groep 3") == ""
    assert StandardisationMap.from_rows(renamed.to_rows()) == renamed
    with pytest.raises(ValueError):
        base.merge([""], into="x")
    with pytest.raises(ValueError):
        StandardisationMap.from_rows([("only one",)])


def test_group_override_splits_one_teachers_pile_off() -> None:
    data = SortData.from_groups(
        card_keys=("a", "b"),
        sorts={"ann": [("Overig", ["a"])], "bob": [("Overig", ["b"])]},
    )
    smap = StandardisationMap().assign_group("bob", 0, "Archief")
    names = {c.name: c.card_keys for c in standardise(data, smap).categories}
    assert names == {"Overig": ("a",), "Archief": ("b",)}


def test_closed_sort_labels_are_the_predefined_categories() -> None:
    data = SortData.from_groups(
        card_keys=("a", "b"),
        kind="closed",
        categories=("Rekenen", "Taal"),
        sorts={"p": [("rekenen", ["a"]), ("TAAL ", ["b"])]},
    )
    assert [c.name for c in standardise(data).categories] == ["Rekenen", "Taal"]


def test_folder_names_are_written_the_way_most_people_wrote_them_and_safe_everywhere() -> None:
    from cardsort.analysis import AnalysisOptions, SortData, analyse

    cards = ("a", "b", "c", "d")
    spellings = ["communicatie", "communicatie", "communicatie", "Communicatie", "Communicatie!"]
    spellings += ["Communicatie."]
    sorts = {
        f"t{i}": [(label, ["a", "b"]), ("IB / zorg", ["c", "d"])]
        for i, label in enumerate(spellings)
    }
    result = analyse(
        SortData.from_groups(card_keys=cards, sorts=sorts), options=AnalysisOptions(n_resamples=0)
    )
    names = sorted(node.label for node in result.consensus.groups)
    assert names == ["Communicatie", "IB - zorg"]
