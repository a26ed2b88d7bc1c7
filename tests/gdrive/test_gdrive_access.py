"""Show (issue 13): a plan with a care audience applied to the fake shared drive.

The care folder reaches Google Drive as a folder with limited access that only the care team's
group (and the drive's organizers) can open: the permissions are read back by verify, a teacher
cannot open the care files and the intern begeleider can; undo gives every item back exactly
the access it had; and an in-place restructure that would have let the team open care files is
refused before anything changes. "Can open" is the fake's answer, with the groups it knows
(tests/fakes/drive_server.py, developers.google.com/drive/api/guides/limited-expansive-access).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from drive_adapters.executor import ExecutionError, Executor
from drive_adapters.gdrive import GDriveAdapter
from drive_adapters.journal import Journal
from drive_adapters.plan import Mode, Plan, save_plan
from drive_adapters.remote.access import Access
from drive_adapters.targets import open_target
from tests.fakes.drive_server import FOLDER, Chaos, FakeDrive, FakeDriveServer
from tests.gdrive.conftest import SHARED, adapter_for
from tests.migration.access_plans import (
    CARE,
    CARE_GROUP,
    care_plan,
    in_place_plan,
    school_share,
)

TEAM_GROUP = "team@blokhuus.example"
TEAM = f"group:{TEAM_GROUP}"
TEACHER = "juf.anne@blokhuus.example"  # in the team
IB = "ib@blokhuus.example"  # the intern begeleider: in the team and in the care team


@pytest.fixture
def school(fake: FakeDriveServer) -> FakeDriveServer:
    """The shared drive is the team's; the care team is a group inside it."""
    drive_id = next(iter(fake.drive.drives))
    fake.drive.add_group(TEAM_GROUP, [TEACHER, IB])
    fake.drive.add_group(CARE_GROUP, [IB])
    fake.drive.add_member(drive_id, TEAM_GROUP, "writer")
    return fake


def _spec(server: FakeDriveServer) -> str:
    return (
        f"gdrive:shared:{SHARED}?api_endpoint={server.api_endpoint}&ca_certs={server.ca_path}"
        "&retry_scale=0.001&writes_per_second=0"
    )


def _at(drive: FakeDrive, path: str) -> str:
    return next(f.id for f in drive.live_files() if drive.path_of(f) == path)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main(list(args))
    return status, " ".join(capsys.readouterr().out.split())


