"""The migration executor driving the OneDrive adapter on the fake: in-place restructure by
card with undo, and an upload migration killed at many points and resumed."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from drive_adapters.executor import KILL_ENV, Executor
from drive_adapters.journal import Journal
from drive_adapters.onedrive import open_target
from drive_adapters.plan import Mode, save_plan
from tests.drive_adapters.onedrive.conftest import make_tree
from tests.drive_adapters.onedrive.onedrive_plans import in_place_plan, upload_plan
from tests.fakes.graph_server import Chaos, FakeGraphServer

REPO = Path(__file__).resolve().parents[3]
WORKER = Path(__file__).with_name("executor_worker.py")


def _seed(server: FakeGraphServer, cards: int, files: int) -> None:
    for c in range(cards):
        card = server.add_folder(server.me.root_id, f"kaart {c:02d}")
        for f in range(files):
            server.add_file(card, f"document {f}.docx", f"{c}-{f}".encode() * 10)


@pytest.mark.parametrize("files_per_card", [2, 20])
def test_executor_restructures_per_card_and_undo_restores_ids(
    tmp_path: Path, files_per_card: int
) -> None:
    with FakeGraphServer() as server:
        _seed(server, 20, files_per_card)
        before = {p: v["id"] for p, v in server.tree().items()}
        plan = in_place_plan(server.tree())
        adapter = open_target("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="onedrive:me")
            server.reset_counts()
            result = executor.apply(check_source=False)
            requests = server.total_requests()
            after = server.tree()
            assert executor.verify().ok
            assert (
                after["Groep 0/Kaart 00/document 1.docx"]["id"]
                == before["kaart 00/document 1.docx"]
            )
            executor.undo()
        finally:
            journal.close()
            adapter.close()
        restored = {p: v["id"] for p, v in server.tree().items()}
    assert restored == before
    # one move per card into the staging folder, one per group out of it, whatever they hold
    assert result.by_kind.get("move", 0) == 20 + 4, result.by_kind
    # requests grow with cards and groups, never with files: well under one per file
    assert requests <= 3 * 20, (requests, result.by_kind)


@pytest.mark.slow
def test_executor_upload_killed_and_resumed_leaves_no_duplicates(tmp_path: Path) -> None:
    spec = {f"kaart {c}/stuk {f}.txt": 1500 + 31 * f for c in range(5) for f in range(6)}
    spec.update({f"video/les {i}.mp4": 3 * 320 * 1024 + 7 * i for i in range(3)})
    share = make_tree(tmp_path / "share", spec)
    plan = upload_plan(share)
    plan_dir = tmp_path / "plan"
    save_plan(plan, plan_dir)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    journal = tmp_path / "journal.sqlite"
    with FakeGraphServer() as server:
        kills = 0
        for kill_at in (8, 30, 15, 5, 10_000):
            base = server.total_requests()
            proc = subprocess.Popen(
                [sys.executable, str(WORKER), server.url, str(plan_dir), str(journal)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip

            def kill(
                total: int,
                base: int = base,
                at: int = kill_at,
                proc: subprocess.Popen[bytes] = proc,
            ) -> None:
                if total - base == at:
                    os.kill(proc.pid, signal.SIGKILL)

            server.before_request = kill
            out, err = proc.communicate(timeout=180)
            server.before_request = None
            if proc.returncode == -signal.SIGKILL:
                kills += 1
                continue
            assert proc.returncode == 0, (out, err[-3000:])
            break
        files = [p for p, v in server.tree().items() if not v["folder"]]
    assert kills >= 3
    # The upload URLs (pre-authenticated) were kept only while their upload was in flight.
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    with closing(sqlite3.connect(journal)) as db:
        assert db.execute("SELECT count(*) FROM ops WHERE resume_token IS NOT NULL").fetchone() == (
            0,
        )
        assert db.execute("SELECT count(*) FROM ops WHERE status = 'done'").fetchone()[0] > 30
    assert sorted(files) == sorted(
        f"Groep {i % 3}/{card.title()}/{name}"
        for i, card in enumerate(sorted({k.split("/")[0] for k in spec}))
        for name in sorted(k.split("/")[1] for k in spec if k.startswith(card + "/"))
    )


@pytest.mark.slow
def test_executor_upload_under_chaos_completes_and_verifies(tmp_path: Path) -> None:
    spec = {f"kaart {c}/stuk {f}.txt": 900 + 13 * f for c in range(6) for f in range(10)}
    spec.update({f"video/les {i}.mp4": 3 * 320 * 1024 + 11 * i for i in range(4)})
    share = make_tree(tmp_path / "share", spec)
    plan = upload_plan(share)
    chaos = Chaos(rate_429=0.2, rate_503=0.02, drop_fragment_rate=0.3, retry_after="0.01", seed=11)
    with FakeGraphServer(chaos=chaos) as server:
        adapter = open_target(
            "me", {"base_url": server.url, "simple_upload_max": "100000",
                   "fragment_size": str(320 * 1024), "retry_scale": "0.01"},
        )  # fmt: skip
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me")
            result = executor.apply(check_source=False)
            check = executor.verify(content=True)
        finally:
            journal.close()
            adapter.close()
        counts = server.counts()
        tree = server.tree()
        files = [p for p, v in tree.items() if not v["folder"]]
        # Somebody edits a file in the cloud, same size: only the quickXorHash can tell.
        victim = sorted(files)[0]
        server.edit_file(tree[victim]["id"], bytes(b ^ 1 for b in b"x" * tree[victim]["size"]))
        server.set_chaos(Chaos())
        adapter = open_target("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me")
            after_edit = executor.verify(content=True)
        finally:
            journal.close()
            adapter.close()
    assert check.ok, check.differences[:5]
    assert check.hashed == check.checked_files == len(spec)  # every file by quickXorHash
    assert after_edit.differences == [f"content differs: {victim}"]
    assert result.by_kind.get("upload") == len(spec) == len(files)
    assert counts["throttled 429"] > 10 and counts.get("dropped fragment", 0) >= 1


@pytest.mark.parametrize("workers", [1, 4])
def test_executor_runs_uploads_side_by_side_each_journalled(tmp_path: Path, workers: int) -> None:
    spec = {f"kaart {c}/stuk {f}.txt": 500 + f for c in range(4) for f in range(8)}
    share = make_tree(tmp_path / "share", spec)
    plan = upload_plan(share)
    in_flight = peak = 0
    lock = threading.Lock()

    def slow(total: int) -> None:  # every request takes 20 ms: overlap shows as in-flight > 1
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.02)
        with lock:
            in_flight -= 1

    with FakeGraphServer() as server:
        adapter = open_target("me", {"base_url": server.url, "concurrency": "4"})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(
                plan, adapter, Mode.COPY, journal, target_label="onedrive:me", workers=workers
            )
            server.before_request = slow
            result = executor.apply(check_source=False)
            server.before_request = None
            check = executor.verify(content=True)
            statuses = journal.counts()
        finally:
            journal.close()
            adapter.close()
        files = [p for p, v in server.tree().items() if not v["folder"]]
    assert result.by_kind["upload"] == len(spec) == len(files) == check.hashed
    assert check.ok
    assert statuses == {"done": len(executor.ops)}  # every operation journalled as done
    assert (peak == 1) if workers == 1 else (peak >= 3)


def test_a_failing_upload_is_set_aside_and_resume_finishes_it(tmp_path: Path) -> None:
    spec = {f"kaart {c}/stuk {f}.txt": 700 + f for c in range(3) for f in range(10)}
    share = make_tree(tmp_path / "share", spec)
    plan = upload_plan(share)
    victim = share / "kaart 1" / "stuk 4.txt"
    kept = victim.read_bytes(), victim.stat().st_mtime
    victim.unlink()  # gone between plan and apply: that upload is set aside, with its reason
    with FakeGraphServer() as server:
        adapter = open_target("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me")
            assert executor.workers == 4
            first = executor.apply(check_source=False)  # the others land
            assert len(first.set_aside) == 1 and "stuk 4.txt is gone" in first.set_aside[0]
            counts = journal.counts()
            assert counts == {"failed": 1, "done": len(executor.ops) - 1}  # nothing half-said
            victim.write_bytes(kept[0])
            os.utime(victim, (kept[1], kept[1]))
            executor.apply(check_source=False)  # resume
            check = executor.verify(content=True)
            assert journal.counts() == {"done": len(executor.ops)}
        finally:
            journal.close()
            adapter.close()
        files = [p for p, v in server.tree().items() if not v["folder"]]
    assert check.ok and sorted(files) == sorted(
        f"Groep {i % 3}/{card.title()}/{name}"
        for i, card in enumerate(sorted({k.split("/")[0] for k in spec}))
        for name in sorted(k.split("/")[1] for k in spec if k.startswith(card + "/"))
    )


def _restructure(server: FakeGraphServer, tmp_path: Path, *, batch: bool) -> dict[str, int]:
    plan = in_place_plan(server.tree())
    adapter = open_target("me", {"base_url": server.url})
    adapter.batch_requests = batch  # type: ignore[misc]  # the baseline: one request per op
    journal = Journal(tmp_path / f"journal-{batch}.sqlite")
    try:
        executor = Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="onedrive:me")
        server.reset_counts()
        result = executor.apply(check_source=False)
        counts = {**server.counts(), "total": server.total_requests()}
        assert executor.verify().ok
        assert journal.counts() == {"done": len(executor.ops)}
        assert result.by_kind["move"] == 20 + 4
    finally:
        journal.close()
        adapter.close()
    return counts


def test_independent_ops_go_together_and_end_where_one_by_one_ends(tmp_path: Path) -> None:
    trees = {}
    counts = {}
    for batch in (True, False):
        with FakeGraphServer() as server:
            _seed(server, 20, 3)
            was = {v["id"]: p for p, v in server.tree().items()}
            counts[batch] = _restructure(server, tmp_path, batch=batch)
            # each path of the result, and where its item was before (None: a new folder)
            trees[batch] = {p: was.get(v["id"]) for p, v in server.tree().items()}
    # The same items at the same paths either way.
    assert trees[True] == trees[False]
    # The staging folder, then its 4 group folders side by side, then the 20 card moves, then
    # the 4 group moves: one $batch request each; no move or new folder on its own.
    assert counts[True]["POST $batch"] == 4
    assert counts[True]["batch:PATCH item"] == 24
    assert counts[True]["batch:POST children"] == 5
    assert counts[True].get("PATCH item", 0) == counts[True].get("POST children", 0) == 0
    assert counts[False]["PATCH item"] == 24
    assert counts[True]["total"] == counts[False]["total"] - 24 - 5 + 4
    # Finding 20 cards in one folder takes one listing of it, not one per card.
    assert counts[True]["GET children"] == counts[False]["GET children"] == 2


@pytest.mark.parametrize("kill", ["3:during", "6:before", "7:during", "25:after", "27:during"])
def test_a_batch_killed_midway_resumes_to_the_same_tree(tmp_path: Path, kill: str) -> None:
    with FakeGraphServer() as reference:
        _seed(reference, 20, 2)
        _restructure(reference, tmp_path, batch=True)
        expected = {p for p, v in reference.tree().items()}
    with FakeGraphServer() as server:
        _seed(server, 20, 2)
        files_before = {v["id"] for v in server.tree().values() if not v["folder"]}
        plan_dir = tmp_path / "plan"
        save_plan(in_place_plan(server.tree()), plan_dir)
        journal = tmp_path / "journal.sqlite"
        command = [sys.executable, str(WORKER), server.url, str(plan_dir), str(journal), "in-place"]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        killed = subprocess.run(
            command, env={**env, KILL_ENV: kill}, capture_output=True, timeout=120, check=False
        )
        assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
        with closing(sqlite3.connect(journal)) as db:
            started = db.execute("SELECT count(*) FROM ops WHERE status = 'started'").fetchone()
        if kill.endswith(("before", "during")):
            assert started[0] > 1  # the whole batch was in flight when the process died
        resumed = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
        assert resumed.returncode == 0, resumed.stdout + resumed.stderr[-2000:]
        after = server.tree()
    assert set(after) == expected
    assert {v["id"] for v in after.values() if not v["folder"]} == files_before  # moved, not copied


def test_an_item_found_once_is_not_found_at_its_old_path_after_it_moved(tmp_path: Path) -> None:
    with FakeGraphServer() as server:
        _seed(server, 2, 1)  # "kaart 00/document 0.docx", "kaart 01/document 0.docx"
        server.add_folder(server.me.root_id, "leeg")
        plan = in_place_plan(server.tree())
        adapter = open_target("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="onedrive:me")
            doc = executor.resolve(("kaart 00", "document 0.docx"))
            empty = executor.resolve(("leeg",))
            assert doc is not None and empty is not None
            # Someone moves it into another folder, keeping its name: the name still matches
            # what was cached for the old path, the folder does not.
            adapter.move(doc.id, empty.id)
            gone = executor.resolve(("kaart 00", "document 0.docx"))
            found = executor.resolve(("leeg", "document 0.docx"))
        finally:
            journal.close()
            adapter.close()
    assert gone is None
    assert found is not None and found.id == doc.id


def test_a_file_open_in_word_is_set_aside_and_resume_moves_it_once_closed(
    tmp_path: Path,
) -> None:
    with FakeGraphServer() as server:
        _seed(server, 6, 2)
        busy = server.add_file(server.me.root_id, "jaarplan.docx", b"plan" * 50)
        server.add_file(server.me.root_id, "rooster.docx", b"rooster" * 50)
        server.open_in_word(busy)  # a colleague has it open: every change answers 423
        plan = in_place_plan(server.tree(), file_cards=True)
        adapter = open_target("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="onedrive:me")
            first = executor.apply(check_source=False)  # goes on past the open file
            counts = journal.counts()
            meanwhile = server.tree()
            server.open_in_word(busy, is_open=False)  # the colleague closes Word
            executor.apply(check_source=False)  # what `cardsort migrate resume` runs
            check = executor.verify()
            final = journal.counts()
        finally:
            journal.close()
            adapter.close()
        after = server.tree()
    reasons = dict(line.split(": ", 1) for line in first.set_aside)
    assert reasons["move jaarplan.docx -> _cardsort_staging/Losse kaarten/jaarplan.docx"] == (
        "jaarplan.docx is open somewhere (in Word or another app, or checked out); close it, "
        "then run resume"
    )
    # Its folder, and the staging folder it passes through, wait for it: no dead end.
    assert sorted(reasons) == [
        "move _cardsort_staging/Losse kaarten -> Losse kaarten",
        "move jaarplan.docx -> _cardsort_staging/Losse kaarten/jaarplan.docx",
        "rmdir _cardsort_staging",
    ]
    assert counts == {"failed": 3, "done": len(executor.ops) - 3}
    # Everything else went on: every folder card reached its group, the open file stayed put.
    assert all(f"Groep {c // 5}/Kaart {c:02d}/document 1.docx" in meanwhile for c in range(6))
    assert meanwhile["jaarplan.docx"]["id"] == busy
    # Once closed, resume finishes it, and only it.
    assert final == {"done": len(executor.ops)} and check.ok
    assert after["Losse kaarten/jaarplan.docx"]["id"] == busy
    assert "Losse kaarten/rooster.docx" in after
    assert not any(p.startswith(("jaarplan", "_cardsort_staging")) for p in after)


def test_undo_sets_a_file_open_in_word_aside_and_finishes_once_closed(tmp_path: Path) -> None:
    with FakeGraphServer() as server:
        _seed(server, 6, 2)
        busy = server.add_file(server.me.root_id, "jaarplan.docx", b"plan" * 50)
        server.add_file(server.me.root_id, "rooster.docx", b"rooster" * 50)
        before = {p: v["id"] for p, v in server.tree().items()}
        plan = in_place_plan(server.tree(), file_cards=True)
        adapter = open_target("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="onedrive:me")
            executor.apply(check_source=False)
            server.open_in_word(busy)  # opened in its new place before the undo
            first = executor.undo()  # goes on past the open file
            meanwhile = {p: v["id"] for p, v in server.tree().items()}
            server.open_in_word(busy, is_open=False)
            second = executor.undo()  # `cardsort migrate undo` again
        finally:
            journal.close()
            adapter.close()
        after = {p: v["id"] for p, v in server.tree().items()}
    reasons = dict(line.split(": ", 1) for line in first.set_aside)
    assert reasons["move jaarplan.docx -> _cardsort_staging/Losse kaarten/jaarplan.docx"] == (
        "jaarplan.docx is open somewhere (in Word or another app, or checked out); close it, "
        "then run undo again"
    )
    # the folders it lies in stay until it has left them; nothing else waits
    assert sorted(reasons) == [
        "mkdir _cardsort_staging",
        "mkdir _cardsort_staging/Losse kaarten",
        "move jaarplan.docx -> _cardsort_staging/Losse kaarten/jaarplan.docx",
    ]
    assert meanwhile["_cardsort_staging/Losse kaarten/jaarplan.docx"] == busy
    assert meanwhile["rooster.docx"] == before["rooster.docx"]
    assert all(meanwhile[f"kaart 0{c}/document 1.docx"] == before[f"kaart 0{c}/document 1.docx"]
               for c in range(6))  # fmt: skip
    assert not second.set_aside and after == before


def test_a_fresh_process_resumes_what_a_file_open_in_word_held_back(tmp_path: Path) -> None:
    with FakeGraphServer() as server:
        _seed(server, 6, 1)
        busy = server.add_file(server.me.root_id, "jaarplan.docx", b"plan" * 50)
        plan_dir = tmp_path / "plan"
        save_plan(in_place_plan(server.tree(), file_cards=True), plan_dir)
        journal = tmp_path / "journal.sqlite"
        command = [sys.executable, str(WORKER), server.url, str(plan_dir), str(journal), "in-place"]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        server.open_in_word(busy)
        first = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
        with closing(sqlite3.connect(journal)) as db:
            failed = db.execute("SELECT count(*) FROM ops WHERE status = 'failed'").fetchone()[0]
        server.open_in_word(busy, is_open=False)
        resumed = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
        after = server.tree()
    assert first.returncode == 1, first.stderr[-2000:]  # ran to its end; verify finds it short
    assert failed == 3  # the open file, its folder's move out of staging, the staging folder
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr[-2000:]
    assert after["Losse kaarten/jaarplan.docx"]["id"] == busy
    assert not any(p.startswith(("jaarplan", "_cardsort_staging")) for p in after)
