"""Empty files on OneDrive: what they cost, and that they keep their modification time.

An upload session carries bytes in fragments named by ``Content-Range: bytes first-last/total``
(learn.microsoft.com/graph/api/driveitem-createuploadsession, "Upload bytes to the upload
session"); a range names at least one byte (RFC 9110 §14.4), so a file of zero bytes has no
fragment to send. The simple upload (``PUT …/content``, driveitem-put-content) takes the bytes
only, no ``fileSystemInfo``. So an empty file is a ``PUT`` plus a ``PATCH`` of its time: two
requests, where every other small file is one session plus one ``PUT``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drive_adapters.onedrive import OneDriveAdapter
from tests.fakes.graph_server import FakeGraphServer


def test_an_empty_file_arrives_with_its_time_in_two_requests(
    onedrive: OneDriveAdapter, graph: FakeGraphServer, tmp_path: Path
) -> None:
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    before = graph.counts()
    item = onedrive.upload(empty, onedrive.root().id, "leeg.txt", mtime=1.6e9)
    after = graph.counts()
    assert item.size == 0 and item.mtime == pytest.approx(1.6e9)
    assert graph.tree()["leeg.txt"]["mtime"] == pytest.approx(1.6e9)
    sent = {k: after[k] - before.get(k, 0) for k in after if after[k] != before.get(k, 0)}
    sent.pop("http", None)
    assert sum(sent.values()) == 2, sent
