"""The catch-up from a cloud source: a school's OneDrive library or Google shared drive was
scanned (its change cursor kept), planned and copied into the new structure; after a week of
school work on the old drive (files added, changed, renamed, moved, deleted; one file also
edited in the copy) ``sync`` reads the drive's change feed instead of rescanning it. The copy
ends as the source's new state in the new structure, the conflict is listed and nothing is
overwritten, and a second sync does nothing. Both fakes serve the feeds with the documented
semantics (tests/fakes: Graph delta, Drive changes.list)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import pytest

from drive_adapters.base import DriveAdapter
from drive_adapters.executor import Executor
from drive_adapters.executor.sync import ARCHIVE, CatchUp, Deleted
from drive_adapters.executor.sync_source import CloudFiles, CloudSource
from drive_adapters.inventory import EntryKind, ScanEntry
from drive_adapters.journal import Journal
from drive_adapters.local import LocalAdapter
from drive_adapters.plan import Action, Mode, Plan, PlanItem, SnapshotRef, Unit
from drive_adapters.remote.feed import ItemIndex
from tests.fakes.drive_server import FOLDER, FakeDriveServer, rfc3339, start_fake
from tests.fakes.graph_server import FakeGraphServer
from tests.gdrive.conftest import adapter_for

MONDAY = 1_760_000_000.0
FRIDAY = MONDAY + 4 * 86400


class Cloud(Protocol):
    """One fake cloud drive, changed the way a teacher changes it."""

    adapter: DriveAdapter
    root: str

    def folder(self, parent: str, name: str) -> str: ...
    def file(self, parent: str, name: str, data: bytes, mtime: float) -> str: ...
    def edit(self, item_id: str, data: bytes, mtime: float) -> None: ...
    def rename(self, item_id: str, name: str) -> None: ...
    def move(self, item_id: str, folder: str) -> None: ...
    def delete(self, item_id: str) -> None: ...
    def files(self) -> dict[str, bytes]: ...
    def requests(self) -> int: ...
    def feed_reads(self) -> int: ...


@dataclass
class OneDrive:
    server: FakeGraphServer
    adapter: DriveAdapter

    @property
    def root(self) -> str:
        return self.server.me.root_id

    def folder(self, parent: str, name: str) -> str:
        return self.server.add_folder(parent, name)

    def file(self, parent: str, name: str, data: bytes, mtime: float) -> str:
        return self.server.add_file(parent, name, data, mtime=mtime)

    def edit(self, item_id: str, data: bytes, mtime: float) -> None:
        self.server.edit_file(item_id, data, mtime=mtime)

    def rename(self, item_id: str, name: str) -> None:
        parent = self.server.state.items[item_id].parent_id
        assert parent is not None
        self.adapter.move(item_id, parent, name)

    def move(self, item_id: str, folder: str) -> None:
        self.adapter.move(item_id, folder)

    def delete(self, item_id: str) -> None:
        self.adapter.delete(item_id)

    def files(self) -> dict[str, bytes]:
        items = self.server.state.items
        return {p: items[v["id"]].content for p, v in self.server.tree().items() if not v["folder"]}

    def requests(self) -> int:
        return self.server.total_requests()

    def feed_reads(self) -> int:
        return self.server.counts().get("GET delta", 0)


@dataclass
class GoogleDrive:
    server: FakeDriveServer
    adapter: DriveAdapter
    root: str

    def _update(self, item_id: str, meta: dict[str, Any], **params: str) -> None:
        self.server.drive.update(item_id, meta, {"supportsAllDrives": "true", **params})

    def folder(self, parent: str, name: str) -> str:
        meta = {"name": name, "mimeType": FOLDER, "parents": [parent]}
        return self.server.drive.create(meta, True).id

    def file(self, parent: str, name: str, data: bytes, mtime: float) -> str:
        meta = {"name": name, "parents": [parent], "modifiedTime": rfc3339(mtime)}
        return self.server.drive.create(meta, True, content=data).id

    def edit(self, item_id: str, data: bytes, mtime: float) -> None:
        self.server.drive.edit_file(item_id, data, mtime)

    def rename(self, item_id: str, name: str) -> None:
        self._update(item_id, {"name": name})

    def move(self, item_id: str, folder: str) -> None:
        old = self.server.drive.files[item_id].parent or ""
        self._update(item_id, {}, addParents=folder, removeParents=old)

    def delete(self, item_id: str) -> None:
        self._update(item_id, {"trashed": True})  # what a teacher does: to the trash

    def files(self) -> dict[str, bytes]:
        drive = self.server.drive
        return {
            drive.path_of(f): f.content or b""
            for f in drive.live_files(self.root)
            if not f.is_folder
        }

    def requests(self) -> int:
        return self.server.drive.api_calls()

    def feed_reads(self) -> int:
        return self.server.drive.requests["changes.list"]


@contextmanager
def one_drive() -> Iterator[Cloud]:
    from drive_adapters.onedrive import open_target

    with FakeGraphServer() as server:
        adapter = open_target("me", {"base_url": server.url})
        try:
            yield OneDrive(server, adapter)
        finally:
            adapter.close()


@contextmanager
def google_drive(tmp_path: Path) -> Iterator[Cloud]:
    server, ids = start_fake(tmp_path / "cert", shared_drives=["Team Blokhuus"], keep_content=True)
    adapter = adapter_for(server)
    try:
        yield GoogleDrive(server, adapter, next(iter(ids.values())))
    finally:
        adapter.close()
        server.stop()


@pytest.fixture(params=["onedrive", "gdrive"])
def cloud(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cloud]:
    with one_drive() if request.param == "onedrive" else google_drive(tmp_path) as drive:
        yield drive


def cloud_plan(entries: list[ScanEntry], source: str) -> Plan:
    """Each top-level folder is a card and goes whole to ``Groep N/<Card>`` (copy mode)."""
    cards = sorted(e.path for e in entries if b"/" not in e.path and e.kind is EntryKind.DIR)
    targets = {card: (f"Groep {i % 2}", card.decode().title()) for i, card in enumerate(cards)}
    units = [
        Unit(n + 1, card, True, targets[card], card.decode(), "card")
        for n, card in enumerate(cards)
    ]
    items: list[PlanItem] = []
    folders = {t[:1] for t in targets.values()} | set(targets.values())
    for entry in entries:
        top, _, rest = entry.path.partition(b"/")
        target = (*targets[top], *(rest.decode().split("/") if rest else ()))
        kind = "dir" if entry.kind is EntryKind.DIR else "file"
        action = Action.MOVE if not rest else Action.WITH_FOLDER
        if kind == "dir":
            folders.add(target)
        items.append(
            PlanItem(entry.path, kind, entry.size, entry.mtime, action, target,
                     cards.index(top) + 1, top.decode(), item_id=entry.item_id)
        )  # fmt: skip
    ordered = sorted(folders, key=lambda f: (len(f), f))
    snapshot = SnapshotRef(1, f"{source}:school", b"", source, "school", "fp", len(items))
    return Plan(
        plan_id="cloud-sync", created_at="2026-12-07T00:00:00Z", study="test", snapshot=snapshot,
        rules="local", unsorted_folder="Ongesorteerd", staging="_staging", folders=ordered,
        units=units, removals=[], items=items,
    )  # fmt: skip


def target_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".cardsort")
    }


def where(path: str) -> str:
    """The source path's place in the new structure (``rekenen`` → ``Groep 0/Rekenen``)."""
    top, _, rest = path.partition("/")
    group = {"rekenen": "Groep 0", "taal": "Groep 1"}[top]
    return f"{group}/{top.title()}/{rest}"


