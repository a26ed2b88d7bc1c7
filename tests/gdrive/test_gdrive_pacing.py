"""Every Drive request goes through the shared pacer: single calls, batches and the parts of a
batch that fail on their own, resumable chunks. One retry layer (the client library's
``num_retries`` is 0), so every error answer the fake injects is a retry the pacer counted."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from drive_adapters.base import DriveItem
from tests.fakes.drive_server import CHUNK_GRANULARITY, Chaos
from tests.gdrive.conftest import adapter_for


def test_batch_parts_that_fail_alone_are_retried_by_the_pacer(fake_factory: Any) -> None:
    server, _ = fake_factory(chaos=Chaos(rate_limit_403=0.15, server_error=0.1, seed=8))
    drive = adapter_for(server, batch_size="10")
    try:
        made = drive.create_folders([(drive.root_id, f"Kaart {n:02d}") for n in range(40)])
        stats = drive.pacer_stats
    finally:
        drive.close()
    assert all(isinstance(m, DriveItem) for m in made)
    assert server.drive.duplicate_names() == [] and not server.drive.bugs
    injected = server.drive.injected["403"] + server.drive.injected["5xx"]
    assert injected > 0
    # every injected fault was seen and retried by the one pacer, none by a second layer
    assert sum(stats.retries.values()) == injected
    assert stats.retries["throttled"] >= server.drive.injected["403"]


def test_dropped_upload_chunks_are_retried_by_the_pacer(fake_factory: Any, tmp_path: Path) -> None:
    server, _ = fake_factory(chaos=Chaos(drop_upload=0.4, seed=7), keep_content=True)
    drive = adapter_for(server, multipart_max="1", chunk_size=str(CHUNK_GRANULARITY))
    data = random.Random(2).randbytes(CHUNK_GRANULARITY * 5 + 17)
    (tmp_path / "film.mp4").write_bytes(data)
    try:
        item = drive.upload(tmp_path / "film.mp4", drive.root_id, "film.mp4")
        network = drive.pacer_stats.retries["network"]
    finally:
        drive.close()
    assert server.drive.files[item.id].content == data
    assert server.drive.injected["drop"] > 0
    # httplib2 itself sends once more when the connection turns out closed before any answer
    # (its stale keep-alive rule, which no option turns off); whether a drop surfaces there
    # or as a reset while sending depends on timing, so only the bound is exact.
    assert network <= server.drive.injected["drop"]
