"""The OneDrive adapter through the unmodified msgraph-sdk against the fake Graph server."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from drive_adapters.base import InvalidName, ItemNotFound, NameConflict, NotEmpty
from drive_adapters.inventory import EntryKind
from drive_adapters.onedrive import OneDriveAdapter, open_target, parse_target
from drive_adapters.onedrive.quickxor import quickxorhash_file
from drive_adapters.onedrive.target import InvalidTarget
from tests.drive_adapters.onedrive.conftest import make_tree
from tests.fakes.graph_server import Chaos, FakeGraphServer


def test_create_folder_conflict_hands_back_the_existing_folder(onedrive: OneDriveAdapter) -> None:
    first = onedrive.create_folder(onedrive.root().id, "Groep 7")
    with pytest.raises(NameConflict) as caught:
        onedrive.create_folder(onedrive.root().id, "GROEP 7")  # case-insensitive, like OneDrive
    assert caught.value.existing is not None
    assert caught.value.existing.id == first.id


def test_nfc_and_nfd_names_collide(onedrive: OneDriveAdapter) -> None:
    onedrive.create_folder(onedrive.root().id, "Caf\u00e9")
    with pytest.raises(NameConflict):
        onedrive.create_folder(onedrive.root().id, "Cafe\u0301")


def test_invalid_and_too_long_names_are_refused(onedrive: OneDriveAdapter) -> None:
    root = onedrive.root().id
    for bad in ("a:b", "CON", "~$lock.docx", "trailing.", " lead", "x_vti_y", "forms"):
        with pytest.raises(InvalidName):
            onedrive.create_folder(root, bad)
    deep = root
    for _ in range(8):
        deep = onedrive.create_folder(deep, "d" * 40).id
    with pytest.raises(InvalidName) as caught:
        onedrive.create_folder(deep, "e" * 60)
    assert caught.value.code == "pathIsTooLong"
    assert [c.name for c in onedrive.children(root)] == ["d" * 40]


def test_move_and_rename_keep_the_id(onedrive: OneDriveAdapter, tmp_path: Path) -> None:
    root = onedrive.root().id
    a = onedrive.create_folder(root, "A")
    b = onedrive.create_folder(root, "B")
    src = make_tree(tmp_path, {"x.txt": 10})
    f = onedrive.upload(src / "x.txt", a.id, "x.txt")
    moved = onedrive.move(f.id, b.id, "y.txt")
    assert (moved.id, moved.parent_id, moved.name) == (f.id, b.id, "y.txt")
    onedrive.upload(src / "x.txt", a.id, "x.txt")
    with pytest.raises(NameConflict) as caught:
        onedrive.move(moved.id, a.id, "X.TXT")
    assert caught.value.existing is not None and caught.value.existing.name == "x.txt"
    assert onedrive.get(moved.id).parent_id == b.id  # nothing changed


def test_missing_items_raise_item_not_found(onedrive: OneDriveAdapter) -> None:
    with pytest.raises(ItemNotFound):
        onedrive.get("01NOPE")
    with pytest.raises(ItemNotFound):
        onedrive.move("01NOPE", onedrive.root().id)


def test_small_upload_keeps_content_hash_and_mtime(
    onedrive: OneDriveAdapter, graph: FakeGraphServer, tmp_path: Path
) -> None:
    src = make_tree(tmp_path, {"verslag.docx": 5000})
    item = onedrive.upload(src / "verslag.docx", onedrive.root().id, "verslag.docx", mtime=1.6e9)
    assert item.size == 5000
    assert item.hashes["quickXorHash"] == quickxorhash_file(src / "verslag.docx")
    assert item.mtime == pytest.approx(1.6e9)
    assert graph.tree()["verslag.docx"]["mtime"] == pytest.approx(1.6e9)
    with pytest.raises(NameConflict):
        onedrive.upload(src / "verslag.docx", onedrive.root().id, "VERSLAG.docx")
    assert graph.live_item_count() == 1


def test_session_upload_uses_320k_fragments_without_authorization(
    onedrive: OneDriveAdapter, graph: FakeGraphServer, tmp_path: Path
) -> None:
    size = 5 * 320 * 1024 + 12345
    src = make_tree(tmp_path, {"film.mp4": size})
    tokens: list[str] = []
    item = onedrive.upload(
        src / "film.mp4", onedrive.root().id, "film.mp4", mtime=1.5e9, checkpoint=tokens.append
    )
    assert item.size == size and item.mtime == pytest.approx(1.5e9)
    assert item.hashes["quickXorHash"] == quickxorhash_file(src / "film.mp4")
    assert len(tokens) == 1 and "/upload/" in tokens[0]
    assert graph.fragment_sizes == [320 * 1024] * 5 + [12345]
    assert graph.counts()["PUT upload"] == 6


def test_upload_resumes_from_the_session_url(
    onedrive: OneDriveAdapter, graph: FakeGraphServer, tmp_path: Path
) -> None:
    size = 4 * 320 * 1024
    src = make_tree(tmp_path, {"big.bin": size})
    tokens: list[str] = []
    fragments = 0

    def crash_after_two(total: int) -> None:
        nonlocal fragments
        if graph.counts().get("PUT upload", 0) >= 2:
            raise SystemExit  # never reached: we stop the client instead

    # Send two fragments by hand (as a crashed run would have), then resume through the adapter.
    onedrive.simple_upload_max = 10
    with pytest.raises(RuntimeError):

        def checkpoint(url: str) -> None:
            tokens.append(url)
            data = (src / "big.bin").read_bytes()
            for start in (0, 320 * 1024):
                end = start + 320 * 1024 - 1
                r = httpx.put(url, content=data[start : end + 1],
                              headers={"Content-Range": f"bytes {start}-{end}/{size}"})  # fmt: skip
                assert r.status_code == 202
            raise RuntimeError("crash")

        onedrive.upload(src / "big.bin", onedrive.root().id, "big.bin", checkpoint=checkpoint)
    assert graph.live_item_count() == 0
    item = onedrive.upload(src / "big.bin", onedrive.root().id, "big.bin", resume_token=tokens[0])
    assert item.hashes["quickXorHash"] == quickxorhash_file(src / "big.bin")
    assert graph.fragment_sizes == [320 * 1024] * 4  # the first two were not sent again
    assert graph.live_item_count() == 1


def test_delete_refuses_a_non_empty_folder(onedrive: OneDriveAdapter, tmp_path: Path) -> None:
    folder = onedrive.create_folder(onedrive.root().id, "Oud")
    src = make_tree(tmp_path, {"a.txt": 3})
    onedrive.upload(src / "a.txt", folder.id, "a.txt")
    with pytest.raises(NotEmpty):
        onedrive.delete(folder.id)
    assert onedrive.get(folder.id).id == folder.id
    for child in list(onedrive.children(folder.id)):
        onedrive.delete(child.id)
    onedrive.delete(folder.id)
    with pytest.raises(ItemNotFound):
        onedrive.get(folder.id)


def test_children_follow_next_links(connect: Callable[..., OneDriveAdapter]) -> None:
    with FakeGraphServer(page_size=7) as server:
        for i in range(30):
            server.add_folder(server.me.root_id, f"map {i:02d}")
        adapter = open_target("me", {"base_url": server.url})
        try:
            names = sorted(c.name for c in adapter.children(adapter.root().id))
            assert names == [f"map {i:02d}" for i in range(30)]
            assert server.counts()["GET children"] == 5
        finally:
            adapter.close()


def test_scan_pages_through_delta_and_survives_a_resync() -> None:
    with FakeGraphServer(page_size=5) as server:
        top = server.add_folder(server.me.root_id, "Groep 8")
        for i in range(12):
            server.add_file(top, f"werk {i}.txt", b"x" * i, mtime=1.7e9)
        adapter = open_target("me", {"base_url": server.url})
        try:
            expired = False

            def expire_once(total: int) -> None:
                nonlocal expired
                if not expired and server.counts().get("GET delta", 0) == 2:
                    expired = True
                    server.expire_delta_tokens()  # the next page answers 410

            server.before_request = expire_once
            entries = list(adapter.scan())
        finally:
            adapter.close()
    assert expired and server.counts()["GET delta"] > 3
    paths = [e.path for e in entries]
    assert paths == sorted([b"Groep 8", *(f"Groep 8/werk {i}.txt".encode() for i in range(12))])
    files = [e for e in entries if e.kind is EntryKind.FILE]
    assert {e.size for e in files} == set(range(12))
    assert all(e.hash_name == "quickXorHash" and e.item_id for e in files)
    assert all(e.mtime == pytest.approx(1.7e9) for e in files)


def test_targets_resolve_users_sites_and_drives(graph: FakeGraphServer) -> None:
    upn_drive = graph.add_user("juf.anna@school.example")
    site = graph.add_site("school.sharepoint.com", "/sites/Team", ["Documenten", "Archief"])
    cases = {
        "user:juf.anna@school.example": upn_drive,
        "site:https://school.sharepoint.com/sites/Team/Archief": site["drives"][1],
        f"drive:{upn_drive}": upn_drive,
        "me": graph.me.id,
    }
    for spec, drive_id in cases.items():
        adapter = open_target(spec, {"base_url": graph.url})
        try:
            assert adapter.drive_id == drive_id
        finally:
            adapter.close()
    with pytest.raises(ItemNotFound, match="Documenten, Archief"):
        open_target("site:https://school.sharepoint.com/sites/Team/Nope", {"base_url": graph.url})
    for bad in ("user:anna", "site:http://x/y", "bucket:1"):
        with pytest.raises(InvalidTarget):
            parse_target(bad)


def test_retry_after_is_honoured_and_shared(tmp_path: Path) -> None:
    chaos = Chaos(rate_429=0.5, retry_after="0.2", seed=3)
    with FakeGraphServer(chaos=chaos) as server:
        adapter = open_target("me", {"base_url": server.url, "concurrency": "4"})
        try:
            server.reset_counts()
            before = adapter.pacer_stats.throttled
            started = time.monotonic()
            for i in range(20):
                adapter.create_folder(adapter.root().id, f"map {i}")
            elapsed = time.monotonic() - started
            stats = adapter.pacer_stats
        finally:
            adapter.close()
    throttled = server.counts().get("throttled 429", 0)
    assert throttled >= 2 and stats.throttled - before == throttled
    assert elapsed >= 0.2 * throttled * 0.95  # waited the full Retry-After every time
    assert server.live_item_count() == 20
    assert server.user_agents == {"NONISV|cardsort-drive|cardsort-drive/0.1.0"}


def test_batch_moves_and_folder_creation(onedrive: OneDriveAdapter, graph: FakeGraphServer) -> None:
    root = onedrive.root().id
    made = onedrive.create_folders([(root, f"kaart {i}") for i in range(25)] + [(root, "KAART 1")])
    assert all(not isinstance(r, Exception) for r in made[:25])
    assert isinstance(made[25], NameConflict) and made[25].existing is not None
    target = onedrive.create_folder(root, "Groep")
    moves = [(r.id, target.id, None) for r in made[:25] if not isinstance(r, Exception)]
    results = onedrive.move_many(moves)
    assert [r.parent_id for r in results if not isinstance(r, Exception)] == [target.id] * 25
    assert graph.counts()["POST $batch"] == 4  # 26 creations + 25 moves, 20 per batch


def test_server_side_copy_waits_for_the_monitor(
    onedrive: OneDriveAdapter, graph: FakeGraphServer, tmp_path: Path
) -> None:
    folder = onedrive.create_folder(onedrive.root().id, "Bron")
    src = make_tree(tmp_path, {"a.txt": 100})
    onedrive.upload(src / "a.txt", folder.id, "a.txt")
    copy = onedrive.copy(folder.id, onedrive.root().id, "Kopie", poll_interval=0.01)
    assert copy.id != folder.id and copy.name == "Kopie"
    assert graph.counts()["GET monitor"] == 2
    assert graph.tree()["Kopie/a.txt"]["hash"] == graph.tree()["Bron/a.txt"]["hash"]