def test_a_week_of_school_work_on_a_cloud_drive_is_caught_up_from_its_change_feed(
    cloud: Cloud, tmp_path: Path
) -> None:
    rekenen = cloud.folder(cloud.root, "rekenen")
    taal = cloud.folder(cloud.root, "taal")
    lezen = cloud.folder(taal, "lezen")
    ids = {
        "tafels": cloud.file(rekenen, "tafels.docx", b"tafels van 1 tot 10", MONDAY),
        "breuken": cloud.file(rekenen, "breuken.xlsx", b"breuken week 1", MONDAY),
        "sommen": cloud.file(rekenen, "sommen.txt", b"sommen", MONDAY),
        "spelling": cloud.file(taal, "spelling.docx", b"spelling", MONDAY),
        "dictee": cloud.file(taal, "dictee.docx", b"dictee 1", MONDAY),
        "boeken": cloud.file(lezen, "boekenlijst.txt", b"boeken", MONDAY),
    }
    for name in ("a", "b", "c"):  # files nobody touches: the feed never mentions them
        cloud.file(rekenen, f"oud {name}.txt", f"oud {name}".encode(), MONDAY)

    entries = list(cloud.adapter.scan())
    cursor = cloud.adapter.scan_cursor
    assert cursor  # the scan kept its delta link / start page token
    plan = cloud_plan(entries, cloud.adapter.target)
    (tmp_path / "kopie").mkdir()
    copy = LocalAdapter(tmp_path / "kopie")
    journal = Journal(tmp_path / "journal.sqlite")
    index = ItemIndex.from_entries(cloud.adapter.root().id, entries)
    files = CloudFiles(cloud.adapter, index.files())
    try:
        applied = Executor(
            plan, copy, Mode.COPY, journal, target_label="local-copy:kopie", source_files=files
        ).apply(check_source=False)
    finally:
        files.close()
        journal.close()
    assert not applied.set_aside
    assert target_files(tmp_path / "kopie")[where("rekenen/tafels.docx")] == b"tafels van 1 tot 10"

    # A week of school work on the old drive …
    cloud.file(taal, "nieuw verhaal.docx", b"er was eens", FRIDAY)  # added
    cloud.file(lezen, "uitleenlijst.txt", b"uitgeleend", FRIDAY)  # added, deeper
    cloud.edit(ids["tafels"], b"tafels van 1 tot 12, bijgewerkt", FRIDAY)  # changed
    cloud.rename(ids["sommen"], "sommen herfst.txt")  # renamed
    cloud.move(ids["spelling"], rekenen)  # moved to another card
    cloud.delete(ids["dictee"])  # deleted
    cloud.edit(ids["breuken"], b"breuken week 2 van de juf", FRIDAY)  # changed in the source …
    edited = tmp_path / "kopie" / where("rekenen/breuken.xlsx")
    edited.write_bytes(b"breuken, aangevuld in de nieuwe map")  # … and in the copy meanwhile

    source = CloudSource(cloud.adapter, entries=entries, cursor=cursor)
    catch_up = CatchUp(plan, copy, tmp_path / "sync.sqlite", Deleted.MIRROR, source=source)
    try:
        preview = catch_up.preview()
        first = catch_up.run()
        before = cloud.requests()
        second = catch_up.run()
        second_requests = cloud.requests() - before
    finally:
        catch_up.close()
        source.close()

    assert {c.kind.value for c in preview} == {"new", "update", "remove", "conflict"}
    assert first.done == {"new": 4, "update": 1, "remove": 3}
    assert len(first.listed) == 1 and "breuken.xlsx" in first.listed[0]
    assert "nothing was overwritten" in first.listed[0]
    # A second catch-up does nothing (the conflict stays listed until someone looks at it):
    assert not second.done and not second.set_aside and second.listed == first.listed
    assert second_requests == 1  # one read of the change feed; nothing written, nothing read

    now = target_files(tmp_path / "kopie")
    live = {p: v for p, v in now.items() if not p.startswith(ARCHIVE)}
    expected = {where(p): data for p, data in cloud.files().items()}
    expected[where("rekenen/breuken.xlsx")] = b"breuken, aangevuld in de nieuwe map"  # kept
    assert live == expected  # the source's new state, in the new structure
    archived = {p.removeprefix(ARCHIVE + "/") for p in now if p.startswith(ARCHIVE)}
    assert archived == {  # replaced and removed copies: moved aside, never deleted
        where("rekenen/tafels.docx"),
        where("rekenen/sommen.txt"),
        where("taal/spelling.docx"),
        where("taal/dictee.docx"),
    }
    assert now[f"{ARCHIVE}/{where('rekenen/tafels.docx')}"] == b"tafels van 1 tot 10"


