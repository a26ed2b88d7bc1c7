"""Files naming school files or people are private to their maker: store, plans, exports."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sessions.formats import jsonfmt
from sessions.private_files import SHARED_ENV, make_dirs, open_private
from sessions.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _lenient_umask() -> Any:
    """A umask that would give 0644/0755 files, as on most desktops: the tool must not rely
    on it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_store_is_0600_in_a_0700_folder_it_creates(tmp_path: Path) -> None:
    path = tmp_path / "data" / "cardsort-drive" / "workspace.sqlite"
    with Store.open(path) as store:
        store.conn.execute("SELECT 1")
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700 and mode(path.parent.parent) == 0o700
    for side in path.parent.glob("workspace.sqlite-*"):  # WAL and shared-memory files
        assert mode(side) == 0o600, side


def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    with Store.open(tmp_path / "w.sqlite"):
        pass
    assert mode(tmp_path) == 0o755 and mode(tmp_path / "w.sqlite") == 0o600


def test_plan_and_items_are_private(build: Callable[..., Any], trap_share: Path) -> None:
    built = build(trap_share)
    assert mode(built.plan_dir) == 0o700
    for name in ("plan.yaml", "items.csv"):
        assert mode(built.plan_dir / name) == 0o600, name


def test_exports_are_private_unless_the_user_asks_for_shared_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = tmp_path / "study.json"
    jsonfmt.write(private, {})
    assert mode(private) == 0o600
    monkeypatch.setenv(SHARED_ENV, "1")
    shared = tmp_path / "shared.json"
    jsonfmt.write(shared, {})
    assert mode(shared) == 0o644


def test_open_private_narrows_a_file_that_was_wider(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_text("old")
    path.chmod(0o666)
    with open_private(path, "w", encoding="utf-8") as handle:
        handle.write("source,target\n")
    assert mode(path) == 0o600 and path.read_text() == "source,target\n"
    make_dirs(tmp_path / "a" / "b", shared=True)
    assert mode(tmp_path / "a") == 0o755