def test_a_care_folder_reaches_the_shared_drive_for_the_care_team_only(
    school: FakeDriveServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CARDSORT_LANG", "en")
    drive = school.drive
    plan_dir = tmp_path / "plan"
    save_plan(care_plan(school_share(tmp_path / "share")), plan_dir)
    spec = _spec(school)
    root_before = drive.permissions_of(drive.files[next(iter(drive.drives))])

    status, out = _cli(capsys, "migrate", "apply", str(plan_dir), "--target", spec)
    assert status == 0, out
    assert "Access: 1 folder(s) limited to their audience" in out

    # the permissions, read back through the adapter and as the fake lists them
    adapter = adapter_for(school)
    care = _at(drive, "Leerlingzorg")
    access = adapter.read_access(care)
    assert access.limited and access.reaches() == {CARE}
    dossier = _at(drive, "Leerlingzorg/Zorg/dossier 0.docx")
    listed = {p.get("emailAddress") for p in drive.permissions_of(drive.files[dossier])}
    assert listed == {CARE_GROUP, drive.user_email}  # the team is not among them
    # a team member cannot open the care files; the care team can; lessons stay open to all
    care_files = [f.id for f in drive.live_files() if drive.path_of(f).startswith("Leerlingzorg")]
    assert len(care_files) == 5  # the folder, Zorg, three dossiers
    assert not any(drive.can_open(TEACHER, f) for f in care_files)
    assert all(drive.can_open(IB, f) for f in care_files)
    assert drive.can_open(TEACHER, _at(drive, "Onderwijs/Rekenen/les 0.docx"))

    status, out = _cli(capsys, "migrate", "verify", str(plan_dir), "--target", spec)
    assert status == 0 and "Access read back on 1 folder(s)" in out
    assert f"Leerlingzorg (care team): {CARE}" in out  # who can open it, as read back

    # someone opens the care folder to the whole team: verify says so and exits 1
    drive.create_permission(
        care, {"type": "group", "role": "reader", "emailAddress": TEAM_GROUP}, True
    )
    assert drive.can_open(TEACHER, dossier)
    status, out = _cli(capsys, "migrate", "verify", str(plan_dir), "--target", spec)
    assert status == ExitStatus.DIFFERENCES
    assert f"lets in {TEAM}, more than its audience (care team): Leerlingzorg" in out
    drive.delete_permission(care, _permission_id(drive, care, TEAM_GROUP), True)

    # undo restores the recorded access before it removes the folder: nothing is left
    drive.reset_counts()
    status, out = _cli(capsys, "migrate", "undo", str(plan_dir), "--target", spec)
    assert status == 0, out
    assert drive.requests["permissions.delete"] == 1  # the care team's grant, restored away
    assert drive.live_files() == []
    assert drive.permissions_of(drive.files[next(iter(drive.drives))]) == root_before


def _permission_id(drive: FakeDrive, file_id: str, address: str) -> str:
    return next(p.id for p in drive.direct[file_id] if p.address == address)


# -- in place -----------------------------------------------------------------------------------


def _build(drive: FakeDrive, root: str) -> dict[str, tuple[str, bool, int]]:
    """Lessons open to the team; the care team's own folder (limited) with a hand-over folder."""
    tree: dict[str, tuple[str, bool, int]] = {}

    def make(path: str, folder: bool, size: int = 0) -> str:
        parent_path, _, name = path.rpartition("/")
        parent = tree[parent_path][0] if parent_path else root
        meta = {"name": name, "parents": [parent], **({"mimeType": FOLDER} if folder else {})}
        rec = drive.create(meta, True, content=None if folder else b"x" * size)
        tree[path] = (rec.id, folder, size)
        return rec.id

    make("Rekenen", True)
    zorg = make("Zorg", True)
    drive.create_permission(
        zorg, {"type": "group", "role": "writer", "emailAddress": CARE_GROUP}, True
    )
    drive.set_limited(drive.files[zorg], True)
    make("Zorg/Overdracht", True)
    for n in range(3):
        make(f"Rekenen/les {n}.docx", False, 10 + n)
        make(f"Zorg/Overdracht/kind {n}.docx", False, 20 + n)
    return tree


def _who_opens(drive: FakeDrive, adapter: GDriveAdapter) -> dict[str, tuple[Access, bool, bool]]:
    """Every item by path: its access as the adapter reads it, can the teacher / IB open it."""
    return {
        drive.path_of(f): (
            adapter.read_access(f.id),
            drive.can_open(TEACHER, f.id),
            drive.can_open(IB, f.id),
        )
        for f in drive.live_files()
    }


def _executor(plan: Plan, adapter: GDriveAdapter, tmp_path: Path) -> Executor:
    journal = Journal(tmp_path / "journal.sqlite")
    return Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="gdrive:shared:test")


def test_an_in_place_restructure_keeps_care_files_for_the_care_team_and_undo_restores_all(
    school: FakeDriveServer, tmp_path: Path
) -> None:
    drive = school.drive
    adapter = adapter_for(school)
    tree = _build(drive, adapter.root_id)
    before = _who_opens(drive, adapter)
    assert not before["Zorg/Overdracht/kind 0.docx"][1]  # the teacher cannot open it today
    plan = in_place_plan(
        tree,
        {"Rekenen": ("Onderwijs", "Rekenen"), "Zorg/Overdracht": ("Leerlingzorg", "Overdracht")},
        removals=["Zorg"],
        audiences={"Onderwijs": "team", "Leerlingzorg": "care"},
    )
    executor = _executor(plan, adapter, tmp_path)
    executor.apply()
    after = _who_opens(drive, adapter)
    handover = after["Leerlingzorg/Overdracht/kind 0.docx"]
    assert handover[0].reaches() == {CARE} and not handover[1] and handover[2]
    assert after["Leerlingzorg"][0].limited
    assert after["Onderwijs/Rekenen/les 0.docx"][1]  # lessons: still the whole team
    check = executor.verify()
    assert check.ok, check.differences
    assert check.access_checked == 1

    executor.undo()
    assert _who_opens(drive, adapter) == before  # same paths, same access, same people
    executor.journal.close()


def test_an_in_place_restructure_that_would_widen_access_is_refused(
    school: FakeDriveServer, tmp_path: Path
) -> None:
    drive = school.drive
    adapter = adapter_for(school)
    tree = _build(drive, adapter.root_id)
    before = _who_opens(drive, adapter)
    plan = in_place_plan(  # the hand-over folder would land in a folder for the whole team
        tree,
        {"Rekenen": ("Onderwijs", "Rekenen"), "Zorg/Overdracht": ("Onderwijs", "Overdracht")},
        removals=["Zorg"],
        audiences={"Onderwijs": "team"},
    )
    executor = _executor(plan, adapter, tmp_path)
    drive.reset_counts()
    with pytest.raises(ExecutionError) as refused:
        executor.apply()
    assert refused.value.blocked
    (problem,) = refused.value.details
    assert problem.startswith(
        f"Zorg/Overdracht would be opened by {TEAM} after the move to Onderwijs"
    )
    assert "(now only by group:zorg@blokhuus.example)" in problem
    writes = (
        "files.create",
        "files.update",
        "files.delete",
        "permissions.create",
        "permissions.delete",
    )
    assert not any(drive.requests[w] for w in writes)  # nothing changed
    assert _who_opens(drive, adapter) == before
    executor.journal.close()


