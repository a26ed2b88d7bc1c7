"""Benchmarks of migration planning and in-place apply.

1. Build and validate a plan (portable rules) for a synthetic 1,000,000-entry inventory, in a
   child process so its peak memory is measured alone. Targets: < 30 s, < 2 GB. Baseline in the
   same run: loading the same entries into a dict (the least any planner must do).
2. Restructure a 100,000-file share in place on disk: operations scale with cards, not files.
   Prints the filesystem operations the executor ran (mkdir/rename/rmdir) against the
   file-by-file baseline count (one move per file plus one mkdir per folder, what a copy-style
   tool does), the wall time of apply, verify and undo, and checks undo restored every path.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.executor import Executor
from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from drive_adapters.journal import Journal
from drive_adapters.local import LocalAdapter
from drive_adapters.local_scan import scan_tree
from drive_adapters.plan import Mode, operations
from sessions.models import Card, Snapshot, SnapshotStatus

N_CARDS = 60
PER_CARD_DIRS = 40


def _node(label: str, keys: list[str]) -> ConsensusNode:
    return ConsensusNode(label, (), tuple(keys), tuple(keys), 1.0, 1.0)


def _consensus(keys: list[str]) -> ConsensusTree:
    groups = [_node(f"Groep {g}", keys[g::8]) for g in range(7)]
    return ConsensusTree(tuple(groups), tuple(keys[7::8]))


def _cards(n: int) -> list[Card]:
    return [
        Card(i, f"k{i}", f"Kaart {i}", "", i, sources=(f"Map {i:02d}".encode(),)) for i in range(n)
    ]


def _snapshot(root: bytes, n: int) -> Snapshot:
    return Snapshot(
        1,
        os.fsdecode(root),
        root,
        "local",
        None,
        "",
        "",
        SnapshotStatus.COMPLETE,
        False,
        n,
        n,
        0,
        0,
        0,
    )


def synthetic_entries(total: int) -> Iterator[ScanEntry]:
    """``total`` entries: N_CARDS top folders, subfolders, files, and a sprinkling of traps."""
    per_card = total // N_CARDS
    files_per_dir = max(1, per_card // PER_CARD_DIRS - 1)
    made = 0
    for card in range(N_CARDS):
        top = f"Map {card:02d}".encode()
        yield ScanEntry(top, EntryKind.DIR)
        made += 1
        for d in range(PER_CARD_DIRS):
            sub = top + f"/Sub {d}".encode()
            yield ScanEntry(sub, EntryKind.DIR)
            made += 1
            for f in range(files_per_dir):
                if made >= total:
                    return
                if f % 997 == 0:
                    name = f"Notulen {f}: versie?.docx".encode()  # OneDrive refuses ':' and '?'
                elif f % 991 == 0:
                    name = f"RAPPORT {f - 1}.docx".encode()  # a case twin of the file before
                elif f % 983 == 0:
                    name = b"~$open.docx"
                else:
                    name = f"rapport {f}.docx".encode()
                problems = (Problem.LOCK_FILE,) if name.startswith(b"~$") else ()
                yield ScanEntry(
                    sub + b"/" + name,
                    EntryKind.FILE,
                    size=1000 + f,
                    mtime=1.6e9 + f,
                    problems=problems,
                )
                made += 1
    while made < total:  # top up with loose files at the root
        yield ScanEntry(f"los {made}.txt".encode(), EntryKind.FILE, size=10, mtime=1.6e9)
        made += 1


def plan_million(total: int = 1_000_000) -> dict[str, float]:
    """Build + validate the plan for ``total`` synthetic entries; timings and peak RSS."""
    cards = _cards(N_CARDS)
    keys = [c.key for c in cards]
    started = time.perf_counter()
    entries = list(synthetic_entries(total))
    generate = time.perf_counter() - started
    started = time.perf_counter()
    baseline = {e.path: e for e in entries}
    load = time.perf_counter() - started
    del baseline
    started = time.perf_counter()
    cpu = time.process_time()
    plan = build_plan(
        _consensus(keys),
        cards,
        _snapshot(b"/synthetic", total),
        entries,
        study="bench",
        options=PlanOptions(rules="portable"),
    )
    build = time.perf_counter() - started
    build_cpu = time.process_time() - cpu
    started = time.perf_counter()
    ops_in_place = len(operations(plan, Mode.IN_PLACE))
    ops_copy = len(operations(plan, Mode.COPY))
    derive = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {
        "entries": len(entries),
        "generate_s": generate,
        "load_s": load,
        "build_s": build,
        "derive_ops_s": derive,
        "build_cpu_s": build_cpu,
        "load_avg": os.getloadavg()[0],
        "peak_rss": peak,
        "items": len(plan.items),
        "fixed": plan.counts()["renamed"],
        "excluded": plan.counts()["excluded"],
        "ops_in_place": ops_in_place,
        "ops_copy": ops_copy,
    }


def _write_share(root: Path, files: int, cards: int) -> None:
    per_card = files // cards
    dirs = 20
    for c in range(cards):
        top = root / f"Map {c:02d}"
        for d in range(dirs):
            sub = top / f"Sub {d}"
            sub.mkdir(parents=True)
            for f in range(per_card // dirs):
                fd = os.open(sub / f"bestand {f}.txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                os.close(fd)


def _paths(root: Path) -> set[bytes]:
    base = os.fsencode(root)
    found: set[bytes] = set()
    for dirpath, dirnames, filenames in os.walk(base):
        for name in dirnames + filenames:
            found.add(os.path.relpath(os.path.join(dirpath, name), base))
    return found


def restructure(files: int = 100_000, cards: int = 50) -> dict[str, float]:
    """Apply an in-place restructure of a ``files``-file share; count operations and time."""
    with tempfile.TemporaryDirectory(prefix="cardsort-bench-") as tmp:
        share = Path(tmp) / "share"
        started = time.perf_counter()
        _write_share(share, files, cards)
        write_s = time.perf_counter() - started
        before = _paths(share)
        started = time.perf_counter()
        entries = list(scan_tree(os.fsencode(share)))
        scan_s = time.perf_counter() - started
        card_list = _cards(cards)
        plan = build_plan(
            _consensus([c.key for c in card_list]),
            card_list,
            _snapshot(os.fsencode(share), len(entries)),
            entries,
            study="bench",
            options=PlanOptions(rules="local"),
        )
        n_files = sum(1 for e in entries if e.kind is EntryKind.FILE)
        n_dirs = sum(1 for e in entries if e.kind is EntryKind.DIR)
        baseline_ops = n_files + n_dirs + len(plan.folders)  # one move per file, mkdir per folder
        adapter = LocalAdapter(share)
        executor = Executor(
            plan,
            adapter,
            Mode.IN_PLACE,
            Journal(Path(tmp) / "journal.sqlite"),
            target_label=f"local:{share}",
            source_adapter=adapter,
        )
        started = time.perf_counter()
        result = executor.apply()
        apply_s = time.perf_counter() - started
        started = time.perf_counter()
        verified = executor.verify()
        verify_s = time.perf_counter() - started
        started = time.perf_counter()
        executor.undo()
        undo_s = time.perf_counter() - started
        restored = _paths(share) == before
        return {
            "files": n_files,
            "folders": n_dirs,
            "write_s": write_s,
            "scan_s": scan_s,
            "fs_ops": result.ran,
            "baseline_ops": baseline_ops,
            "apply_s": apply_s,
            "verify_s": verify_s,
            "verify_ok": float(verified.ok),
            "undo_s": undo_s,
            "restored": float(restored),
            "moves": result.by_kind.get("move", 0),
        }


def main() -> None:
    """Run both benchmarks and print the figures."""
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, bench.bench_plan as b; print(json.dumps(b.plan_million()))",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        check=True,
    )
    p = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"plan: {p['entries']:,} entries → {p['items']:,} items, {p['fixed']:,} names fixed, "
        f"{p['excluded']:,} excluded"
    )
    print(
        f"  build+validate {p['build_s']:.1f} s wall, {p['build_cpu_s']:.1f} s CPU (target < 30 s; "
        f"load average {p['load_avg']:.1f} on {os.cpu_count()} cores), peak RSS "
        f"{p['peak_rss'] / 2**30:.2f} GB (target < 2 GB)"
    )
    print(
        f"  baseline: loading the entries into a dict {p['load_s']:.2f} s → build is "
        f"{p['build_s'] / max(p['load_s'], 1e-9):.0f}× the baseline"
    )
    print(
        f"  operations: {p['ops_in_place']:,} in place vs {p['ops_copy']:,} file by file "
        f"(derived in {p['derive_ops_s']:.1f} s)"
    )
    r = restructure()
    print(f"in-place restructure of {r['files']:,} files in {r['folders']:,} folders, 50 cards:")
    print(
        f"  filesystem operations {r['fs_ops']:,} ({r['moves']:,} moves) vs file-by-file "
        f"baseline {r['baseline_ops']:,} → {r['baseline_ops'] / max(r['fs_ops'], 1):.0f}× fewer"
    )
    print(
        f"  apply {r['apply_s']:.2f} s (incl. comparing the live share with the scan), verify "
        f"{r['verify_s']:.2f} s (ok={bool(r['verify_ok'])}), undo {r['undo_s']:.2f} s "
        f"(restored={bool(r['restored'])})"
    )
    print(f"  (setup: writing the share {r['write_s']:.1f} s, scanning {r['scan_s']:.1f} s)")


if __name__ == "__main__":
    main()
