"""Benchmark of fitting long paths: deep archives planned for a library that leaves little room.

Fifty old archives, each ten folders deep with files in the deepest four levels (about
40,000 entries; ``BENCH_LONG_PATHS_CARDS`` scales it), planned for OneDrive through a
SharePoint library whose own address leaves 150 of the 400 characters. Prints the time, the
fixes listed in the plan (one per renamed or lifted item), the lifted branches and what still
blocks (target: nothing), against a baseline measured in the same run: the same inventory
planned without the library (no path needs fixing).
"""

from __future__ import annotations

import os
import time

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.inventory import EntryKind, ScanEntry
from drive_adapters.plan import Plan
from drive_adapters.rules.long_paths import LIFTED
from sessions.models import Card, Snapshot, SnapshotStatus

DEPTH = 10  # the deepest path is 394 characters: it fits 400 without the library
FILES_PER_LEVEL = 200
ROOM = 150  # characters the library's address leaves of OneDrive's 400


def _entries(cards: int) -> list[ScanEntry]:
    found: list[ScanEntry] = []
    for c in range(cards):
        path = f"Archief {c:03d}".encode()
        found.append(ScanEntry(path, EntryKind.DIR, 0, 1.5e9))
        for level in range(DEPTH):
            path += f"/Nieuwe map met oude spullen {level:02d}".encode()
            found.append(ScanEntry(path, EntryKind.DIR, 0, 1.5e9))
            if level >= DEPTH - 4:
                for f in range(FILES_PER_LEVEL):
                    name = f"/verslag van de vergadering {f:04d}.docx".encode()
                    found.append(ScanEntry(path + name, EntryKind.FILE, 3, 1.5e9))
    return found


def _plan(entries: list[ScanEntry], cards: int, library_url: str | None) -> tuple[Plan, float]:
    keys = [f"k{i}" for i in range(cards)]
    deck = [
        Card(i + 1, keys[i], f"Archief van de school {i:03d}", "", i,
             sources=(f"Archief {i:03d}".encode(),))
        for i in range(cards)
    ]  # fmt: skip
    group = ConsensusNode("Organisatie en beleid", (), tuple(keys), tuple(keys), 1.0, 1.0)
    snapshot = Snapshot(
        1, "/share", b"/share", "local", None, "", "", SnapshotStatus.COMPLETE, False,
        len(entries), 0, 0, 0, 0,
    )  # fmt: skip
    started = time.perf_counter()
    plan = build_plan(
        ConsensusTree((group,), ()),
        deck,
        snapshot,
        entries,
        study="bench",
        options=PlanOptions(rules="onedrive", library_url=library_url),
    )
    return plan, time.perf_counter() - started


def main() -> None:
    cards = int(os.environ.get("BENCH_LONG_PATHS_CARDS", "50"))
    entries = _entries(cards)
    site = "x" * (400 - ROOM - len("/sites/") - 1)
    url = f"https://school.sharepoint.com/sites/{site}"
    baseline, base_s = _plan(entries, cards, None)
    fitted, fit_s = _plan(entries, cards, url)
    lifts = sum(1 for v in fitted.violations if v["code"] == LIFTED)
    longest = max(len("/".join(i.target)) for i in fitted.items if i.target)
    print(f"{len(entries):,} entries in {cards} archives {DEPTH} folders deep:")
    print(f"  baseline (no library, nothing to fit): {base_s:.2f} s")
    print(
        f"  library leaving {ROOM} characters: {fit_s:.2f} s ({fit_s / base_s:.1f}x), "
        f"{len(fitted.violations):,} fixes listed, {lifts} branches lifted, "
        f"{len(fitted.blocking())} blocking (target 0), longest path {longest} (limit {ROOM})"
    )
    assert not baseline.blocking() and not fitted.blocking()


if __name__ == "__main__":
    main()
