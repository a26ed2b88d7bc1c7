"""Fixtures for the OneDrive adapter tests: a running fake Graph server and an adapter on it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drive_adapters.onedrive import OneDriveAdapter, open_target
from tests.fakes.graph_server import FakeGraphServer

#: Small limits so that upload sessions (and their 320 KiB fragments) happen with small files.
SMALL = {"simple_upload_max": "100000", "fragment_size": str(320 * 1024)}


@pytest.fixture
def graph() -> Iterator[FakeGraphServer]:
    """A strict fake Graph server on a free loopback port."""
    with FakeGraphServer() as server:
        yield server


@pytest.fixture
def connect(graph: FakeGraphServer) -> Iterator[Callable[..., OneDriveAdapter]]:
    """Open adapters on the fake (``connect(concurrency="8")``); all closed afterwards."""
    opened: list[OneDriveAdapter] = []

    def make(spec: str = "me", **options: str) -> OneDriveAdapter:
        adapter = open_target(spec, {"base_url": graph.url, **SMALL, **options})
        opened.append(adapter)
        return adapter

    yield make
    for adapter in opened:
        adapter.close()


@pytest.fixture
def onedrive(connect: Callable[..., OneDriveAdapter]) -> OneDriveAdapter:
    """An adapter on the fake's "my OneDrive"."""
    return connect()


def make_tree(root: Path, spec: dict[str, int], *, seed: int = 1) -> Path:
    """Files at relative paths with the given sizes, deterministic content, fixed mtimes."""
    for i, (rel, size) in enumerate(sorted(spec.items())):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        block = (f"{seed}:{rel}:".encode() * (size // max(1, len(rel)) + 2))[:size]
        path.write_bytes(block)
        os.utime(path, (1_600_000_000 + i * 3600, 1_600_000_000 + i * 3600))
    return root