def test_a_cloud_catch_up_reads_the_changes_not_the_drive(cloud: Cloud, tmp_path: Path) -> None:
    folder = cloud.folder(cloud.root, "rekenen")
    for n in range(60):
        cloud.file(folder, f"werk {n}.txt", f"werk {n}".encode(), MONDAY)
    entries = list(cloud.adapter.scan())
    cursor = cloud.adapter.scan_cursor
    assert cursor
    cloud.file(folder, "nieuw.txt", b"nieuw", FRIDAY)
    source = CloudSource(cloud.adapter, entries=entries, cursor=cursor)
    before = cloud.requests()
    current = source.current()
    feed_requests = cloud.requests() - before
    source.close()
    assert current[b"rekenen/nieuw.txt"] == (5, pytest.approx(FRIDAY))
    assert len(current) == 61
    assert feed_requests == 1  # one page of changes for one change, not one per folder or file


def test_a_graph_resync_falls_back_to_a_full_enumeration(tmp_path: Path) -> None:
    with one_drive() as drive:
        assert isinstance(drive, OneDrive)
        folder = drive.folder(drive.root, "rekenen")
        gone = drive.file(folder, "weg.txt", b"weg", MONDAY)
        drive.file(folder, "blijft.txt", b"blijft", MONDAY)
        entries = list(drive.adapter.scan())
        cursor = drive.adapter.scan_cursor
        assert cursor
        drive.delete(gone)
        drive.file(folder, "nieuw.txt", b"nieuw", FRIDAY)
        drive.server.expire_delta_tokens()  # the service lost track: 410 resyncRequired
        feed = drive.adapter.changes_since(cursor)
        source = CloudSource(drive.adapter, entries=entries, cursor=cursor)
        current = source.current()
    assert feed.complete and feed.cursor != cursor
    assert set(current) == {b"rekenen/blijft.txt", b"rekenen/nieuw.txt"}


