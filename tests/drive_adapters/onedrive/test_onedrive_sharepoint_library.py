"""An upload migration into a SharePoint library that rewrites Office files and PDFs.

The library writes its metadata into every uploaded .docx/.xlsx/.pptx/.pdf (see ``Library`` in
tests/fakes/graph_server.py for the source), so the stored file's size and quickXorHash differ
from the school's copy. The executor records what the service reported back, so verify explains
those files instead of calling them different, and undo still removes them.
"""

from __future__ import annotations

from pathlib import Path

from drive_adapters.executor import Executor
from drive_adapters.journal import Journal
from drive_adapters.onedrive import open_target
from drive_adapters.plan import Mode
from tests.drive_adapters.onedrive.conftest import make_tree
from tests.drive_adapters.onedrive.onedrive_plans import upload_plan
from tests.fakes.graph_server import Chaos, FakeGraphServer, Library


def test_rewritten_office_files_verify_and_undo(tmp_path: Path) -> None:
    spec = {f"kaart {c}/verslag {f}.docx": 700 + 17 * f for c in range(3) for f in range(3)}
    spec.update({f"kaart {c}/lijst {c}.pdf": 900 for c in range(3)})
    spec.update({f"kaart {c}/lees mij.txt": 300 for c in range(3)})
    share = make_tree(tmp_path / "share", spec)
    plan = upload_plan(share)
    chaos = Chaos(rate_429=0.2, rate_5xx=0.05, retry_after="0.001", seed=2)
    with FakeGraphServer(library=Library(rewrite_office=True), chaos=chaos) as server:
        adapter = open_target("me", {"base_url": server.url, "retry_scale": "0.001"})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me")
            executor.apply(check_source=False)
            check = executor.verify(content=True)
            versions = server.versions()
            executor.undo()
        finally:
            journal.close()
            adapter.close()
        left = [p for p, v in server.tree().items() if not v["folder"]]
    assert check.ok, check.differences
    names = sorted(p.rsplit("/", 1)[-1] for p in check.service_changed)
    assert names == sorted(p.rsplit("/", 1)[-1] for p in spec if p.endswith((".docx", ".pdf")))
    assert set(versions.values()) == {1}  # one version per uploaded file
    assert left == []  # undo removed the rewritten copies too


def test_a_rewritten_office_upload_cut_off_before_it_was_journalled_resumes_as_done(
    tmp_path: Path,
) -> None:
    """Killed after the last fragment but before the journal said done: the stored file differs
    from the source (SharePoint rewrote it), yet it is ours: resume settles it, no conflict."""
    import sqlite3

    share = make_tree(tmp_path / "share", {"kaart 0/jaarplan.docx": 5000})
    plan = upload_plan(share)
    with FakeGraphServer(library=Library(rewrite_office=True)) as server:
        adapter = open_target("me", {"base_url": server.url, "retry_scale": "0.001"})
        path = tmp_path / "journal.sqlite"
        journal = Journal(path)
        try:
            executor = Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me")
            executor.apply(check_source=False)
        finally:
            journal.close()
        with sqlite3.connect(path) as db:  # as a kill would have left it
            gone = f"{server.origin}/upload/finished-session"
            db.execute(
                "UPDATE ops SET status = 'started', resume_token = ? WHERE kind = 'upload'",
                (gone,),
            )
            db.execute("DELETE FROM meta WHERE key LIKE 'stored.%'")
        journal = Journal(path)
        try:
            executor = Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me")
            executor.apply(check_source=False)
            check = executor.verify(content=True)
        finally:
            journal.close()
            adapter.close()
        files = [p for p, v in server.tree().items() if not v["folder"]]
    assert check.ok, check.differences
    assert len(check.service_changed) == 1 and len(files) == 1
