"""Import of a large Casolysis CSV: wall time and peak memory, in a fresh process each.

A study collected by a big tool: 400 cards sorted by many participants, one row per card per
participant. ``CARDSORT_BENCH_IMPORT_MB`` sets the file sizes (default ``10,50``: about
244,000 and 1,220,000 rows; the issue's figure is for 50 MB). Each import runs in a child
process so its peak resident size is its own. The baseline in the same run is a bare
``csv.reader`` pass over the same file in a child process: the cheapest possible read. The
file is read from disk line by line and the sorts are written participant by participant, so
the import's peak memory should not grow with the file: the last line prints the ratio of the
largest file's peak to the smallest's (about 1).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CARDS = 400
SIZES_MB = [float(x) for x in os.environ.get("CARDSORT_BENCH_IMPORT_MB", "10,50").split(",")]

_IMPORT = """
import json, resource, sys, time
from sessions.formats import import_file
from sessions.store import Store
store = Store.open(sys.argv[2])
start = time.perf_counter()
result = import_file(store, "big", sys.argv[1])
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mib": rss, "sorts": len(result.added)}))
"""

_BASELINE = """
import csv, json, resource, sys, time
start = time.perf_counter()
rows = 0
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    for _ in csv.reader(handle):
        rows += 1
seconds = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mib": rss, "rows": rows}))
"""


def _file(path: Path, megabytes: float) -> int:
    rng = random.Random(11)
    written = 0
    person = 0
    category = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("card_id,card_label,category_id,category_label,user_id\n")
        while written < megabytes * 1_000_000:
            groups = rng.randint(5, 9)
            lines = []
            for card in range(1, CARDS + 1):
                g = rng.randrange(groups)
                lines.append(
                    f"{card},Kaart {card},{category + g + 1},Stapel {g},deelnemer {person}\n"
                )
            chunk = "".join(lines)
            handle.write(chunk)
            written += len(chunk.encode("utf-8"))
            category += groups
            person += 1
    return person


def _child(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"child failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _run(megabytes: float) -> float:
    """Import one file of this size; print its numbers; return the import's peak RSS (MiB)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "big.csv"
        people = _file(path, megabytes)
        size = path.stat().st_size / 1_000_000
        print(
            f"load average (1 min) {os.getloadavg()[0]:.1f}; file {size:.1f} MB, "
            f"{people} participants x {CARDS} cards ({people * CARDS:,} rows)"
        )
        start = time.perf_counter()
        got = _child(_IMPORT, str(path), str(folder / "store.sqlite"))
        wall = time.perf_counter() - start
        base = _child(_BASELINE, str(path))
    print(
        f"  import: {got['seconds']:.1f} s ({wall:.1f} s with start-up), peak RSS "
        f"{got['rss_mib']:.0f} MiB, {got['sorts']:.0f} sorts"
    )
    print(
        f"  csv.reader baseline: {base['seconds']:.2f} s, peak RSS {base['rss_mib']:.0f} MiB; "
        f"ratio {got['seconds'] / max(base['seconds'], 1e-9):.0f}x time, "
        f"{got['rss_mib'] / max(base['rss_mib'], 1e-9):.1f}x memory"
    )
    return got["rss_mib"]


def main() -> None:
    """Print each size's import time and peak RSS beside a bare csv.reader pass, and the ratio."""
    peaks = {size: _run(size) for size in SIZES_MB}
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(
            f"peak RSS {large:g} MB file / {small:g} MB file: {peaks[large]:.0f} / "
            f"{peaks[small]:.0f} MiB = {peaks[large] / peaks[small]:.2f}x "
            f"(file {large / small:.0f}x larger)"
        )


if __name__ == "__main__":
    main()
