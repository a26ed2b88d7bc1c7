"""Small hand-built migration plans for the executor tests on the fake OneDrive."""

from __future__ import annotations

import os
from pathlib import Path

from drive_adapters.plan import Action, Plan, PlanItem, SnapshotRef, Unit

STAGING = "_cardsort_staging"


def _plan(items: list[PlanItem], units: list[Unit], folders: set[tuple[str, ...]],
          snapshot: SnapshotRef, removals: list[bytes]) -> Plan:  # fmt: skip
    ordered = sorted(folders, key=lambda f: (len(f), f))
    return Plan(
        plan_id="onedrive-test", created_at="2026-11-28T00:00:00Z", study="test",
        snapshot=snapshot, rules="onedrive", unsorted_folder="Ongesorteerd", staging=STAGING,
        folders=ordered, units=units, removals=removals, items=items,
    )  # fmt: skip


def upload_plan(share: Path) -> Plan:
    """Every file of ``share`` (two levels: card/file) into Groep N/Card/file, copy mode."""
    items: list[PlanItem] = []
    units: list[Unit] = []
    folders: set[tuple[str, ...]] = set()
    for i, card in enumerate(sorted(p for p in share.iterdir() if p.is_dir())):
        group = f"Groep {i % 3}"
        target = (group, card.name.title())
        folders.update({(group,), target})
        units.append(Unit(len(units) + 1, os.fsencode(card.name), True, target, card.name, "card"))
        items.append(PlanItem(os.fsencode(card.name), "dir", 0, None, Action.MOVE, target,
                              units[-1].id, card.name))  # fmt: skip
        for f in sorted(card.iterdir()):
            st = f.stat()
            items.append(PlanItem(os.fsencode(f"{card.name}/{f.name}"), "file", st.st_size,
                                  st.st_mtime, Action.WITH_FOLDER, (*target, f.name),
                                  units[-1].id, card.name))  # fmt: skip
    snapshot = SnapshotRef(1, str(share), os.fsencode(share), "local", None, "fp", len(items))
    return _plan(items, units, folders, snapshot, [])


def in_place_plan(tree: dict[str, dict[str, object]], *, file_cards: bool = False) -> Plan:
    """Cards (top-level folders of a fake drive) into groups of five, renamed; in place.

    ``file_cards``: top-level files are cards too (a card may be one document)."""
    items: list[PlanItem] = []
    units: list[Unit] = []
    folders: set[tuple[str, ...]] = set()
    cards = sorted(p for p, v in tree.items() if "/" not in p and v["folder"])
    for path in sorted(p for p, v in tree.items() if "/" not in p and not v["folder"]):
        if not file_cards:
            continue
        target = ("Losse kaarten", path)
        folders.add(target[:1])
        file_id = str(tree[path]["id"])
        units.append(Unit(len(units) + 1, path.encode(), False, target, path, "card",
                          item_id=file_id))  # fmt: skip
        size = int(str(tree[path]["size"]))
        items.append(PlanItem(path.encode(), "file", size, None, Action.MOVE, target,
                              units[-1].id, path, item_id=file_id))  # fmt: skip
    for i, card in enumerate(cards):
        group = f"Groep {i // 5}"
        target = (group, card.replace("kaart", "Kaart"))
        folders.add((group,))
        card_id = str(tree[card]["id"])
        units.append(Unit(len(units) + 1, card.encode(), True, target, card, "card",
                          item_id=card_id))  # fmt: skip
        items.append(PlanItem(card.encode(), "dir", 0, None, Action.MOVE, target, units[-1].id,
                              card, item_id=card_id))  # fmt: skip
        for path, v in sorted(tree.items()):
            if path.startswith(card + "/"):
                items.append(PlanItem(path.encode(), "file", int(str(v["size"])), None,
                                      Action.WITH_FOLDER, (*target, path.split("/")[-1]),
                                      units[-1].id, card, item_id=str(v["id"])))  # fmt: skip
    snapshot = SnapshotRef(1, "onedrive:me", b"", "onedrive", "me", "fp", len(items))
    return _plan(items, units, folders, snapshot, [])
