"""Copying a school share into a fake shared drive: verified, under chaos, killed, capped.

The copies are plans like any other (``cardsort migrate copy``: :mod:`cardsort.copying`) run by
the migration executor with its journal and verified by content (:mod:`tests.copy_runs`).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from drive_adapters.executor import ExecutionError, Executor
from drive_adapters.gdrive import GDriveAdapter, md5_of
from drive_adapters.journal import Journal, OpStatus
from drive_adapters.plan import Action, Plan, load_plan
from tests.copy_runs import copy_executor, copy_plan
from tests.fakes.drive_server import CHUNK_GRANULARITY, Chaos, FakeDriveServer
from tests.gdrive.conftest import SHARED, adapter_for, make_tree

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def demo_share(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lead's deterministic demo share (a few thousand files with naming traps)."""
    from cardsort.demo_share import write_demo_share

    root = tmp_path_factory.mktemp("demo") / "share"
    write_demo_share(root)
    return root


def small_share(root: Path, *, seed: int = 1, big: int = 3) -> Path:
    """A share with small files, a few larger than the multipart limit, and empty files."""
    rng = random.Random(seed)
    files = {
        f"Groep {g}/{vak}/{name} {n}.docx": rng.randbytes(rng.randint(0, 3000))
        for g in (3, 4)
        for vak in ("Rekenen", "Taal")
        for name, n in [("Toets", 1), ("Werkblad", 2)]
    }
    files["Directie/Formatie.xlsx"] = b""
    for n in range(big):
        files[f"Media/film {n}.mp4"] = rng.randbytes(CHUNK_GRANULARITY * 2 + 1234 * (n + 1))
    return make_tree(root, files)


def copier(
    drive: GDriveAdapter, share: Path, journal: Path | None = None, workers: int | None = None
) -> Executor:
    """The executor of the copy of ``share`` into the top of the shared drive."""
    plan = copy_plan(share, drive, "gdrive")
    return copy_executor(plan, drive, journal, label=f"gdrive:shared:{SHARED}", workers=workers)


def placed(plan: Plan) -> int:
    return sum(1 for _ in plan.placed_files())


@pytest.mark.slow
def test_demo_share_upload_verifies_every_file_once(
    demo_share: Path, fake_factory: Any, tmp_path: Path
) -> None:
    server, _ = fake_factory()
    drive = adapter_for(server)
    executor = copier(drive, demo_share)
    result = executor.apply()
    files = placed(executor.plan)
    assert result.by_kind["upload"] == files and result.set_aside == []
    left_out = [i for i in executor.plan.items if i.action is Action.EXCLUDE]
    assert any("symlink" in i.note for i in left_out)  # named in the report, not lost
    check = executor.verify(content=True)
    assert check.ok, check.differences[:3]
    assert check.checked_files == files == check.hashed
    assert server.drive.duplicate_names() == [] and not server.drive.bugs
    calls = server.drive.api_calls()
    assert calls < 1.1 * (files + result.by_kind["mkdir"])  # ≈ one call per file
    source_of = {"/".join(i.target or ()): i.source for i in executor.plan.placed_files()}
    for rec in server.drive.live_files():  # modification times kept (Drive keeps milliseconds)
        if not rec.is_folder:
            local = os.stat(os.fsencode(demo_share) + b"/" + source_of[server.drive.path_of(rec)])
            assert abs(rec.modified - local.st_mtime) < 0.001
    # The name that is not UTF-8 is copied under a valid name and listed, not left behind.
    assert any(v["code"] == "not-utf8" for v in executor.plan.violations), {
        v["code"] for v in executor.plan.violations
    }


