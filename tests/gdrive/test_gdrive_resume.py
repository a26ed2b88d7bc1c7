"""Resuming on Google Drive: few requests, and no twins when listings lag behind writes.

A resumed run asks Drive about many folders in one ``files.list`` (``'A' in parents or …``),
knows the folders its plan made by the ids the journal recorded, and creates each item under an
id journalled before the first attempt: Drive refuses an id twice, so an item that a listing
does not show yet is never made a second time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from drive_adapters.base import RESERVED_ID, DriveItem
from drive_adapters.executor import KILL_ENV
from drive_adapters.journal import OpStatus
from tests.fakes.drive_server import FakeDriveServer
from tests.gdrive.conftest import adapter_for
from tests.gdrive.test_gdrive_executor import REPO, executor_for, make_plan, school, spec_for


def test_many_folders_are_listed_in_one_request(fake: FakeDriveServer) -> None:
    drive = adapter_for(fake)
    root = drive.root()
    folders = [drive.create_folder(root.id, f"Vak {n}") for n in range(12)]
    for n, folder in enumerate(folders):
        drive.create_folder(folder.id, f"les {n}")
    other = adapter_for(fake)  # knows nothing yet
    fake.drive.reset_counts()
    listed = other.children_of_many([f.id for f in folders])
    assert fake.drive.requests["files.list"] == 1
    assert {fid: [c.name for c in kids] for fid, kids in listed.items()} == {
        f.id: [f"les {n}"] for n, f in enumerate(folders)
    }
    # the listings also answer the adapter's own name checks: no listing per folder later
    assert other.find_child(folders[3].id, "les 3") is not None
    assert fake.drive.requests["files.list"] == 1


def test_lagging_listings_hide_new_items_from_files_list_not_from_files_get(
    fake_factory: Any,
) -> None:
    server, _ = fake_factory(list_lag=5)
    drive = adapter_for(server)
    made = drive.create_folder(drive.root().id, "Nieuw")
    fresh = adapter_for(server)
    assert list(fresh.children(drive.root().id)) == []  # not in listings yet
    assert fresh.fetch(made.id).name == "Nieuw"  # by id: there at once
    for _ in range(5):
        fresh.fetch(made.id)
    assert [c.name for c in fresh.children(drive.root().id)] == ["Nieuw"]


def _runs(plan_file: Path, spec: str, env: dict[str, str], kills: list[str]) -> int:
    """Apply in a worker process killed at each point in turn; how many runs were killed."""
    worker = [sys.executable, "-m", "tests.gdrive.gdrive_apply_worker", str(plan_file), spec]
    killed = 0
    for at in kills:
        run = subprocess.run(
            worker, cwd=REPO, capture_output=True, text=True, env=dict(env, **{KILL_ENV: at})
        )
        killed += run.returncode == -9
    return killed


def test_a_resume_makes_no_twin_of_what_a_lagging_listing_does_not_show(
    fake_factory: Any, tmp_path: Path
) -> None:
    """Killed right after new folders and files were made, before the journal said so, and
    resumed while Drive's listings do not show them yet: each is made once all the same."""
    server, _ = fake_factory(keep_content=True, list_lag=1_000_000)  # listings never catch up
    share = school(tmp_path / "share")
    plan_file = make_plan(share, tmp_path / "plan")
    env = dict(os.environ, PYTHONPATH=str(REPO), CARDSORT_STORE=str(tmp_path / "ws.sqlite"))
    spec = spec_for(server)
    # the first new folders, then uploads in the middle of the resumed run, die unjournalled
    assert _runs(plan_file, spec, env, ["1:during", "9:during", "20:during"]) == 3
    worker = [sys.executable, "-m", "tests.gdrive.gdrive_apply_worker", str(plan_file), spec]
    final = subprocess.run(worker, cwd=REPO, capture_output=True, text=True, env=env)
    assert final.returncode == 0, final.stdout + final.stderr
    assert server.drive.duplicate_names() == [] and not server.drive.bugs
    uploaded = [f for f in server.drive.live_files() if not f.is_folder]
    assert len(uploaded) == 49
    for rec in uploaded:
        source = share / Path(*server.drive.path_of(rec).split("/")[1:])
        assert rec.content == source.read_bytes()


def test_a_resume_lists_the_folders_it_uploads_into_in_one_request(
    fake_factory: Any, tmp_path: Path
) -> None:
    from drive_adapters.executor import ExecutionError
    from tests.fakes.drive_server import Chaos

    server, _ = fake_factory(chaos=Chaos(upload_cap_bytes=300))
    plan_file = make_plan(school(tmp_path / "share"), tmp_path / "plan")
    with pytest.raises(ExecutionError, match="750 GB"):  # the daily cap stops the first run
        executor_for(server, plan_file).apply()
    server.drive.chaos.upload_cap_bytes = None
    server.drive.reset_counts()
    executor = executor_for(server, plan_file)
    result = executor.apply()
    calls = server.drive.requests
    assert result.by_kind["upload"] == calls["upload.multipart"]
    # the folders were known from the journal, their names checked with one listing
    assert calls["files.list"] == 1, dict(calls)
    assert calls["files.get"] == 0 and calls["files.generateIds"] == 0, dict(calls)
    rows = executor.journal.rows()
    assert all(r.status is OpStatus.DONE for r in rows.values())


def test_an_empty_file_is_one_request_with_its_time(fake: FakeDriveServer, tmp_path: Path) -> None:
    """files.create with the metadata (modifiedTime included) and zero bytes of media."""
    drive = adapter_for(fake)
    root = drive.root()
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    (reserved,) = drive.reserve_ids(1)  # as the executor does, for all its creates at once
    list(drive.children(root.id))  # the folder's names are known, as in a run
    fake.drive.reset_counts()
    item = drive.upload(
        empty, root.id, "leeg.txt", mtime=1.6e9, resume_token=RESERVED_ID + reserved
    )
    assert item.id == reserved and item.size == 0 and item.mtime == 1.6e9
    assert dict(fake.drive.requests) == {"http": 1, "upload.multipart": 1}


def test_an_id_drive_no_longer_takes_falls_back_to_a_fresh_one(
    fake: FakeDriveServer, tmp_path: Path
) -> None:
    """Drive answers 400 fileIdNotUsable for an id it did not hand out (or no longer honours);
    no item holds that id, so the create goes ahead under a fresh one instead of failing on
    every resume."""
    drive = adapter_for(fake)
    root = drive.root()
    source = tmp_path / "x.txt"
    source.write_bytes(b"inhoud")
    item = drive.upload(source, root.id, "x.txt", resume_token=RESERVED_ID + "verlopen")
    (folder,) = drive.create_folders([(root.id, "Map")], ids=["verlopen2"])
    assert isinstance(folder, DriveItem) and folder.name == "Map"
    assert item.id != "verlopen" and item.size == 6
    assert sorted(c.name for c in adapter_for(fake).children(root.id)) == ["Map", "x.txt"]
