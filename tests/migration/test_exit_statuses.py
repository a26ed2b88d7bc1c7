"""Every migrate verb exits 0 only when it did what it says (README, "Exit statuses").

These go through ``cardsort.cli.main`` (the console script's entry point), which is where the
status used to be dropped: ``apply && verify --content && <remove the old share>`` must stop at
the first command that did not succeed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from cardsort.planning import PlanOptions
from drive_adapters.executor.lock import PlanLock

from .conftest import Built, trap_consensus


def run(*args: str) -> int:
    return main(list(args))


def test_simulate_done_and_blocked(trap_share: Path, build: Callable[..., Built]) -> None:
    built = build(trap_share)
    assert run("migrate", "simulate", str(built.plan_dir), "--target", "simulated:onedrive") == 0
    local = build(trap_share, options=PlanOptions(rules="local"))
    status = run("migrate", "simulate", str(local.plan_dir), "--target", "simulated:onedrive")
    assert status == ExitStatus.BLOCKED


def test_apply_verify_undo_statuses(
    trap_share: Path, build: Callable[..., Built], capsys: pytest.CaptureFixture[str]
) -> None:
    built = build(trap_share)
    plan, target = str(built.plan_dir), f"local:{trap_share}"
    assert run("migrate", "resume", plan, "--target", target) == ExitStatus.USAGE  # never applied
    assert run("migrate", "apply", plan, "--target", target) == ExitStatus.DONE
    assert run("migrate", "verify", plan, "--target", target) == ExitStatus.DONE
    moved = trap_share / "Onderwijs" / "Vakken" / "Rekenen" / "blok 1.docx"
    data = moved.read_bytes()
    moved.unlink()
    assert run("migrate", "verify", plan, "--target", target) == ExitStatus.DIFFERENCES
    moved.write_bytes(data)
    # Something in the way of putting an old folder back: undo sets it (and what waits for
    # it) aside, finishes the rest, and says so.
    assert "Groep 7" not in os.listdir(trap_share)
    (trap_share / "Groep 7").write_bytes(b"a file where the old folder was\n")
    capsys.readouterr()
    assert run("migrate", "undo", plan, "--target", target) == ExitStatus.SET_ASIDE
    assert "run undo again" in " ".join(capsys.readouterr().out.split())
    (trap_share / "Groep 7").unlink()
    assert run("migrate", "undo", plan, "--target", target) == ExitStatus.DONE
    # An undone plan is refused, and nothing changes.
    assert run("migrate", "apply", plan, "--target", target) == ExitStatus.BLOCKED


def test_a_second_apply_of_the_same_plan_is_refused_while_one_runs(
    trap_share: Path, build: Callable[..., Built], capsys: pytest.CaptureFixture[str]
) -> None:
    built = build(trap_share)
    before = sorted(os.listdir(trap_share))
    with PlanLock(built.plan_dir, "apply"):
        status = run("migrate", "apply", str(built.plan_dir), "--target", f"local:{trap_share}")
    assert status == ExitStatus.BLOCKED
    assert "This plan is in use: apply by process" in capsys.readouterr().out
    assert sorted(os.listdir(trap_share)) == before
    assert not list(built.plan_dir.glob("journal*"))
    # Released when the holder ends: the next apply runs.
    assert run("migrate", "apply", str(built.plan_dir), "--target", f"local:{trap_share}") == 0


def test_plan_with_blocking_problems_exits_blocked_and_names_its_target(
    trap_share: Path, build: Callable[..., Built], capsys: pytest.CaptureFixture[str]
) -> None:
    build(trap_share)  # a study "s1" on the scan
    consensus = trap_share.parent / "consensus.json"
    consensus.write_text(json.dumps(trap_consensus().to_dict()), encoding="utf-8")
    capsys.readouterr()
    out_dir = str(trap_share.parent / "p")
    status = run("plan", "s1", "--out", out_dir, "--rules", "gdrive", "--consensus", str(consensus))
    out = " ".join(capsys.readouterr().out.split())
    assert "--target simulated:gdrive" in out, out
    assert status in (ExitStatus.DONE, ExitStatus.BLOCKED)
    assert (status == ExitStatus.BLOCKED) == ("problems block this plan" in out)


def test_usage_mistakes_exit_2() -> None:
    assert run("migrate", "apply", "/nonexistent/plan", "--target", "local:/x") == 2
    assert run("migrate", "nonsense") == 2


def test_the_documented_numbers() -> None:
    assert [int(s) for s in ExitStatus] == [0, 1, 2, 3, 4, 5, 130]
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for status in ExitStatus:
        assert f"| {int(status)} |" in readme, status
