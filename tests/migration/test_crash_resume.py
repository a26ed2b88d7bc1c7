"""Crash tests: apply and undo are SIGKILLed at many operation counts, then resumed.

Each kill point is (operation number, phase): ``before`` the target is touched (journal says
started), ``during`` (target changed, journal not yet), ``after`` (journal says done). Every run
must end with exactly the layout of an uninterrupted run (paths, sizes, mtimes, SHA-256), pass
verify, and undo back to the original share byte for byte.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from drive_adapters.executor import KILL_ENV

from .conftest import Built, Manifest, manifest, open_executor, restore

WORKER = Path(__file__).with_name("crash_worker.py")
REPO = Path(__file__).resolve().parents[2]
PHASES = ("before", "during", "after")


def _killed(built: Built, spec: str, journal: Path, action: str, point: tuple[int, str]) -> None:
    env = dict(os.environ, **{KILL_ENV: f"{point[0]}:{point[1]}"})
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [sys.executable, str(WORKER), str(built.plan_dir), spec, str(journal), action],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, proc.stderr[-2000:])


def _points(n_ops: int, count: int, seed: int) -> list[tuple[int, str]]:
    every = [(n, phase) for n in range(1, n_ops + 1) for phase in PHASES]
    return sorted(random.Random(seed).sample(every, min(count, len(every))))


def _in_place(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> tuple[Built, str, Path, Manifest]:
    """The trap share planned for an in-place run: the plan, its target, a master copy to
    restore the share from before each kill, and the share's manifest as it was."""
    built = build(trap_share)
    master = tmp_path / "master"
    shutil.copytree(trap_share, master, symlinks=True)
    return built, f"local:{trap_share}", master, manifest(trap_share)


@pytest.mark.slow
def test_in_place_apply_killed_at_many_points_then_resumed(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    built, spec, master, original = _in_place(trap_share, build, tmp_path)
    reference = open_executor(built.plan_dir, spec, tmp_path / "ref.sqlite")
    n_ops = reference.apply().ran
    expected = manifest(trap_share)
    reference.undo()
    assert manifest(trap_share) == original

    points = _points(n_ops, 24, seed=20261128)
    assert len(points) >= 20
    for i, point in enumerate(points):
        restore(master, trap_share)
        journal = tmp_path / f"crash-{i}.sqlite"
        _killed(built, spec, journal, "apply", point)
        assert manifest(trap_share) != expected or point[0] == n_ops  # it really stopped
        resumed = open_executor(built.plan_dir, spec, journal)
        result = resumed.apply()
        assert result.ran + result.recovered >= 1
        assert manifest(trap_share) == expected, point
        assert resumed.verify().ok, point
        assert resumed.apply().nothing_to_do  # applied once, never twice
        resumed.undo()
        assert manifest(trap_share) == original, point


@pytest.mark.slow
def test_undo_killed_at_many_points_then_resumed(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    built, spec, master, original = _in_place(trap_share, build, tmp_path)
    first = open_executor(built.plan_dir, spec, tmp_path / "ref.sqlite")
    n_ops = first.apply().ran
    first.undo()
    for i, point in enumerate(_points(n_ops, 8, seed=7)):
        restore(master, trap_share)
        journal = tmp_path / f"undo-{i}.sqlite"
        open_executor(built.plan_dir, spec, journal).apply()
        _killed(built, spec, journal, "undo", point)
        open_executor(built.plan_dir, spec, journal).undo()
        assert manifest(trap_share) == original, point


@pytest.mark.slow
def test_copy_killed_at_many_points_then_resumed(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    built = build(trap_share)
    copy = tmp_path / "kopie"
    spec = f"local-copy:{copy}"
    original = manifest(trap_share)
    reference = open_executor(built.plan_dir, spec, tmp_path / "ref.sqlite")
    n_ops = reference.apply().ran
    expected = manifest(copy)
    reference.undo()
    for i, point in enumerate(_points(n_ops, 8, seed=11)):
        shutil.rmtree(copy)
        copy.mkdir()
        journal = tmp_path / f"copy-{i}.sqlite"
        _killed(built, spec, journal, "apply", point)
        resumed = open_executor(built.plan_dir, spec, journal)
        resumed.apply()
        assert manifest(copy) == expected, point
        assert not any(n.startswith(b".cardsort-part-") for n in map(os.path.basename, expected))
        assert resumed.verify(content=True).ok
    assert manifest(trap_share) == original
