"""The executor on an adapter that can only list folders (like OneDrive and Google Drive):
in place and by copy, with ids looked up by walking, never by path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from drive_adapters.base import DriveAdapter, DriveItem, UploadCheckpoint
from drive_adapters.executor import Executor, PathAddressed
from drive_adapters.journal import Journal
from drive_adapters.plan import Mode, split_source
from drive_adapters.rules import LOCAL
from drive_adapters.simulated import SimulatedAdapter
from tests.drive_adapters.conftest import Built

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


class ListingOnly(DriveAdapter):
    """Delegates to a simulated drive but offers no lookup by path."""

    target: ClassVar[str] = "listing-only"

    def __init__(self, inner: SimulatedAdapter) -> None:
        self.inner = inner
        self.listings = 0

    def root(self) -> DriveItem:
        return self.inner.root()

    def get(self, item_id: str) -> DriveItem:
        return self.inner.get(item_id)

    def children(self, folder_id: str) -> Iterator[DriveItem]:
        self.listings += 1
        return self.inner.children(folder_id)

    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        return self.inner.create_folder(parent_id, name)

    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        return self.inner.move(item_id, new_parent_id, new_name)

    def upload(
        self,
        source: Path,
        parent_id: str,
        name: str,
        *,
        mtime: float | None = None,
        resume_token: str | None = None,
        checkpoint: UploadCheckpoint | None = None,
    ) -> DriveItem:
        return self.inner.upload(source, parent_id, name, mtime=mtime, checkpoint=checkpoint)

    def delete(self, item_id: str) -> None:
        self.inner.delete(item_id)


def _tree(adapter: DriveAdapter) -> set[tuple[tuple[str, ...], bool, int]]:
    return {(path, item.is_folder, item.size) for path, item in adapter.walk()}


def test_in_place_on_a_listing_only_drive(trap_share: Path, build: Callable[..., Built]) -> None:
    built = build(trap_share)
    inner = SimulatedAdapter(LOCAL)
    for item in built.plan.items:
        inner.add_existing(
            split_source(item.source),
            is_folder=item.kind == "dir",
            size=item.size,
            mtime=item.mtime,
        )
    drive = ListingOnly(inner)
    assert not isinstance(drive, PathAddressed)
    before = _tree(drive)
    # (the in-memory drive holds the share's links as plain files, so it is not compared with
    # the scan here; that comparison is tested on the real share)
    ex = Executor(built.plan, drive, Mode.IN_PLACE, Journal.memory(), target_label="x")
    ex.apply()
    placed = {i.target for i in built.plan.placed_files()}
    files_after = {p for p, is_folder, _ in _tree(drive) if not is_folder}
    assert placed <= files_after
    assert ex.verify().ok
    assert ex.apply().nothing_to_do
    ex.undo()
    assert _tree(drive) == before


def test_copy_on_a_listing_only_drive(trap_share: Path, build: Callable[..., Built]) -> None:
    built = build(trap_share)
    drive = ListingOnly(SimulatedAdapter(LOCAL, size_of=lambda p: Path(p).stat().st_size))
    ex = Executor(built.plan, drive, Mode.COPY, Journal.memory(), target_label="y")
    ex.apply()
    assert ex.verify().ok
    ex.undo()
    assert _tree(drive) == set()