def _zorg_shared_with_teacher(
    school: FakeDriveServer, role: str
) -> tuple[FakeDrive, GDriveAdapter, str]:
    """A new "Zorg" folder on which the teacher was given ``role`` directly."""
    adapter = adapter_for(school)
    folder = adapter.create_folder(adapter.root_id, "Zorg")
    school.drive.create_permission(
        folder.id, {"type": "user", "role": role, "emailAddress": TEACHER}, True
    )
    return school.drive, adapter, folder.id


def test_limiting_never_removes_a_permission_it_could_not_put_back(
    school: FakeDriveServer,
) -> None:
    drive, adapter, folder_id = _zorg_shared_with_teacher(school, "commenter")
    with pytest.raises(Exception, match="cannot be put back exactly") as refused:
        adapter.limit_access(folder_id, [CARE])
    assert getattr(refused.value, "code", None) == "roleNotRestorable"
    assert not drive.files[folder_id].limited and drive.can_open(TEACHER, folder_id)


def test_a_person_set_on_the_folder_is_removed_by_limiting_and_put_back_by_restore(
    school: FakeDriveServer,
) -> None:
    drive, adapter, folder_id = _zorg_shared_with_teacher(school, "reader")
    before = adapter.limit_access(folder_id, [CARE_GROUP])  # a bare address is a group
    assert Access.from_json(before.to_json()) == before
    assert not drive.can_open(TEACHER, folder_id) and drive.can_open(IB, folder_id)
    adapter.restore_access(folder_id, before)
    assert adapter.read_access(folder_id) == before
    assert drive.can_open(TEACHER, folder_id) and not drive.files[folder_id].limited


def _copy_executor(server: FakeDriveServer, plan: Plan, tmp_path: Path) -> Executor:
    target = open_target(_spec(server), plan)
    journal = Journal(tmp_path / "journal.sqlite")
    return Executor(
        plan, target.adapter, target.mode, journal, target_label=target.label,
        source_adapter=target.source_adapter,
    )  # fmt: skip


def test_a_drive_without_limited_access_sets_the_step_aside_and_keeps_care_files_out(
    fake_factory: Any, tmp_path: Path
) -> None:
    server, _ids = fake_factory(keep_content=True, limited_access=False)
    plan = care_plan(school_share(tmp_path / "share"))
    executor = _copy_executor(server, plan, tmp_path)
    result = executor.apply()
    (step,) = [line for line in result.set_aside if line.startswith("access Leerlingzorg")]
    assert "limited access" in step.lower(), step  # Drive's own reason, not a code
    waiting = [line for line in result.set_aside if "dossier" in line]
    assert len(waiting) == 3 and all("waits for Leerlingzorg" in w for w in waiting)
    paths = {server.drive.path_of(f) for f in server.drive.live_files()}
    assert not any(p.startswith("Leerlingzorg/Zorg/dossier") for p in paths)  # never uploaded
    assert "Onderwijs/Rekenen/les 0.docx" in paths  # the rest went on
    executor.journal.close()


def test_lost_answers_and_server_errors_during_the_access_step_end_in_exactly_the_audience(
    fake_factory: Any, tmp_path: Path
) -> None:
    server, ids = fake_factory(
        keep_content=True, chaos=Chaos(server_error=0.2, lost_response=0.5, seed=13)
    )
    server.drive.add_member(ids[SHARED], TEAM_GROUP, "writer")
    plan = care_plan(school_share(tmp_path / "share"))
    executor = _copy_executor(server, plan, tmp_path)
    executor.apply()
    care = _at(server.drive, "Leerlingzorg")
    listed = server.drive.direct[care]
    assert [(p.type, p.address, p.role) for p in listed] == [("group", CARE_GROUP, "writer")]
    assert server.drive.files[care].limited and not server.drive.bugs
    check = executor.verify()
    assert check.ok and check.access_checked == 1, check.differences
    assert any(what == "lost" for *_, what in server.drive.faults)  # the chaos did strike
    executor.journal.close()
