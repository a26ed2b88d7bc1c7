"""Show (issue 13, SharePoint): a plan with a care audience applied to the fake SharePoint.

The care team's folder goes to the care team's own library; read back, a team member cannot
open it and the care team can; verify passes; undo leaves both libraries as they were; an
in-place restructure that would send the care folder to its library is refused before
anything moves, and one that would widen who can open a care file is seen before it runs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drive_adapters.executor import ExecutionError, Executor
from drive_adapters.journal import Journal
from drive_adapters.onedrive.libraries import AudienceLibraries, routed_folders
from drive_adapters.plan import Action, Mode, Plan, PlanItem, SnapshotRef, Unit
from drive_adapters.targets import TargetError, open_target
from tests.fakes.graph_server import FakeGraphServer

HOST = "school.sharepoint.com"
TEAM_LIB = f"https://{HOST}/sites/School/Documenten"
CARE_LIB = f"https://{HOST}/sites/Zorg/Dossiers"
ANNA, PETRA = "anna@school.nl", "petra@school.nl"  # a teacher; the intern begeleider
CARDS = {
    "rekenen": ("Groep 5", "Rekenen"),
    "taal": ("Groep 5", "Taal"),
    "leerlingdossiers": ("Zorg", "Leerlingdossiers"),
}


def _school(graph: FakeGraphServer) -> tuple[str, str]:
    team = graph.add_site(HOST, "/sites/School", ["Documenten"])["drives"][0]
    care = graph.add_site(HOST, "/sites/Zorg", ["Dossiers"])["drives"][0]
    graph.add_group("team@school.nl", [ANNA, PETRA])
    graph.add_group("zorgteam@school.nl", [PETRA])
    graph.add_site_group_members("School Members", ["team@school.nl"])
    graph.set_access(
        graph.state.drives[care].root_id,
        {"group:zorgteam@school.nl": "write", "sitegroup:Zorg Owners": "owner"},
    )
    return team, care


def _share(root: Path) -> Path:
    for card in CARDS:
        (root / card).mkdir(parents=True)
        (root / card / f"{card} 1.docx").write_bytes(card.encode() * 40)
        os.utime(root / card / f"{card} 1.docx", (1_600_000_000, 1_600_000_000))
    return root


def _care_plan(share: Path, *, source: str = "local") -> Plan:
    """Each card into its folder; the Zorg folder has the care audience, which has a library."""
    items: list[PlanItem] = []
    units: list[Unit] = []
    for card, target in CARDS.items():
        units.append(Unit(len(units) + 1, card.encode(), True, target, card, "card"))
        items.append(
            PlanItem(card.encode(), "dir", 0, None, Action.MOVE, target, units[-1].id, card)
        )
        for f in sorted((share / card).iterdir()):
            st = f.stat()
            items.append(
                PlanItem(
                    f"{card}/{f.name}".encode(),
                    "file",
                    st.st_size,
                    st.st_mtime,
                    Action.WITH_FOLDER,
                    (*target, f.name),
                    units[-1].id,
                    card,
                )
            )
    folders: list[tuple[str, ...]] = sorted({t[:1] for t in CARDS.values()})
    snapshot = SnapshotRef(1, str(share), os.fsencode(share), source, None, "fp", len(items))
    return Plan(
        plan_id="zorg-show",
        created_at="2026-12-07T00:00:00Z",
        study="demo",
        snapshot=snapshot,
        rules="onedrive",
        unsorted_folder="Ongesorteerd",
        staging="_staging",
        folders=folders,
        units=units,
        removals=[],
        items=items,
        options={
            "audiences": {"Groep 5": "team", "Zorg": "care"},
            "audience_groups": {"care": ["zorgteam@school.nl"]},
            "audience_libraries": {"care": CARE_LIB},
        },
    )


def test_care_folder_lands_in_the_care_library_and_undo_leaves_both_as_they_were(
    tmp_path: Path,
) -> None:
    share = _share(tmp_path / "share")
    plan = _care_plan(share)
    with FakeGraphServer() as graph:
        team, care = _school(graph)
        roots = {d: graph.principals(graph.state.drives[d].root_id) for d in (team, care)}
        target = open_target(f"onedrive:site:{TEAM_LIB}?base_url={graph.url}", plan)
        router = target.adapter
        assert isinstance(router, AudienceLibraries)
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, router, target.mode, journal, target_label="onedrive:show")
            result = executor.apply()  # with the preflight: the care library is right
            assert not result.set_aside and result.files == len(CARDS)
            assert result.by_kind.get("access") == 1  # the executor's step: confirmed
            in_team, in_care = graph.tree(team), graph.tree(care)
            assert "Zorg" not in in_team and "Groep 5/Taal/taal 1.docx" in in_team
            care_file = in_care["Zorg/Leerlingdossiers/leerlingdossiers 1.docx"]["id"]
            team_file = in_team["Groep 5/Taal/taal 1.docx"]["id"]
            # Read back through Graph: the folder does not take the team's access.
            zorg = next(c for c in router.children(router.root().id) if c.name == "Zorg")
            access = router.read_access(zorg.id)
            assert access.limited and access.reaches() == {"group:zorgteam@school.nl"}
            assert router.limit_access(zorg.id, ["zorgteam@school.nl"]) == access
            assert not graph.can_open(ANNA, care_file) and graph.can_open(PETRA, care_file)
            assert graph.can_open(ANNA, team_file)
            assert not any(graph.has_own_permissions(i["id"]) for i in in_care.values())
            check = executor.verify()
            assert check.ok and check.access_checked == 1, check.differences
            executor.undo()
        finally:
            journal.close()
            router.close()
        assert graph.tree(team) == {} and graph.tree(care) == {}
        after = {d: graph.principals(graph.state.drives[d].root_id) for d in (team, care)}
    assert after == roots  # nobody's access to either library was touched


def test_a_fresh_process_finds_the_placed_folder_for_verify_and_undo(tmp_path: Path) -> None:
    share = _share(tmp_path / "share")
    plan = _care_plan(share)
    with FakeGraphServer() as graph:
        team, care = _school(graph)
        spec = f"onedrive:site:{TEAM_LIB}?base_url={graph.url}"
        first = open_target(spec, plan)
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            Executor(plan, first.adapter, first.mode, journal, target_label="x").apply(
                check_source=False
            )
        finally:
            first.adapter.close()
        again = open_target(spec, plan)  # knows nothing of the ids handed out before
        try:
            executor = Executor(plan, again.adapter, again.mode, journal, target_label="x")
            assert executor.apply(check_source=False).nothing_to_do  # finds all of it done
            assert executor.verify().ok
            executor.undo()
        finally:
            journal.close()
            again.adapter.close()
        assert graph.tree(team) == {} and graph.tree(care) == {}


def test_in_place_restructure_into_another_library_is_refused_before_anything_moves(
    tmp_path: Path,
) -> None:
    plan = _care_plan(_share(tmp_path / "share"), source="onedrive")
    with FakeGraphServer() as graph:
        _school(graph)
        before = graph.total_requests()
        with pytest.raises(TargetError, match="in place"):
            open_target(f"onedrive:site:{TEAM_LIB}?base_url={graph.url}", plan)
        assert graph.counts().get("PATCH item", 0) == 0 and graph.total_requests() > before


def _in_place_school(graph: FakeGraphServer, team: str) -> dict[str, tuple[str, bool, int]]:
    """Lessons open to the team, and a care folder an admin once gave its own permissions."""
    tree: dict[str, tuple[str, bool, int]] = {}
    root = graph.state.drives[team].root_id

    def make(path: str, folder: bool) -> str:
        parent_path, _, name = path.rpartition("/")
        parent = tree[parent_path][0] if parent_path else root
        made = (
            graph.add_folder(parent, name, team)
            if folder
            else graph.add_file(parent, name, b"x" * 12, drive_id=team)
        )
        tree[path] = (made, folder, 0 if folder else 12)
        return made

    make("Rekenen", True)
    zorg = make("Zorg", True)
    graph.set_access(
        zorg, {"group:zorgteam@school.nl": "write", "sitegroup:School Owners": "owner"}
    )
    make("Zorg/Overdracht", True)
    for n in range(2):
        make(f"Rekenen/les {n}.docx", False)
        make(f"Zorg/Overdracht/kind {n}.docx", False)
    return tree


def test_an_in_place_restructure_that_would_widen_access_is_refused(tmp_path: Path) -> None:
    """On SharePoint a file that inherits takes its new parent's permissions when moved: the
    hand-over folder moved into a team folder would open the care files to the whole team."""
    from drive_adapters.onedrive import open_target as open_library
    from tests.migration.access_plans import in_place_plan

    with FakeGraphServer() as graph:
        team, _ = _school(graph)
        tree = _in_place_school(graph, team)
        care_file = tree["Zorg/Overdracht/kind 0.docx"][0]
        assert not graph.can_open(ANNA, care_file) and graph.can_open(PETRA, care_file)
        plan = in_place_plan(
            tree,
            {"Rekenen": ("Onderwijs", "Rekenen"), "Zorg/Overdracht": ("Onderwijs", "Overdracht")},
            removals=["Zorg"],
            audiences={"Onderwijs": "team"},
            groups={"care": ["zorgteam@school.nl"]},
        )
        library = open_library(f"site:{TEAM_LIB}", {"base_url": graph.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, library, Mode.IN_PLACE, journal, target_label="x")
            graph.reset_counts()
            with pytest.raises(ExecutionError) as refused:
                executor.apply()
        finally:
            journal.close()
            library.close()
        assert refused.value.blocked
        (problem,) = refused.value.details
        assert problem.startswith("Zorg/Overdracht would be opened by sitegroup:school members")
        assert "now only by group:zorgteam@school.nl" in problem
        writes = ("PATCH item", "POST children", "DELETE item", "POST $batch", "POST invite")
        assert not any(graph.counts().get(w) for w in writes)  # nothing changed
        assert not graph.can_open(ANNA, care_file) and graph.can_open(PETRA, care_file)


def test_without_a_library_apply_is_refused_before_anything_changes(tmp_path: Path) -> None:
    """A care audience but no library for it: the preflight reads who can open where the care
    folder would be made, and refuses with the remedy; nothing is written."""
    share = _share(tmp_path / "share")
    plan = _care_plan(share)
    plan.options["audience_libraries"] = {}
    with FakeGraphServer() as graph:
        team, care = _school(graph)
        target = open_target(f"onedrive:site:{TEAM_LIB}?base_url={graph.url}", plan)
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, target.adapter, target.mode, journal, target_label="x")
            with pytest.raises(ExecutionError) as refused:
                executor.apply()
        finally:
            journal.close()
            target.adapter.close()
        assert graph.tree(team) == {} and graph.tree(care) == {}
    assert refused.value.blocked
    (problem,) = [str(d) for d in refused.value.details]
    assert problem.startswith("Zorg is meant for: care team, but it would be made where")
    assert "sitegroup:school members" in problem and "--library care=URL" in problem


def test_a_care_library_open_to_others_is_found_before_anything_moves(tmp_path: Path) -> None:
    """The admin shared the care library with the whole team by mistake: refused up front."""
    plan = _care_plan(_share(tmp_path / "share"))
    with FakeGraphServer() as graph:
        team, care = _school(graph)
        graph.set_access(
            graph.state.drives[care].root_id,
            {"group:zorgteam@school.nl": "write", "group:team@school.nl": "read"},
        )
        target = open_target(f"onedrive:site:{TEAM_LIB}?base_url={graph.url}", plan)
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, target.adapter, target.mode, journal, target_label="x")
            problems = [str(p) for p in executor.access_problems()]
        finally:
            journal.close()
            target.adapter.close()
        assert graph.tree(team) == {} and graph.tree(care) == {}
    assert len(problems) == 1 and "group:team@school.nl can open it" in problems[0]


def test_without_the_preflight_the_care_files_still_wait(tmp_path: Path) -> None:
    """Even when the preflight is skipped, the care folder's access step is set aside with the
    remedy and nothing of the care card is uploaded into the open folder."""
    share = _share(tmp_path / "share")
    plan = _care_plan(share)
    plan.options["audience_libraries"] = {}
    with FakeGraphServer() as graph:
        team, care = _school(graph)
        target = open_target(f"onedrive:site:{TEAM_LIB}?base_url={graph.url}", plan)
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            executor = Executor(plan, target.adapter, target.mode, journal, target_label="x")
            result = executor.apply(check_source=False)
        finally:
            journal.close()
            target.adapter.close()
        uploaded = graph.tree(team)
        assert graph.tree(care) == {}
    assert "Groep 5/Taal/taal 1.docx" in uploaded
    assert not any(p.endswith(".docx") for p in uploaded if p.startswith("Zorg/"))
    step = next(line for line in result.set_aside if "library of its own" in line)
    assert "sitegroup:school members" in step and "--library" in step
    assert any("waits for Zorg" in line for line in result.set_aside)


def test_routed_folders_keep_the_highest_of_each_branch() -> None:
    audiences = {
        "Zorg": "care",
        "Zorg/Dossiers": "care",
        "Directie": "management",
        "Groep 5": "team",
    }
    assert routed_folders(audiences, {"care": CARE_LIB}) == {("Zorg",): CARE_LIB}
