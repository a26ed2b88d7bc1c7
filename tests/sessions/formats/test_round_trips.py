"""Export → import gives back the same sorts, for every format (hypothesis-generated studies)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from sessions.formats import (
    ParsedCard,
    ParsedGroup,
    ParsedPlacement,
    ParsedSort,
    ParsedStudy,
    apply_import,
    dump_text,
    export_study,
    parse_text,
    read_study,
)
from sessions.formats.parsed import ImportReport
from sessions.models import PlacementState
from sessions.store import Store
from sessions.studies import get_study
from tests.sessions.formats.helpers import partitions, states

# Labels with the characters spreadsheets and teachers actually use: accents, spaces, commas,
# quotes, semicolons inside labels, Dutch apostrophes.
LABEL_CHARS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéëïöüÉ ,'\"-&/()0123456789;"))
label = (
    st.text(LABEL_CHARS, min_size=1, max_size=16)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and any(ch.isalpha() for ch in s))
)
name = (
    st.text(
        st.sampled_from(list("abcdefghijklmnopqrstuvwxyzÅéö 0123456789-")), min_size=1, max_size=10
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@st.composite
def studies(draw: st.DrawFn, *, subgroups: bool, unsure: bool) -> ParsedStudy:
    """A random valid study: unique card labels, 1-5 participants with groups and placements."""
    card_labels = draw(st.lists(label, min_size=1, max_size=8, unique_by=str.casefold))
    cards = tuple(ParsedCard(f"k{i}", text) for i, text in enumerate(card_labels, start=1))
    participants = draw(st.lists(name, min_size=1, max_size=5, unique=True))
    sorts = []
    for person in participants:
        n_groups = draw(st.integers(1, 4))
        groups = [
            ParsedGroup(f"g{g}", draw(st.one_of(st.just(""), label))) for g in range(n_groups)
        ]
        if subgroups and n_groups > 1 and draw(st.booleans()):
            groups[-1] = ParsedGroup(groups[-1].key, groups[-1].label, parent_key="g0")
        placements = []
        for position, card in enumerate(cards):
            choice = draw(st.integers(-3 if unsure else -2, n_groups - 1))
            if choice >= 0:
                placements.append(
                    ParsedPlacement(card.key, PlacementState.PLACED, f"g{choice}", position)
                )
            elif choice == -1:
                placements.append(
                    ParsedPlacement(card.key, PlacementState.UNSORTED, None, position)
                )
            elif choice == -3:
                placements.append(ParsedPlacement(card.key, PlacementState.UNSURE, None, position))
            # -2: the card was not shown to this participant
        duration = draw(st.one_of(st.none(), st.integers(1, 5000).map(float)))
        sorts.append(ParsedSort(person, tuple(groups), tuple(placements), duration_s=duration))
    return ParsedStudy(cards, tuple(sorts), ImportReport("generated", "hypothesis"))


def _round_trip(original: ParsedStudy, fmt: str) -> tuple[Store, Path]:
    if fmt in ("casolysis", "optimalsort"):  # a long file with no placed card is empty
        assume(any(p.group_key for s in original.sorts for p in s.placements))
    folder = Path(tempfile.mkdtemp(prefix="cardsort-rt-"))
    store = Store.open(folder / "w.sqlite")
    apply_import(store, original, "original")
    text, _warnings = export_study(store, "original", fmt)
    parsed, detected = parse_text(text, f"export.{fmt}")
    assert detected == fmt  # auto-detection recognises our own exports
    apply_import(store, parsed, "copy")
    return store, folder


SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(studies(subgroups=True, unsure=True))
def test_json_round_trip_keeps_everything(original: ParsedStudy) -> None:
    store, folder = _round_trip(original, "json")
    try:
        a = read_study(store, get_study(store, "original"))
        b = read_study(store, get_study(store, "copy"))
        assert a.cards == b.cards
        assert a.sorts == b.sorts  # groups, subgroups, states, positions, durations
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


@SETTINGS
@given(studies(subgroups=False, unsure=False))
def test_casolysis_round_trip_keeps_groups_and_labels(original: ParsedStudy) -> None:
    store, folder = _round_trip(original, "casolysis")
    try:
        before = {p: g for p, g in partitions(store, "original").items() if g}
        assert partitions(store, "copy") == before
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


@SETTINGS
@given(studies(subgroups=False, unsure=False))
def test_optimalsort_round_trip_keeps_groups_labels_and_time(original: ParsedStudy) -> None:
    store, folder = _round_trip(original, "optimalsort")
    try:
        before = {p: g for p, g in partitions(store, "original").items() if g}
        assert partitions(store, "copy") == before
        durations = {
            s.participant: s.duration_s for s in read_study(store, get_study(store, "copy")).sorts
        }
        for sort in original.sorts:
            if sort.participant in durations:
                assert durations[sort.participant] == sort.duration_s
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


@SETTINGS
@given(studies(subgroups=False, unsure=False))
def test_wide_round_trip_keeps_groups_and_unsorted_cards(original: ParsedStudy) -> None:
    store, folder = _round_trip(original, "wide")
    try:
        assert partitions(store, "copy", labels=False) == partitions(
            store, "original", labels=False
        )
        # not shown and unsorted both come back as unsorted (a blank cell)
        labels = {c.key: c.label for c in original.cards}
        for person, loose in states(store, "copy").items():
            placed = {
                labels[p.card_key]
                for s in original.sorts
                if s.participant == person
                for p in s.placements
                if p.group_key is not None
            }
            assert set(loose) == {labels[k] for k in labels} - placed
            assert set(loose.values()) <= {"unsorted"}
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)


def test_wide_keeps_labels_unless_two_groups_share_one() -> None:
    cards = (ParsedCard("a", "A"), ParsedCard("b", "B"), ParsedCard("c", "C"))
    sort = ParsedSort(
        "ann",
        (ParsedGroup("1", "Zorg"), ParsedGroup("2", "Overig"), ParsedGroup("3", "Overig")),
        (
            ParsedPlacement("a", PlacementState.PLACED, "1"),
            ParsedPlacement("b", PlacementState.PLACED, "2"),
            ParsedPlacement("c", PlacementState.PLACED, "3"),
        ),
    )
    text, warnings = dump_text(ParsedStudy(cards, (sort,), ImportReport("x", "y")), "wide")
    assert text.splitlines() == ["item,ann", "A,Zorg", "B,2", "C,3"]  # keys kept as ids
    assert "2 group label(s) are written as group ids" in warnings[0]
