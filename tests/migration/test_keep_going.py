"""Keep going: an item that fails is set aside with its reason, the run finishes the rest, and
``migrate resume`` retries what was set aside once the cause is removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from drive_adapters.base import DriveItem
from drive_adapters.executor import KILL_ENV, Executor
from drive_adapters.journal import Journal, OpStatus
from drive_adapters.local import LocalAdapter
from drive_adapters.plan import load_plan
from drive_adapters.targets import open_target
from sessions.cards import NewCard

from .conftest import Built, contents, manifest, node, open_executor

WORKER = Path(__file__).with_name("crash_worker.py")
REPO = Path(__file__).resolve().parents[2]


def write_share(root: Path, cards: int = 10, files: int = 10) -> None:
    for c in range(cards):
        for f in range(files):
            path = root / f"kaart {c:02d}" / f"stuk {f:02d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f"kaart {c} stuk {f}\n".encode() * (f + 1))
            os.utime(path, (1_500_000_000, 1_500_000_000))


CARDS = [
    NewCard(f"Kaart {c:02d}", sources=(f"kaart {c:02d}".encode(),), key=f"k{c}") for c in range(10)
]


def consensus() -> ConsensusTree:
    return ConsensusTree(
        (
            node("Even", [f"k{c}" for c in range(0, 10, 2)]),
            node("Oneven", [f"k{c}" for c in range(1, 10, 2)]),
        ),
        (),
    )


def test_five_percent_failing_uploads_are_set_aside_and_resume_finishes_them(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    write_share(share)
    built = build(share, cards=CARDS, consensus=consensus())
    copy = tmp_path / "kopie"
    # 5 of the 100 files go missing between the plan and the apply (unreadable, locked, gone).
    victims = [share / f"kaart {c:02d}" / "stuk 03.txt" for c in (1, 3, 5, 7, 9)]
    kept = {v: v.read_bytes() for v in victims}
    for v in victims:
        v.unlink()
    ex = open_executor(built.plan_dir, f"local-copy:{copy}", watch_source=False)
    first = ex.apply(check_source=False)
    assert len(first.set_aside) == 5
    assert all("is gone" in line for line in first.set_aside)
    assert ex.journal.counts()["failed"] == 5
    landed = [p for p in manifest(copy) if p.endswith(b".txt")]
    assert len(landed) == 95  # everything else landed
    report = built.plan_dir / "r.csv"
    ex.write_report(report)
    rows = report.read_text(encoding="utf-8").splitlines()
    assert sum("set aside" in r and "is gone" in r for r in rows) == 5
    # The cause is removed; resume retries what was set aside, and only that.
    for v, data in kept.items():
        v.write_bytes(data)
        os.utime(v, (1_500_000_000, 1_500_000_000))
    second = ex.apply(check_source=False)
    assert not second.set_aside and second.ran == 5
    assert second.already_done == len(ex.ops) - 5
    assert ex.verify(content=True).ok
    assert contents(manifest(copy)) == contents(manifest(share))
    ex.journal.close()


def test_cli_exit_status_says_done_with_items_set_aside(
    tmp_path: Path, build: Callable[..., Built], capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "share"
    write_share(share, cards=10, files=2)
    built = build(share, cards=CARDS, consensus=consensus())
    copy = f"local-copy:{tmp_path / 'kopie'}"
    plan = str(built.plan_dir)
    # Apply runs (the source matched the scan), killed before it reached the victim.
    victim = share / "kaart 09" / "stuk 01.txt"
    data = victim.read_bytes()
    ex = open_executor(built.plan_dir, copy, watch_source=False)
    ex.journal.close()
    os.environ["CARDSORT_TEST_KILL_AT"] = "1:after"
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child kills itself
            try:
                main(["migrate", "apply", plan, "--target", copy])
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
    finally:
        del os.environ["CARDSORT_TEST_KILL_AT"]
    assert os.WIFSIGNALED(status)
    victim.unlink()
    capsys.readouterr()
    assert main(["migrate", "resume", plan, "--target", copy]) == ExitStatus.SET_ASIDE
    out = " ".join(capsys.readouterr().out.split())
    assert "1 operation set aside" in out and "stuk 01.txt is gone" in out
    assert main(["migrate", "verify", plan, "--target", copy]) == ExitStatus.DIFFERENCES
    victim.write_bytes(data)
    os.utime(victim, (1_500_000_000, 1_500_000_000))
    assert main(["migrate", "resume", plan, "--target", copy]) == ExitStatus.DONE
    assert main(["migrate", "verify", plan, "--target", copy, "--content"]) == ExitStatus.DONE


class CountingLocal(LocalAdapter):
    """The real local adapter, remembering every path the executor looked up."""

    looked_up: list[tuple[str, ...]]

    def item_at(self, path: Sequence[str]) -> DriveItem | None:
        self.looked_up.append(tuple(path))
        return super().item_at(path)


def test_resume_probes_only_the_operations_that_were_started(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    write_share(share, cards=10, files=2)
    built = build(share, cards=CARDS, consensus=consensus())
    spec = f"local:{share}"
    journal = built.plan_dir / "journal.sqlite"
    env = dict(os.environ, **{KILL_ENV: "3:before"}, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, str(WORKER), str(built.plan_dir), spec, str(journal), "apply"],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    plan = load_plan(built.plan_dir)
    target = open_target(spec, plan)
    adapter = CountingLocal(share)
    adapter.looked_up = []
    ex = Executor(plan, adapter, target.mode, Journal(journal), target_label=target.label)
    rows = ex.journal.rows()
    started = [op for op in ex.ops if rows[op.seq].status is OpStatus.STARTED]
    pending = [op for op in ex.ops if rows[op.seq].status is OpStatus.PENDING]
    assert len(started) == 1 and len(pending) >= 8
    result = ex.apply()
    assert result.recovered + result.ran == len(pending) + 1 and not result.set_aside
    # Where a pending move's item lands is never asked for: only the started one is probed.
    probed = {op.dst for op in pending if op.dst in adapter.looked_up and op.kind.value == "move"}
    assert probed == set()
    assert started[0].dst in adapter.looked_up or started[0].src in adapter.looked_up
    assert ex.verify().ok
    ex.journal.close()
