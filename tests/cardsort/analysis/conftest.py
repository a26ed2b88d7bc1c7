"""Loaders for the external card-sort datasets, read with the csv module (never copied here)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import numpy as np
import pytest

from cardsort.analysis import SortData

# A worktree beside the main checkout can point here with CARDSORT_EXTERNAL_DATA.
EXTERNAL = Path(
    os.environ.get("CARDSORT_EXTERNAL_DATA")
    or Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "external"
)


def external(name: str) -> Path:
    """Path of an external dataset; skips the test when the shared folder is absent."""
    path = EXTERNAL / name
    if not path.exists():
        pytest.skip(f"external dataset {name} not available")
    return path


def read_casolysis(path: Path) -> SortData:
    """kardSort long CSV: category identity is (user, category_id), never the label."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    cards: dict[int, str] = {int(r["card_id"]): r["card_label"] for r in rows}
    keys = [str(k) for k in sorted(cards)]
    users = sorted({int(r["user_id"]) for r in rows})
    assignments = np.full((len(users), len(keys)), -1, dtype=np.int32)
    labels = []
    for u, user in enumerate(users):
        local: dict[str, tuple[int, str]] = {}
        for r in rows:
            if int(r["user_id"]) != user:
                continue
            g, _ = local.setdefault(r["category_id"], (len(local), r["category_label"]))
            assignments[u, keys.index(r["card_id"])] = g
        labels.append(tuple(label for _, label in sorted(local.values())))
    return SortData(
        card_keys=tuple(keys),
        card_labels=tuple(cards[int(k)] for k in keys),
        participants=tuple(str(u) for u in users),
        assignments=assignments,
        group_labels=tuple(labels),
    )


def read_wide(path: Path) -> SortData:
    """Wide item x participant CSV: cells are local group ids or ';'-separated label words."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    items = [r[0] for r in body]
    judges = header[1:]
    assignments = np.full((len(judges), len(items)), -1, dtype=np.int32)
    labels = []
    for j in range(len(judges)):
        local: dict[str, int] = {}
        for i, row in enumerate(body):
            cell = row[j + 1].strip()
            if cell:
                assignments[j, i] = local.setdefault(cell, len(local))
        labels.append(tuple("" if _is_id(c) else " ".join(c.split(";")) for c in local))
    return SortData(
        card_keys=tuple(items),
        card_labels=tuple(items),
        participants=tuple(judges),
        assignments=assignments,
        group_labels=tuple(labels),
    )


def _is_id(cell: str) -> bool:
    return cell.isdigit() or (cell[:1] == "G" and cell[1:].isdigit())


@pytest.fixture
def katoss() -> SortData:
    """PyPI cardsort's test data: 10 cards x 5 users."""
    return read_casolysis(external("katoss-cardsort/test-data.csv"))


@pytest.fixture
def katoss_expected() -> dict[str, object]:
    """The expected separated counts for :func:`katoss`."""
    import json

    loaded: dict[str, object] = json.loads(
        external("katoss-cardsort/expected-separations.json").read_text(encoding="utf-8")
    )
    return loaded


@pytest.fixture
def spice() -> SortData:
    """DistatisR SortingSpice: 16 spices x 21 judges, group ids."""
    return read_wide(external("distatisr-sorting-spice.csv"))


@pytest.fixture
def perfume() -> SortData:
    """SensoMineR perfume: 12 perfumes x 30 consumers, ids or label words."""
    return read_wide(external("sensominer-perfume.csv"))
