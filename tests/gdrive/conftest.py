"""Fixtures for the Google Drive tests: a fake Drive over real HTTPS, and adapters pointed at it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from drive_adapters.gdrive import GDriveAdapter, open_target
from tests.fakes.drive_server import Chaos, FakeDrive, FakeDriveServer, start_fake

SHARED = "Team Blokhuus"


@pytest.fixture
def fake_factory(tmp_path: Path) -> Iterator[Callable[..., tuple[FakeDriveServer, dict[str, str]]]]:
    """Start fakes with options (chaos, limits, latency); all are stopped after the test."""
    servers: list[FakeDriveServer] = []

    def make(**options: Any) -> tuple[FakeDriveServer, dict[str, str]]:
        server, ids = start_fake(
            tmp_path / f"cert{len(servers)}", shared_drives=[SHARED], **options
        )
        servers.append(server)
        return server, ids

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def fake(fake_factory: Callable[..., tuple[FakeDriveServer, dict[str, str]]]) -> FakeDriveServer:
    """A calm fake Drive with one shared drive called ``Team Blokhuus``."""
    server, _ids = fake_factory(keep_content=True)
    return server


def adapter_for(
    server: FakeDriveServer, spec: str = f"shared:{SHARED}", **options: str
) -> GDriveAdapter:
    """An adapter on the fake with millisecond backoff."""
    opts = server.options(retry_scale="0.001", **options)
    adapter = open_target(spec, opts)
    assert isinstance(adapter, GDriveAdapter)
    return adapter


@pytest.fixture
def drive(fake: FakeDriveServer) -> Iterator[GDriveAdapter]:
    adapter = adapter_for(fake)
    yield adapter
    adapter.close()


#: Every test file's modification time: the upload's metadata carries it, and the fake's chaos
#: dice roll on the request's content, so a time taken from the clock would make a seeded chaos
#: test draw other faults in every run.
FIXED_MTIME = 1_725_264_000.0  # 2024-09-02 08:00 UTC, the first school day


def make_tree(root: Path, files: dict[str, bytes]) -> Path:
    """Write ``{relative path: content}`` under ``root``, every file dated :data:`FIXED_MTIME`."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    return root


__all__ = ["SHARED", "Chaos", "FakeDrive", "adapter_for", "make_tree"]
