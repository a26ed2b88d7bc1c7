"""Participant quality flags and reversible exclusion."""

from __future__ import annotations

import pytest

from cardsort.analysis import AnalysisOptions, SortData, analyse, quality_flags

CARDS = ("a", "b", "c", "d")


def _team() -> SortData:
    return SortData.from_groups(
        card_keys=CARDS,
        sorts={
            "good": [("X", ["a", "b"]), ("Y", ["c", "d"])],
            "good2": [("X", ["a", "b"]), ("Y", ["c", "d"])],
            "good3": [("X", ["a", "b"]), ("Y", ["c", "d"])],
            "lump": [("All", list(CARDS))],
            "split": [(c.upper(), [c]) for c in CARDS],
            "chars": [("a", ["a"]), ("b", ["b"]), ("c", ["c", "d"])],
            "lazy": [("X", ["a"])],
        },
        durations={"good": 400, "good2": 380, "good3": 420, "lump": 30, "split": 390, "chars": 410},
    )


def test_flags_name_each_problem() -> None:
    flags = {q.participant: q.flags for q in quality_flags(_team())}
    assert flags["good"] == ()
    assert "all_in_one" in flags["lump"] and "too_fast" in flags["lump"]
    assert "one_per_group" in flags["split"]
    assert "single_character_labels" in flags["chars"]
    assert "mostly_unsorted" in flags["lazy"]


def test_default_exclusions_are_reversible_and_reported() -> None:
    options = AnalysisOptions(n_resamples=0)
    result = analyse(_team(), options=options)
    excluded = {p.name: p.quality.reasons for p in result.participants if p.quality.excluded}
    assert excluded == {"lump": ("all_in_one",), "split": ("one_per_group",)}
    assert result.sample_size == 5
    back = analyse(_team(), options=AnalysisOptions(n_resamples=0, include_participants={"lump"}))
    assert back.sample_size == 6
    manual = analyse(_team(), options=AnalysisOptions(n_resamples=0, exclude_participants={"good"}))
    assert [p.quality.reasons for p in manual.participants if p.name == "good"] == [("manual",)]


def test_unknown_names_and_total_exclusion_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="not in this study"):
        analyse(_team(), options=AnalysisOptions(exclude_participants={"nobody"}))
    everyone = frozenset({"good", "good2", "good3", "chars", "lazy"})
    with pytest.raises(ValueError, match="no participants left"):
        analyse(_team(), options=AnalysisOptions(exclude_participants=everyone))
    with pytest.raises(ValueError, match="unknown quality flag"):
        AnalysisOptions(exclude_flags=frozenset({"sloppy"}))


@pytest.mark.parametrize(
    ("stability", "larger_stability", "larger_ari"),
    [
        ([0.9, 0.95], [[0.9, 0.95]], [0.9]),  # enough
        ([0.9, 0.5], [[0.9, 0.9]], [0.9]),  # about N more
        ([0.9, 0.5], [[0.9, 0.6]], [0.5]),  # unlikely
    ],
)
def test_dutch_verdicts_never_call_a_folder_a_groep(
    stability: list[float], larger_stability: list[list[float]], larger_ari: list[float]
) -> None:
    """In a Dutch school "groep" is a year group (groep 5): a folder is a "map"."""
    import re

    from cardsort.analysis._verdict import make_verdict, small_sample_warning

    verdict = make_verdict(
        n_participants=10,
        group_names=["Zorg", "Vieringen"],
        group_stability=stability,
        expected_ari=0.9 if min(stability) > 0.8 else 0.5,
        larger_sizes=[20],
        larger_stability=larger_stability,
        larger_ari=larger_ari,
        stable_threshold=0.8,
        enough_ari=0.8,
    )
    warning = small_sample_warning(10, "open")
    assert warning is not None
    for text in (verdict.text["nl"], warning["nl"]):
        assert not re.search(r"\bgroep(en)?\b", text), text
    assert "map" in verdict.text["nl"] or "indeling" in verdict.text["nl"]


def test_unnamed_piles_are_not_single_character_labels() -> None:
    """A wide file of group ids has no names at all: nobody typed a one-character label."""
    cards = tuple("abcdef")
    data = SortData.from_groups(
        card_keys=cards,
        sorts={
            f"judge{j}": [("", ["a", "b"]), ("", ["c", "d"]), ("", ["e", "f"])] for j in range(4)
        },
    )
    assert all("single_character_labels" not in q.flags for q in quality_flags(data))
