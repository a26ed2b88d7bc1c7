"""One set of behaviour tests, run against every adapter (in the style of rclone's fstests).

Each test is parametrised over the local adapter, the simulated one (OneDrive's rules), the
OneDrive adapter on the fake Graph server and the Google Drive adapter on the fake Drive. A
behaviour that holds on one and not another is a failing test. The README's table (behaviour ×
adapter) is this file's list of tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drive_adapters.base import (
    RESERVED_ID,
    DriveAdapter,
    DriveError,
    DriveItem,
    NameConflict,
    NotEmpty,
)
from drive_adapters.local import LocalAdapter
from drive_adapters.remote.access import Access
from drive_adapters.rules import get_ruleset
from drive_adapters.simulated import SimulatedAdapter

ADAPTERS = ["local", "simulated", "onedrive", "sharepoint", "gdrive"]
TEAM = "team@blokhuus.example"
CARE = "group:zorg@blokhuus.example"


@pytest.fixture(params=ADAPTERS)
def adapter(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DriveAdapter]:
    """A fresh, empty drive of each kind."""
    kind = request.param
    if kind == "local":
        root = tmp_path / "drive"
        root.mkdir()
        yield LocalAdapter(root)
    elif kind == "simulated":
        yield SimulatedAdapter(get_ruleset("onedrive"), access=True)  # stands in for a cloud
    elif kind == "onedrive":
        from drive_adapters.onedrive import open_target
        from tests.fakes.graph_server import FakeGraphServer

        with FakeGraphServer() as graph:
            made = open_target(
                "me", {"base_url": graph.url, "simple_upload_max": "100000",
                       "fragment_size": str(320 * 1024), "retry_scale": "0.001"},
            )  # fmt: skip
            yield made
            made.close()
    elif kind == "sharepoint":  # a team library, and a library of its own for the care team
        yield from _sharepoint_with_care_library()
    else:
        from drive_adapters.gdrive.target import open_target as open_gdrive
        from tests.fakes.drive_server import start_fake

        fake, ids = start_fake(tmp_path / "cert", shared_drives=["Team"], keep_content=True)
        fake.drive.add_member(ids["Team"], TEAM)  # the whole team can open the shared drive
        try:
            opened = open_gdrive(
                f"shared:{ids['Team']}",
                fake.options(retry_scale="0.001", multipart_max="100000", chunk_size="262144"),
            )
            yield opened
            opened.close()
        finally:
            fake.stop()


def _sharepoint_with_care_library() -> Iterator[DriveAdapter]:
    """The School site's library (the team) plus the Zorg site's, whose members are the care
    group; the plan's folder "Zorg" goes there (drive_adapters/onedrive/libraries.py)."""
    from drive_adapters.onedrive import open_target
    from drive_adapters.onedrive.libraries import AudienceLibraries
    from tests.fakes.graph_server import FakeGraphServer

    host = "blokhuus.sharepoint.com"
    with FakeGraphServer() as graph:
        graph.add_site(host, "/sites/School", ["Documenten"])
        care_drive = graph.add_site(host, "/sites/Zorg", ["Dossiers"])["drives"][0]
        graph.add_group(TEAM, ["juf@blokhuus.example", "ib@blokhuus.example"])
        graph.add_group(CARE.removeprefix("group:"), ["ib@blokhuus.example"])
        graph.add_site_group_members("School Members", [TEAM])
        graph.set_access(graph.state.drives[care_drive].root_id,
                         {CARE: "write", "sitegroup:Zorg Owners": "owner"})  # fmt: skip
        options = {"base_url": graph.url, "simple_upload_max": "100000",
                   "fragment_size": str(320 * 1024), "retry_scale": "0.001"}  # fmt: skip
        main = open_target(f"site:https://{host}/sites/School/Documenten", options)
        care = open_target(f"site:https://{host}/sites/Zorg/Dossiers", options)
        made = AudienceLibraries(main, {("Zorg",): care})
        yield made
        made.close()


