"""The migration executor applying a card-sort plan to a fake Google shared drive.

The plan is built the way ``cardsort plan`` builds it (``cardsort.planning.build_plan``) from a
local scan, then applied, verified by content, killed and resumed, and undone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.executor import KILL_ENV, Executor
from drive_adapters.journal import Journal
from drive_adapters.local_scan import scan_tree
from drive_adapters.plan import Plan, save_plan
from drive_adapters.targets import open_target
from sessions.models import Card, Snapshot, SnapshotStatus
from tests.fakes.drive_server import FakeDriveServer
from tests.gdrive.conftest import SHARED, make_tree

REPO = Path(__file__).resolve().parents[2]


def school(root: Path) -> Path:
    files = {
        f"Groep {g}/{vak}/les {n}.docx": f"{g}{vak}{n}".encode() * (n + 1)
        for g in (5, 6)
        for vak in ("Rekenen", "Taal", "Natuur")
        for n in range(6)
    }
    files.update({f"Directie/Beleid/stuk {n}.pdf": b"%PDF" * (n + 10) for n in range(8)})
    files.update({f"MR/Notulen/notulen {n}.docx": b"MR" * (n + 1) for n in range(5)})
    return make_tree(root, files)


def make_plan(share: Path, out: Path) -> Path:
    entries = list(scan_tree(share))
    tops = sorted({e.path for e in entries if e.kind.value == "dir" and b"/" not in e.path})
    cards = [Card(i + 1, f"k{i}", os.fsdecode(t), "", i, sources=(t,)) for i, t in enumerate(tops)]

    def node(label: str, chosen: list[Card]) -> ConsensusNode:
        return ConsensusNode(
            label, (), tuple(c.key for c in chosen), tuple(c.label for c in chosen), 1.0, 1.0
        )

    consensus = ConsensusTree(
        groups=(node("Onderwijs", cards[1:3]), node("Organisatie", [cards[0], cards[3]]))
    )
    files = [e for e in entries if e.kind.value == "file"]
    snapshot = Snapshot(
        1,
        str(share),
        os.fsencode(share),
        "local",
        None,
        "2026-01-01",
        "2026-01-01",
        SnapshotStatus.COMPLETE,
        False,
        len(entries),
        len(files),
        len(entries) - len(files),
        sum(e.size for e in files),
        0,
    )
    plan = build_plan(
        consensus, cards, snapshot, entries, study="demo", options=PlanOptions(rules="gdrive")
    )
    return save_plan(plan, out)


def spec_for(server: FakeDriveServer) -> str:
    return (
        f"gdrive:shared:{SHARED}?api_endpoint={server.api_endpoint}&ca_certs={server.ca_path}"
        "&retry_scale=0.001"
    )


def executor_for(server: FakeDriveServer, plan_file: Path) -> Executor:
    from drive_adapters.plan import load_plan

    plan: Plan = load_plan(plan_file)
    target = open_target(spec_for(server), plan)
    journal = Journal(plan_file.parent / "journal.sqlite")
    return Executor(
        plan,
        target.adapter,
        target.mode,
        journal,
        target_label=target.label,
        source_adapter=target.source_adapter,
    )


def test_plan_applies_verifies_by_content_and_undoes(fake: FakeDriveServer, tmp_path: Path) -> None:
    plan_file = make_plan(school(tmp_path / "share"), tmp_path / "plan")
    executor = executor_for(fake, plan_file)
    fake.drive.reset_counts()
    result = executor.apply()
    files = result.files
    calls = fake.drive.api_calls()
    assert files == 49 and result.by_kind["upload"] == files
    assert calls <= 1.2 * (files + 14)  # ≈ one call per file and per new folder
    check = executor.verify(content=True)
    assert check.ok, check.differences
    assert check.hashed == files
    paths = {fake.drive.path_of(f) for f in fake.drive.live_files() if not f.is_folder}
    assert "Onderwijs/Groep 5/Rekenen/les 0.docx" in paths
    assert fake.drive.duplicate_names() == []
    executor.undo()
    assert fake.drive.live_files() == []
    # our copies are deleted for good: no trash left counting against the 500,000-item cap
    assert not any(f.trashed for f in fake.drive.files.values())


@pytest.mark.slow
def test_apply_killed_at_many_operations_resumes_without_duplicates(
    fake_factory: Any, tmp_path: Path
) -> None:
    server, _ = fake_factory(keep_content=True)
    share = school(tmp_path / "share")
    plan_file = make_plan(share, tmp_path / "plan")
    env = dict(os.environ, PYTHONPATH=str(REPO), CARDSORT_STORE=str(tmp_path / "ws.sqlite"))
    env["CARDSORT_LANG"] = "en"  # the checks below read the English summary
    spec = spec_for(server)
    worker = [sys.executable, "-m", "tests.gdrive.gdrive_apply_worker", str(plan_file), spec]
    killed = 0
    points = [
        (1, "during"),
        (3, "before"),
        (7, "during"),
        (12, "after"),
        (20, "during"),
        (33, "during"),
    ]
    for at, phase in points:
        kill_env = dict(env, **{KILL_ENV: f"{at}:{phase}"})
        run = subprocess.run(
            worker, cwd=REPO, capture_output=True, text=True, env=kill_env, timeout=120
        )
        killed += run.returncode == -9
    assert killed >= 5
    # the last run and the check go through the real commands
    migrate = [sys.executable, "-m", "cardsort", "migrate"]
    final = subprocess.run(
        [*migrate, "resume", str(plan_file), "--target", spec],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert final.returncode == 0, final.stdout + final.stderr
    assert "recovered" in final.stdout
    verify = subprocess.run(
        [*migrate, "verify", str(plan_file), "--target", spec, "--content"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert verify.returncode == 0, verify.stdout
    assert server.drive.duplicate_names() == [] and not server.drive.bugs
    uploaded = [f for f in server.drive.live_files() if not f.is_folder]
    assert len(uploaded) == 49
    for rec in uploaded:  # every byte arrived
        source = share / Path(*server.drive.path_of(rec).split("/")[1:])
        assert rec.content == source.read_bytes()


def test_in_place_restructure_moves_each_card_once_and_undo_restores_paths(
    fake: FakeDriveServer, tmp_path: Path
) -> None:
    from drive_adapters.gdrive.scan import scan_drive
    from drive_adapters.plan import load_plan
    from tests.gdrive.conftest import adapter_for
    from tests.gdrive.test_gdrive_restructure import CARDS, build_share

    drive = adapter_for(fake)
    build_share(fake.drive, drive.root_id)

    def files_and_folders() -> tuple[dict[str, str], set[str]]:
        live = fake.drive.live_files(drive.drive_id)
        return (
            {f.id: fake.drive.path_of(f) for f in live if not f.is_folder},
            {fake.drive.path_of(f) for f in live if f.is_folder},
        )

    before_files, before_folders = files_and_folders()
    entries = list(scan_drive(drive))  # the inventory the plan is made from
    cards = [
        Card(i + 1, f"k{i}", new, "", i, sources=(old.encode(),))
        for i, (old, (_group, new)) in enumerate(CARDS.items())
    ]
    by_group: dict[str, list[Card]] = {}
    for card, (_old, (group, _new)) in zip(cards, CARDS.items(), strict=True):
        by_group.setdefault(group, []).append(card)
    consensus = ConsensusTree(
        groups=tuple(
            ConsensusNode(g, (), tuple(c.key for c in cs), tuple(c.label for c in cs), 1.0, 1.0)
            for g, cs in sorted(by_group.items())
        )
    )
    files = [e for e in entries if e.kind.value == "file"]
    snapshot = Snapshot(
        1,
        drive.spec,
        b"",
        "gdrive",
        drive.spec,
        "t",
        "t",
        SnapshotStatus.COMPLETE,
        True,
        len(entries),
        len(files),
        len(entries) - len(files),
        0,
        0,
    )
    plan = build_plan(
        consensus, cards, snapshot, entries, study="demo", options=PlanOptions(rules="gdrive")
    )
    plan_file = save_plan(plan, tmp_path / "plan")
    target = open_target(spec_for(fake), load_plan(plan_file))
    assert target.mode.value == "in-place"
    executor = Executor(
        load_plan(plan_file),
        target.adapter,
        target.mode,
        Journal(tmp_path / "plan" / "journal.sqlite"),
        target_label=target.label,
        source_adapter=target.source_adapter,
    )
    fake.drive.reset_counts()
    result = executor.apply()
    groups = len(by_group)
    # each card folder moves once into the staging folder, then each group folder moves up
    assert result.by_kind["move"] == len(CARDS) + groups
    # old folders go to the trash (files.update); the staging folder, ours, is deleted for good
    removals = fake.drive.requests["files.update"] + fake.drive.requests["files.delete"]
    assert removals == result.by_kind["move"] + result.by_kind["rmdir"]
    moved_files, _ = files_and_folders()
    assert moved_files.keys() == before_files.keys()  # same items (ids), nothing copied
    assert moved_files[next(iter(before_files))].startswith(CARDS["Groep 7/Rekenen"][0])
    assert executor.verify().ok
    executor.undo()
    after_files, after_folders = files_and_folders()
    assert after_files == before_files  # every file back at its old path, same id
    assert after_folders == before_folders
    assert fake.drive.duplicate_names() == []


def test_daily_upload_cap_stops_the_executor_cleanly_and_resume_finishes(
    fake_factory: Any, tmp_path: Path
) -> None:
    from drive_adapters.executor import ExecutionError
    from tests.fakes.drive_server import Chaos

    server, _ = fake_factory(chaos=Chaos(upload_cap_bytes=300))
    plan_file = make_plan(school(tmp_path / "share"), tmp_path / "plan")
    executor = executor_for(server, plan_file)
    with pytest.raises(ExecutionError, match="750 GB") as info:
        executor.apply()
    assert "pause" in str(info.value) and "nothing is lost" in str(info.value)
    done_before = len([f for f in server.drive.live_files() if not f.is_folder])
    assert 0 < done_before < 49
    server.drive.chaos.upload_cap_bytes = None  # the next day
    result = executor_for(server, plan_file).apply()
    assert result.already_done > 0
    assert executor_for(server, plan_file).verify(content=True).ok
    assert server.drive.duplicate_names() == []


def test_a_resume_finds_each_folder_once_not_once_per_upload_and_level(
    fake_factory: Any, tmp_path: Path
) -> None:
    """A resumed run's folders were made by the run before: it must not walk every upload's path
    from the root again (one ``files.get`` per level per upload, 6.4 requests per file in a
    school run killed three times). Its cost is the uploads left, plus a look-up per folder."""
    from drive_adapters.executor import ExecutionError
    from drive_adapters.plan import load_plan
    from tests.fakes.drive_server import Chaos

    server, _ = fake_factory(chaos=Chaos(upload_cap_bytes=300))
    plan_file = make_plan(school(tmp_path / "share"), tmp_path / "plan")
    with pytest.raises(ExecutionError, match="750 GB"):
        executor_for(server, plan_file).apply()
    left = 49 - len([f for f in server.drive.live_files() if not f.is_folder])
    assert left > 30
    targets = [i.target for i in load_plan(plan_file).items if i.kind == "file" and i.target]
    folders = len({t[:n] for t in targets for n in range(1, len(t))})
    server.drive.chaos.upload_cap_bytes = None
    server.drive.reset_counts()
    result = executor_for(server, plan_file).apply()
    assert result.by_kind.get("upload", 0) == left
    calls = server.drive.requests
    extra = server.drive.api_calls() - calls["upload.multipart"]
    assert calls["upload.multipart"] == left  # nothing uploaded twice
    # opening the drive (3) and new ids (1), and per folder at most one listing to find it
    # and one to check its names
    assert extra <= 4 + 2 * folders, (extra, folders, dict(calls))
    assert calls["files.get"] <= 2, dict(calls)
    assert server.drive.duplicate_names() == []
