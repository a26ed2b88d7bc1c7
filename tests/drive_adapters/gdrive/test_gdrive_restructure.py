"""Restructuring a shared drive in place: one request per card, and undo puts everything back."""

from __future__ import annotations

from typing import Any

from drive_adapters.base import DriveItem
from drive_adapters.gdrive import GDriveAdapter
from tests.drive_adapters.gdrive.conftest import adapter_for
from tests.fakes.drive_server import FOLDER, FakeDrive, FakeDriveServer

# old location of each card folder → (new group, new card name)
CARDS = {
    "Groep 7/Rekenen": ("Lesmateriaal", "Rekenen groep 7"),
    "Groep 7/Taal": ("Lesmateriaal", "Taal groep 7"),
    "Groep 8/Musical": ("Activiteiten", "Musical groep 8"),
    "Oud/Schoolreis 2019": ("Activiteiten", "Schoolreis"),
    "Oud/Nieuwe map (2)": ("Archief", "Nieuwe map (2)"),
    "Zorg/Overdracht": ("Leerlingzorg", "Overdracht"),
}


def build_share(drive: FakeDrive, root: str) -> dict[str, str]:
    """A messy tree written straight into the fake's state: path → id."""
    ids: dict[str, str] = {"": root}

    def folder(path: str) -> str:
        if path not in ids:
            parent, _, name = path.rpartition("/")
            rec = drive.create(
                {"name": name, "mimeType": FOLDER, "parents": [folder(parent)]}, True
            )
            ids[path] = rec.id
        return ids[path]

    for card in CARDS:
        for n in range(5):
            parent, name = folder(card), f"document {n}.docx"
            rec = drive.create({"name": name, "parents": [parent]}, True, content=b"x" * n)
            ids[f"{card}/{name}"] = rec.id
    return ids


def snapshot(drive: FakeDrive, drive_id: str | None) -> dict[str, tuple[str, str | None]]:
    """Every live item: id → (path, parent id)."""
    return {f.id: (drive.path_of(f), f.parent) for f in drive.live_files(drive_id)}


def test_restructure_is_one_request_per_card_and_undo_restores(fake: FakeDriveServer) -> None:
    drive = adapter_for(fake)
    ids = build_share(fake.drive, drive.root_id)
    before = snapshot(fake.drive, drive.drive_id)
    files_before = {i: p for i, (p, _) in before.items() if p.endswith(".docx")}
    # the scan the plan was made from: the adapter learns every parent on the way
    seen = {item.id: item for _path, item in drive.walk()}
    fake.drive.reset_counts()

    groups = sorted({group for group, _ in CARDS.values()})
    made = drive.create_folders([(drive.root_id, g) for g in groups])
    group_ids = {g: m.id for g, m in zip(groups, made, strict=True) if isinstance(m, DriveItem)}
    journal: list[tuple[str, str | None, str]] = []  # (id, old parent, old name)
    for old, (group, new_name) in CARDS.items():
        card = seen[ids[old]]
        journal.append((card.id, card.parent_id, card.name))
        drive.move(card.id, group_ids[group], new_name)

    assert fake.drive.requests["files.update"] == len(CARDS)  # one request per card
    assert fake.drive.requests["files.get"] == 0  # the old parents were already known
    after = snapshot(fake.drive, drive.drive_id)
    for file_id, path in files_before.items():  # every file kept its id and moved with its card
        old_card, _, name = path.rpartition("/")
        group, new_name = CARDS[old_card]
        assert after[file_id][0] == f"{group}/{new_name}/{name}"

    for item_id, old_parent, old_name in reversed(journal):  # undo
        assert old_parent is not None
        drive.move(item_id, old_parent, old_name)
    for group_id in group_ids.values():
        drive.delete(group_id)
    assert snapshot(fake.drive, drive.drive_id) == before
    assert fake.drive.duplicate_names() == []


def test_batched_restructure_sends_each_card_as_one_call_inside_few_batches(
    fake_factory: Any,
) -> None:
    server, _ = fake_factory()
    drive: GDriveAdapter = adapter_for(server)
    ids = build_share(server.drive, drive.root_id)
    list(drive.walk())
    server.drive.reset_counts()
    groups = sorted({group for group, _ in CARDS.values()})
    made = drive.create_folders([(drive.root_id, g) for g in groups])
    group_ids = {g: m.id for g, m in zip(groups, made, strict=True) if isinstance(m, DriveItem)}
    moves = [(ids[old], group_ids[group], name) for old, (group, name) in CARDS.items()]
    results = drive.move_many(moves)
    assert all(isinstance(r, DriveItem) for r in results)
    assert server.drive.requests["files.update"] == len(CARDS)
    assert server.drive.requests["batch"] == 2  # one for the group folders, one for the moves
    assert server.drive.duplicate_names() == []
