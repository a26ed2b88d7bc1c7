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
    result = run_cli("drive", "onedrive", "upload", str(share), "me", "--into", "Oud",
                     "--base-url", graph.url)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "verify OK: 2 files checked" in result.output
    assert "verslag?.docx" not in "".join(graph.tree())  # made valid, not refused
    shown = run_cli("drive", "onedrive", "resolve", "me", "--base-url", graph.url)
    assert "Oud/" in shown.output


def test_a_bad_target_is_a_clear_error(run_cli: Callable[..., Any], graph: FakeGraphServer) -> None:
    result = run_cli("drive", "onedrive", "resolve", "site:nope", "--base-url", graph.url)
    assert result.exit_code == 2
    assert "SharePoint library URL" in result.stderr + result.output
