"""Card names cut to fit a pile never make two cards look the same."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cardsort.tui.shorten import fit, short_labels


def test_two_copies_keep_what_tells_them_apart() -> None:
    names = ["Kopie van Jaarplanning 2023-2024", "Kopie van Jaarplanning 2024-2025", "Oud"]
    shown = short_labels(names, 20)
    assert shown[2] == "Oud"
    assert shown[0] != shown[1]
    assert shown[0].startswith("Kopie van") and shown[0].endswith("4")
    assert all(cell_len(s) <= 20 for s in shown)


def test_a_name_that_fits_is_left_alone_and_a_long_one_gets_an_ellipsis() -> None:
    assert fit("Roosters", 10) == "Roosters"
    assert fit("Groepen en klassen", 10) == "Groepen e…"


def test_the_same_name_twice_is_numbered() -> None:
    assert short_labels(["Nieuwe map", "Nieuwe map", "Kerst"], 20) == [
        "Nieuwe map",
        "Nieuwe map(2)",
        "Kerst",
    ]


def test_names_differing_only_in_the_middle_stay_distinct() -> None:
    names = ["Verslag A groep 5 definitief", "Verslag B groep 5 definitief"]
    shown = short_labels(names, 12)
    assert len(set(shown)) == 2 and all(cell_len(s) <= 12 for s in shown)


# Generation speed depends on the machine's load, never on the code: no time-based checks.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.text(alphabet=st.sampled_from("aab Kop2-0é漢"), min_size=1, max_size=30),
        min_size=1,
        max_size=20,
    ),
    st.integers(min_value=8, max_value=40),
)
def test_shortened_names_fit_and_stay_distinct(names: list[str], width: int) -> None:
    shown = short_labels(names, width)
    assert all(cell_len(s) <= width for s in shown)
    assert len(set(shown)) == len(shown)  # even where the same name appears twice
