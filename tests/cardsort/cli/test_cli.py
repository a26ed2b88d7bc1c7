"""The scan, report and cards commands as a coordinator uses them, including their mistakes."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from drive_adapters.inventory import EntryKind, Problem
from sessions.inventory import iter_entries, latest_snapshot
from sessions.store import Store

Run = Callable[..., Any]


def running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def test_scan_prints_a_summary_per_top_level_item(run_cli: Run, demo_share: Path) -> None:
    result = run_cli("scan", str(demo_share), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    for name in ("Groep 5/", "Zorg/", "Nieuwe map (2)/", "Archief 2015/", "Total"):
        assert name in result.output
    assert "symbolic links (recorded, never followed)" in result.output
    assert "names that are not valid UTF-8" in result.output


def test_reports_as_csv_and_json(run_cli: Run, demo_share: Path, tmp_path: Path) -> None:
    assert run_cli("scan", str(demo_share), "--hash").exit_code == 0
    as_csv = run_cli("report", "duplicates", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    pest = {r["path"] for r in rows if r["path"].endswith("Pestprotocol.pdf")}
    assert pest == {
        "Protocollen/Pestprotocol.pdf",
        "Zorg/Overdracht/Pestprotocol.pdf",
        "Schoolgids/Pestprotocol.pdf",
        "Oud/Diversen/Pestprotocol.pdf",
    }
    out = tmp_path / "stale.json"
    assert (
        run_cli("report", "stale", "--years", "8", "--format", "json", "-o", str(out)).exit_code
        == 0
    )
    stale = json.loads(out.read_text())
    assert "Archief 2015" in {s["path"] for s in stale["stale"]}
    again = run_cli("report", "stale", "--format", "json", "-o", str(out))
    assert again.exit_code != 0 and "exists" in (again.output + again.stderr).lower()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "bestaat-niet", "does not exist"),
        (lambda p: (p / "los.txt", (p / "los.txt").write_text("x"))[0], "is a file, not a folder"),
    ],
)
def test_bad_scan_paths_give_clear_errors_and_exit_2(
    run_cli: Run, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    result = run_cli("scan", str(make(tmp_path)))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.output
    assert "no complete scan" in run_cli("cards", "propose").stderr


def test_reports_before_any_scan_explain_what_to_do(run_cli: Run) -> None:
    result = run_cli("report", "duplicates")
    assert result.exit_code == 2 and "cardsort scan PATH" in result.stderr


def test_cards_propose_edit_and_list(run_cli: Run, demo_share: Path) -> None:
    run_cli("scan", str(demo_share))
    proposed = run_cli("cards", "propose", "--target", "30-80")
    assert proposed.exit_code == 0, proposed.stderr
    assert run_cli("cards", "rename", "Nieuwe map (2)", "Diversen").exit_code == 0
    assert run_cli("cards", "describe", "Diversen", "Van alles en nog wat").exit_code == 0
    assert run_cli("cards", "drop", "Logo's").exit_code == 0
    added = run_cli("cards", "add", "Jaarkalender", "--source", "Jaarplanning")
    assert added.exit_code == 0, added.stderr
    listing = run_cli("cards", "list", "--sources").output
    assert "Diversen" in listing and "Van alles en nog wat" in listing
    assert "Logo's" not in listing and "Jaarkalender" in listing
    missing = run_cli("cards", "add", "Spook", "--source", "Bestaat/niet")
    assert missing.exit_code == 2 and "Bestaat/niet" in missing.stderr
    assert run_cli("cards", "propose", "--target", "eighty").exit_code == 2


def without_root_powers(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI as root without the capabilities that bypass file permissions."""
    return subprocess.run(
        [
            "setpriv",
            "--bounding-set=-dac_override,-dac_read_search",
            sys.executable,
            "-m",
            "cardsort",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(
    not (running_as_root() and shutil.which("setpriv")),
    reason="needs root and setpriv to drop the permission-bypassing capabilities",
)
def test_unreadable_root_and_folder_as_an_ordinary_user(tmp_path: Path) -> None:
    share = tmp_path / "share"
    (share / "Geheim").mkdir(parents=True)
    (share / "Geheim" / "a.txt").write_text("x")
    (share / "Open.txt").write_text("y")
    # Listable but not searchable: GNU find stumbles over it, so the Python walker takes over.
    (share / "Half").mkdir()
    (share / "Half" / "b.txt").write_text("z")
    store = tmp_path / "ws.sqlite"
    (share / "Geheim").chmod(0)
    (share / "Half").chmod(0o444)
    try:
        scanned = without_root_powers("--store", str(store), "scan", str(share), "--lang", "en")
        assert scanned.returncode == 0, scanned.stderr
        assert "could not be read" in scanned.stdout
        with Store.open(store) as opened:
            entries = {e.path: e for e in iter_entries(opened, latest_snapshot(opened).id)}
        assert entries[b"Geheim"].problems == (Problem.UNREADABLE,)
        assert entries[b"Geheim"].error == "Permission denied"
        assert b"Geheim/a.txt" not in entries
        assert entries[b"Half/b.txt"].kind is EntryKind.ERROR
        assert entries[b"Open.txt"].kind is EntryKind.FILE
        share.chmod(0)
        refused = without_root_powers("--store", str(store), "scan", str(share))
        assert refused.returncode == 2
        assert "cannot be read" in refused.stderr and "Traceback" not in refused.stderr
    finally:
        share.chmod(0o755)
        (share / "Geheim").chmod(0o755)
        (share / "Half").chmod(0o755)
