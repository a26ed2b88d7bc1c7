"""Opt-in: the adapter against a real Microsoft 365 tenant. Skipped unless configured.

Set CARDSORT_LIVE_ONEDRIVE_TARGET (e.g. ``site:https://school.sharepoint.com/sites/Test/Docs``),
CARDSORT_GRAPH_CLIENT_ID, CARDSORT_GRAPH_TENANT, and for app-only CARDSORT_GRAPH_CLIENT_SECRET
with CARDSORT_LIVE_ONEDRIVE_AUTH=secret. The test works in a new folder and removes it again.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from drive_adapters.onedrive import open_target
from drive_adapters.onedrive.quickxor import quickxorhash_file

TARGET = os.environ.get("CARDSORT_LIVE_ONEDRIVE_TARGET")

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not TARGET, reason="set CARDSORT_LIVE_ONEDRIVE_TARGET to run live tests"),
]


def test_create_upload_move_and_clean_up(tmp_path: Path) -> None:
    assert TARGET is not None
    adapter = open_target(TARGET, {"auth": os.environ.get("CARDSORT_LIVE_ONEDRIVE_AUTH", "device")})
    try:
        top = adapter.create_folder(adapter.root().id, f"cardsort-live-{uuid.uuid4().hex[:8]}")
        sub = adapter.create_folder(top.id, "Groep 7")
        src = tmp_path / "big.bin"
        src.write_bytes(os.urandom(5 * 1024 * 1024 + 17))  # an upload session
        item = adapter.upload(src, top.id, "big.bin", mtime=1.6e9)
        assert item.hashes.get("quickXorHash") == quickxorhash_file(src)
        moved = adapter.move(item.id, sub.id, "renamed.bin")
        assert moved.id == item.id and moved.parent_id == sub.id
        adapter.delete(moved.id)
        adapter.delete(sub.id)
        adapter.delete(top.id)
    finally:
        adapter.close()
