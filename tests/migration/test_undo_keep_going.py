"""Undo never gets stuck: an item whose undo fails on its own is set aside with its reason, the
rest of the undo finishes, and running undo again finishes what was set aside once the cause
is gone. A folder someone put files in is never removed."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from drive_adapters.executor import Executor
from drive_adapters.executor.undo import NOT_OURS
from drive_adapters.journal import Journal, OpStatus
from drive_adapters.onedrive import open_target as open_onedrive
from drive_adapters.plan import Mode, load_plan
from drive_adapters.simulated import SimulatedAdapter
from drive_adapters.targets import open_target
from tests.fakes.graph_server import FakeGraphServer
from tests.onedrive.onedrive_plans import in_place_plan

from .conftest import Built, as_admin, manifest, node, open_executor
from .test_keep_going import CARDS, consensus, write_share

REPO = Path(__file__).resolve().parents[2]


def small_consensus() -> ConsensusTree:
    """Four cards: two in "Even", two in "Oneven"."""
    return ConsensusTree((node("Even", ["k0", "k2"]), node("Oneven", ["k1", "k3"])), ())


def _reasons(set_aside: list[str]) -> dict[str, str]:
    return dict(line.split(": ", 1) for line in set_aside)


def test_undo_sets_aside_what_it_cannot_undo_and_finishes_once_the_causes_are_gone(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    write_share(share, cards=10, files=2)
    built = build(share, cards=CARDS, consensus=consensus())
    before = manifest(share)
    ex = open_executor(built.plan_dir, f"local:{share}", watch_source=False)
    ex.apply()
    stage = built.plan.staging
    # A week later: a teacher saved a new file in a folder the migration made, someone put a
    # file where a card folder must go back to, and a card folder was moved away.
    (share / "Even" / "nieuw van juf.docx").write_bytes(b"not the migration's\n")
    (share / "kaart 03").write_bytes(b"a file in the old place of a card folder\n")
    elsewhere = tmp_path / "elders"
    shutil.move(share / "Oneven" / "Kaart 05", elsewhere)

    first = ex.undo()

    reasons = _reasons(first.set_aside)
    assert reasons[f"mkdir {stage}/Even"] == (
        f"{NOT_OURS} (nieuw van juf.docx); move them elsewhere, then run undo again"
    )
    assert (
        "exists already; nothing was overwritten"
        in reasons[f"move kaart 03 -> {stage}/Oneven/Kaart 03"]
    )
    assert "is not there" in reasons[f"move kaart 05 -> {stage}/Oneven/Kaart 05"]
    assert reasons[f"mkdir {stage}/Oneven"].startswith("waits for ")  # what it holds stays
    assert reasons[f"mkdir {stage}"].startswith("waits for ")
    assert len(reasons) == 5
    # Everything else is undone; nothing the migration did not make was removed.
    for c in (0, 1, 2, 4, 6, 7, 8, 9):
        assert (share / f"kaart {c:02d}" / "stuk 01.txt").is_file()
    assert (share / stage / "Even" / "nieuw van juf.docx").read_bytes() == b"not the migration's\n"
    assert (share / stage / "Oneven" / "Kaart 03" / "stuk 00.txt").is_file()
    assert ex.journal.meta()["state"] == "undoing"
    failed = [r for r in ex.journal.rows().values() if r.undo_status is OpStatus.FAILED]
    assert len(failed) == 5 and all(r.undo_message for r in failed)
    report = ex.write_report(built.plan_dir / "report-undo.csv")
    with report.open(encoding="utf-8", newline="") as handle:
        rows = {r["source"]: r for r in csv.DictReader(handle)}
    assert rows["kaart 03"]["status"] == "done, undo set aside"
    assert "exists already" in rows["kaart 03"]["message"]
    assert rows["kaart 00"]["status"] == "done, undo done"

    # The causes are removed: the new file goes elsewhere, the old place is free again, the
    # card folder is back where the migration put it. Undo again finishes, and only retries.
    (share / stage / "Even" / "nieuw van juf.docx").unlink()
    (share / "kaart 03").unlink()
    shutil.move(elsewhere, share / stage / "Oneven" / "Kaart 05")
    second = ex.undo()
    assert not second.set_aside and second.ran == 5
    assert second.already_done == len(ex.ops) - 5
    assert ex.journal.meta()["state"] == "undone"
    assert manifest(share) == before
    ex.journal.close()


def test_a_changed_copy_keeps_its_folders_without_setting_them_aside(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    write_share(share, cards=4, files=2)
    built = build(share, cards=CARDS[:4], consensus=small_consensus())
    copy = tmp_path / "kopie"
    ex = open_executor(built.plan_dir, f"local-copy:{copy}", watch_source=False)
    ex.apply()
    edited = copy / "Even" / "Kaart 02" / "stuk 01.txt"
    edited.write_bytes(b"a teacher edited the copy\n")
    result = ex.undo()
    # The edited copy stays (it is the school's now), and so do the folders that hold it: that
    # is a deliberate choice, reported, not a failure that undo would retry for ever.
    assert not result.set_aside
    assert edited.read_bytes() == b"a teacher edited the copy\n"
    assert any("changed since it was copied" in line for line in result.skipped)
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*")) == [
        "Even",
        "Even/Kaart 02",
        "Even/Kaart 02/stuk 01.txt",
    ]
    ex.journal.close()


def test_cli_undo_exits_set_aside_then_done(
    tmp_path: Path, build: Callable[..., Built], capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "share"
    write_share(share, cards=4, files=2)
    built = build(share, cards=CARDS[:4], consensus=small_consensus())
    before = manifest(share)
    plan, target = str(built.plan_dir), f"local:{share}"
    assert main(["migrate", "apply", plan, "--target", target]) == ExitStatus.DONE
    (share / "Oneven" / "nieuw.txt").write_bytes(b"new\n")
    capsys.readouterr()
    assert main(["migrate", "undo", plan, "--target", target]) == ExitStatus.SET_ASIDE
    out = " ".join(capsys.readouterr().out.split())
    assert "nieuw.txt" in out
    (share / built.plan.staging / "Oneven" / "nieuw.txt").unlink()
    assert main(["migrate", "undo", plan, "--target", target]) == ExitStatus.DONE
    assert manifest(share) == before


def test_simulated_undo_sets_a_foreign_item_aside_and_finishes_after(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    write_share(share, cards=4, files=2)
    built = build(share, cards=CARDS[:4], consensus=small_consensus())
    plan = load_plan(built.plan_dir)
    target = open_target("simulated:onedrive?mode=in-place", plan)
    adapter = target.adapter
    assert isinstance(adapter, SimulatedAdapter)
    ex = Executor(plan, adapter, target.mode, Journal.memory(), target_label=target.label)
    ex.apply(check_source=False)
    adapter.add_existing(("Even", "Kaart 00", "erbij.docx"), is_folder=False, size=3)
    adapter.add_existing(("Oneven", "Notities"), is_folder=True)
    first = ex.undo()
    reasons = _reasons(first.set_aside)
    assert reasons[f"mkdir {plan.staging}/Oneven"] == (
        f"{NOT_OURS} (Notities); move them elsewhere, then run undo again"
    )
    # A file added inside a card folder goes back with that folder: nothing is set aside for it.
    assert adapter.item_at(("kaart 00", "erbij.docx")) is not None
    assert adapter.item_at((plan.staging, "Oneven", "Notities")) is not None
    notes = adapter.item_at((plan.staging, "Oneven", "Notities"))
    assert notes is not None
    adapter.delete(notes.id)
    second = ex.undo()
    assert not second.set_aside and second.ran == 2
    assert adapter.item_at((plan.staging,)) is None


def test_undo_as_an_admin_who_is_not_root_sets_a_folder_it_may_not_move_aside(
    world: Path, tmp_path: Path, build: Callable[..., Built]
) -> None:
    """A card folder the admin may not move (its permissions changed after the apply) is set
    aside with "permission denied"; once it may be moved, undo again finishes."""
    if os.geteuid() != 0:
        pytest.skip("needs root to make a folder another user may not move")
    share = world / "share"
    write_share(share, cards=4, files=2)
    built = build(share, cards=CARDS[:4], consensus=small_consensus())
    plan = world / "plan"
    shutil.copytree(built.plan_dir, plan)
    (world / "home").mkdir()
    for dirpath, _dirs, filenames in os.walk(world):
        os.chmod(dirpath, 0o777)
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o666)
    before = manifest(share)

    def migrate(verb: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "cardsort", "migrate", verb, str(plan)]
        return subprocess.run(
            as_admin([*command, "--target", f"local:{share}"]),
            env=dict(os.environ, PYTHONPATH=str(REPO), COLUMNS="200", HOME=str(world / "home")),
            cwd=world,
            capture_output=True,
            text=True,
            timeout=300,
        )

    applied = migrate("apply")
    assert applied.returncode == ExitStatus.DONE, applied.stdout + applied.stderr[-3000:]
    locked = share / "Oneven" / "Kaart 03"  # owned by root; a folder's move needs write on it
    locked.chmod(0o555)
    first = migrate("undo")
    out = " ".join(first.stdout.split())
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    assert first.returncode == ExitStatus.SET_ASIDE, out + first.stderr[-3000:]
    assert "kaart 03: permission denied" in out, out
    assert (share / "kaart 01" / "stuk 00.txt").is_file()  # the rest was undone
    (share / built.plan.staging / "Oneven" / "Kaart 03").chmod(0o777)  # where it waited
    second = migrate("undo")
    assert second.returncode == ExitStatus.DONE, second.stdout + second.stderr[-3000:]
    assert manifest(share) == before


def test_onedrive_undo_never_removes_a_folder_someone_saved_a_file_in(tmp_path: Path) -> None:
    """On the fake OneDrive (Graph over real HTTP): a document saved into a folder the plan
    made keeps that folder; once it is moved out, undo again restores every id."""
    with FakeGraphServer() as server:
        for c in range(6):
            card = server.add_folder(server.me.root_id, f"kaart {c:02d}")
            server.add_file(card, "document.docx", f"kaart {c}".encode() * 20)
        before = {p: v["id"] for p, v in server.tree().items()}
        plan = in_place_plan(server.tree())
        adapter = open_onedrive("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="onedrive:me")
            executor.apply(check_source=False)
            group = server.tree()["Groep 1"]["id"]
            foreign = server.add_file(group, "notulen juni.docx", b"saved by a teacher")
            first = executor.undo()
            adapter.delete(foreign)  # the admin moves it out (here: to the recycle bin)
            second = executor.undo()
        finally:
            journal.close()
            adapter.close()
        after = {p: v["id"] for p, v in server.tree().items()}
    reasons = _reasons(first.set_aside)
    assert reasons == {
        f"mkdir {plan.staging}/Groep 1": (
            f"{NOT_OURS} (notulen juni.docx); move them elsewhere, then run undo again"
        ),
        f"mkdir {plan.staging}": f"waits for {plan.staging}/Groep 1, which was set aside",
    }
    assert not second.set_aside and second.ran == 2
    assert after == before
