"""``cardsort treetest …`` end to end on a small study: create, tasks, simulate, results, edit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sessions.analysis_store import current_tree
from sessions.store import Store
from sessions.studies import get_study

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


Run = Callable[..., object]


def test_create_add_tasks_simulate_results_and_apply_the_edit(
    school: Store, run_cli: Callable[..., object], tmp_path: Path
) -> None:
    run = run_cli
    assert run("consensus", "rename", "school", "Zorg", "Diversen").exit_code == 0  # type: ignore[attr-defined]
    result = run("treetest", "create", "juni", "--study", "school")
    assert "consensus version 2 (A)" in result.output  # type: ignore[attr-defined]
    for key in ("c1", "c4", "c7", "c8", "c10"):
        r = run("treetest", "tasks", "add", "juni", "--nl", f"Waar is {key}?", "--correct", key)
        assert r.exit_code == 0  # type: ignore[attr-defined]
    bad = run("treetest", "tasks", "add", "juni", "--nl", "?", "--correct", "Archief")
    assert bad.exit_code == 2 and "no folder ‘Archief’" in bad.stderr  # type: ignore[attr-defined]

    run("treetest", "simulate", "juni", "--participants", "20", "--vague", "Diversen")
    html = tmp_path / "tt.html"
    out = tmp_path / "tt.json"
    result = run("treetest", "results", "juni", "--html", str(html), "--json", str(out))
    text = result.output  # type: ignore[attr-defined]
    assert "Per folder (most confusing first)" in text
    assert "[1] Rename folder 'Diversen' to 'Zorg'" in text
    document = json.loads(out.read_text("utf-8"))
    assert document["folders"][0]["label"] == "Diversen"
    assert document["edits"][0] == {
        "version": "A",
        "kind": "rename",
        "folder": [2],
        "folder_label": "Diversen",
        "new_name": "Zorg",
        "card_key": "",
        "card_label": "",
    }
    page = html.read_text("utf-8")
    assert "Where people went" not in page and "Waar gingen mensen heen" in page  # study is nl
    assert "Diversen" in page

    result = run("treetest", "apply-edit", "juni", "1")
    assert "Stored consensus version 3" in result.output  # type: ignore[attr-defined]
    study = get_study(school, "school")
    current = current_tree(school, study.id)
    assert current is not None and current.tree["groups"][2]["label"] == "Zorg"

    result = run("treetest", "create", "juni-2", "--study", "school", "--tasks-from", "juni")
    assert "Copied 5 tasks" in result.output  # type: ignore[attr-defined]


def test_export_and_import_round_trip_and_bad_files_change_nothing(
    school: Store, run_cli: Callable[..., object], tmp_path: Path
) -> None:
    run = run_cli
    run("treetest", "create", "a", "--study", "school")
    run("treetest", "create", "b", "--study", "school")
    for name in ("a", "b"):
        run("treetest", "tasks", "add", name, "--nl", "Waar?", "--correct", "Zorg/Toetsen")
    run("treetest", "simulate", "a", "--participants", "4")
    exported = tmp_path / "a.csv"
    run("treetest", "export", "a", str(exported))
    result = run("treetest", "import", "b", str(exported))
    assert "Imported 4 answers" in result.output  # type: ignore[attr-defined]
    again = run("treetest", "import", "b", str(exported))
    assert again.exit_code == 2 and "Nothing was imported" in again.stderr  # type: ignore[attr-defined]

    bad = tmp_path / "bad.csv"
    bad.write_text("participant,task,chosen\nx,t1,Zorg/Toetsen\ny,t1,Nergens\n", "utf-8")
    refused = run("treetest", "import", "a", str(bad))
    assert refused.exit_code == 2  # type: ignore[attr-defined]
    assert "bad.csv:3: there is no folder 'Nergens'" in refused.stderr  # type: ignore[attr-defined]
    skipped = run("treetest", "import", "a", str(bad), "--skip-bad")
    assert "Imported 1 answers" in skipped.output  # type: ignore[attr-defined]


def test_proposals_come_from_the_study_files(school: Store, run_cli: Callable[..., object]) -> None:
    run_cli("treetest", "create", "juni", "--study", "school")
    result = run_cli("treetest", "tasks", "propose", "juni")
    assert "No file names were safe" in result.output  # type: ignore[attr-defined]  # no scan
