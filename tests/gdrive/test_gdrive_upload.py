"""Uploading a school share into a fake shared drive: verified, under chaos, killed, capped."""

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

from drive_adapters.base import PausedUntil
from drive_adapters.gdrive import md5_of
from drive_adapters.gdrive.mirror import local_tree, mirror_tree, verify_tree
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


@pytest.mark.slow
def test_demo_share_upload_verifies_every_file_once(
    demo_share: Path, fake_factory: Any, tmp_path: Path
) -> None:
    server, _ = fake_factory()
    drive = adapter_for(server)
    report = mirror_tree(drive, demo_share, drive.root_id, tmp_path / "record.jsonl", concurrency=4)
    local_files = [rel for rel, _p, is_dir in local_tree(demo_share) if not is_dir]
    assert report.files_uploaded == len(local_files) and report.conflicts == []
    assert report.skipped  # the symlinks and the name that is not UTF-8 are named, not lost
    result = verify_tree(drive, demo_share, drive.root_id)
    assert result.ok, (result.missing[:3], result.mismatched[:3], result.extra[:3])
    assert result.checked == len(local_files)
    assert server.drive.duplicate_names() == [] and not server.drive.bugs
    calls = server.drive.api_calls()
    assert calls < 1.1 * (len(local_files) + report.folders_created)  # ≈ one call per file
    for rec in server.drive.live_files():  # modification times kept (Drive keeps milliseconds)
        if not rec.is_folder:
            local = (demo_share / server.drive.path_of(rec)).stat().st_mtime
            assert abs(rec.modified - local) < 0.001


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
    subset = demo_share / "Groep 5"
    report = mirror_tree(drive, subset, drive.root_id, tmp_path / "record.jsonl", concurrency=4)
    assert report.conflicts == []
    result = verify_tree(drive, subset, drive.root_id)
    assert result.ok and result.checked > 50
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
    record = tmp_path / "record.jsonl"
    first = mirror_tree(drive, share, drive.root_id, record, concurrency=1)
    assert isinstance(first.paused, PausedUntil)
    assert first.paused.resume_after >= 3600  # seconds to wait
    assert "750 GB" in str(first.paused)
    assert server.drive.injected["cap"] >= 1
    uploaded_before = len([f for f in server.drive.live_files() if not f.is_folder])
    assert 0 < uploaded_before < sum(1 for *_x, d in local_tree(share) if not d)
    server.drive.chaos.upload_cap_bytes = None  # a day later
    second = mirror_tree(adapter_for(server), share, drive.root_id, record, concurrency=2)
    assert second.paused is None and second.conflicts == []
    assert verify_tree(drive, share, drive.root_id).ok
    assert server.drive.duplicate_names() == []


@pytest.mark.slow
def test_upload_process_killed_at_many_points_resumes_without_duplicates(
    fake_factory: Any, tmp_path: Path
) -> None:
    share = small_share(tmp_path / "share", big=4)
    server, _ = fake_factory(latency=0.01)
    record = tmp_path / "record.jsonl"
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
        "tests.gdrive.gdrive_mirror_worker",
        json.dumps(options),
        str(share),
        str(record),
    ]
    kills = 0
    rng = random.Random(7)
    for _round in range(8):
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        # Killed after a seeded number of the worker's API calls, not after a sleep: how far a
        # worker gets in a given time depends on the machine's load, the calls it made do not.
        before, target = server.drive.api_calls(), rng.randint(2, 12)
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
    assert final["conflicts"] == []
    assert kills >= 4
    facts = [json.loads(line) for line in record.read_text().splitlines() if line.strip()]
    assert any("session" in fact for fact in facts)  # big files were mid-session at some kills
    drive = adapter_for(server)
    result = verify_tree(drive, share, drive.root_id)
    assert result.ok, (result.missing, result.mismatched, result.extra, result.duplicates)
    assert server.drive.duplicate_names() == [] and not server.drive.bugs


@pytest.mark.parametrize("existed", [False, True])
def test_the_resume_record_is_private_whatever_the_umask(
    fake_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existed: bool
) -> None:
    monkeypatch.delenv("CARDSORT_SHARED_FILES", raising=False)
    share = make_tree(tmp_path / "share", {"Directie/Vertrouwelijk/gesprek.docx": b"x" * 40})
    server, _ = fake_factory()
    drive = adapter_for(server)
    record = tmp_path / "nieuw" / "record.jsonl"
    if existed:  # left by an older version with the umask's mode: narrowed, not kept wide
        record.parent.mkdir()
        record.write_text("")
        record.chmod(0o644)
    old = os.umask(0o022)
    try:
        report = mirror_tree(drive, share, drive.root_id, record, concurrency=1)
    finally:
        os.umask(old)
    assert report.files_uploaded == 1
    assert "Vertrouwelijk/gesprek.docx" in record.read_text(encoding="utf-8")
    assert record.stat().st_mode & 0o777 == 0o600
    if not existed:
        assert record.parent.stat().st_mode & 0o777 == 0o700
