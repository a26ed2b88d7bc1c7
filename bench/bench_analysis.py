"""Benchmark of the card-sort analysis at 300 cards x 1,000 participants.

Targets (issue 3): similarity + clustering + consensus < 1 s, bootstrap of 200 resamples < 10 s,
peak memory < 1 GB. Baseline measured in the same run: PyPI ``cardsort`` 0.2.45's
``get_distance_matrix`` (installed into a throwaway venv in a temp dir, never a dependency of
this project) on a dataset it accepts (every card sorted, user ids from 1, one label per pile),
against our ``similarity_matrix`` on the same sorts; the two results are checked to agree.
"""

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
from scipy.spatial.distance import squareform
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from cardsort.analysis import AnalysisOptions, SortData, analyse, similarity_matrix, simulate_sorts

N_CARDS = 300
N_PARTICIPANTS = 1000
N_GROUPS = 8
BASELINE_PARTICIPANTS = int(os.environ.get("CARDSORT_BENCH_BASELINE_PARTICIPANTS", "1000"))

_BASELINE_SCRIPT = """
import json, logging, sys, time
import pandas as pd
from cardsort.analysis import get_distance_matrix
logging.disable(logging.CRITICAL)
df = pd.read_csv(sys.argv[1])
best = float("inf")
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    vector = get_distance_matrix(df)
    best = min(best, time.perf_counter() - start)
if vector is None:
    raise SystemExit("cardsort refused the dataset")
print(json.dumps({"seconds": best, "vector": [float(x) for x in vector]}))
"""


def _write_casolysis(data: SortData, path: Path) -> None:
    """kardSort long CSV with one unique label per (user, pile), as cardsort keys on labels."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["card_id", "card_label", "category_id", "category_label", "user_id"])
        for p in range(data.n_participants):
            for c in range(data.n_cards):
                g = int(data.assignments[p, c])
                writer.writerow([c + 1, data.card_labels[c], g + 1, f"u{p + 1}g{g + 1}", p + 1])


def _baseline(data: SortData, repeats: int = 3) -> None:
    print(
        f"baseline: PyPI cardsort 0.2.45 get_distance_matrix, {data.n_cards} cards x "
        f"{data.n_participants} participants"
    )
    with tempfile.TemporaryDirectory(prefix="cardsort-baseline-") as tmp:
        venv = Path(tmp) / "venv"
        python = venv / "bin" / "python"
        try:
            subprocess.run(
                [sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True
            )
            install = subprocess.run(
                [str(python), "-m", "pip", "install", "--quiet", "cardsort==0.2.45"],
                capture_output=True,
                text=True,
                timeout=900,
            )
        except (subprocess.SubprocessError, OSError) as error:
            print(f"  baseline skipped: could not create the throwaway venv ({error})")
            return
        if install.returncode != 0:
            reason = (install.stderr or install.stdout).strip().splitlines()[-3:]
            print("  baseline skipped: pip install cardsort==0.2.45 failed: " + " | ".join(reason))
            return
        csv_path = Path(tmp) / "sorts.csv"
        _write_casolysis(data, csv_path)
        run = subprocess.run(
            [str(python), "-c", _BASELINE_SCRIPT, str(csv_path), str(repeats)],
            capture_output=True,
            text=True,
            timeout=1800,
            cwd=tmp,  # never import this repository's own cardsort package
        )
        if run.returncode != 0:
            print(f"  baseline skipped: cardsort 0.2.45 failed: {run.stderr.strip()[-300:]}")
            return
        theirs = json.loads(run.stdout)
    ours_best = float("inf")
    with threadpool_limits(limits=1, user_api="blas"):  # as analyse() runs it
        for _ in range(repeats):
            start = time.perf_counter()
            sim = similarity_matrix(data)
            ours_best = min(ours_best, time.perf_counter() - start)
    separated = squareform(sim.separated(), checks=False)
    same = np.array_equal(separated, np.array(theirs["vector"]))
    print(
        f"  cardsort 0.2.45: {theirs['seconds']:.3f} s   ours: {ours_best:.4f} s   "
        f"ratio {theirs['seconds'] / ours_best:.0f}x faster   results identical: {same}"
    )


def main() -> None:
    """Print timings, peak memory and the baseline ratio."""
    data, truth = simulate_sorts(
        n_cards=N_CARDS, n_participants=N_PARTICIPANTS, n_groups=N_GROUPS, noise=0.2, seed=7
    )
    print(f"data: {N_CARDS} cards x {N_PARTICIPANTS} participants, {N_GROUPS} planted groups")

    print(
        f"machine load average (1 min) at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
        "cores; wall times suffer when other work runs, CPU times much less"
    )
    core_stages = ("similarity_clustering", "consensus", "tree")
    runs = [
        analyse(data, options=AnalysisOptions(n_resamples=0, sample_size_curve=False))
        for _ in range(3)
    ]
    core = min(sum(r.timings[k] for k in core_stages) for r in runs)
    core_cpu = min(sum(r.cpu_timings[k] for k in core_stages) for r in runs)
    print(
        f"similarity + clustering + consensus: {core:.3f} s wall, {core_cpu:.3f} s CPU "
        f"(best of 3; target < 1 s: {'met' if core < 1 else 'MISSED'}); "
        f"stages {_stages(runs[0].timings)}"
    )

    boot = analyse(data, options=AnalysisOptions(n_resamples=200, sample_size_curve=False))
    seconds = boot.timings["bootstrap"]
    print(
        f"bootstrap 200 resamples: {seconds:.3f} s wall, {boot.cpu_timings['bootstrap']:.3f} s "
        f"CPU (target < 10 s: {'met' if seconds < 10 else 'MISSED'}); "
        f"expected ARI {boot.expected_ari:.3f}"
    )

    tracemalloc.start()
    start = time.perf_counter()
    full = analyse(data)
    total = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"full analyse (defaults, incl. sample-size curve, participant ARI ranking, AAM): "
        f"{total:.2f} s; stages {_stages(full.timings)}"
    )
    print(
        f"peak traced memory {peak / 2**20:.0f} MiB, max RSS {rss:.0f} MiB (target < 1 GB: "
        f"{'met' if max(peak / 2**20, rss) < 1024 else 'MISSED'})"
    )
    recovered = np.empty(N_CARDS, dtype=np.int64)
    recovered[full.active_cards] = full.partition.labels
    from sklearn.metrics import adjusted_rand_score

    print(
        f"consensus k = {full.partition.k}, ARI with the planted groups "
        f"{adjusted_rand_score(truth, recovered):.3f}; verdict: {full.verdict.text['en']}"
    )
    _baseline(data.select_participants(range(min(BASELINE_PARTICIPANTS, N_PARTICIPANTS))))


def _stages(timings: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.2f}" for k, v in timings.items())


if __name__ == "__main__":
    main()
