"""An admin who is not root migrates a share with folders they cannot read: the plan carries
them as "not readable, left in place", the admin is told, nothing ends in a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import as_admin

WORKER = Path(__file__).with_name("unreadable_worker.py")
REPO = Path(__file__).resolve().parents[2]


def test_unreadable_folders_are_left_in_place_and_listed(world: Path) -> None:
    share, work = world / "share", world / "work"
    for rel, data in [
        ("Directie/begroting.xlsx", b"geheim\n"),
        ("Groep 7/Rekenen/blok 1.docx", b"rekenen\n"),
        ("Groep 7/Dossiers/leerling.docx", b"dossier\n"),
        ("Rekenen/tafels.docx", b"tafels\n"),
    ]:
        path = share / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    work.mkdir()
    for dirpath, _dirs, filenames in os.walk(world):
        os.chmod(dirpath, 0o777)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o666)
    (share / "Directie").chmod(0o700)  # owned by root: nobody cannot read it
    (share / "Groep 7" / "Dossiers").chmod(0o700)
    if os.geteuid() != 0:
        pytest.skip("needs root to make folders another user cannot read")
    proc = subprocess.run(
        as_admin([sys.executable, str(WORKER), str(share), str(work)]),
        env=dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="200", HOME=str(work)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = proc.stdout
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    statuses = [line.split()[1:] for line in out.splitlines() if line.startswith("STATUS")]
    assert statuses == [
        ["simulate", "simulated", "0"],
        ["apply", "local-copy", "0"],
        ["verify", "local-copy", "0"],
        ["apply", "local", "0"],
        ["verify", "local", "0"],
    ], out + proc.stderr[-3000:]
    assert "2 folders could not be read and stay where they are" in " ".join(out.split())
    # In place: the unreadable top folder stayed; the one inside a moving card folder travelled.
    assert (share / "Directie").is_dir()
    assert (share / "Onderwijs" / "Groep 7" / "Dossiers").is_dir()
    assert (share / "Onderwijs" / "Groep 7" / "Rekenen" / "blok 1.docx").is_file()
    # The copy holds everything readable, and nothing of what could not be read.
    copied = {p.relative_to(work / "kopie").as_posix() for p in (work / "kopie").rglob("*")}
    assert "Onderwijs/Groep 7/Rekenen/blok 1.docx" in copied
    assert not [p for p in copied if "Dossiers" in p or "Directie" in p]
