"""Who can open what on the fake SharePoint: the fake's permission model (as Microsoft documents
it) and the adapter's read-back, through the real msgraph-sdk."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from drive_adapters.onedrive import OneDriveAdapter
from drive_adapters.onedrive.access import AccessNotLimitable, outsiders
from tests.fakes.graph_server import FakeGraphServer

HOST = "school.sharepoint.com"
TEAM_URL = f"site:https://{HOST}/sites/School/Documenten"
CARE_URL = f"site:https://{HOST}/sites/Zorg/Dossiers"
ANNA, PETRA, OUTSIDER = "anna@school.nl", "petra@school.nl", "gast@elders.nl"


@pytest.fixture
def school(graph: FakeGraphServer) -> dict[str, str]:
    """A team library (members: the team group) and a care library (members: the care team),
    as an admin sets them up: Anna teaches, Petra is the intern begeleider (in both groups)."""
    team = graph.add_site(HOST, "/sites/School", ["Documenten"])["drives"][0]
    care = graph.add_site(HOST, "/sites/Zorg", ["Dossiers"])["drives"][0]
    graph.add_group("team@school.nl", [ANNA, PETRA])
    graph.add_group("zorgteam@school.nl", [PETRA])
    graph.add_site_group_members("School Members", ["team@school.nl"])
    graph.set_access(
        graph.state.drives[care].root_id,
        {"group:zorgteam@school.nl": "write", "sitegroup:Zorg Owners": "owner"},
    )
    return {"team": team, "care": care}


@pytest.fixture
def http(graph: FakeGraphServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=graph.url) as client:
        yield client


def _folder(graph: FakeGraphServer, drive: str, *path: str) -> str:
    parent = graph.state.drives[drive].root_id
    for name in path:
        existing = graph.tree(drive).get("/".join(path[: path.index(name) + 1]))
        parent = existing["id"] if existing else graph.add_folder(parent, name, drive)
    return parent


def _perms(http: httpx.Client, drive: str, item: str) -> list[dict[str, Any]]:
    reply = http.get(f"/drives/{drive}/items/{item}/permissions")
    assert reply.status_code == 200
    return list(reply.json()["value"])


# ---------------------------------------------------------------- the fake, as documented


def test_items_inherit_their_library_and_sharepoint_leaves_out_inherited_from(
    graph: FakeGraphServer, school: dict[str, str], http: httpx.Client
) -> None:
    folder = _folder(graph, school["team"], "Groep 5")
    listed = _perms(http, school["team"], folder)
    assert {p["grantedToV2"]["siteGroup"]["displayName"] for p in listed} == {
        "School Owners",
        "School Members",
        "School Visitors",
    }
    assert not any("inheritedFrom" in p for p in listed)  # permission resource page
    graph.sharing.report_inherited_from = True  # OneDrive personal marks them
    assert all(p["inheritedFrom"]["id"] for p in _perms(http, school["team"], folder))
    assert graph.can_open(ANNA, folder) and not graph.can_open(OUTSIDER, folder)


def test_inherited_permissions_cannot_be_deleted_own_ones_can(
    graph: FakeGraphServer, school: dict[str, str], http: httpx.Client
) -> None:
    folder = _folder(graph, school["team"], "Directie")
    inherited = _perms(http, school["team"], folder)[0]["id"]
    refused = http.delete(f"/drives/{school['team']}/items/{folder}/permissions/{inherited}")
    assert refused.status_code == 400 and "inherited" in refused.json()["error"]["message"]
    graph.set_access(folder, {"user:petra@school.nl": "write", "user:anna@school.nl": "read"})
    anna = next(
        p for p in _perms(http, school["team"], folder) if p["grantedToV2"]["user"]["email"] == ANNA
    )
    gone = http.delete(f"/drives/{school['team']}/items/{folder}/permissions/{anna['id']}")
    assert gone.status_code == 204
    assert not graph.can_open(ANNA, folder) and graph.can_open(PETRA, folder)


def test_invite_ends_inheritance_keeping_or_dropping_what_was_inherited(
    graph: FakeGraphServer, school: dict[str, str], http: httpx.Client
) -> None:
    keep = _folder(graph, school["team"], "Gedeeld")
    drop = _folder(graph, school["team"], "Alleen zorg")
    url = f"/drives/{school['team']}/items/{{}}/invite"
    body = {
        "recipients": [{"email": "zorgteam@school.nl"}],
        "roles": ["write"],
        "requireSignIn": True,
        "sendInvitation": False,
    }
    assert http.post(url.format(keep), json=body).status_code == 200
    assert (
        http.post(url.format(drop), json={**body, "retainInheritedPermissions": False}).status_code
        == 200
    )
    assert graph.can_open(ANNA, keep) and "group:zorgteam@school.nl" in graph.principals(keep)
    assert graph.principals(drop) == {"group:zorgteam@school.nl"}
    assert not graph.can_open(ANNA, drop) and graph.can_open(PETRA, drop)
    graph.sharing.invite_retain_parameter = "reject"  # as users report of the real invite
    other = _folder(graph, school["team"], "Nog een")
    refused = http.post(url.format(other), json={**body, "retainInheritedPermissions": False})
    assert refused.status_code == 400 and not graph.has_own_permissions(other)
    owner = http.post(url.format(other), json={**body, "roles": ["owner"]})
    assert owner.status_code == 400


def test_moving_an_inheriting_file_gives_it_the_new_parents_permissions(
    graph: FakeGraphServer, school: dict[str, str], http: httpx.Client
) -> None:
    team = school["team"]
    care = _folder(graph, team, "Zorg")
    graph.set_access(
        care, {"group:zorgteam@school.nl": "write", "sitegroup:School Owners": "owner"}
    )
    open_folder = _folder(graph, team, "Groep 5")
    plan_file = graph.add_file(care, "Handelingsplan.docx", b"x", drive_id=team)
    assert not graph.can_open(ANNA, plan_file)
    moved = http.patch(
        f"/drives/{team}/items/{plan_file}", json={"parentReference": {"id": open_folder}}
    )
    assert moved.status_code == 200
    assert graph.can_open(ANNA, plan_file)  # the in-place restructure that opens up care files
    graph.sharing.inherit_on_move = False
    second = graph.add_file(care, "OPP.docx", b"y", drive_id=team)
    http.patch(f"/drives/{team}/items/{second}", json={"parentReference": {"id": open_folder}})
    assert not graph.can_open(ANNA, second)


def test_a_copy_into_another_library_takes_that_librarys_members(
    graph: FakeGraphServer, school: dict[str, str], http: httpx.Client
) -> None:
    source = graph.add_file(
        _folder(graph, school["team"], "Zorg"), "Verslag.docx", b"z", drive_id=school["team"]
    )
    target = graph.state.drives[school["care"]].root_id
    started = http.post(
        f"/drives/{school['team']}/items/{source}/copy",
        json={"parentReference": {"driveId": school["care"], "id": target}},
    )
    monitor = started.headers["Location"]
    deadline = time.monotonic() + 30  # the monitor is polled, as Graph's copy docs ask
    while (status := httpx.get(monitor).json())["status"] != "completed":
        assert time.monotonic() < deadline, status
        time.sleep(0.01)
    copied = status["resourceId"]
    assert graph.can_open(PETRA, copied) and not graph.can_open(ANNA, copied)
    assert graph.can_open(ANNA, source)  # a copy: the original stays where it was
    moved = http.patch(
        f"/drives/{school['team']}/items/{source}",
        json={"parentReference": {"driveId": school["care"], "id": target}},
    )
    assert moved.status_code == 400  # "Items cannot be moved between Drives"


def test_groups_inside_groups_are_followed(graph: FakeGraphServer, school: dict[str, str]) -> None:
    graph.add_group("ib@school.nl", ["ib.noord@school.nl"])
    graph.add_group("zorgteam@school.nl", ["ib@school.nl"])
    root = graph.state.drives[school["care"]].root_id
    assert graph.can_open("ib.noord@school.nl", root) and not graph.can_open(ANNA, root)


# ---------------------------------------------------------------- the adapter's read-back


@pytest.fixture
def libraries(
    connect: Callable[..., OneDriveAdapter], school: dict[str, str]
) -> tuple[OneDriveAdapter, OneDriveAdapter]:
    return connect(TEAM_URL), connect(CARE_URL)


def test_read_access_tells_inherited_from_limited_without_inherited_from(
    graph: FakeGraphServer, libraries: tuple[OneDriveAdapter, OneDriveAdapter]
) -> None:
    team, _ = libraries
    plain = team.create_folder(team.root().id, "Groep 5")
    limited = team.create_folder(team.root().id, "Oud zorg")
    graph.set_access(limited.id, {"group:zorgteam@school.nl": "write"})
    read = team.read_access(plain.id)
    assert not read.limited and all(g.inherited for g in read.grants)
    assert "sitegroup:school members" in read.principals()
    narrow = team.read_access(limited.id)
    assert narrow.limited and narrow.principals() == {"group:zorgteam@school.nl"}
    assert not team.read_access(team.root().id).limited


def test_limit_access_confirms_the_care_library_and_refuses_the_team_library(
    graph: FakeGraphServer, libraries: tuple[OneDriveAdapter, OneDriveAdapter]
) -> None:
    team, care = libraries
    in_care = care.create_folder(care.root().id, "Leerlingdossiers")
    before = care.limit_access(in_care.id, ["group:zorgteam@school.nl"])
    assert before.principals() == {"group:zorgteam@school.nl", "sitegroup:zorg owners"}
    assert not graph.has_own_permissions(in_care.id)  # nothing was changed on the folder
    in_team = team.create_folder(team.root().id, "Zorg")
    with pytest.raises(AccessNotLimitable, match="library of its own") as refused:
        team.limit_access(in_team.id, ["zorgteam@school.nl"])
    assert "sitegroup:school members" in str(refused.value)
    assert graph.principals(in_team.id) == graph.principals(team.root().id)
    care.restore_access(in_care.id, before)  # unchanged: nothing to put back


def test_restore_access_says_who_differs_when_it_cannot_put_it_back(
    graph: FakeGraphServer, libraries: tuple[OneDriveAdapter, OneDriveAdapter]
) -> None:
    team, _ = libraries
    folder = team.create_folder(team.root().id, "Personeel")
    before = team.read_access(folder.id)
    graph.set_access(folder.id, {"user:petra@school.nl": "write"})
    with pytest.raises(Exception, match="Manage access"):
        team.restore_access(folder.id, before)
    graph.state.perms.inherit(folder.id)
    team.restore_access(folder.id, before)


def test_outsiders_ignore_owners_and_accept_bare_addresses() -> None:
    from drive_adapters.remote.access import Access, Grant

    access = Access.of(
        True,
        [
            Grant("group:zorgteam@school.nl"),
            Grant("sitegroup:X Owners", "owner"),
            Grant("user:anna@school.nl", "reader"),
        ],
    )
    assert outsiders(access, ["ZorgTeam@school.nl"]) == ["user:anna@school.nl"]
    assert outsiders(access, ["group:zorgteam@school.nl", "user:anna@school.nl"]) == []


def test_a_library_shared_through_its_sharepoint_group_is_named_by_that_group(
    graph: FakeGraphServer,
    libraries: tuple[OneDriveAdapter, OneDriveAdapter],
    school: dict[str, str],
) -> None:
    """An admin may give the care library to the site's own "Zorg Members" group instead of the
    Entra group; the plan then names that group (--group zorg='sitegroup:Zorg Members')."""
    _, care = libraries
    graph.add_site_group_members("Zorg Members", ["zorgteam@school.nl"])
    graph.set_access(
        graph.state.drives[school["care"]].root_id,
        {"sitegroup:Zorg Members": "write", "sitegroup:Zorg Owners": "owner"},
    )
    folder = care.create_folder(care.root().id, "Leerlingdossiers")
    assert care.limit_access(folder.id, ["sitegroup:Zorg Members"]).reaches() == {
        "sitegroup:zorg members"
    }
    with pytest.raises(AccessNotLimitable, match="opened by sitegroup:zorg members, who are not"):
        care.limit_access(folder.id, ["zorgteam@school.nl"])  # not named on the library itself
    assert graph.can_open(PETRA, folder.id) and not graph.can_open(ANNA, folder.id)
