"""Apply limits each folder meant for a narrower audience, journalled, verified and undone.

On the simulated drive standing in for a cloud (``simulated:gdrive``) the access step shows up
between making the folders and filling them; on a target that cannot change access (local) the
plan says so; an audience without groups stops apply before anything changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from drive_adapters.executor import ExecutionError, Executor
from drive_adapters.journal import Journal
from drive_adapters.plan import OpKind, Plan, access_folders, save_plan
from drive_adapters.remote.access import ANYONE_IN_DRIVE
from drive_adapters.simulated import SimulatedAdapter
from drive_adapters.targets import Target, open_target
from tests.migration.access_plans import CARE, CARE_FOLDER, care_plan, school_share


def _executor(plan: Plan, target: Target, journal: Journal) -> Executor:
    return Executor(
        plan, target.adapter, target.mode, journal, target_label=target.label,
        source_adapter=target.source_adapter,
    )  # fmt: skip


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return care_plan(school_share(tmp_path / "share"))


def test_the_care_folder_is_limited_before_anything_goes_into_it(plan: Plan) -> None:
    target = open_target("simulated:gdrive", plan)
    executor = _executor(plan, target, Journal.memory())
    kinds = [(op.kind, op.dst) for op in executor.ops]
    step = kinds.index((OpKind.ACCESS, CARE_FOLDER))
    assert all(k is OpKind.MKDIR for k, _ in kinds[:step])  # after the folders are made
    assert all(k is OpKind.UPLOAD for k, _ in kinds[step + 1 :])  # before any file arrives
    executor.apply(check_source=False)
    adapter = target.adapter
    assert isinstance(adapter, SimulatedAdapter)
    care = adapter.item_at(CARE_FOLDER)
    dossier = adapter.item_at((*CARE_FOLDER, "Zorg", "dossier 0.docx"))
    assert care is not None and dossier is not None
    assert adapter.read_access(care.id).reaches() == {CARE}
    assert adapter.read_access(dossier.id).reaches() == {CARE}  # inherited by what is inside
    lesson = adapter.item_at(("Onderwijs", "Rekenen", "les 0.docx"))
    assert lesson is not None and adapter.read_access(lesson.id).reaches() == {ANYONE_IN_DRIVE}
    check = executor.verify()
    assert check.ok and check.access_checked == 1


def test_the_journal_records_the_access_before_and_undo_restores_it(
    plan: Plan, tmp_path: Path
) -> None:
    target = open_target("simulated:gdrive?mode=copy", plan)
    adapter = target.adapter
    journal = Journal(tmp_path / "journal.sqlite")
    executor = _executor(plan, target, journal)
    step = next(op for op in executor.ops if op.kind is OpKind.ACCESS)
    executor.apply(check_source=False)
    recorded = json.loads(journal.meta()[f"access.{step.seq}"])
    assert recorded == {"limited": False, "grants": [
        {"principal": ANYONE_IN_DRIVE, "role": "writer", "inherited": True}
    ]}  # fmt: skip
    care = target.adapter.item_at(CARE_FOLDER)  # type: ignore[attr-defined]
    restored: list[str] = []
    original = adapter.restore_access

    def watch(item_id: str, before: object) -> None:
        restored.append(item_id)
        original(item_id, before)  # type: ignore[arg-type]

    adapter.restore_access = watch  # type: ignore[method-assign]
    undone = executor.undo()
    assert restored == [care.id] and not undone.set_aside  # restored, then the folder removed
    assert list(adapter.children(adapter.root().id)) == []
    journal.close()


def test_verify_reports_a_folder_that_lets_in_more_than_its_audience(plan: Plan) -> None:
    target = open_target("simulated:gdrive", plan)
    executor = _executor(plan, target, Journal.memory())
    executor.apply(check_source=False)
    adapter = target.adapter
    care = adapter.item_at(CARE_FOLDER)  # type: ignore[attr-defined]
    before = adapter.read_access(care.id)
    adapter.restore_access(care.id, type(before).of(False, ()))  # someone opened it up again
    check = executor.verify()
    assert not check.ok
    assert any("more than its audience (care team)" in d for d in check.differences)


def test_an_audience_without_groups_stops_apply_and_nothing_moves_into_an_open_folder(
    tmp_path: Path,
) -> None:
    plan = care_plan(school_share(tmp_path / "share"), groups={})
    target = open_target("simulated:gdrive", plan)
    executor = _executor(plan, target, Journal.memory())
    problems = executor.access_problems()
    assert problems and "--group care=GROUP" in problems[0]
    with pytest.raises(ExecutionError) as refused:
        executor.apply()
    assert refused.value.blocked and any("Leerlingzorg" in d for d in refused.value.details)
    # simulate (no preflight): the step is set aside and the care files wait for it
    rehearsal = _executor(plan, open_target("simulated:gdrive", plan), Journal.memory())
    result = rehearsal.apply(check_source=False)
    waiting = [line for line in result.set_aside if "dossier" in line]
    assert len(waiting) == 3 and all("waits for Leerlingzorg" in w for w in waiting)


def test_a_target_that_cannot_change_access_says_so(plan: Plan) -> None:
    target = open_target("simulated:local-copy", plan)
    executor = _executor(plan, target, Journal.memory())
    assert not any(op.kind is OpKind.ACCESS for op in executor.ops)
    notes = executor.access_notes()
    assert len(notes) == 1 and "Access is not applied on this target" in notes[0]
    assert "Leerlingzorg (care team)" in notes[0]
    assert executor.access_problems() == []


def _simulate(plan: Plan, where: Path, target: str, capsys: pytest.CaptureFixture[str]) -> str:
    save_plan(plan, where)
    capsys.readouterr()
    status = main(["migrate", "simulate", str(where), "--target", target])
    out = " ".join(capsys.readouterr().out.split())
    return f"{status} {out}"


def test_simulate_shows_the_access_step_or_says_access_is_not_applied(
    plan: Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDSORT_LANG", "en")
    cloud = _simulate(plan, tmp_path / "plan", "simulated:gdrive", capsys)
    assert cloud.startswith("0 ")
    assert "Access: 1 folder(s) limited to their audience" in cloud
    assert "Leerlingzorg (care team)" in cloud
    local = _simulate(plan, tmp_path / "plan", "simulated:local-copy", capsys)
    assert "Note: this target cannot set who opens a folder, so access is not applied" in local
    without = care_plan(Path(plan.snapshot.root), groups={})
    blocked = _simulate(without, tmp_path / "plan-no-groups", "simulated:gdrive", capsys)
    assert blocked.startswith(f"{int(ExitStatus.BLOCKED)} ")
    assert "1 access problem(s) block apply" in blocked and "--group care=GROUP" in blocked


class _Killed(Exception):
    """The process died at a chosen moment of the access step."""


class _DieAt:
    def __init__(self, at: int, phase: str) -> None:
        self.at, self.phase = at, phase

    def maybe_die(self, phase: str, count: int) -> None:
        if count == self.at and phase == self.phase:
            raise _Killed


@pytest.mark.parametrize("phase", ["before", "during", "after"])
def test_an_access_step_killed_midway_resumes_and_undo_still_restores_the_first_reading(
    plan: Plan, tmp_path: Path, phase: str
) -> None:
    target = open_target("simulated:gdrive", plan)
    journal = Journal(tmp_path / "journal.sqlite")
    killed = _executor(plan, target, journal)
    step = next(op for op in killed.ops if op.kind is OpKind.ACCESS)
    killed._crash = _DieAt(step.seq, phase)  # type: ignore[assignment]
    with pytest.raises(_Killed):
        killed.apply(check_source=False)
    first = journal.meta().get(f"access.{step.seq}")
    resumed = _executor(plan, target, journal)
    resumed.apply(check_source=False)
    assert journal.meta()[f"access.{step.seq}"] == first or first is None
    recorded = json.loads(journal.meta()[f"access.{step.seq}"])
    assert recorded["limited"] is False  # the access before, never the limited one
    assert resumed.verify().ok and journal.counts() == {"done": len(resumed.ops)}
    resumed.undo()
    assert list(target.adapter.children(target.adapter.root().id)) == []
    journal.close()


def test_the_audience_follows_the_name_the_targets_rules_give_the_folder(tmp_path: Path) -> None:
    plan = care_plan(school_share(tmp_path / "share"), rules="onedrive", care_label="Zorg: IB ")
    (limited,) = access_folders(plan)
    assert limited == (("Zorg_ IB",), "care")  # OneDrive refuses ':' and a trailing space
    assert limited[0] in plan.folders
    target = open_target("simulated:onedrive", plan)
    executor = _executor(plan, target, Journal.memory())
    executor.apply(check_source=False)
    assert executor.verify().access_checked == 1


def test_the_access_report_reads_the_renamed_care_folder_with_its_audience(
    tmp_path: Path,
) -> None:
    from cardsort.privacy.access_report import access_rows

    plan = care_plan(school_share(tmp_path / "share"), rules="onedrive", care_label="Zorg: IB ")
    rows = {row.folder: row for row in access_rows(plan)}
    assert rows["Zorg_ IB"].audience == "care" and rows["Zorg_ IB"].groups == (
        "zorg@blokhuus.example",
    )
