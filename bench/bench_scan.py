"""Scan speed against ``find -printf`` on the same tree, and the store's memory for 1M entries.

Targets (issue 2): a scan without ``--hash`` takes at most 1.5x find's wall time on a generated
tree of 200,000 files; memory stays below 300 MB while 1,000,000 inventory entries are written.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

FILES = int(os.environ.get("BENCH_SCAN_FILES", "200000"))
ROUNDS = 5
SCAN_PEAKS: list[float] = []  # peak RSS (MB) of each scan's process
ENTRIES = int(os.environ.get("BENCH_STORE_ENTRIES", "1000000"))


def make_tree(root: Path, files: int) -> None:
    """A school-like tree: 40 top folders, 25 subfolders each, files spread evenly."""
    per_leaf = max(1, files // (40 * 25))
    made = 0
    for top in range(40):
        for sub in range(25):
            leaf = root / f"Map {top:02d}" / f"Submap {sub:02d}"
            leaf.mkdir(parents=True)
            for n in range(per_leaf):
                if made >= files:
                    return
                (leaf / f"Document {n:04d}.docx").write_bytes(b"x" * (n % 7))
                made += 1


def run_find(root: Path) -> float:
    """Wall time of the baseline: ``find -printf`` of size, time and path of every entry."""
    started = time.perf_counter()
    subprocess.run(
        ["find", str(root), "-printf", r"%s %T@ %p\n"], check=True, stdout=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def scan_in_process(root: Path, store: Path, walker: str = "auto") -> float:
    """Time cardsort's scan in a fresh interpreter, excluding interpreter start-up."""
    code = textwrap.dedent(f"""
        import time
        from sessions.store import Store
        from cardsort.scan import scan_local
        store = Store.open({str(store)!r})
        started = time.perf_counter()
        scan_local(store, {str(root)!r}, walker={walker!r})
        elapsed = time.perf_counter() - started
        with open("/proc/self/status") as status:
            hwm = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
        print(elapsed, hwm / 1024)
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    seconds, peak = out.stdout.strip().splitlines()[-1].split()
    SCAN_PEAKS.append(float(peak))
    return float(seconds)


def walk_only(root: Path, walker: str) -> float:
    """Time one walker alone (no store), to show where a scan's time goes."""
    code = textwrap.dedent(f"""
        import time
        from drive_adapters.local_scan import LocalWalk
        started = time.perf_counter()
        entries = sum(len(batch) for batch in LocalWalk({str(root).encode()!r}, walker={walker!r}))
        print(time.perf_counter() - started, entries)
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1].split()[0])


def store_memory(entries: int, store: Path) -> tuple[float, float]:
    """Write ``entries`` synthetic entries through SnapshotWriter; (seconds, peak RSS MB)."""
    code = textwrap.dedent(f"""
        import resource, time
        from drive_adapters.inventory import EntryKind, ScanEntry
        from sessions.inventory import SnapshotWriter
        from sessions.store import Store
        store = Store.open({str(store)!r})
        started = time.perf_counter()
        with SnapshotWriter(store, "/bench", b"/bench") as writer:
            for i in range({entries}):
                path = b"Map %03d/Submap %03d/Document %07d.docx" % (i % 97, i % 89, i)
                writer.add(ScanEntry(path, EntryKind.FILE, i % 5000, 1.6e9))
            writer.complete()
        elapsed = time.perf_counter() - started
        # VmHWM: this process image's own peak (ru_maxrss would include the parent's peak,
        # which Linux carries over into the child at exec)
        with open("/proc/self/status") as status:
            hwm = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
        print(elapsed, hwm / 1024)
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    seconds, peak = out.stdout.split()
    return float(seconds), float(peak)


def main() -> None:
    """Print the scan ratio against find and the memory figure."""
    work = Path(tempfile.mkdtemp(prefix="cardsort-bench-scan-"))
    try:
        tree = work / "share"
        started = time.perf_counter()
        make_tree(tree, FILES)
        print(f"generated {FILES:,} files in {time.perf_counter() - started:.1f} s")
        # find and the scan take turns, so that a noisy spell of the machine hits both.
        finds, scans = [], []
        for i in range(ROUNDS):
            finds.append(run_find(tree))
            scans.append(scan_in_process(tree, work / f"scan{i}.sqlite"))
        find, scan = min(finds), min(scans)
        paired = sorted(s / f for s, f in zip(scans, finds, strict=True))
        print(f"find -printf:        {find:6.2f} s  (baseline, best of {ROUNDS})")
        print(f"cardsort scan:       {scan:6.2f} s  (best of {ROUNDS}, store writes included)")
        print(f"ratio scan / find:   {scan / find:6.2f}x  (goal <= 1.5x)")
        print(
            f"  round by round:    {' '.join(f'{r:.2f}' for r in paired)}"
            f"  (median {paired[len(paired) // 2]:.2f}x)"
        )
        print(f"  scan peak RSS:     {max(SCAN_PEAKS):6.0f} MB")
        walk = min(walk_only(tree, "find") for _ in range(3))
        print(f"  the find walk alone:   {walk:6.2f} s  ({walk / find:.2f}x find)")
        python_scan = min(scan_in_process(tree, work / f"py{i}.sqlite", "python") for i in range(3))
        python_walk = min(walk_only(tree, "python") for _ in range(3))
        print(
            f"  Python walker (no GNU find): scan {python_scan:.2f} s ({python_scan / find:.2f}x),"
            f" walk alone {python_walk:.2f} s"
        )
        seconds, peak = store_memory(ENTRIES, work / "memory.sqlite")
        print(
            f"store {ENTRIES:,} entries: {seconds:6.1f} s, peak RSS {peak:.0f} MB (goal < 300 MB)"
        )
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this benchmark process itself peaked at {own:.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
