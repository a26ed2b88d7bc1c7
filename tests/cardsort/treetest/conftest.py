"""Fixtures for tree tests: a small school tree (pure) and a study with a stored consensus."""

from __future__ import annotations

from typing import Any

import pytest

from cardsort.treetest import Task, TestTree
from sessions.analysis_store import store_analysis_tree
from sessions.cards import NewCard
from sessions.store import Store
from sessions.studies import create_study


@pytest.fixture
def english_coordinator(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tree-test tests read the coordinator's English (a machine without a Dutch or English
    locale gets Dutch); ``tests/cardsort/cli/test_coordinator_language.py`` checks both. Tree-test
    tests in other folders ask for it with ``pytest.mark.usefixtures("english_coordinator")``."""
    monkeypatch.setenv("CARDSORT_LANG", "en")


@pytest.fixture(autouse=True)
def _english_coordinator(english_coordinator: None) -> None:
    """Every test in this folder reads the coordinator's English."""


#: (folder, [(card key, card label)]) — the consensus of the tests' school.
FOLDERS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Organisatie", [("c1", "Roosters"), ("c2", "Nieuwsbrieven"), ("c3", "Jaarplanning")]),
    ("Vieringen", [("c4", "Sinterklaas"), ("c5", "Kerst"), ("c6", "Schoolreis")]),
    ("Zorg", [("c7", "Groepsplannen"), ("c8", "Toetsen"), ("c9", "IB")]),
    ("Team", [("c10", "Vergaderingen"), ("c11", "MR"), ("c12", "Protocollen")]),
]
ALTERNATIVES = {"Zorg": ["Leerlingzorg", "IB en zorg"], "Team": ["Personeel"]}


def consensus(rename: dict[str, str] | None = None) -> dict[str, Any]:
    """The school's consensus as ``ConsensusTree.to_dict()``, folders optionally renamed."""
    rename = rename or {}
    groups = []
    for label, cards in FOLDERS:
        shown = rename.get(label, label)
        alternatives = [label, *ALTERNATIVES.get(label, [])] if shown != label else []
        groups.append(
            {
                "label": shown,
                "alternatives": alternatives or ALTERNATIVES.get(label, []),
                "card_keys": [k for k, _ in cards],
                "cards": [c for _, c in cards],
                "agreement": 0.8,
                "stability": 0.9,
                "children": [],
            }
        )
    return {"groups": groups, "unassigned": []}


def school_tasks() -> list[Task]:
    """One task per card of the school, answer: that card's folder."""
    return [
        Task(f"t{i}", f"Waar vind je {label}?", f"Where is {label}?", (f"card:{key}",))
        for i, (key, label) in enumerate([c for _, cards in FOLDERS for c in cards], start=1)
    ]


@pytest.fixture
def tree() -> TestTree:
    return TestTree.from_consensus(consensus())


@pytest.fixture
def school(store: Store) -> Store:
    """A store with study 'school' (the twelve cards, one restricted) and its consensus as v1."""
    cards = [
        NewCard(label, key=key, restricted=(key == "c9"), sources=(label.encode(),))
        for _, items in FOLDERS
        for key, label in items
    ]
    study = create_study(store, "school", cards)
    store_analysis_tree(store, study.id, consensus(), {})
    return store
