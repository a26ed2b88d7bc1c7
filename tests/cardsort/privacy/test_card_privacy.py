"""Cards never show teachers a name: not the demo share's, not 200 planted ones; restricted
and auto-detected care cards show no file names at all."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.privacy.names import first_names, fold, tokens
from cardsort.privacy.sensitive import by_content, by_name
from cardsort.proposal import ProposalOptions, propose_cards
from cardsort.scan import scan_local
from drive_adapters.inventory import EntryKind, ScanEntry
from sessions.cards import NewCard
from sessions.inventory import iter_entries
from sessions.store import Store

PLANTABLE = sorted(n for n in first_names() if len(n) >= 3)


def names_on(card: NewCard) -> list[str]:
    """Words of the card's label and example names that are first names from the list.

    The rest of a description is the tool's own fixed text ("last changed June 2015").
    """
    names = first_names()
    examples = re.split(r"Bijvoorbeeld:|For example:", card.description)[1:]
    text = " ".join([card.label, *examples])
    return [w for w in tokens(text) if len(w) >= 3 and fold(w) in names]


def test_no_demo_card_carries_a_first_name(store: Store, demo_share: Path) -> None:
    snapshot = scan_local(store, demo_share)
    for lang in ("nl", "en"):
        cards = propose_cards(iter_entries(store, snapshot.id), ProposalOptions(lang=lang))
        assert [(c.label, names_on(c)) for c in cards if names_on(c)] == []
        hidden = [h for c in cards for h in c.privacy.hidden if h.reason == "first_name"]
        assert len(hidden) > 50  # the demo share is full of names: the check had work to do
        # Useful examples remain where they carry no name.
        with_examples = [c for c in cards if re.search("Bijvoorbeeld|For example", c.description)]
        assert len(with_examples) > 20


def planted_share(seed: int = 13, count: int = 200) -> tuple[list[ScanEntry], list[str]]:
    """A share whose file and folder names carry ``count`` first names from the list."""
    rng = random.Random(seed)
    names = rng.sample(sorted(n for n in first_names() if len(n) >= 3), count)
    templates = [
        "Gesprek ouders {n}.docx",
        "Rapport {n} Jansen.pdf",
        "{n}_toets_rekenen.xlsx",
        "groep 5 {n}.docx",
        "Leesdossier {n}.docx",
        "Overdracht {n} naar groep 6.docx",
        "{n} - tekening.jpg",
    ]
    entries = []
    folders = ["Groep 3", "Groep 5", "Groep 7", "Leerlingen", "Kleuters", "Oud"]
    for folder in folders:
        entries.append(ScanEntry(folder.encode(), EntryKind.DIR, 0, 1.6e9))
    for index, name in enumerate(names):
        shown = name.title() if index % 3 else name
        folder = folders[index % len(folders)]
        if index % 10 == 0:  # a pupil's own folder: the card label itself would carry a name
            folder = f"Map {shown}"
            entries.append(ScanEntry(folder.encode(), EntryKind.DIR, 0, 1.6e9))
        file_name = templates[index % len(templates)].format(n=shown)
        entries.append(ScanEntry(f"{folder}/{file_name}".encode(), EntryKind.FILE, 100, 1.6e9))
        entries.append(
            ScanEntry(f"{folder}/Werkblad {index}.pdf".encode(), EntryKind.FILE, 100, 1.6e9)
        )
    return entries, names


@pytest.mark.parametrize("target", [None, (5, 10), (30, 40)])
def test_no_card_of_a_share_with_200_planted_names_carries_one(
    target: tuple[int, int] | None,
) -> None:
    entries, planted = planted_share()
    cards = propose_cards(entries, ProposalOptions(target=target, examples=5))
    seen = " ".join(f"{c.label} {c.description}" for c in cards)
    words = {fold(w) for w in tokens(seen)}
    assert [n for n in planted if n in words] == []
    assert [(c.label, names_on(c)) for c in cards if names_on(c)] == []
    assert any("naam verborgen" in c.label for c in cards)  # "Map <name>" got a neutral label


@pytest.mark.parametrize(
    ("folder", "audience"),
    [
        ("Zorg", "care"),
        ("IB", "care"),
        ("OPP", "care"),
        ("Leerlingdossiers", "care"),
        ("Handelingsplannen", "care"),
        ("Groepsplannen", "care"),
        ("Verzuim", "care"),
        ("Personeel", "staff"),
        ("Stagiaires", "staff"),
        ("Beoordelingen", "staff"),
        ("Functioneringsgesprekken", "staff"),
        ("Directie", "management"),
        ("Pupil records", "care"),
        ("Staff appraisals", "staff"),
        ("Safeguarding", "care"),
    ],
)
def test_sensitive_folders_are_recognised_by_name(folder: str, audience: str) -> None:
    found = by_name(f"School/{folder}/2024".encode())
    assert found is not None and found.audience == audience


@pytest.mark.parametrize("folder", ["Groep 5", "Nieuwsbrieven", "MR", "Verzorging", "Ibis"])
def test_ordinary_folders_are_not_sensitive(folder: str) -> None:
    assert by_name(folder.encode()) is None


def test_a_folder_full_of_care_files_is_sensitive_whatever_its_name() -> None:
    found = by_content(["Handelingsplan Luuk.docx", "OPP Anna.pdf", "Rooster.pdf"])
    assert found is not None and found.audience == "care" and found.basis == "content"
    assert by_content(["Rooster.pdf", "Handelingsplan sjabloon.docx", "a.pdf", "b.pdf"]) is None


def test_restricted_and_detected_care_cards_show_no_file_names() -> None:
    tree = {
        "Zorg": -1,
        "Zorg/Overzicht 2024.docx": 10,
        "Leerlingdossiers": -1,
        "Leerlingdossiers/Toetsoverzicht.xlsx": 10,
        "Map Petra": -1,
        "Map Petra/Handelingsplan rekenen.docx": 10,
        "Map Petra/Handelingsplan lezen.docx": 10,
        "Map Petra/Jaarrooster.docx": 10,
        "Sport": -1,
        "Sport/Sportdag 2024.docx": 10,
    }
    entries = [
        ScanEntry(p.encode(), EntryKind.DIR if s < 0 else EntryKind.FILE, max(s, 0), 1.6e9)
        for p, s in sorted(tree.items())
    ]
    cards = {c.sources[0].decode(): c for c in propose_cards(entries, ProposalOptions())}
    for folder in ("Zorg", "Leerlingdossiers", "Map Petra"):
        card = cards[folder]
        assert card.restricted and card.audience == "care", folder
        assert "Bijvoorbeeld" not in card.description
        assert all(h.reason == "restricted" for h in card.privacy.hidden if h.kind == "example")
    assert cards["Map Petra"].privacy.basis == "content"
    assert "Bijvoorbeeld: Sportdag 2024.docx" in cards["Sport"].description


@settings(max_examples=25, deadline=None)
@given(
    picks=st.lists(st.sampled_from(PLANTABLE), min_size=1, max_size=30, unique=True),
    layout=st.lists(st.integers(0, 5), min_size=30, max_size=30),
    style=st.sampled_from([str.title, str.lower, str.upper]),
)
def test_planted_names_never_reach_a_card_whatever_the_share(
    picks: list[str], layout: list[int], style: Any
) -> None:
    folders = ["Groep 1", "Groep 2/Leerlingen", "Ouders", "Map", "Overdracht", ""]
    templates = ["Verslag {n}.docx", "{n}.pdf", "{n}_rapport.docx", "Map {n}", "groep 3 {n}.docx"]
    entries = []
    for index, name in enumerate(picks):
        folder = folders[layout[index]]
        item = templates[index % len(templates)].format(n=style(name))
        path = f"{folder}/{item}" if folder else item
        entries.append(ScanEntry(path.encode(), EntryKind.FILE, 10, 1.6e9))
        entries.append(
            ScanEntry(f"{folder or 'Los'}/Werkblad {index}.pdf".encode(), EntryKind.FILE, 10, 1.6e9)
        )
    cards = propose_cards(entries, ProposalOptions(examples=5))
    seen = {fold(w) for c in cards for w in tokens(f"{c.label} {c.description}")}
    assert [n for n in picks if fold(n) in seen] == []
