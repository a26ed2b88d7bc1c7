"""Whole jobs against the fake OneDrive: the demo share copied as it is (calm and under chaos),
copies killed and resumed, and an in-place restructure by card with its undo.

The copies are plans like any other (``cardsort migrate copy``: :mod:`cardsort.copying`) run by
the migration executor with its journal and verified by content (:mod:`tests.copy_runs`).
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from drive_adapters.base import DriveItem
from drive_adapters.journal import Journal, OpStatus
from drive_adapters.onedrive import OneDriveAdapter, open_target
from drive_adapters.plan import Action, Plan
from tests.copy_runs import copy_executor, copy_plan
from tests.fakes.graph_server import Chaos, FakeGraphServer
from tests.onedrive.conftest import SMALL, make_tree

WORKER = Path(__file__).with_name("executor_worker.py")
REPO = Path(__file__).resolve().parents[2]


def _placed(plan: Plan) -> list[str]:
    """The target paths of the files the plan copies."""
    return sorted("/".join(i.target or ()) for i in plan.placed_files())


def _copy_and_verify(server: FakeGraphServer, share: Path, workers: int = 4) -> Plan:
    adapter = open_target("me", {"base_url": server.url, **SMALL, "concurrency": str(workers)})
    try:
        plan = copy_plan(share, adapter, "onedrive", ("Schoolshare",))
        executor = copy_executor(plan, adapter, workers=workers)
        result = executor.apply()
        assert result.set_aside == [] and result.skipped == []
        check = executor.verify(content=True)
        assert check.ok, check.differences[:5]
        files = sorted(p for p, v in server.tree().items() if not v["folder"])
        assert files == _placed(plan)  # every planned file exactly once, nothing else
        assert check.checked_files == len(files) and check.hashed == len(files)
    finally:
        adapter.close()
    # Twins OneDrive sees as one name get a counter, listed; links and lock files are listed.
    left_out = [i for i in plan.items if i.action is Action.EXCLUDE]
    assert all(i.note for i in left_out)
    return plan


@pytest.mark.slow
def test_demo_share_uploads_and_verifies(demo_share: Path) -> None:
    with FakeGraphServer() as server:
        plan = _copy_and_verify(server, demo_share)
        assert server.counts().get("PUT upload", 0) > 0  # some files went through sessions
    codes = {v["code"] for v in plan.violations}
    assert {"name-collision", "invalid-char"} <= codes, codes  # renamed and listed, not lost
    assert any("symlink" in i.note for i in plan.items if i.action is Action.EXCLUDE)


def _chaos_share(tmp_path: Path, demo_share: Path) -> Path:
    """A tenth of the demo share plus files big enough for multi-fragment upload sessions."""
    share = tmp_path / "chaos-share"
    tops = sorted(p for p in demo_share.iterdir() if p.is_dir() and not p.is_symlink())
    for top in tops[::10]:
        shutil.copytree(top, share / top.name, symlinks=True)
    make_tree(share / "Video", {f"les {i}.mp4": 3 * 320 * 1024 + 999 * i for i in range(6)})
    return share


@pytest.mark.slow
def test_upload_completes_and_verifies_under_chaos(tmp_path: Path, demo_share: Path) -> None:
    share = _chaos_share(tmp_path, demo_share)
    chaos = Chaos(rate_429=0.2, rate_503=0.02, drop_fragment_rate=0.25, retry_after="0.01")
    with FakeGraphServer(chaos=chaos) as server:
        _copy_and_verify(server, share)
        counts = server.counts()
    assert counts["throttled 429"] > 20 and counts["dropped fragment"] >= 2


@pytest.mark.slow
def test_killed_uploads_resume_without_duplicates(tmp_path: Path) -> None:
    spec = {f"map {d}/bestand {f}.txt": 2000 + 37 * f for d in range(4) for f in range(8)}
    spec.update({f"video/les {i}.mp4": 4 * 320 * 1024 + 17 * i for i in range(4)})
    share = make_tree(tmp_path / "share", spec)
    plan_dir, journal = tmp_path / "kopie", tmp_path / "kopie" / "journal.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with FakeGraphServer() as server:
        adapter = open_target("me", {"base_url": server.url})
        copy_plan(share, adapter, "onedrive", ("Doel",), save_to=plan_dir)
        adapter.close()
        command = [sys.executable, str(WORKER), server.url, str(plan_dir), str(journal)]
        kills = 0
        for kill_at in (12, 30, 7, 22):
            base = server.total_requests()
            proc = subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )

            def kill(
                total: int,
                base: int = base,
                at: int = kill_at,
                proc: subprocess.Popen[bytes] = proc,
            ) -> None:
                if total - base == at:
                    os.kill(proc.pid, signal.SIGKILL)

            server.before_request = kill
            proc.wait(timeout=120)  # small outputs only: no pipe can fill up
            server.before_request = None
            if proc.returncode == -signal.SIGKILL:
                kills += 1
                continue
            out, err = proc.communicate()
            assert proc.returncode == 0, (out, err[-2000:])
            break
        else:
            final = subprocess.run(command, env=env, capture_output=True, timeout=120)
            assert final.returncode == 0, final.stderr[-2000:]
        assert kills >= 3
        # Session URLs (pre-authenticated) were needed while uploads were in flight; once all
        # is done the private journal no longer holds any.
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600
        book = Journal(journal)
        rows = book.rows().values()
        book.close()
        assert all(r.status is OpStatus.DONE and r.resume_token is None for r in rows)
        files = [p for p, v in server.tree().items() if not v["folder"]]
        assert sorted(files) == sorted(f"Doel/{rel}" for rel in spec)  # no duplicate, no gap
        adapter = open_target("me", {"base_url": server.url})
        try:
            from drive_adapters.plan import load_plan

            check = copy_executor(load_plan(plan_dir), adapter, journal).verify(content=True)
        finally:
            adapter.close()
        assert check.ok and check.checked_files == len(spec) == check.hashed


def _seed_cards(server: FakeGraphServer, cards: int, files_per_card: int) -> dict[str, str]:
    root = server.me.root_id
    ids = {}
    for c in range(cards):
        card = server.add_folder(root, f"kaart {c:02d}")
        ids[f"kaart {c:02d}"] = card
        for f in range(files_per_card):
            server.add_file(card, f"document {f}.docx", f"{c}-{f}".encode())
    return ids


def _restructure(adapter: OneDriveAdapter, cards: dict[str, str]) -> list[tuple[str, str, str]]:
    """Groups of five cards under new folders, each card renamed; returns the undo list."""
    root = adapter.root().id
    groups = adapter.create_folders([(root, f"Groep {g}") for g in range(len(cards) // 5)])
    moves, undo = [], []
    for i, (name, card_id) in enumerate(sorted(cards.items())):
        group = groups[i // 5]
        assert isinstance(group, DriveItem)
        moves.append((card_id, group.id, name.replace("kaart", "Kaart")))
        undo.append((card_id, root, name))
    results = adapter.move_many(moves)
    assert all(isinstance(r, DriveItem) for r in results)
    return undo


def test_in_place_restructure_costs_requests_per_card_and_undoes(tmp_path: Path) -> None:
    per_run = []
    for files_per_card in (2, 30):
        with FakeGraphServer() as server:
            cards = _seed_cards(server, 40, files_per_card)
            before = server.tree()
            adapter = open_target("me", {"base_url": server.url})
            try:
                server.reset_counts()
                undo = _restructure(adapter, cards)
                per_run.append(server.total_requests())
                after = server.tree()
                assert {v["id"] for v in after.values()} >= {v["id"] for v in before.values()}
                assert (
                    after["Groep 0/Kaart 00/document 1.docx"]["id"]
                    == (before["kaart 00/document 1.docx"]["id"])
                )
                groups = [
                    c for c in adapter.children(adapter.root().id) if c.name.startswith("Groep")
                ]
                undone = adapter.move_many(undo)
                assert all(isinstance(r, DriveItem) for r in undone)
                for group in groups:
                    adapter.delete(group.id)  # empty again: the journal created them
            finally:
                adapter.close()
            restored = server.tree()
        assert {p: v["id"] for p, v in restored.items()} == {p: v["id"] for p, v in before.items()}
    # 8 group folders + 40 card moves: 1 + 2 batches whatever the number of files inside
    assert per_run[0] == per_run[1] == 3


def test_a_copy_killed_among_its_folders_makes_the_rest_in_batches_on_resume(
    tmp_path: Path,
) -> None:
    """The first two levels of folders are made and journalled, then the process dies: the
    resume makes the 45 folders of the third level in ``$batch`` requests, as the first run
    would have, not with a request each."""
    from drive_adapters.executor import KILL_ENV

    spec = {f"groep {g}/vak {v}/les.txt": 100 + g + v for g in range(3) for v in range(15)}
    share = make_tree(tmp_path / "share", spec)
    plan_dir, journal = tmp_path / "kopie", tmp_path / "journal.sqlite"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with FakeGraphServer() as server:
        adapter = open_target("me", {"base_url": server.url})
        plan = copy_plan(share, adapter, "onedrive", ("Doel",), save_to=plan_dir)
        adapter.close()
        folders = len({t[:n] for i in plan.placed_files() for t in [i.target or ()]
                       for n in range(1, len(t))})  # fmt: skip
        command = [sys.executable, str(WORKER), server.url, str(plan_dir), str(journal)]
        killed = subprocess.run(command, env={**env, KILL_ENV: "2:after"}, capture_output=True,
                                timeout=120)  # fmt: skip
        assert killed.returncode == -signal.SIGKILL
        made_before = sum(1 for v in server.tree().values() if v["folder"])
        assert 0 < made_before < folders
        server.reset_counts()
        resumed = subprocess.run(command, env=env, capture_output=True, timeout=120)
        assert resumed.returncode == 0, resumed.stderr[-2000:]
        counts = server.counts()
    left = folders - made_before
    assert counts.get("batch:POST children", 0) == left  # each folder still to make, once
    assert counts.get("POST children", 0) == 0  # none on its own
    assert counts["POST $batch"] <= 2 + left // 20  # a level at a time, 20 a request
    assert sum(1 for v in server.tree().values() if v["folder"]) == folders
