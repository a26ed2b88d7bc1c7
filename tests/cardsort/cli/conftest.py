"""A small planted-structure study written as a Casolysis file, for the analyse CLI tests; and
the fixtures the other command tests borrow: a new study (``tests/cardsort/tui/conftest.py``)
and the fake Graph and Drive servers (``tests/drive_adapters/onedrive`` and ``gdrive``)."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from tests.cardsort.tui.conftest import new_study
from tests.drive_adapters.gdrive.conftest import fake, fake_factory
from tests.drive_adapters.onedrive.conftest import graph

GROUPS = {
    "Zorg": ["Rapporten", "Groepsplannen", "Leesdossiers", "IB"],
    "Vieringen": ["Kerst", "Sinterklaas", "Koningsspelen", "Musical"],
    "ICT": ["Website", "Logo's", "Inlogcodes", "Scans"],
}
SPELLINGS = {
    "Zorg": ["Zorg", "zorg", "Leerlingzorg"],
    "Vieringen": ["Vieringen", "Feesten", "vieringen"],
    "ICT": ["ICT", "ict", "Computers"],
}


def write_team(path: Path, people: int = 8, seed: int = 1) -> Path:
    """``people`` teachers who agree on the planted groups, with different spellings."""
    rng = random.Random(seed)
    cards = [card for members in GROUPS.values() for card in members]
    rows = []
    category = 0
    for person in range(1, people + 1):
        for name, members in GROUPS.items():
            category += 1
            label = rng.choice(SPELLINGS[name])
            for card in members:
                rows.append([cards.index(card) + 1, card, category, label, f"teacher {person}"])
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["card_id", "card_label", "category_id", "category_label", "user_id"])
        writer.writerows(rows)
    return path


@pytest.fixture
def team_file(tmp_path: Path) -> Path:
    return write_team(tmp_path / "team.csv")


__all__ = ["GROUPS", "fake", "fake_factory", "graph", "new_study", "team_file", "write_team"]