def _file(tmp_path: Path, name: str, size: int) -> Path:
    path = tmp_path / name
    path.write_bytes((name.encode() * (size // max(1, len(name)) + 1))[:size])
    os.utime(path, (1_600_000_000, 1_600_000_000))
    return path


Upload = Callable[..., DriveItem]


def test_create_folder_and_a_second_create_is_refused(adapter: DriveAdapter) -> None:
    made = adapter.create_folder(adapter.root().id, "Groep 7")
    with pytest.raises(NameConflict) as clash:
        adapter.create_folder(adapter.root().id, "Groep 7")
    assert made.is_folder and clash.value.existing is not None
    assert clash.value.existing.id == made.id


def test_upload_small_keeps_size_and_content(adapter: DriveAdapter, tmp_path: Path) -> None:
    source = _file(tmp_path, "rooster.txt", 1234)
    item = adapter.upload(source, adapter.root().id, "rooster.txt", mtime=1_600_000_000)
    assert item.size == 1234 and not item.is_folder
    if adapter.hash_name is not None:
        stored = adapter.content_hash(item.id)
        assert stored is None or stored == adapter.hash_local(os.fsencode(source))


def test_upload_large_in_pieces(adapter: DriveAdapter, tmp_path: Path) -> None:
    source = _file(tmp_path, "film.mp4", 3 * 327_680 + 17)
    item = adapter.upload(source, adapter.root().id, "film.mp4")
    assert item.size == source.stat().st_size


def test_upload_onto_a_taken_name_is_refused(adapter: DriveAdapter, tmp_path: Path) -> None:
    first = adapter.upload(_file(tmp_path, "a.txt", 10), adapter.root().id, "notulen.txt")
    with pytest.raises(NameConflict):
        adapter.upload(_file(tmp_path, "b.txt", 20), adapter.root().id, "notulen.txt")
    assert adapter.get(first.id).size == 10  # nothing was overwritten


def test_move_and_rename_in_one_step(adapter: DriveAdapter, tmp_path: Path) -> None:
    root = adapter.root().id
    folder = adapter.create_folder(root, "Archief")
    item = adapter.upload(_file(tmp_path, "x.txt", 5), root, "oud.txt")
    moved = adapter.move(item.id, folder.id, "nieuw.txt")
    names = {c.name for c in adapter.children(folder.id)}
    assert moved.name == "nieuw.txt" and names == {"nieuw.txt"}


def test_move_onto_a_taken_name_is_refused(adapter: DriveAdapter, tmp_path: Path) -> None:
    root = adapter.root().id
    a = adapter.upload(_file(tmp_path, "a.txt", 3), root, "a.txt")
    b = adapter.upload(_file(tmp_path, "b.txt", 4), root, "b.txt")
    with pytest.raises(NameConflict):
        adapter.move(b.id, root, "a.txt")
    sizes = {c.name: c.size for c in adapter.children(root)}
    assert sizes == {"a.txt": 3, "b.txt": 4} and a.id != b.id


def test_many_moves_report_one_result_each(adapter: DriveAdapter, tmp_path: Path) -> None:
    root = adapter.root().id
    target = adapter.create_folder(root, "Groep")
    items = [adapter.upload(_file(tmp_path, f"{i}.txt", i + 1), root, f"{i}.txt") for i in range(5)]
    results = adapter.move_many([(i.id, target.id, None) for i in items])
    assert all(isinstance(r, DriveItem) for r in results)
    assert sorted(c.name for c in adapter.children(target.id)) == [f"{i}.txt" for i in range(5)]


def test_many_folders_listed_at_once_as_one_by_one(adapter: DriveAdapter, tmp_path: Path) -> None:
    root = adapter.root().id
    folders = [adapter.create_folder(root, f"Groep {n}") for n in range(3)]
    for n, folder in enumerate(folders):
        for k in range(n):
            adapter.upload(_file(tmp_path, f"{n}-{k}.txt", 3), folder.id, f"les {k}.txt")
    listed = adapter.children_of_many([f.id for f in folders])
    assert {fid: sorted(c.name for c in kids) for fid, kids in listed.items()} == {
        f.id: sorted(c.name for c in adapter.children(f.id)) for f in folders
    }
    assert [len(listed[f.id]) for f in folders] == [0, 1, 2]


def test_a_create_repeated_under_its_reserved_id_makes_one_item(
    adapter: DriveAdapter, tmp_path: Path
) -> None:
    """Where the platform takes ids chosen in advance, a second attempt under the same id (the
    first one's answer lost) hands back the first item; elsewhere the name refuses it."""
    root = adapter.root().id
    ids = adapter.reserve_ids(2)
    first = adapter.create_folders([(root, "Nieuw")], ids=ids[:1] or None)[0]
    again = adapter.create_folders([(root, "Nieuw")], ids=ids[:1] or None)[0]
    source = _file(tmp_path, "x.txt", 7)
    token = RESERVED_ID + ids[1] if ids else None
    made = adapter.upload(source, root, "x.txt", resume_token=token)
    if ids:
        assert isinstance(first, DriveItem) and again == first and made.id == ids[1]
        assert adapter.upload(source, root, "x.txt", resume_token=token).id == made.id
    else:
        assert isinstance(first, DriveItem) and isinstance(again, NameConflict)
    assert sorted(c.name for c in adapter.children(root)) == ["Nieuw", "x.txt"]


def test_delete_removes_and_refuses_a_full_folder(adapter: DriveAdapter, tmp_path: Path) -> None:
    root = adapter.root().id
    folder = adapter.create_folder(root, "Weg")
    item = adapter.upload(_file(tmp_path, "x.txt", 5), folder.id, "x.txt")
    with pytest.raises(NotEmpty):
        adapter.delete(folder.id)
    adapter.delete(item.id)
    adapter.delete(folder.id)
    assert [c.name for c in adapter.children(root)] == []


def test_walk_sees_the_whole_tree(adapter: DriveAdapter, tmp_path: Path) -> None:
    root = adapter.root().id
    a = adapter.create_folder(root, "A")
    b = adapter.create_folder(a.id, "B")
    adapter.upload(_file(tmp_path, "x.txt", 5), b.id, "x.txt")
    paths = sorted("/".join(p) for p, _ in adapter.walk())
    assert paths == ["A", "A/B", "A/B/x.txt"]


class _Killed(Exception):
    """The process died right after the upload's resume token reached the journal."""


def test_an_interrupted_upload_resumes_to_one_complete_copy(
    adapter: DriveAdapter, tmp_path: Path
) -> None:
    root = adapter.root().id
    source = _file(tmp_path, "film.mp4", 3 * 327_680 + 17)
    tokens: list[str] = []

    def die_after_journalling(token: str) -> None:
        tokens.append(token)
        raise _Killed

    with pytest.raises(_Killed):
        adapter.upload(source, root, "film.mp4", checkpoint=die_after_journalling)
    assert len(tokens) == 1  # the token is handed over before the upload can be lost
    item = adapter.upload(
        source, root, "film.mp4", resume_token=tokens[0], checkpoint=tokens.append
    )
    children = list(adapter.children(root))
    assert [(c.name, c.size) for c in children] == [("film.mp4", source.stat().st_size)]
    assert children[0].id == item.id  # one copy, the resumed one, and no leftover part
    if adapter.hash_name is not None:
        stored = adapter.content_hash(item.id)
        assert stored is None or stored == adapter.hash_local(os.fsencode(source))


def _share(root: Path) -> Path:
    for card, names in {
        "kaart rekenen": ["toets.txt", "blad.txt"],
        "kaart taal": ["les.txt"],
    }.items():
        for name in names:
            path = root / card / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f"{card}/{name}\n".encode() * 40)
            os.utime(path, (1_600_000_000, 1_600_000_000))
    return root


def _tree(adapter: DriveAdapter) -> dict[str, dict[str, object]]:
    return {
        "/".join(path): {"id": item.id, "folder": item.is_folder, "size": item.size or 0}
        for path, item in adapter.walk()
    }


def test_undo_of_a_copy_removes_exactly_what_it_made(adapter: DriveAdapter, tmp_path: Path) -> None:
    from drive_adapters.executor import Executor
    from drive_adapters.journal import Journal
    from drive_adapters.plan import Mode
    from tests.onedrive.onedrive_plans import upload_plan

    adapter.create_folder(adapter.root().id, "Van de directie")  # was there before: stays
    before = _tree(adapter)
    journal = Journal(tmp_path / "journal.sqlite")
    try:
        executor = Executor(
            upload_plan(_share(tmp_path / "share")),
            adapter,
            Mode.COPY,
            journal,
            target_label="contract",
        )
        executor.apply(check_source=False)
        applied = _tree(adapter)
        assert executor.verify().ok
        undone = executor.undo()
    finally:
        journal.close()
    assert "Groep 0/Kaart Rekenen/toets.txt" in applied and not undone.set_aside
    assert _tree(adapter) == before


def test_undo_of_a_restructure_puts_every_item_back(adapter: DriveAdapter, tmp_path: Path) -> None:
    from drive_adapters.executor import Executor
    from drive_adapters.journal import Journal
    from drive_adapters.plan import Mode
    from tests.onedrive.onedrive_plans import in_place_plan

    root = adapter.root().id
    for card, names in {
        "kaart rekenen": ["toets.txt", "blad.txt"],
        "kaart taal": ["les.txt"],
    }.items():
        folder = adapter.create_folder(root, card)
        for name in names:
            adapter.upload(_file(tmp_path, name, 30 + len(card)), folder.id, name)
    before = _tree(adapter)
    journal = Journal(tmp_path / "journal.sqlite")
    try:
        executor = Executor(
            in_place_plan(before), adapter, Mode.IN_PLACE, journal, target_label="contract"
        )
        executor.apply(check_source=False)
        applied = _tree(adapter)
        undone = executor.undo()
    finally:
        journal.close()
    moved, was = applied["Groep 0/Kaart taal/les.txt"], before["kaart taal/les.txt"]
    if not isinstance(adapter, LocalAdapter):  # a local item's id is its path
        assert moved["id"] == was["id"]  # moved, not copied
    assert moved["size"] == was["size"]
    assert not undone.set_aside
    assert _tree(adapter) == before  # the same items (ids) at the same paths


class _DieAt:
    """Stands in for the crash tests' kill switch in this process: the run stops dead at the
    ``at``-th operation, ``before`` it changed the target or ``during`` (changed, not journalled).
    """

    def __init__(self, at: int, phase: str) -> None:
        self.at, self.phase = at, phase

    def maybe_die(self, phase: str, count: int) -> None:
        if count == self.at and phase == self.phase:
            raise _Killed


@pytest.mark.parametrize("phase", ["before", "during"])
def test_a_copy_killed_midway_resumes_to_one_copy_of_each_file(
    adapter: DriveAdapter, tmp_path: Path, phase: str
) -> None:
    from drive_adapters.executor import Executor
    from drive_adapters.journal import Journal
    from drive_adapters.plan import Mode, OpKind
    from tests.onedrive.onedrive_plans import upload_plan

    plan = upload_plan(_share(tmp_path / "share"))
    journal = Journal(tmp_path / "journal.sqlite")
    try:
        killed = Executor(plan, adapter, Mode.COPY, journal, target_label="contract")
        uploads = sum(1 for op in killed.ops if op.kind is OpKind.UPLOAD)
        killed._crash = _DieAt(len(killed.ops) - uploads + 2, phase)  # type: ignore[assignment]
        with pytest.raises(_Killed):
            killed.apply(check_source=False)
        assert journal.counts().get("started") == 1  # the one upload the kill caught
        resumed = Executor(plan, adapter, Mode.COPY, journal, target_label="contract")
        resumed.apply(check_source=False)
        check = resumed.verify()
        counts = journal.counts()
    finally:
        journal.close()
    files = sorted(p for p, v in _tree(adapter).items() if not v["folder"])
    assert files == [
        "Groep 0/Kaart Rekenen/blad.txt",
        "Groep 0/Kaart Rekenen/toets.txt",
        "Groep 1/Kaart Taal/les.txt",
    ]  # each once: nothing doubled, nothing left half-way under another name
    assert check.ok and counts == {"done": len(resumed.ops)}


# -- scan, change feed and download (the adapter interface's scan part) -------------------------


def test_scan_yields_every_item_with_its_size(adapter: DriveAdapter, tmp_path: Path) -> None:
    from drive_adapters.inventory import EntryKind

    a = adapter.create_folder(adapter.root().id, "A")
    adapter.upload(_file(tmp_path, "x.txt", 7), a.id, "x.txt", mtime=1_600_000_000)
    entries = {e.path: e for e in adapter.scan()}
    assert set(entries) == {b"A", b"A/x.txt"}
    assert entries[b"A"].kind is EntryKind.DIR
    assert entries[b"A/x.txt"].kind is EntryKind.FILE and entries[b"A/x.txt"].size == 7
    assert entries[b"A/x.txt"].mtime == pytest.approx(1_600_000_000, abs=1)


def test_the_change_feed_reports_what_changed_since_the_scan(
    adapter: DriveAdapter, tmp_path: Path
) -> None:
    from drive_adapters.base import DriveError

    a = adapter.create_folder(adapter.root().id, "A")
    gone = adapter.upload(_file(tmp_path, "weg.txt", 3), a.id, "weg.txt")
    moved = adapter.upload(_file(tmp_path, "x.txt", 5), a.id, "x.txt")
    list(adapter.scan())
    cursor = adapter.scan_cursor
    if not adapter.supports_changes:  # a local share is compared by scanning it again
        assert cursor is None
        with pytest.raises(DriveError, match="no change feed"):
            adapter.changes_since("anything")
        return
    assert cursor
    b = adapter.create_folder(adapter.root().id, "B")
    adapter.move(moved.id, b.id, "y.txt")
    adapter.delete(gone.id)
    feed = adapter.changes_since(cursor)
    changed = {i.id: i for i in feed.changed}
    assert changed[moved.id].name == "y.txt" and changed[moved.id].parent_id == b.id
    assert b.id in changed and gone.id in feed.removed and not feed.complete
    again = adapter.changes_since(feed.cursor)
    assert not again.changed and not again.removed  # nothing since the last read


def test_download_gives_the_stored_bytes(adapter: DriveAdapter, tmp_path: Path) -> None:
    from drive_adapters.base import DriveError

    source = _file(tmp_path, "x.txt", 1000)
    made = adapter.upload(source, adapter.root().id, "x.txt")
    dest = tmp_path / "terug.txt"
    if isinstance(adapter, SimulatedAdapter):  # an in-memory drive holds no content
        with pytest.raises(DriveError, match="cannot hand out"):
            adapter.download(made.id, dest)
        return
    adapter.download(made.id, dest)
    assert dest.read_bytes() == source.read_bytes()
    with pytest.raises(FileExistsError):  # never over an existing file
        adapter.download(made.id, dest)


# -- who can open what (drive_adapters/remote/access.py) -------------------------------------


def _needs_access(adapter: DriveAdapter) -> None:
    if not adapter.supports_access:
        pytest.skip(f"the {adapter.target} adapter cannot change access (its refusal is tested)")


def _placed(adapter: DriveAdapter) -> bool:
    """Whether the drive narrows a folder by where it puts it (SharePoint: the audience's own
    library) rather than by changing the folder's permissions; a drive that only confirms the
    placement but does not place (a bare library) is covered by the refusal test below."""
    if not getattr(adapter, "access_by_placement", False):
        return False
    if not getattr(adapter, "places_audiences", False):
        pytest.skip(f"the {adapter.target} adapter narrows by library; see the sharepoint case")
    return True


def test_limit_access_lets_only_the_audience_in_and_restore_puts_it_back(
    adapter: DriveAdapter,
) -> None:
    _needs_access(adapter)
    if _placed(adapter):  # born in the audience's library: limiting confirms, changes nothing
        folder = adapter.create_folder(adapter.root().id, "Zorg")
        before = adapter.read_access(folder.id)
        assert before.limited and before.reaches() == {CARE}
        assert Access.from_json(before.to_json()) == before
        assert adapter.limit_access(folder.id, [CARE]) == before
        assert adapter.read_access(folder.id) == before
        adapter.restore_access(folder.id, before)
        assert adapter.read_access(folder.id) == before
        return
    folder = adapter.create_folder(adapter.root().id, "Zorg")
    before = adapter.read_access(folder.id)
    assert not before.limited and before.reaches()  # the whole team inherits it
    assert adapter.limit_access(folder.id, [CARE]) == before  # what the journal records
    after = adapter.read_access(folder.id)
    assert after.limited and after.reaches() == {CARE}
    assert Access.from_json(after.to_json()) == after
    assert adapter.limit_access(folder.id, [CARE]) == after  # again: nothing changes
    assert adapter.read_access(folder.id) == after
    adapter.restore_access(folder.id, before)
    assert adapter.read_access(folder.id) == before
    adapter.restore_access(folder.id, before)  # again: nothing changes
    assert adapter.read_access(folder.id) == before


def test_an_item_moved_into_a_limited_folder_takes_its_access(
    adapter: DriveAdapter, tmp_path: Path
) -> None:
    _needs_access(adapter)
    placed = _placed(adapter)
    root = adapter.root().id
    care = adapter.create_folder(root, "Zorg")
    adapter.limit_access(care.id, [CARE])
    item = adapter.upload(_file(tmp_path, "plan.docx", 10), root, "plan.docx")
    open_to_all = adapter.read_access(item.id)
    if placed:  # the care folder is in another library: a move there is refused
        with pytest.raises(DriveError, match="between libraries"):
            adapter.move(item.id, care.id)
        assert adapter.read_access(item.id) == open_to_all
        inside = adapter.read_access(
            adapter.upload(_file(tmp_path, "plan.docx", 10), care.id, "plan.docx").id
        )
        assert inside.reaches() == {CARE} and not inside.limited
        return
    adapter.move(item.id, care.id)
    inside = adapter.read_access(item.id)
    assert inside.reaches() == {CARE} and not inside.limited
    adapter.move(item.id, root)
    assert adapter.read_access(item.id) == open_to_all


def test_only_a_folder_can_be_limited(adapter: DriveAdapter, tmp_path: Path) -> None:
    _needs_access(adapter)
    item = adapter.upload(_file(tmp_path, "los.txt", 10), adapter.root().id, "los.txt")
    before = adapter.read_access(item.id)
    with pytest.raises(DriveError):
        adapter.limit_access(item.id, [CARE])
    assert adapter.read_access(item.id) == before


def test_a_folder_outside_its_audiences_library_is_refused_unchanged(
    adapter: DriveAdapter,
) -> None:
    if not getattr(adapter, "access_by_placement", False):
        pytest.skip(f"the {adapter.target} adapter limits folders itself (tested above)")
    folder = adapter.create_folder(adapter.root().id, "Groep 5")  # the team's library
    before = adapter.read_access(folder.id)
    with pytest.raises(DriveError, match="library of its own"):
        adapter.limit_access(folder.id, [CARE])
    assert adapter.read_access(folder.id) == before


def test_an_adapter_without_access_refuses_clearly(adapter: DriveAdapter) -> None:
    if adapter.supports_access:
        pytest.skip(f"the {adapter.target} adapter changes access (tested above)")
    folder = adapter.create_folder(adapter.root().id, "Zorg")
    calls = [
        lambda: adapter.read_access(folder.id),
        lambda: adapter.limit_access(folder.id, [CARE]),
        lambda: adapter.restore_access(folder.id, Access()),
    ]
    for call in calls:
        with pytest.raises(DriveError, match="cannot") as refused:
            call()
        assert adapter.target in str(refused.value)  # names the drive that cannot