@pytest.mark.slow
def test_upload_under_chaos_still_verifies(
    demo_share: Path, fake_factory: Any, tmp_path: Path
) -> None:
    chaos = Chaos(
        rate_limit_403=0.04,
        too_many_429=0.03,
        server_error=0.03,
        drop_upload=0.3,
        lost_response=0.02,
        seed=11,
    )
    server, _ = fake_factory(chaos=chaos)
    # Files over 2 KiB go through resumable sessions, so dropped chunks hit many of them.
    drive = adapter_for(server, multipart_max="2048", chunk_size=str(CHUNK_GRANULARITY))
    executor = copier(drive, demo_share / "Groep 5")
    assert executor.apply().set_aside == []
    result = executor.verify(content=True)
    assert result.ok and result.checked_files > 50
    injected = server.drive.injected
    assert injected["403"] and injected["429"] and injected["5xx"] and injected["lost"]
    assert injected["drop"]  # resumable chunks were cut off mid-way and resumed
    assert server.drive.duplicate_names() == [] and not server.drive.bugs


def test_dropped_chunks_resume_from_the_range_the_server_kept(
    fake_factory: Any, tmp_path: Path
) -> None:
    server, _ = fake_factory(chaos=Chaos(drop_upload=0.5, seed=2), keep_content=True)
    drive = adapter_for(server, multipart_max="1", chunk_size=str(CHUNK_GRANULARITY))
    data = random.Random(4).randbytes(CHUNK_GRANULARITY * 5 + 77)
    (tmp_path / "big.bin").write_bytes(data)
    item = drive.upload(tmp_path / "big.bin", drive.root_id, "big.bin", mtime=1_500_000_000.0)
    assert server.drive.injected["drop"] >= 1
    assert server.drive.files[item.id].content == data
    assert item.hashes["md5"] == md5_of(tmp_path / "big.bin") and item.mtime == 1_500_000_000.0


def test_resume_token_continues_the_session_instead_of_starting_over(
    fake: FakeDriveServer, tmp_path: Path
) -> None:
    drive = adapter_for(fake, multipart_max="1", chunk_size=str(CHUNK_GRANULARITY))
    data = random.Random(5).randbytes(CHUNK_GRANULARITY * 4 + 10)
    (tmp_path / "big.bin").write_bytes(data)
    tokens: list[str] = []

    class Crash(Exception):
        pass

    def stop_after_token(token: str) -> None:
        tokens.append(token)

    # Start the session and send one chunk by hand, as a process that then died would have.
    request_holder: dict[str, Any] = {}
    try:
        fake.drive.chaos.drop_upload = 1.0  # every chunk dies: the "process" gives up
        drive.pacer.max_retries = 0
        drive.upload(tmp_path / "big.bin", drive.root_id, "big.bin", checkpoint=stop_after_token)
    except Exception as error:
        request_holder["error"] = error
    assert tokens and "error" in request_holder
    fake.drive.chaos.drop_upload = 0.0
    kept = next(iter(fake.drive.sessions.values())).received
    fresh = adapter_for(fake, multipart_max="1", chunk_size=str(CHUNK_GRANULARITY))
    fake.drive.reset_counts()
    item = fresh.upload(tmp_path / "big.bin", fresh.root_id, "big.bin", resume_token=tokens[0])
    assert fake.drive.requests["upload.resumable"] == 0  # no new session
    assert fake.drive.files[item.id].content == data
    sent_again = fake.drive.requests["upload.chunk"]
    assert sent_again <= (len(data) - kept) // CHUNK_GRANULARITY + 2
    assert fake.drive.duplicate_names() == []


def test_daily_upload_cap_pauses_cleanly_and_resume_finishes(
    fake_factory: Any, tmp_path: Path
) -> None:
    share = small_share(tmp_path / "share")
    server, _ = fake_factory(chaos=Chaos(upload_cap_bytes=CHUNK_GRANULARITY * 3))
    drive = adapter_for(server, multipart_max=str(64 * 1024), chunk_size=str(CHUNK_GRANULARITY))
    journal = tmp_path / "journal.sqlite"
    executor = copier(drive, share, journal, workers=1)  # one upload at a time, as a day goes
    with pytest.raises(ExecutionError) as paused:
        executor.apply()
    assert not paused.value.blocked  # stopped partway: resume continues (exit status 4)
    assert "750 GB" in str(paused.value) and "resume after" in str(paused.value)
    assert server.drive.injected["cap"] >= 1
    uploaded_before = len([f for f in server.drive.live_files() if not f.is_folder])
    assert 0 < uploaded_before < placed(executor.plan)
    executor.journal.close()
    server.drive.chaos.upload_cap_bytes = None  # a day later
    again = copy_executor(executor.plan, adapter_for(server), journal, label=executor.target_label)
    assert again.apply().set_aside == []
    assert again.verify(content=True).ok
    assert server.drive.duplicate_names() == []