def test_a_cursor_for_another_drive_is_refused(tmp_path: Path) -> None:
    with one_drive() as drive:
        from drive_adapters.base import DriveError

        with pytest.raises(DriveError, match="another drive"):
            drive.adapter.changes_since("https://elders.example/v1.0/drives/x/root/delta?token=1")


def test_the_checksums_of_a_fetched_file_match_the_source(cloud: Cloud, tmp_path: Path) -> None:
    folder = cloud.folder(cloud.root, "rekenen")
    data = os.urandom(70_000)
    cloud.file(folder, "foto.jpg", data, MONDAY)
    entries = list(cloud.adapter.scan())
    files = CloudFiles(cloud.adapter, ItemIndex.from_entries(cloud.root, entries).files())
    try:
        path = files.fetch(b"rekenen/foto.jpg")
        assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(data).digest()
        assert path.stat().st_mtime == pytest.approx(MONDAY, abs=1)
        files.release(b"rekenen/foto.jpg")
        assert not path.exists()
    finally:
        files.close()


class FailingOnce(LocalAdapter):
    """A copy target whose first upload of one name fails (a lost connection, a full disk)."""

    def __init__(self, root: Path, name: str) -> None:
        super().__init__(root)
        self.fail_name: str | None = name

    def upload(self, source: Path, parent_id: str, name: str, **options: Any) -> Any:
        if name == self.fail_name:
            self.fail_name = None
            from drive_adapters.base import DriveError

            raise DriveError("the connection was lost")
        return super().upload(source, parent_id, name, **options)


def test_an_interrupted_cloud_catch_up_resumes_its_round_without_reading_the_feed_again(
    cloud: Cloud, tmp_path: Path
) -> None:
    rekenen = cloud.folder(cloud.root, "rekenen")
    cloud.folder(cloud.root, "taal")
    cloud.file(rekenen, "tafels.docx", b"tafels", MONDAY)
    entries = list(cloud.adapter.scan())
    cursor = cloud.adapter.scan_cursor
    plan = cloud_plan(entries, cloud.adapter.target)
    (tmp_path / "kopie").mkdir()
    copy = FailingOnce(tmp_path / "kopie", "nieuw 1.txt")
    files = CloudFiles(cloud.adapter, ItemIndex.from_entries(cloud.root, entries).files())
    journal = Journal(tmp_path / "journal.sqlite")
    try:
        Executor(plan, copy, Mode.COPY, journal, target_label="local-copy:k",
                 source_files=files).apply(check_source=False)  # fmt: skip
    finally:
        files.close()
        journal.close()
    for n in range(3):
        cloud.file(rekenen, f"nieuw {n}.txt", f"nieuw {n}".encode(), FRIDAY)

    def catch_up_once() -> tuple[Any, int]:
        source = CloudSource(cloud.adapter, entries=entries, cursor=cursor)
        catch_up = CatchUp(plan, copy, tmp_path / "sync.sqlite", Deleted.LIST, source=source)
        before = cloud.feed_reads()
        try:
            return catch_up.run(), cloud.feed_reads() - before
        finally:
            catch_up.close()
            source.close()

    first, _ = catch_up_once()
    assert first.done == {"new": 2} and len(first.set_aside) == 1
    cloud.file(rekenen, "later.txt", b"later", FRIDAY)  # changed after the round was recorded
    second, reads = catch_up_once()
    assert second.resumed and second.done == {"new": 3}  # the open round, finished
    assert reads == 0  # the feed is not read while a round is open
    third, reads = catch_up_once()
    assert reads == 1
    assert third.done == {"new": 1}  # the next round starts at the round's own cursor
    assert (tmp_path / "kopie" / where("rekenen/later.txt")).read_bytes() == b"later"
    assert (tmp_path / "kopie" / where("rekenen/nieuw 1.txt")).read_bytes() == b"nieuw 1"


