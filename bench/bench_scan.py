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


def best_of(runs: int, command: list[str]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return min(times)


def scan_in_process(root: Path, store: Path, walker: str = "auto") -> float:
    """Time cardsort's scan in a fresh interpreter, excluding interpreter start-up."""
    code = textwrap.dedent(f"""
        import time
        from sessions.store import Store
        from cardsort.scan import scan_local
        store = Store.open({str(store)!r})
        started = time.perf_counter()
        scan_local(store, {str(root)!r}, walker={walker!r})
        print(time.perf_counter() - started)
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


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
        find = best_of(3, ["find", str(tree), "-printf", r"%s %T@ %p\n"])
        scans = [scan_in_process(tree, work / f"scan{i}.sqlite") for i in range(3)]
        scan = min(scans)
        print(f"find -printf:        {find:6.2f} s  (baseline, best of 3)")
        print(f"cardsort scan:       {scan:6.2f} s  (best of 3, store writes included)")
        print(f"ratio scan / find:   {scan / find:6.2f}x  (goal <= 1.5x)")
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