@pytest.mark.slow
def test_upload_process_killed_at_many_points_resumes_without_duplicates(
    fake_factory: Any, tmp_path: Path
) -> None:
    share = small_share(tmp_path / "share", big=4)
    server, _ = fake_factory(latency=0.01)
    plan_dir, journal = tmp_path / "kopie", tmp_path / "kopie" / "journal.sqlite"
    copy_plan(share, adapter_for(server), "gdrive", save_to=plan_dir)
    options = server.options(
        retry_scale="0.001",
        multipart_max=str(4096),
        chunk_size=str(CHUNK_GRANULARITY),
        spec=f"shared:{SHARED}",
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [
        sys.executable,
        "-m",
        "tests.gdrive.gdrive_copy_worker",
        json.dumps(options),
        str(plan_dir),
        str(journal),
    ]
    kills = 0
    rng = random.Random(7)
    for _round in range(8):
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        # Killed after a seeded number of the worker's API calls, not after a sleep: how far a
        # worker gets in a given time depends on the machine's load, the calls it made do not.
        # (A resume costs few calls beyond its uploads: kills come early enough to land.)
        before, target = server.drive.api_calls(), rng.randint(3, 12)
        deadline = time.monotonic() + 60
        while proc.poll() is None and server.drive.api_calls() - before < target:
            assert time.monotonic() < deadline, "the worker made no progress"
            time.sleep(0.002)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    final = json.loads(done.stdout.splitlines()[-1])
    assert final["set_aside"] == []
    assert kills >= 4
    book = Journal(journal)
    assert all(r.status is OpStatus.DONE for r in book.rows().values())
    book.close()
    drive = adapter_for(server)
    result = copy_executor(load_plan(plan_dir), drive, journal).verify(content=True)
    assert result.ok, result.differences
    assert server.drive.duplicate_names() == [] and not server.drive.bugs


@pytest.mark.parametrize("existed", [False, True])
def test_the_copy_journal_is_private_whatever_the_umask(
    fake: FakeDriveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    from click.testing import CliRunner

    from cardsort.cli import cli

    monkeypatch.delenv("CARDSORT_SHARED_FILES", raising=False)
    monkeypatch.setenv("CARDSORT_STORE", str(tmp_path / "store.sqlite"))
    share = make_tree(tmp_path / "share", {"Directie/Vertrouwelijk/gesprek.docx": b"x" * 40})
    plan_dir = tmp_path / "nieuw"
    if existed:  # left by an older run with the umask's mode: the journal is private anyway
        plan_dir.mkdir()
        plan_dir.chmod(0o755)
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(cli, [
            "drive", "gdrive", "upload", str(share), f"shared:{SHARED}", "--record",
            str(plan_dir), "--api-endpoint", fake.api_endpoint, "--ca-certs", str(fake.ca_path),
        ])  # fmt: skip
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    journal = next(plan_dir.glob("journal-gdrive-*.sqlite"))
    assert "Vertrouwelijk/gesprek.docx" in (plan_dir / "items.csv").read_text(encoding="utf-8")
    for private in (journal, plan_dir / "plan.yaml", plan_dir / "items.csv"):
        assert private.stat().st_mode & 0o777 == 0o600, private
    if not existed:
        assert plan_dir.stat().st_mode & 0o777 == 0o700
