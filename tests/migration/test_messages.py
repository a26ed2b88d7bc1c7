"""What simulate and verify tell the admin is exact: plan problems are counted once and not
called source changes; verify --content says what it compared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.cli import main
from cardsort.cli._exit import ExitStatus

from .conftest import Built, block_plan


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    return " ".join(capsys.readouterr().out.split())


def test_simulate_counts_a_plan_problem_once_and_not_as_a_source_change(
    trap_share: Path, build: Callable[..., Built], capsys: pytest.CaptureFixture[str]
) -> None:
    built = build(trap_share)
    block_plan(built.plan_dir, "schoolgids.pdf", "file-too-big", "too big")
    capsys.readouterr()
    status = main(["migrate", "simulate", str(built.plan_dir), "--target", f"local:{trap_share}"])
    out = _out(capsys)
    assert status == ExitStatus.BLOCKED
    assert "1 problem in the plan blocks it" in out
    assert "The source changed since the scan" not in out
    assert "Blocked: 1 problem must be solved before apply" in out


@pytest.mark.parametrize("hashes", [True, False])
def test_verify_content_in_place_says_what_it_compared(
    hashes: bool,
    trap_share: Path,
    build: Callable[..., Built],
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build(trap_share, hashes=hashes)
    plan, target = str(built.plan_dir), f"local:{trap_share}"
    assert main(["migrate", "apply", plan, "--target", target]) == 0
    capsys.readouterr()
    assert main(["migrate", "verify", plan, "--target", target, "--content"]) == 0
    out = _out(capsys)
    files = len(list(built.plan.placed_files()))
    hashed = sum(1 for i in built.plan.placed_files() if i.hash)
    assert (hashed > 0) == hashes
    assert (
        f"Checked {files:,} files and" in out
        and f"{hashed:,} files by content, {files - hashed:,} by size and modification time only"
        in out
    )
    assert "in place there is no other copy" in out
