"""The simulated target refuses what the real platform refuses, and changes nothing real."""

from __future__ import annotations

from pathlib import Path

import pytest

from drive_adapters.base import DriveError, InvalidName, NameConflict, NotEmpty
from drive_adapters.rules import GDRIVE, LOCAL, ONEDRIVE
from drive_adapters.simulated import SimulatedAdapter

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


def test_onedrive_rules_are_enforced_on_every_change() -> None:
    drive = SimulatedAdapter(ONEDRIVE, size_of=lambda p: 10)
    root = drive.root().id
    folder = drive.create_folder(root, "Notulen")
    with pytest.raises(NameConflict):
        drive.create_folder(root, "notulen")  # case-insensitive siblings
    with pytest.raises(InvalidName):
        drive.create_folder(root, "Kerst: draaiboek?")
    with pytest.raises(InvalidName):
        drive.create_folder(root, "forms")  # reserved at the library root only
    drive.create_folder(folder.id, "forms")
    with pytest.raises(InvalidName):
        drive.upload(Path("/nowhere/x"), folder.id, "CON.txt")
    made = drive.upload(Path("/nowhere/x"), folder.id, "verslag.docx")
    assert made.size == 10 and drive.uploaded_bytes == 10
    with pytest.raises(NotEmpty):
        drive.delete(folder.id)
    with pytest.raises(DriveError):
        drive.move(folder.id, folder.id)


def test_google_allows_what_onedrive_refuses_but_limits_depth() -> None:
    drive = SimulatedAdapter(GDRIVE)
    parent = drive.root().id
    drive.create_folder(parent, "a:b?")
    for level in range(100):
        parent = drive.create_folder(parent, f"n{level}").id
    with pytest.raises(InvalidName, match="levels deep"):
        drive.create_folder(parent, "te diep")


def test_an_existing_share_with_twins_is_loaded_as_it_is() -> None:
    drive = SimulatedAdapter(LOCAL)
    drive.add_existing(("Oud", "Rapport.docx"), is_folder=False, size=3)
    drive.add_existing(("Oud", "rapport.docx"), is_folder=False, size=4)
    assert drive.item_at(("Oud", "rapport.docx")) is not None
    assert drive.item_at(("Oud", "Rapport.docx")) is not None
    assert drive.item_at(("Oud", "RAPPORT.docx")) is None
    assert "Oud/  (2 files, 7 bytes)" in drive.preview()
