"""The Google Drive adapter against the fake: targets, names, moves, trash, errors, retries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from drive_adapters.base import (
    DriveError,
    ItemNotFound,
    NameConflict,
    NotEmpty,
    Throttled,
)
from drive_adapters.gdrive import GDriveAdapter, open_target, parse_spec
from tests.fakes.drive_server import FOLDER, Chaos, FakeDriveServer
from tests.gdrive.conftest import SHARED, adapter_for


def test_shared_drive_resolves_by_name_and_by_id_to_the_same_spec(fake: FakeDriveServer) -> None:
    by_name = adapter_for(fake)
    by_id = adapter_for(fake, by_name.spec)
    assert by_name.spec == by_id.spec == f"shared:{by_name.drive_id}"
    assert by_name.root().name == SHARED
    # one drives.list page answers by name and by id; the root is the drive's own id
    assert fake.drive.requests["drives.list"] == 2 and fake.drive.requests["drives.get"] == 0
    assert fake.drive.requests["files.get"] == 0


def test_ambiguous_or_unknown_shared_drive_names_are_refused_clearly(fake: FakeDriveServer) -> None:
    fake.drive.add_shared_drive(SHARED)
    with pytest.raises(DriveError, match="use one id"):
        adapter_for(fake)
    with pytest.raises(DriveError, match=r"no shared drive is called 'Nope'.*Team Blokhuus"):
        adapter_for(fake, "shared:Nope")


@pytest.mark.parametrize("spec", ["", "shared:", "mydrive:nobody", "onedrive:x", "shared"])
def test_bad_specs_are_user_errors(spec: str) -> None:
    with pytest.raises(DriveError, match="gdrive:shared:NAME_OR_ID"):
        parse_spec(spec)


def test_my_drive_of_another_user_is_refused(fake: FakeDriveServer) -> None:
    mine = adapter_for(fake, "mydrive:ICT@blokhuus.example")
    assert mine.drive_id is None and mine.root().name == "My Drive"
    with pytest.raises(DriveError, match=r"signed in as ict@blokhuus\.example"):
        adapter_for(fake, "mydrive:juf.anja@blokhuus.example")


def test_api_endpoint_without_drive_v3_is_refused(fake: FakeDriveServer) -> None:
    with pytest.raises(DriveError, match="/drive/v3/"):
        open_target(
            f"shared:{SHARED}", {"api_endpoint": fake.url + "/", "ca_certs": str(fake.ca_path)}
        )


def test_create_folder_never_makes_a_duplicate(drive: GDriveAdapter, fake: FakeDriveServer) -> None:
    first = drive.create_folder(drive.root_id, "Groep 7")
    with pytest.raises(NameConflict) as info:
        drive.create_folder(drive.root_id, "Groep 7")
    assert info.value.existing is not None and info.value.existing.id == first.id
    assert info.value.existing.extra["cardsort_created"] == "1"
    fresh = adapter_for(fake)  # a new process: knows nothing, lists the parent once
    with pytest.raises(NameConflict):
        fresh.create_folder(fresh.root_id, "Groep 7")
    assert fake.drive.duplicate_names() == []


def test_move_and_rename_is_one_update_request(
    drive: GDriveAdapter, fake: FakeDriveServer, tmp_path: Path
) -> None:
    src = drive.create_folder(drive.root_id, "Rekenen")
    dst = drive.create_folder(drive.root_id, "Groep 7")
    (tmp_path / "a.txt").write_bytes(b"som")
    file = drive.upload(tmp_path / "a.txt", src.id, "a.txt")
    fake.drive.reset_counts()
    moved = drive.move(src.id, dst.id, "Rekenen en wiskunde")
    assert fake.drive.requests["files.update"] == 1
    assert fake.drive.requests["http"] == 1
    assert (moved.parent_id, moved.name) == (dst.id, "Rekenen en wiskunde")
    assert fake.drive.path_of(fake.drive.files[file.id]) == "Groep 7/Rekenen en wiskunde/a.txt"


def test_move_onto_a_taken_name_is_refused_without_a_request(
    drive: GDriveAdapter, fake: FakeDriveServer
) -> None:
    a = drive.create_folder(drive.root_id, "A")
    drive.create_folder(drive.root_id, "B")
    fake.drive.reset_counts()
    with pytest.raises(NameConflict):
        drive.move(a.id, drive.root_id, "B")
    assert fake.drive.requests["files.update"] == 0


def test_delete_trashes_and_refuses_a_folder_that_is_not_empty(
    drive: GDriveAdapter, fake: FakeDriveServer
) -> None:
    outer = drive.create_folder(drive.root_id, "Oud")
    inner = drive.create_folder(outer.id, "Leeg")
    theirs = fake.drive.create(
        {"name": "Van de school", "mimeType": FOLDER, "parents": [outer.id]}, True
    )
    with pytest.raises(NotEmpty):
        drive.delete(outer.id)
    drive.delete(inner.id)
    assert inner.id not in fake.drive.files  # our own copy: gone, no trash against the cap
    drive.delete(theirs.id)
    assert fake.drive.files[theirs.id].trashed  # the school's: in the trash, restorable
    with pytest.raises(ItemNotFound):
        drive.get(inner.id)
    drive.delete(outer.id)
    assert fake.drive.live_files(drive.drive_id) == []


def test_shared_drive_limits_become_clear_errors(fake_factory: Any) -> None:
    server, _ = fake_factory(depth_limit=1)
    drive = adapter_for(server)
    top = drive.create_folder(drive.root_id, "1")
    with pytest.raises(DriveError, match="100 levels") as info:
        drive.create_folder(top.id, "2")
    assert info.value.code == "teamDriveHierarchyTooDeep"


def test_persistent_rate_limits_end_in_throttled_after_the_pacers_retries_alone(
    fake_factory: Any,
) -> None:
    """One retry layer: the shared pacer's 10 tries for a throttled request, none from the
    client library on top (its num_retries is 0)."""
    server, _ = fake_factory(chaos=Chaos(too_many_429=1.0))
    with pytest.raises(Throttled) as info:
        adapter_for(server)
    assert info.value.retry_after > 0
    assert server.drive.requests["drives.list"] == 1 + 10


def test_occasional_rate_limits_are_absorbed(fake_factory: Any) -> None:
    server, _ = fake_factory(
        chaos=Chaos(rate_limit_403=0.3, too_many_429=0.2, server_error=0.1, seed=3)
    )
    drive = adapter_for(server)
    names = [f"Map {n}" for n in range(30)]
    for name in names:
        drive.create_folder(drive.root_id, name)
    assert sorted(f.name for f in server.drive.live_files()) == sorted(names)
    assert server.drive.injected["403"] and server.drive.injected["429"]


def test_lost_create_responses_do_not_double_items(fake_factory: Any, tmp_path: Path) -> None:
    server, _ = fake_factory(chaos=Chaos(lost_response=0.5, seed=5))
    drive = adapter_for(server)
    (tmp_path / "f.txt").write_bytes(b"inhoud")
    for n in range(12):
        drive.create_folder(drive.root_id, f"F{n}")
        drive.upload(tmp_path / "f.txt", drive.root_id, f"f{n}.txt")
    assert server.drive.injected["lost"] > 3
    assert len(server.drive.live_files()) == 24
    assert server.drive.duplicate_names() == []
    assert not server.drive.bugs


def test_batched_moves_and_creates_stay_within_the_batch_size(
    drive: GDriveAdapter, fake: FakeDriveServer
) -> None:
    """20 parts a batch by default: Drive counts every part against the per-user write rate."""
    made = drive.create_folders([(drive.root_id, f"Kaart {n:03d}") for n in range(150)])
    assert all(not isinstance(m, DriveError) for m in made)
    target = drive.create_folder(drive.root_id, "Groep")
    fake.drive.reset_counts()
    moved = drive.move_many(
        [(m.id, target.id, None) for m in made if not isinstance(m, DriveError)]
    )
    assert drive.batch_size == 20
    assert fake.drive.requests["batch"] == 8 and fake.drive.requests["files.update"] == 150
    assert all(not isinstance(m, DriveError) and m.parent_id == target.id for m in moved)


def test_move_after_someone_else_moved_the_item_uses_its_real_parent(
    drive: GDriveAdapter, fake: FakeDriveServer
) -> None:
    a = drive.create_folder(drive.root_id, "A")
    b = drive.create_folder(drive.root_id, "B")
    c = drive.create_folder(drive.root_id, "C")
    card = drive.create_folder(a.id, "Kaart")
    # a teacher moves the card in the web interface after the scan
    fake.drive.update(
        card.id, {}, {"supportsAllDrives": "true", "addParents": b.id, "removeParents": a.id}
    )
    moved = drive.move(card.id, c.id, "Kaart (nieuw)")
    assert (moved.parent_id, moved.name) == (c.id, "Kaart (nieuw)")
    assert fake.drive.files[card.id].parent == c.id
