"""The OneDrive commands, run like a user would, against the fake Graph server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.fakes.graph_server import FakeGraphServer
from tests.onedrive.conftest import make_tree


def test_upload_then_resolve_shows_the_folder(
    run_cli: Callable[..., Any], graph: FakeGraphServer, tmp_path: Path
) -> None:
    share = make_tree(tmp_path / "share", {"a/verslag?.docx": 10, "a/b.txt": 20})
    journal = tmp_path / "kopie"
    result = run_cli("drive", "onedrive", "upload", str(share), "me", "--into", "Oud", "--base-url",
                     graph.url, "--journal", str(journal), "--lang", "en")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 files checked, 2 by content; 0 differences" in result.output
    assert "a/verslag?.docx  →  verslag_.docx" in result.output  # listed
    assert "Oud/a/verslag_.docx" in graph.tree()  # renamed by the OneDrive rules, not refused
    shown = run_cli("drive", "onedrive", "resolve", "me", "--base-url", graph.url)
    assert "Oud/" in shown.output
    # A plan like any other: migrate verify and undo work on the copy's folder.
    spec = f"onedrive:me?base_url={graph.url}"
    checked = run_cli("migrate", "verify", str(journal), "--target", spec, "--content")
    assert checked.exit_code == 0, checked.output
    undone = run_cli("migrate", "undo", str(journal), "--target", spec)
    assert undone.exit_code == 0, undone.output
    assert graph.tree() == {}


def test_upload_onto_a_taken_folder_is_blocked_and_changes_nothing(
    run_cli: Callable[..., Any], graph: FakeGraphServer, tmp_path: Path
) -> None:
    share = make_tree(tmp_path / "share", {"a/b.txt": 20})
    graph.add_folder(graph.me.root_id, "Oud")
    before = graph.tree()
    result = run_cli("drive", "onedrive", "upload", str(share), "me", "--into", "Oud", "--base-url",
                     graph.url, "--journal", str(tmp_path / "kopie"), "--lang", "en")  # fmt: skip
    assert result.exit_code == 3, result.output  # ExitStatus.BLOCKED
    assert "already holds ‘Oud’" in result.output
    assert graph.tree() == before


def test_a_bad_target_is_a_clear_error(run_cli: Callable[..., Any], graph: FakeGraphServer) -> None:
    result = run_cli("drive", "onedrive", "resolve", "site:nope", "--base-url", graph.url)
    assert result.exit_code == 2
    assert "SharePoint library URL" in result.stderr + result.output


def test_scan_stores_a_snapshot_with_ids_and_hashes(
    run_cli: Callable[..., Any], graph: FakeGraphServer, store_path: Path
) -> None:
    from sessions.inventory import iter_entries, latest_snapshot
    from sessions.store import Store

    top = graph.add_folder(graph.me.root_id, "Groep 7")
    file_id = graph.add_file(top, "rekenen.docx", b"sommen" * 50, mtime=1.6e9)
    result = run_cli("drive", "onedrive", "scan", "me", "--base-url", graph.url)
    assert result.exit_code == 0, result.output
    assert "1 files, 1 folders" in result.output
    with Store.open(store_path) as store:
        snapshot = latest_snapshot(store)
        entries = {e.path: e for e in iter_entries(store, snapshot.id)}
    entry = entries[b"Groep 7/rekenen.docx"]
    assert entry.item_id == file_id and entry.size == 300 and entry.hash_name == "quickXorHash"
    assert snapshot.source == "onedrive"
    assert snapshot.change_cursor and snapshot.change_cursor.startswith(graph.url)  # delta link
    assert snapshot.change_cursor not in result.output
