"""The catch-up pass: after a week of school work on the old share, ``migrate sync`` brings the
changes into the new structure; conflicts are listed, nothing is overwritten, a second sync does
nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.cli import main
from cardsort.cli._exit import ExitStatus

from .conftest import Built, TrapCopy

REPO = Path(__file__).resolve().parents[2]


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    return " ".join(capsys.readouterr().out.split())


def _write(path: Path, data: bytes, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def test_a_week_of_school_work_is_caught_up(
    trap_share: Path, trap_copy: TrapCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    plan, copy, target = trap_copy.plan, trap_copy.copy, trap_copy.target
    assert main(["migrate", "sync", plan, "--target", target]) == ExitStatus.BLOCKED  # not yet
    assert main(["migrate", "apply", plan, "--target", target]) == 0
    capsys.readouterr()
    assert main(["migrate", "sync", plan, "--target", target]) == 0
    assert "Nothing changed since the last catch-up" in _out(capsys)
    # A week of work on the old share.
    t = 1_700_000_000.0
    _write(trap_share / "Groep 7/Rekenen/blok 3.docx", b"nieuw blok\n", t)  # new, in a card
    _write(trap_share / "Groep 7/Rekenen/blok 1.docx", b"bijgewerkt\n" * 60, t)  # changed
    os.rename(trap_share / "Groep 7/Taal/dictee.docx", trap_share / "Groep 7/Taal/dictee 1.docx")
    (trap_share / "schoolgids.pdf").unlink()  # deleted
    _write(trap_share / "Groep 8/Notulen/2024.docx", b"ook in de bron gewijzigd\n", t)
    _write(trap_share / "nieuw bovenaan.txt", b"los\n", t)  # new, no card
    _write(trap_share / "Groep 7/Rekenen/vraag: wat?.docx", b"?\n", t)  # a name to fix
    # Meanwhile somebody edited the copy of 2024.docx in the new structure.
    edited = copy / "Organisatie/Notulen/Notulen/2024.docx"
    _write(edited, b"in het doel bewerkt\n", t + 50)
    capsys.readouterr()
    assert main(["migrate", "sync", plan, "--target", target, "--deleted", "mirror",
                 "--simulate"]) == 0  # fmt: skip
    preview = _out(capsys)
    assert "new: 4" in preview and "update: 1" in preview and "remove: 2" in preview
    assert not (copy / "Onderwijs/Vakken/Rekenen/blok 3.docx").exists()  # simulate changes nothing
    status = main(["migrate", "sync", plan, "--target", target, "--deleted", "mirror"])
    out = _out(capsys)
    assert status == ExitStatus.SET_ASIDE  # the conflict is listed
    assert "2024.docx: changed in the source and edited in the target meanwhile" in out
    assert edited.read_bytes() == b"in het doel bewerkt\n"  # never overwritten
    assert (copy / "Onderwijs/Vakken/Rekenen/blok 3.docx").read_bytes() == b"nieuw blok\n"
    assert (copy / "Onderwijs/Vakken/Rekenen/blok 1.docx").read_bytes() == b"bijgewerkt\n" * 60
    assert (copy / "Onderwijs/Vakken/Taal/dictee 1.docx").exists()
    assert not (copy / "Onderwijs/Vakken/Taal/dictee.docx").exists()
    assert not (copy / "Onderwijs/schoolgids.pdf").exists()
    assert (copy / "Nog indelen/nieuw bovenaan.txt").read_bytes() == b"los\n"
    # A new file's name is fixed for the target's rules, as the plan fixed every other name.
    assert (copy / "Onderwijs/Vakken/Rekenen/vraag_ wat_.docx").read_bytes() == b"?\n"
    # Replaced and removed copies are kept in the archive folder, never deleted.
    archive = copy / "_cardsort-vorige-versies"
    assert (archive / "Onderwijs/schoolgids.pdf").read_bytes() == b"pdf" * 300
    assert (archive / "Onderwijs/Vakken/Rekenen/blok 1.docx").exists()
    # A second catch-up does nothing (the conflict stays listed until someone looks at it).
    capsys.readouterr()
    again = main(["migrate", "sync", plan, "--target", target, "--deleted", "mirror"])
    out = _out(capsys)
    assert out.startswith("Catch-up: nothing.")
    assert "2024.docx: changed in the source and edited in the target" in out
    assert again == ExitStatus.SET_ASIDE
    # Verify knows the catch-up; the unresolved conflict is the one difference.
    capsys.readouterr()
    assert main(["migrate", "verify", plan, "--target", target]) == ExitStatus.DIFFERENCES
    out = _out(capsys)
    assert "1 difference:" in out and "Notulen/Notulen/2024.docx" in out, out
    assert (copy / "Onderwijs/Vakken/Rekenen/blok 3.docx").read_bytes() == b"nieuw blok\n"


def test_sync_refuses_in_place(trap_share: Path, build: Callable[..., Built]) -> None:
    built = build(trap_share)
    status = main(["migrate", "sync", str(built.plan_dir), "--target", f"local:{trap_share}"])
    assert status == ExitStatus.USAGE


@pytest.mark.parametrize("phase", ["before", "during", "after"])
def test_an_interrupted_catch_up_is_resumed(
    phase: str, trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    built = build(trap_share)
    plan, copy = str(built.plan_dir), tmp_path / "kopie"
    target = f"local-copy:{copy}"
    assert main(["migrate", "apply", plan, "--target", target]) == 0
    t = 1_700_000_000.0
    for n in range(4):
        _write(trap_share / f"Groep 7/Rekenen/nieuw {n}.docx", f"nieuw {n}\n".encode(), t)
    _write(trap_share / "Groep 7/Rekenen/blok 2.docx", b"bijgewerkt\n", t)
    env = dict(os.environ, CARDSORT_TEST_KILL_AT=f"3:{phase}", PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-m", "cardsort", "migrate", "sync", plan, "--target", target],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    assert main(["migrate", "sync", plan, "--target", target]) == 0
    folder = copy / "Onderwijs/Vakken/Rekenen"
    assert sorted(p.name for p in folder.iterdir()) == [
        "blok 1.docx", "blok 2.docx", *(f"nieuw {n}.docx" for n in range(4))
    ]  # fmt: skip
    assert (folder / "blok 2.docx").read_bytes() == b"bijgewerkt\n"
    archived = copy / "_cardsort-vorige-versies/Onderwijs/Vakken/Rekenen"
    assert [p.name for p in archived.iterdir()] == ["blok 2.docx"]  # once, not twice
    assert main(["migrate", "sync", plan, "--target", target]) == 0  # nothing left to do
    # Verify compares with the caught-up state: sync && verify --content holds.
    assert main(["migrate", "verify", plan, "--target", target, "--content"]) == 0