def test_a_google_scan_takes_its_token_before_the_walk_so_a_change_during_it_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with google_drive(tmp_path) as drive:
        assert isinstance(drive, GoogleDrive)
        rekenen = drive.folder(drive.root, "rekenen")
        drive.file(rekenen, "tafels.docx", b"tafels", MONDAY)
        listed = type(drive.adapter).list_query
        calls = 0

        def list_then_a_teacher_saves(self: Any, query: str) -> Any:
            nonlocal calls
            calls += 1
            found = list(listed(self, query))
            if calls == 1:  # the root was listed; now a new file lands in it
                drive.file(drive.root, "tijdens de scan.txt", b"net op tijd", FRIDAY)
            return iter(found)

        monkeypatch.setattr(type(drive.adapter), "list_query", list_then_a_teacher_saves)
        entries = list(drive.adapter.scan())
        monkeypatch.undo()
        cursor = drive.adapter.scan_cursor
        assert cursor
        assert b"tijdens de scan.txt" not in {e.path for e in entries}  # the walk missed it …
        source = CloudSource(drive.adapter, entries=entries, cursor=cursor)
        current = source.current()
        source.close()
    assert b"tijdens de scan.txt" in current  # … the change feed did not


def test_google_docs_are_left_out_of_a_catch_up_instead_of_set_aside_for_ever(
    tmp_path: Path,
) -> None:
    with google_drive(tmp_path) as drive:
        assert isinstance(drive, GoogleDrive)
        rekenen = drive.folder(drive.root, "rekenen")
        drive.folder(drive.root, "taal")
        drive.file(rekenen, "tafels.docx", b"tafels", MONDAY)
        doc = {"mimeType": "application/vnd.google-apps.document", "parents": [rekenen]}
        drive.server.drive.create({**doc, "name": "Notulen"}, True)  # a Google Doc
        entries = list(drive.adapter.scan())
        cursor = drive.adapter.scan_cursor
        plan = cloud_plan(entries, drive.adapter.target)
        (tmp_path / "kopie").mkdir()
        copy = LocalAdapter(tmp_path / "kopie")
        index = ItemIndex.from_entries(drive.root, entries)
        files = CloudFiles(drive.adapter, index.files(), index.documents())
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            applied = Executor(plan, copy, Mode.COPY, journal, target_label="local-copy:k",
                               source_files=files).apply(check_source=False)  # fmt: skip
        finally:
            files.close()
            journal.close()
        # the Doc is set aside at apply with what the admin can do, everything else copied
        assert len(applied.set_aside) == 1 and "no file to copy" in str(applied.set_aside[0])
        drive.server.drive.create({**doc, "name": "Nieuw verslag"}, True)  # made in the week
        drive.file(rekenen, "sommen.txt", b"sommen", FRIDAY)
        source = CloudSource(drive.adapter, entries=entries, cursor=cursor)
        catch_up = CatchUp(plan, copy, tmp_path / "sync.sqlite", Deleted.MIRROR, source=source)
        try:
            first = catch_up.run()
            second = catch_up.run()
        finally:
            catch_up.close()
            source.close()
    assert first.done == {"new": 1} and not first.set_aside and not first.listed
    assert second.nothing_changed


def test_a_google_shortcut_is_a_link_when_the_source_is_compared_with_its_scan(
    tmp_path: Path,
) -> None:
    from drive_adapters.executor.source_check import compare_source

    with google_drive(tmp_path) as drive:
        assert isinstance(drive, GoogleDrive)
        rekenen = drive.folder(drive.root, "rekenen")
        drive.file(rekenen, "tafels.docx", b"tafels", MONDAY)
        shortcut = {"mimeType": "application/vnd.google-apps.shortcut", "parents": [rekenen]}
        drive.server.drive.create({**shortcut, "name": "naar taal"}, True)
        entries = list(drive.adapter.scan())
        assert {e.path: e.kind for e in entries}[b"rekenen/naar taal"] is EntryKind.SYMLINK
        plan = cloud_plan(entries, drive.adapter.target)
        items = [
            replace(i, kind="symlink") if i.source == b"rekenen/naar taal" else i
            for i in plan.items
        ]
        unchanged = compare_source(replace(plan, items=items), drive.adapter)
    assert unchanged == []  # an unchanged drive is unchanged: apply is not refused
