"""What a resume costs after a kill: extra requests as a share of the work left (goal ≤ 5 %).

An upload migration (a generated school share, one plan built the way ``cardsort plan`` builds
it) is applied through the migration executor to the fake Graph server and to the fake Drive,
in a worker process like ``cardsort migrate apply``:

* baseline: one uninterrupted run on a fresh fake, requests counted;
* for each of a few seeded kill points (operation N, phase before/during/after the target
  changed; ``drive_adapters/executor/crash_points.py``): a run SIGKILLed there, then a second
  run that resumes from the same journal (``cardsort migrate resume``), on a fresh fake.

The work left at the kill is ``baseline − requests of the killed run``; the resume's extra cost
is ``killed + resume − baseline``; the share is the second over the first. Requests are API
calls as the service meters them (each ``$batch`` part / batch part counts). When a share goes
over the goal, the extra requests are printed by endpoint.

``BENCH_RESUME_FILES`` (default 240) sets the number of files, ``BENCH_RESUME_KILLS``
(default 3) the number of kill points, ``BENCH_RESUME_SEED`` (default 11) their seed.

Each kill's extra requests are printed by endpoint, and once more without the transfers the
kill itself cut off (an upload in flight, its bytes or its session, is sent again: up to two
per upload worker), which no resume strategy can save. One file in 60 is empty, and the
requests an empty file costs on each platform are printed with the reason.

Run ``python -m bench resume``; the worker is this module with ``--worker PLAN SPEC``.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

GOAL = 0.05
REPO = Path(__file__).resolve().parents[1]
SHARED = "Team"


def _school(root: Path, files: int) -> Path:
    """``files`` small documents under Groep N/Vak M/ (10 per folder); every 60th is empty."""
    rng = random.Random(5)
    for n in range(files):
        folder = root / f"Groep {n // 60 + 1}" / f"Vak {n // 10 % 6}"
        folder.mkdir(parents=True, exist_ok=True)
        size = 0 if n % 60 == 59 else rng.randint(300, 6_000)
        (folder / f"les {n}.docx").write_bytes(rng.randbytes(size))
    return root


#: Requests that carry an upload's bytes or open its session: sent again after a kill when the
#: kill cut them off (up to two per upload worker are in flight), whatever the resume does.
TRANSFERS = ("upload.", "POST createUploadSession", "PUT upload")


def _cut_off(extra: dict[str, int]) -> int:
    """Of a resume's extra requests, those that repeat transfers the kill cut off."""
    return sum(max(0, n) for label, n in extra.items() if label.startswith(TRANSFERS))


