"""The fake Drive's permissions behave as Drive documents them, through the unmodified client.

Shared-drive members and folder permissions are inherited (``permissionDetails``), a folder with
limited access (``inheritedPermissionsDisabled``) lets in only its own permissions and the
organizers, and a moved item takes its new parent's access at once
(developers.google.com/drive/api/guides/limited-expansive-access,
…/reference/rest/v3/permissions).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from googleapiclient.errors import HttpError

from drive_adapters.gdrive.transport import Connection, ServiceFactory
from tests.fakes.drive_server import FOLDER, FakeDriveServer

TEAM = "team@blokhuus.example"
CARE = "zorg@blokhuus.example"
TEACHER = "juf.anne@blokhuus.example"
IB = "ib@blokhuus.example"
PERM_FIELDS = "permissions(id,type,role,emailAddress,permissionDetails)"


@pytest.fixture
def school(fake: FakeDriveServer) -> tuple[FakeDriveServer, str, Any]:
    """The team and the care team are groups; the team is a member of the shared drive."""
    drive_id = next(iter(fake.drive.drives))
    fake.drive.add_group(TEAM, [TEACHER, IB])
    fake.drive.add_group(CARE, [IB])
    fake.drive.add_member(drive_id, TEAM, "writer")
    service = ServiceFactory(Connection(None, fake.api_endpoint, str(fake.ca_path))).service()
    return fake, drive_id, service


def _reason(error: HttpError) -> str:
    return str(json.loads(error.content)["error"]["errors"][0]["reason"])


def _create(service: Any, parent: str, name: str, mime: str = "text/plain") -> str:
    body = {"name": name, "parents": [parent], "mimeType": mime}
    return str(service.files().create(body=body, supportsAllDrives=True).execute()["id"])


def _permissions(service: Any, file_id: str) -> dict[str, dict[str, Any]]:
    got = (
        service.permissions()
        .list(fileId=file_id, supportsAllDrives=True, fields=PERM_FIELDS)
        .execute()
    )
    return {p.get("emailAddress", p["type"]): p for p in got["permissions"]}


def _limit(service: Any, folder: str, limited: bool = True) -> None:
    service.files().update(
        fileId=folder, body={"inheritedPermissionsDisabled": limited}, supportsAllDrives=True
    ).execute()


def _share(service: Any, file_id: str, group: str, role: str = "writer") -> dict[str, Any]:
    body = {"type": "group", "role": role, "emailAddress": group}
    return dict(
        service.permissions().create(fileId=file_id, body=body, supportsAllDrives=True).execute()
    )


def test_members_of_the_shared_drive_are_inherited_by_every_item(school: Any) -> None:
    fake, drive_id, service = school
    folder = _create(service, drive_id, "Rekenen", FOLDER)
    file_id = _create(service, folder, "toets.docx")
    team = _permissions(service, file_id)[TEAM]
    assert team["role"] == "writer"
    assert team["permissionDetails"] == [
        {"permissionType": "member", "role": "writer", "inherited": True, "inheritedFrom": drive_id}
    ]
    assert fake.drive.can_open(TEACHER, file_id)  # through the team group
    assert not fake.drive.can_open("ouder@example.org", file_id)


def test_without_fields_a_permission_has_kind_id_type_and_role(school: Any) -> None:
    _fake, drive_id, service = school
    got = service.permissions().list(fileId=drive_id, supportsAllDrives=True).execute()
    assert all(set(p) == {"kind", "id", "type", "role"} for p in got["permissions"])


def test_a_folder_with_limited_access_lets_in_only_its_own_people(school: Any) -> None:
    fake, drive_id, service = school
    care = _create(service, drive_id, "Zorg", FOLDER)
    dossier = _create(service, care, "Leerlingdossier.docx")
    _share(service, care, CARE)
    assert fake.drive.can_open(TEACHER, dossier)  # before: the whole team inherits it
    _limit(service, care)
    got = (
        service.files()
        .get(fileId=care, fields="inheritedPermissionsDisabled", supportsAllDrives=True)
        .execute()
    )
    assert got == {"inheritedPermissionsDisabled": True}
    assert not fake.drive.can_open(TEACHER, care) and not fake.drive.can_open(TEACHER, dossier)
    assert fake.drive.can_open(IB, dossier)  # the care team, set on the folder itself
    assert fake.drive.can_open(fake.drive.user_email, dossier)  # organizers always can
    listed = _permissions(service, dossier)
    assert TEAM not in listed and set(listed) == {CARE, fake.drive.user_email}
    assert listed[CARE]["permissionDetails"] == [
        {"permissionType": "file", "role": "writer", "inherited": True, "inheritedFrom": care}
    ]
    _limit(service, care, False)  # and back: the team inherits again
    assert fake.drive.can_open(TEACHER, dossier)


def test_a_moved_item_takes_its_new_parents_access(school: Any) -> None:
    fake, drive_id, service = school
    care = _create(service, drive_id, "Zorg", FOLDER)
    _share(service, care, CARE)
    _limit(service, care)
    open_folder = _create(service, drive_id, "Algemeen", FOLDER)
    plan = _create(service, care, "Handelingsplan.docx")
    assert not fake.drive.can_open(TEACHER, plan)
    service.files().update(
        fileId=plan, addParents=open_folder, removeParents=care, supportsAllDrives=True
    ).execute()
    assert fake.drive.can_open(TEACHER, plan)  # moved out: open to the whole team
    service.files().update(
        fileId=plan, addParents=care, removeParents=open_folder, supportsAllDrives=True
    ).execute()
    assert not fake.drive.can_open(TEACHER, plan)


def test_limited_access_is_for_folders_only_and_can_be_missing(
    school: Any, fake_factory: Callable[..., tuple[FakeDriveServer, dict[str, str]]]
) -> None:
    _fake, drive_id, service = school
    file_id = _create(service, drive_id, "los.txt")
    with pytest.raises(HttpError) as info:
        _limit(service, file_id)
    assert (
        info.value.resp.status == 403 and _reason(info.value) == "cannotDisableInheritedPermissions"
    )
    old, ids = fake_factory(limited_access=False)
    old_service = ServiceFactory(Connection(None, old.api_endpoint, str(old.ca_path))).service()
    folder = _create(old_service, ids["Team Blokhuus"], "Zorg", FOLDER)
    with pytest.raises(HttpError) as missing:
        _limit(old_service, folder)
    assert missing.value.resp.status == 403


def test_only_permissions_set_on_the_item_can_be_deleted(school: Any) -> None:
    fake, drive_id, service = school
    folder = _create(service, drive_id, "Zorg", FOLDER)
    made = _share(service, folder, CARE)
    team_id = _permissions(service, folder)[TEAM]["id"]
    with pytest.raises(HttpError) as info:
        service.permissions().delete(
            fileId=folder, permissionId=team_id, supportsAllDrives=True
        ).execute()
    assert info.value.resp.status == 403 and _reason(info.value) == "cannotDeletePermission"
    service.permissions().delete(
        fileId=folder, permissionId=made["id"], supportsAllDrives=True
    ).execute()
    assert CARE not in _permissions(service, folder)
    assert fake.drive.requests["permissions.delete"] == 2


def test_a_permission_needs_its_address(school: Any) -> None:
    _fake, drive_id, service = school
    folder = _create(service, drive_id, "Zorg", FOLDER)
    with pytest.raises(HttpError) as info:
        service.permissions().create(
            fileId=folder, body={"type": "group", "role": "reader"}, supportsAllDrives=True
        ).execute()
    assert info.value.resp.status == 400 and _reason(info.value) == "required"
