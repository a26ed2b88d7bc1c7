"""Proposed tasks use real, typical file names, never restricted cards nor personal names."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.treetest import TestTree, propose_tasks
from tests.cardsort.treetest.conftest import FOLDERS, consensus


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    restricted: bool = False


CARDS = [Card(k, label, restricted=(k == "c9")) for _, items in FOLDERS for k, label in items]


def test_typical_file_names_become_tasks_spread_over_the_folders(tree: TestTree) -> None:
    files = {
        "c1": ["Rooster 2023-2024.xlsx", "Rooster 2024-2025.xlsx", "pauze.docx"],
        "c4": ["Draaiboek sinterklaas 2024.docx", "Draaiboek sinterklaas 2025.docx"],
        "c7": ["Groepsplan rekenen 2024.docx", "Groepsplan rekenen 2025.docx"],
        "c10": ["Notulen 2025-01-10.docx"],
    }
    tasks = propose_tasks(tree, CARDS, files, limit=3)
    assert [t.targets for t in tasks] == [("card:c1",), ("card:c4",), ("card:c7",)]
    assert tasks[0].text_nl == "Waar zou je 'Rooster 2024-2025' zoeken?"  # the most typical, newest
    assert tasks[0].text_en == "Where would you look for 'Rooster 2024-2025'?"
    assert all(t.origin == "proposed" for t in tasks)


def test_never_from_restricted_cards_personal_folders_or_names(tree: TestTree) -> None:
    cards = [*CARDS, Card("c13", "Juf Anja"), Card("c14", "Map 14 (naam verborgen)")]
    data = consensus()
    data["groups"][0]["card_keys"] += ["c13", "c14"]
    data["groups"][0]["cards"] += ["Juf Anja", "Map 14 (naam verborgen)"]
    tree = TestTree.from_consensus(data)
    files = {
        "c9": ["Handelingsplan 2024.docx"],  # restricted card (IB)
        "c13": ["Lesidee rekenen.docx"],  # somebody's personal folder
        "c14": ["Les taal.pptx"],  # a folder whose name the card proposal hid
        "c2": ["Rapport Ruben.pdf", "Leesdossier Stijn Visser.docx"],  # names of pupils
        "c11": ["Notulen MR 2024.docx", "Notulen MR 2025.docx"],
    }
    tasks = propose_tasks(tree, cards, files, limit=10)
    assert [t.targets for t in tasks] == [("card:c11",)]


def test_a_name_found_under_several_cards_or_the_card_name_itself_is_no_task(
    tree: TestTree,
) -> None:
    files = {
        "c1": ["Weekplanning 3.docx"],
        "c2": ["Weekplanning 4.docx"],
        "c3": ["Jaarplanning.xlsx"],
    }
    assert propose_tasks(tree, CARDS, files) == []


def test_a_personal_name_detector_can_veto_more(tree: TestTree) -> None:
    files = {"c11": ["Notulen MR 2025.docx"]}
    assert propose_tasks(tree, CARDS, files, looks_personal=lambda text: "MR" in text) == []


FIRST_NAMES = ["Ruben", "Stijn", "Noor", "Fatima", "Yusuf", "Daan", "Sanne", "Karin"]


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(FIRST_NAMES),
    before=st.sampled_from(["Verslag", "Rapport", "Notulen", "Gesprek", ""]),
    after=st.sampled_from(["", " 2024", " groep 5", " Bakker"]),
    ext=st.sampled_from([".docx", ".pdf"]),
)
def test_no_proposal_ever_shows_a_first_name(name: str, before: str, after: str, ext: str) -> None:
    tree = TestTree.from_consensus(consensus())
    file_name = f"{before} {name}{after}{ext}".strip()
    tasks = propose_tasks(tree, CARDS, {"c10": [file_name, file_name]})
    assert all(name not in t.text_nl and name not in t.text_en for t in tasks)
