"""Personal-name detection: names in file names are found, ordinary school words are not."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.privacy.names import NameReason, first_names, personal_name

NAMES = sorted(n for n in first_names() if len(n) >= 3)


@pytest.mark.parametrize(
    ("file_name", "reason"),
    [
        ("Gesprek ouders Luuk.docx", NameReason.FIRST_NAME),
        ("Leesdossier Anna Bos.docx", NameReason.FIRST_NAME),
        ("Beoordeling Anja.docx", NameReason.FIRST_NAME),
        ("handelingsplan_mohammed.pdf", NameReason.FIRST_NAME),
        ("Overdracht Yasmine E.docx", NameReason.FIRST_NAME),
        ("groep 5 Xylo.docx", NameReason.GROUP_PUPIL),
        ("Verslag J. Brakelmanns.docx", NameReason.INITIALS),
        ("verslag JdV.pdf", NameReason.INITIALS),
        ("Brief fam. de Kwakkelstein.docx", NameReason.TITLE),
        ("mevr. van den Oeverhuis verslag.docx", NameReason.TITLE),
        ("ouder@example.org.txt", NameReason.EMAIL),
        ("Rapport Jansen.pdf", NameReason.SURNAME),
        ("Verslag familie de Vries.docx", NameReason.SURNAME),
        ("dijkstra_toets.xlsx", NameReason.SURNAME),
    ],
)
def test_likely_personal_names_are_found_with_their_reason(
    file_name: str, reason: NameReason
) -> None:
    hit = personal_name(file_name)
    assert hit is not None and hit.reason is reason


@pytest.mark.parametrize(
    "file_name",
    [
        "Notulen MR maart 2024.docx",
        "groep 5 Rekenen.docx",
        "Rooster groep 3.pdf",
        "Handleiding ParnasSys.pdf",
        "Verslag van de Vergadering.docx",
        "Jaarplanning 2024-2025.xlsx",
        "Werkblad les 4.pdf",
        "Nieuwsbrief april.docx",
        "Plan van Aanpak.docx",
        "IMG_2031.JPG",
        "Toets blok 3 A.pdf",
        "Bos en natuur.docx",
        "Notulen van de MR.docx",
    ],
)
def test_ordinary_school_file_names_stay_visible(file_name: str) -> None:
    assert personal_name(file_name) is None


def test_the_list_holds_dutch_and_international_first_names() -> None:
    names = first_names()
    assert len(names) > 10_000
    for name in ("daan", "sem", "luuk", "fenna", "mohammed", "fatima", "yusuf", "zeynep", "olivia"):
        assert name in names, name
    for word in ("les", "versie", "van", "april", "winter"):
        assert word not in names, word


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(NAMES),
    template=st.sampled_from(
        [
            "Gesprek ouders {n}.docx",
            "{n}.pdf",
            "Rapport {n} groep 5.pdf",
            "OPP_{n}_2024.docx",
            "verslag-{n}-MDO.docx",
            "{n} leesdossier.docx",
        ]
    ),
    style=st.sampled_from([str.title, str.lower, str.upper]),
)
def test_any_listed_name_in_any_position_is_found(name: str, template: str, style: object) -> None:
    shown = style(name)  # type: ignore[operator]
    assert personal_name(template.format(n=shown)) is not None


def test_every_listed_name_is_found_in_a_file_name() -> None:
    """All of the list, not a sample: a double name such as Horst-Dieter is found too.

    A few entries of the source list are phrases or abbreviations ("h.-dieter", "bahiy udeen");
    those are found by their words where a word is a name of its own, and are left out here.
    """
    words = [n for n in NAMES if re.fullmatch(r"[^\W\d_]+(?:-[^\W\d_]+)*", n)]
    assert len(words) > 0.99 * len(NAMES)
    missed = [n for n in words if personal_name(f"Gesprek ouders {n.title()}.docx") is None]
    assert missed == []
