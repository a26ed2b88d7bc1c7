"""Opt-in: the adapter against a real Google Workspace (skipped without credentials).

Set ``CARDSORT_GDRIVE_LIVE_CREDENTIALS`` (an OAuth token or service-account key file),
``CARDSORT_GDRIVE_LIVE_TARGET`` (e.g. ``shared:cardsort-test``) and, for a service account,
``CARDSORT_GDRIVE_LIVE_SUBJECT``. The test works in a new folder and trashes it afterwards.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from drive_adapters.base import NameConflict
from drive_adapters.gdrive import GDriveAdapter, md5_of, open_target

pytestmark = pytest.mark.live

CREDS = os.environ.get("CARDSORT_GDRIVE_LIVE_CREDENTIALS")
TARGET = os.environ.get("CARDSORT_GDRIVE_LIVE_TARGET")


@pytest.mark.skipif(not (CREDS and TARGET), reason="no live Google Workspace configured")
def test_live_create_upload_move_and_trash(tmp_path: Path) -> None:
    assert CREDS and TARGET
    options = {"credentials": CREDS}
    if os.environ.get("CARDSORT_GDRIVE_LIVE_SUBJECT"):
        options["subject"] = os.environ["CARDSORT_GDRIVE_LIVE_SUBJECT"]
    drive = open_target(TARGET, options)
    assert isinstance(drive, GDriveAdapter)
    work = drive.create_folder(drive.root_id, f"cardsort-live-{int(time.time())}")
    try:
        with pytest.raises(NameConflict):
            drive.create_folder(drive.root_id, work.name)
        (tmp_path / "a.txt").write_bytes(b"hallo " * 50_000)
        item = drive.upload(tmp_path / "a.txt", work.id, "a.txt", mtime=1_600_000_000.0)
        assert item.hashes["md5"] == md5_of(tmp_path / "a.txt")
        sub = drive.create_folder(work.id, "sub")
        moved = drive.move(item.id, sub.id, "b.txt")
        assert (moved.parent_id, moved.name) == (sub.id, "b.txt")
        assert drive.fetch(item.id).mtime == 1_600_000_000.0
    finally:
        for child in list(drive.children(work.id)):
            for grandchild in list(drive.children(child.id)) if child.is_folder else []:
                drive.delete(grandchild.id)
            drive.delete(child.id)
        drive.delete(work.id)
