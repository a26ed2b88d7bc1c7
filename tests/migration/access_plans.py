"""A small school share and a plan that gives its care folder the care team as audience.

Built the way ``cardsort plan`` builds it (``cardsort.planning.build_plan``): the pupil-care
card is restricted (audience ``care``), the consensus puts it in "Leerlingzorg", and the plan
maps the care audience to the care team's group.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.inventory import ScanEntry
from drive_adapters.local_scan import scan_tree
from drive_adapters.plan import Action, Plan, PlanItem, SnapshotRef, Unit
from sessions.models import Card, Snapshot, SnapshotStatus

CARE_GROUP = "zorg@blokhuus.example"
CARE = f"group:{CARE_GROUP}"
CARE_FOLDER = ("Leerlingzorg",)


def school_share(root: Path) -> Path:
    """Lessons, and the care team's pupil files."""
    files = {
        f"Rekenen/les {n}.docx": b"rekenen" * (n + 1) for n in range(3)
    } | {f"Taal/les {n}.docx": b"taal" * (n + 1) for n in range(2)} | {
        f"Zorg/dossier {n}.docx": b"zorg" * (n + 1) for n in range(3)
    }  # fmt: skip
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (1_600_000_000, 1_600_000_000))
    return root


def care_plan(
    share: Path,
    *,
    groups: Mapping[str, Sequence[str]] | None = None,
    rules: str = "gdrive",
    care_label: str = "Leerlingzorg",
) -> Plan:
    """The share's three folders as cards; Zorg restricted to the care team, in Leerlingzorg."""
    entries = list(scan_tree(share))
    tops = sorted({e.path for e in entries if e.kind.value == "dir" and b"/" not in e.path})
    cards = [
        Card(
            i + 1, f"k{i}", os.fsdecode(top), "", i, sources=(top,),
            restricted=top == b"Zorg", audience="care" if top == b"Zorg" else None,
        )
        for i, top in enumerate(tops)
    ]  # fmt: skip
    by_label = {c.label: c for c in cards}
    piles = [
        ("Onderwijs", [by_label["Rekenen"], by_label["Taal"]]),
        (care_label, [by_label["Zorg"]]),
    ]
    options = PlanOptions(
        rules=rules,
        audiences={care_label: "care"},
        audience_groups={"care": [CARE_GROUP]} if groups is None else groups,
    )
    return plan_of_piles(share, entries, cards, piles, study="demo", options=options)


def plan_of_piles(
    share: Path,
    entries: Sequence[ScanEntry],
    cards: Sequence[Card],
    piles: Sequence[tuple[str, Sequence[Card]]],
    *,
    study: str,
    options: PlanOptions,
) -> Plan:
    """The plan ``cardsort plan`` makes of a scanned local share when the consensus tree is
    ``piles`` (a folder name, the cards in it); the bench of resumes builds its plans so too."""

    def node(label: str, chosen: Sequence[Card]) -> ConsensusNode:
        keys, labels = tuple(c.key for c in chosen), tuple(c.label for c in chosen)
        return ConsensusNode(label, (), keys, labels, 1.0, 1.0)

    consensus = ConsensusTree(groups=tuple(node(label, chosen) for label, chosen in piles))
    files = [e for e in entries if e.kind.value == "file"]
    snapshot = Snapshot(
        1, str(share), os.fsencode(share), "local", None, "2026-01-01", "2026-01-01",
        SnapshotStatus.COMPLETE, False, len(entries), len(files), len(entries) - len(files),
        sum(e.size for e in files), 0,
    )  # fmt: skip
    return build_plan(consensus, list(cards), snapshot, list(entries), study=study, options=options)


def in_place_plan(
    tree: Mapping[str, tuple[str, bool, int]],
    cards: Mapping[str, tuple[str, ...]],
    *,
    removals: Sequence[str] = (),
    audiences: Mapping[str, str],
    groups: Mapping[str, Sequence[str]] | None = None,
) -> Plan:
    """An in-place plan over a drive's ``tree`` (path → (id, is folder, size)): each card (an
    old folder) moves to its target whole; ``removals`` are old folders it empties."""
    items: list[PlanItem] = []
    units: list[Unit] = []
    folders: set[tuple[str, ...]] = set()
    for source, target in cards.items():
        item_id, _folder, _size = tree[source]
        folders.update(target[:d] for d in range(1, len(target)))
        units.append(Unit(len(units) + 1, source.encode(), True, target, source, "card",
                          item_id=item_id))  # fmt: skip
        items.append(PlanItem(source.encode(), "dir", 0, None, Action.MOVE, target,
                              units[-1].id, source, item_id=item_id))  # fmt: skip
        for path, (file_id, is_folder, size) in sorted(tree.items()):
            if path.startswith(source + "/"):
                rest = tuple(path[len(source) + 1 :].split("/"))
                items.append(PlanItem(path.encode(), "dir" if is_folder else "file", size, None,
                                      Action.WITH_FOLDER, (*target, *rest), units[-1].id, source,
                                      item_id=file_id))  # fmt: skip
    for old in removals:
        items.append(PlanItem(old.encode(), "dir", 0, None, Action.REMOVE_EMPTY, None,
                              item_id=tree[old][0]))  # fmt: skip
    snapshot = SnapshotRef(1, "gdrive", b"", "gdrive", "shared", "fp", len(items))
    return Plan(
        plan_id="access-test", created_at="2026-12-07T00:00:00Z", study="test",
        snapshot=snapshot, rules="gdrive", unsorted_folder="Ongesorteerd",
        staging="_cardsort_staging", folders=sorted(folders, key=lambda f: (len(f), f)),
        units=units, removals=[r.encode() for r in sorted(removals, key=lambda r: -r.count("/"))],
        items=sorted(items, key=lambda i: i.source),
        options={"audiences": dict(audiences),
                 "audience_groups": {"care": [CARE_GROUP]} if groups is None else dict(groups)},
    )  # fmt: skip
