"""Planted-structure grid: how well the consensus recovers a known grouping, and how honest
the sample-size verdict is.

Simulated teams (``simulate_sorts``: noise, lumping, splitting) sort 40 cards around a planted
grouping with a true number of folders k. For every cell the product's consensus (automatic k)
is scored by its adjusted Rand index with the truth, beside the baseline in the same run: a
plain UPGMA cut of the same similarity matrix at the *true* k (which the product is not told).
The verdict's calibration: how often it says "enough" while the consensus is off (ARI < 0.9).

The default run is a quick subset (2 cores shared with others); ``--full`` or
``CARDSORT_BENCH_FULL=1`` runs the whole grid: team 8, 12, 18, 25 x noise 0.1-0.4 x true k
2-10 x three seeds.
"""

from __future__ import annotations

import itertools
import os
import sys
import time
from collections import defaultdict
from typing import NamedTuple

import numpy as np
from sklearn.metrics import adjusted_rand_score

from cardsort.analysis import (
    AnalysisOptions,
    analyse,
    cluster_cards,
    cut_tree,
    similarity_matrix,
    simulate_sorts,
)

N_CARDS = 40


class Grid(NamedTuple):
    """The settings crossed in one run."""

    teams: tuple[int, ...]
    noises: tuple[float, ...]
    ks: tuple[int, ...]
    seeds: tuple[int, ...]


FULL = Grid((8, 12, 18, 25), (0.1, 0.2, 0.3, 0.4), tuple(range(2, 11)), (1, 2, 3))
QUICK = Grid((8, 25), (0.1, 0.25, 0.4), (2, 3, 4, 7, 10), (1,))


def _cell(team: int, noise: float, k: int, seed: int) -> tuple[float, float, int, str]:
    data, truth = simulate_sorts(
        n_cards=N_CARDS, n_participants=team, n_groups=k, noise=noise, seed=seed
    )
    result = analyse(data, options=AnalysisOptions(n_resamples=60, curve_repeats=5))
    consensus = np.empty(data.n_cards, dtype=np.int64)
    consensus[result.active_cards] = result.partition.labels
    linkage = cluster_cards(similarity_matrix(data).similarity).linkage
    baseline = adjusted_rand_score(truth, cut_tree(linkage, n_groups=k))
    return (
        float(adjusted_rand_score(truth, consensus)),
        float(baseline),
        result.partition.k,
        result.verdict.status,
    )


def main(argv: list[str] | None = None) -> None:
    """Print the grid per true k and per (team, noise), and the verdict's calibration."""
    args = sys.argv[1:] if argv is None else argv
    full = "--full" in args or os.environ.get("CARDSORT_BENCH_FULL") == "1"
    grid = FULL if full else QUICK
    started = time.perf_counter()
    rows = []
    for team, noise, k, seed in itertools.product(grid.teams, grid.noises, grid.ks, grid.seeds):
        rows.append((team, noise, k, seed, *_cell(team, noise, k, seed)))
    print(
        f"{'full' if full else 'quick (--full for the whole grid)'} grid: {len(rows)} analyses "
        f"of {N_CARDS} cards in {time.perf_counter() - started:.0f} s"
    )
    by_k: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    by_cell: dict[tuple[int, float], list[tuple[float, float]]] = defaultdict(list)
    for team, noise, k, _seed, ari, base, got_k, _status in rows:
        by_k[k].append((ari, base, got_k))
        by_cell[(team, noise)].append((ari, base))
    print("true k | product ARI | UPGMA at true k | k found exactly")
    for k in sorted(by_k):
        found = by_k[k]
        print(
            f"{k:6d} | {np.mean([v[0] for v in found]):11.3f} | "
            f"{np.mean([v[1] for v in found]):15.3f} | "
            f"{np.mean([v[2] == k for v in found]):6.0%}"
        )
    print("team x noise | product ARI (worst cell) | UPGMA at true k")
    for (team, noise), values in sorted(by_cell.items()):
        print(
            f"{team:4d} x {noise:.2f} | {np.mean([v[0] for v in values]):.3f} "
            f"({min(v[0] for v in values):.3f}) | {np.mean([v[1] for v in values]):.3f}"
        )
    hardest = [r for r in rows if r[0] >= 15 and r[1] <= 0.3]
    if hardest:
        worst = min(
            float(np.mean([r[4] for r in hardest if r[2] == k])) for k in {r[2] for r in hardest}
        )
        print(
            f"teams of 15+ with noise <= 0.3: worst mean ARI over a true k {worst:.3f} "
            f"(bar 0.85: {'met' if worst >= 0.85 else 'MISSED'})"
        )
    enough = [r for r in rows if r[7] == "enough"]
    wrong = [r for r in enough if r[4] < 0.9]
    print(
        f"verdict calibration: 'enough' {len(enough)} times, of which {len(wrong)} with ARI < 0.9 "
        f"({len(wrong) / max(1, len(enough)):.0%}); statuses "
        + ", ".join(
            f"{s} {sum(r[7] == s for r in rows)}"
            for s in ("enough", "small", "more", "unlikely", "unknown")
        )
    )


if __name__ == "__main__":
    main()
