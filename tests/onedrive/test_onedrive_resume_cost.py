"""What a resumed upload migration asks OneDrive beyond the work left.

The folders the killed run made are known by the ids its journal recorded: the resume walks no
path from the root (one ``GET children`` per level and folder, as it did). It lists only the
folders that hold an operation the journal shows as started, and sends nothing for the rest but
their uploads.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from drive_adapters.executor import KILL_ENV, Executor
from drive_adapters.journal import Journal, OpStatus
from drive_adapters.onedrive import OneDriveAdapter, open_target
from drive_adapters.plan import Mode, operations, save_plan
from tests.fakes.graph_server import FakeGraphServer
from tests.onedrive.conftest import make_tree
from tests.onedrive.onedrive_plans import upload_plan

REPO = Path(__file__).resolve().parents[2]
WORKER = Path(__file__).with_name("executor_worker.py")


def test_a_resume_lists_only_the_folders_of_started_uploads(tmp_path: Path) -> None:
    spec = {f"kaart {c}/stuk {f}.txt": 700 + 13 * f for c in range(6) for f in range(8)}
    share = make_tree(tmp_path / "share", spec)
    plan = upload_plan(share)
    plan_dir = tmp_path / "plan"
    save_plan(plan, plan_dir)
    journal_file = tmp_path / "journal.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO), KILL_ENV: "30:after"}
    with FakeGraphServer() as server:
        killed = subprocess.run(
            [sys.executable, str(WORKER), server.url, str(plan_dir), str(journal_file)],
            env=env, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert killed.returncode < 0, killed.stderr[-2000:]
        journal = Journal(journal_file)
        rows = journal.rows()
        started = {  # folders holding an upload in flight at the kill (thread timing decides)
            op.dst[:-1]
            for op in operations(plan, Mode.COPY)
            if op.dst is not None and rows[op.seq].status is OpStatus.STARTED
        }
        left = sum(r.status is not OpStatus.DONE for r in rows.values())
        before = server.counts()
        adapter = _adapter(server)
        try:
            Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me").apply(
                check_source=False
            )
        finally:
            journal.close()
            adapter.close()
        after = server.counts()
        files = [p for p, v in server.tree().items() if not v["folder"]]
    sent = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    assert sorted(files) == sorted(
        f"Groep {i % 3}/{card.title()}/{name}"
        for i, card in enumerate(sorted({k.split("/")[0] for k in spec}))
        for name in sorted(k.split("/")[1] for k in spec if k.startswith(card + "/"))
    )
    assert left > 10
    # one listing per folder holding a started upload, none to find the folders themselves
    assert sent.get("GET children", 0) == len(started), (sent, started)
    # the rest is the uploads left (a session and its bytes each), at most
    uploads = sent.get("POST createUploadSession", 0)
    assert uploads <= left and sent.get("PUT upload", 0) <= left, sent


def _adapter(server: FakeGraphServer) -> OneDriveAdapter:
    return open_target(
        "me", {"base_url": server.url, "simple_upload_max": "100000", "fragment_size": "327680"}
    )
