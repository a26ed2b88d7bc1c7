"""Fixtures every test area shares: an isolated store, the CLI, the demo share, external data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from cardsort.cli import cli
from cardsort.demo_share import DemoShareStats, write_demo_share
from sessions.store import Store

# Property tests draw the same examples on every run (`make test` passes or fails the same way
# ten times in a row); `HYPOTHESIS_PROFILE=explore` draws fresh ones to hunt for new bugs, and a
# failure found there is pinned with @example before it is fixed.
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

REPO = Path(__file__).resolve().parents[1]
EXTERNAL_DATA = REPO.parent / "shared" / "data" / "external"


@pytest.fixture(autouse=True)
def _isolated_store_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test ever touches the user's real workspace store."""
    monkeypatch.setenv("CARDSORT_STORE", str(tmp_path / "workspace.sqlite"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """The path of this test's workspace store (same as CARDSORT_STORE)."""
    return tmp_path / "workspace.sqlite"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """An open, empty workspace store."""
    with Store.open(store_path) as opened:
        yield opened


@dataclass
class CliResult:
    """What a CLI run printed and returned."""

    exit_code: int
    output: str
    stderr: str


@pytest.fixture
def run_cli(store_path: Path) -> Callable[..., CliResult]:
    """Run ``cardsort ARGS`` in-process against this test's store, like a user would."""

    def run(*args: str, stdin: str | None = None) -> CliResult:
        runner = CliRunner()
        result = runner.invoke(
            cli,
            ["--store", str(store_path), *args],
            input=stdin,
            catch_exceptions=False,
            env={"COLUMNS": "200"},
        )
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture(scope="session")
def demo_share_master(tmp_path_factory: pytest.TempPathFactory) -> DemoShareStats:
    """The demo share, written once per test session. Copy it before changing anything."""
    return write_demo_share(tmp_path_factory.mktemp("demo") / "share")


@pytest.fixture
def demo_share(demo_share_master: DemoShareStats, tmp_path: Path) -> Path:
    """A private copy of the demo share (symlinks copied as symlinks)."""
    target = tmp_path / "share"
    shutil.copytree(demo_share_master.root, target, symlinks=True)
    return target


@pytest.fixture
def external_data() -> Path:
    """The folder of real card-sort datasets; the test is skipped when it is absent."""
    if not EXTERNAL_DATA.is_dir():
        pytest.skip(f"external datasets not found at {EXTERNAL_DATA}")
    return EXTERNAL_DATA


def running_as_root() -> bool:
    """Root reads everything, so permission tests drop to 'nobody' in a subprocess."""
    return hasattr(os, "geteuid") and os.geteuid() == 0