def _plan(share: Path, out: Path, rules: str) -> Path:
    """The plan ``cardsort plan`` would make: each top folder a card, the cards in two piles."""
    from cardsort.planning import PlanOptions
    from drive_adapters.local_scan import scan_tree
    from drive_adapters.plan import save_plan
    from sessions.models import Card
    from tests.migration.access_plans import plan_of_piles

    entries = list(scan_tree(share))
    tops = sorted({e.path for e in entries if e.kind.value == "dir" and b"/" not in e.path})
    cards = [Card(i + 1, f"k{i}", os.fsdecode(t), "", i, sources=(t,)) for i, t in enumerate(tops)]
    half = max(1, len(cards) // 2)
    piles = [("Onderwijs", cards[:half]), ("Organisatie", cards[half:])]
    options = PlanOptions(rules=rules)
    return save_plan(
        plan_of_piles(share, entries, cards, piles, study="bench", options=options), out
    )


# ---- the two platforms: a fresh fake, its target spec, and its per-endpoint counts ----------

Counts = Callable[[], dict[str, int]]
Opener = Callable[[Path], AbstractContextManager[tuple[str, Counts]]]


@contextmanager
def _onedrive(scratch: Path) -> Iterator[tuple[str, Counts]]:
    from tests.fakes.graph_server import FakeGraphServer

    with FakeGraphServer() as server:

        def counts() -> dict[str, int]:
            # every label but the $batch envelope: each part is metered on its own
            return {
                k: v for k, v in server.counts().items() if k != "http" and not k.endswith("$batch")
            }

        yield f"onedrive:me?base_url={server.url}", counts


@contextmanager
def _gdrive(scratch: Path) -> Iterator[tuple[str, Counts]]:
    from tests.fakes.drive_server import start_fake

    server, _ = start_fake(
        scratch / f"cert{random.random()}", shared_drives=[SHARED], keep_content=True
    )
    try:
        spec = (
            f"gdrive:shared:{SHARED}?api_endpoint={server.api_endpoint}"
            f"&ca_certs={server.ca_path}&retry_scale=0.001&writes_per_second=0"
        )

        def counts() -> dict[str, int]:
            with server.drive.lock:
                raw = dict(server.drive.requests)
            return {k: v for k, v in raw.items() if k not in {"http", "batch"}}

        yield spec, counts
    finally:
        server.stop()


def _run(plan_file: Path, spec: str, kill: str | None) -> int:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("CARDSORT_TEST_KILL_AT", None)
    if kill:
        env["CARDSORT_TEST_KILL_AT"] = kill
    command = [sys.executable, "-m", "bench.bench_resume", "--worker", str(plan_file), spec]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    if kill is None and done.returncode != 0:
        raise SystemExit(f"run failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return done.returncode


def _diff(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    keys = set(a) | set(b)
    return {k: a.get(k, 0) - b.get(k, 0) for k in keys if a.get(k, 0) != b.get(k, 0)}


def platform(name: str, opener: Opener, share: Path, scratch: Path,
             rules: str, kills: int, seed: int) -> list[tuple[float, float]]:  # fmt: skip
    """Baseline and killed+resumed runs on one platform; prints and returns the shares."""
    plan_dir = scratch / f"{name}-plan"  # kept pristine: each run copies it, journal-free
    plan_file = _plan(share, plan_dir, rules)
    shutil.copytree(plan_dir, scratch / f"{name}-baseline")
    with opener(scratch) as (spec, counts):
        _run(scratch / f"{name}-baseline" / plan_file.name, spec, None)
        baseline = counts()
    print(f"  uninterrupted by endpoint: {dict(sorted(baseline.items()))}")
    total = sum(baseline.values())
    from drive_adapters.plan import load_plan

    ops = len(load_plan(plan_file).items)
    print(f"{name}: {total} requests uninterrupted ({ops} plan items)")
    empty = sum(1 for p in share.rglob("*") if p.is_file() and p.stat().st_size == 0)
    if name == "OneDrive":
        # driveitem-createuploadsession: a fragment names its bytes (Content-Range), and zero
        # bytes have none; PUT …/content takes no fileSystemInfo. So: PUT, then PATCH the time.
        print(
            f"  {empty} empty files: {baseline.get('PUT content', 0)} PUT content + "
            f"{baseline.get('PATCH item', 0)} PATCH item (2 requests each: an upload session "
            "has no fragment for 0 bytes, a simple PUT cannot set the time)"
        )
    else:
        print(f"  {empty} empty files: one files.create each, the time in its metadata")
    rng = random.Random(seed)
    shares = []
    points = sorted(rng.sample(range(max(2, ops // 10), max(3, ops * 9 // 10)), kills))
    for k, at in enumerate(points):
        phase = rng.choice(["before", "during", "after"])
        run_dir = scratch / f"{name}-kill{k}"
        shutil.copytree(plan_dir, run_dir)
        with opener(scratch) as (spec, counts):
            code = _run(run_dir / plan_file.name, spec, f"{at}:{phase}")
            killed = counts()
            _run(run_dir / plan_file.name, spec, None)
            both = counts()
        resumed = _diff(both, killed)
        k_total, r_total = sum(killed.values()), sum(resumed.values())
        left = total - k_total
        extra = k_total + r_total - total
        where = _diff(both, baseline)
        cut = min(_cut_off(where), max(0, extra))
        share_ = extra / left if left > 0 else 0.0
        own = (extra - cut) / left if left > 0 else 0.0
        shares.append((share_, own))
        died = "killed" if code == -signal.SIGKILL else f"exit {code} (not killed)"
        verdict = "ok" if share_ <= GOAL else "OVER"
        print(
            f"  kill at op {at:4d} {phase:6s} ({died}): killed run {k_total:5d}, resume "
            f"{r_total:5d}, work left {left:5d}, extra {extra:+5d} = {share_:6.1%} "
            f"of the work left  [{verdict}, goal ≤ {GOAL:.0%}]; without the {cut} transfers "
            f"the kill cut off: {own:.1%}"
        )
        by_kind = ", ".join(f"{k} {n:+d}" for k, n in sorted(where.items(), key=lambda kv: -kv[1]))
        print(f"      extra by endpoint: {by_kind or 'none'}")
    return shares


def main() -> None:
    files = int(os.environ.get("BENCH_RESUME_FILES", "240"))
    kills = int(os.environ.get("BENCH_RESUME_KILLS", "3"))
    seed = int(os.environ.get("BENCH_RESUME_SEED", "11"))
    with tempfile.TemporaryDirectory(prefix="bench-resume-") as name:
        scratch = Path(name)
        share = _school(scratch / "share", files)
        print(f"Upload migration of {files} small files, killed at {kills} seeded points each")
        results = {
            "OneDrive": platform("OneDrive", _onedrive, share, scratch, "onedrive", kills, seed),
            "Google Drive": platform(
                "Google Drive", _gdrive, share, scratch, "gdrive", kills, seed
            ),
        }
        for who, shares in results.items():
            worst = max((s for s, _ in shares), default=0.0)
            worst_own = max((o for _, o in shares), default=0.0)
            verdict = "meets" if worst <= GOAL else "misses"
            print(
                f"{who}: worst resume cost {worst:.1%} of the work left ({verdict} ≤ {GOAL:.0%}); "
                f"{worst_own:.1%} without transfers the kill cut off"
            )


def worker(plan_file: Path, spec: str) -> int:
    """Apply (or resume) the plan on the target, with the journal ``cardsort migrate`` uses."""
    from cardsort.cli.migrate import journal_path
    from drive_adapters.executor import Executor
    from drive_adapters.journal import Journal
    from drive_adapters.plan import load_plan
    from drive_adapters.targets import open_target

    plan = load_plan(plan_file)
    target = open_target(spec, plan)
    journal = Journal(journal_path(plan_file.parent, target.label))
    try:
        executor = Executor(
            plan, target.adapter, target.mode, journal, target_label=target.label,
            source_adapter=target.source_adapter,
        )  # fmt: skip
        executor.apply()
    finally:
        journal.close()
        target.adapter.close()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        sys.exit(worker(Path(sys.argv[2]), sys.argv[3]))
    main()
