"""Benchmark of the privacy checks in the card proposal.

Proposes cards for a synthetic 200,000-file share whose file names carry first names (one in
three), with privacy as shipped (every example candidate checked for a personal name, every
card's folders checked for confidential words by name and by content) against the same
proposal with example file names switched off (``file_names=False``: no name checks on
examples) as the baseline in the same run. Target: the privacy checks add less than 1 s, and
the proposal stays under twice its baseline.
"""

from __future__ import annotations

import random
import time

from cardsort.privacy.names import first_names
from cardsort.proposal import ProposalOptions, propose_cards
from drive_adapters.inventory import EntryKind, ScanEntry

N_FILES = 200_000


def _share(seed: int = 7) -> list[ScanEntry]:
    rng = random.Random(seed)
    names = sorted(n.title() for n in first_names() if len(n) >= 3)
    folders = [f"Map {i:02d}/Sub {j}" for i in range(60) for j in range(20)]
    words = ["Verslag", "Rapport", "Werkblad", "Notulen", "Handelingsplan", "Toets", "Brief"]
    entries = []
    for i in range(N_FILES):
        folder = folders[i % len(folders)]
        name = f"{rng.choice(words)} {rng.choice(names) if i % 3 == 0 else i}.docx"
        entries.append(ScanEntry(f"{folder}/{name}".encode(), EntryKind.FILE, 1000, 1.6e9))
    return entries


def _best(entries: list[ScanEntry], options: ProposalOptions, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        propose_cards(entries, options)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    """Print both timings and their ratio."""
    first_names()  # loading the lists once is not what is measured
    entries = _share()
    baseline = _best(entries, ProposalOptions(file_names=False))
    private = _best(entries, ProposalOptions())
    print(f"propose {N_FILES:,} files, no example names (baseline): {baseline:.2f} s")
    print(f"propose {N_FILES:,} files, names checked:               {private:.2f} s")
    print(f"privacy adds {private - baseline:.2f} s ({private / baseline:.2f}x the baseline)")
