"""OneDrive/SharePoint behaviours that the real services have and the happy path does not.

Each test sets one switch of the fake (documented in tests/fakes/graph_server.py with its source)
and checks that the adapter copes as the shared classifier (drive_adapters/remote/classify.py)
says: retried, deferred or refused, never an overwrite and never a second version.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from drive_adapters.base import Deferred, NameConflict
from drive_adapters.onedrive import OneDriveAdapter, open_target
from tests.fakes.graph_server import Chaos, FakeGraphServer, Library


def _file(path: Path, data: bytes, mtime: float = 1_600_000_000) -> Path:
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))
    return path


def _open(server: FakeGraphServer, **options: str) -> OneDriveAdapter:
    return open_target("me", {"base_url": server.url, "retry_scale": "0.001", **options})


def test_a_small_file_is_two_requests_and_one_version_with_its_time(tmp_path: Path) -> None:
    source = _file(tmp_path / "rooster.txt", b"week 12\n" * 50)
    with FakeGraphServer() as server:
        adapter = _open(server)
        try:
            server.reset_counts()
            item = adapter.upload(source, adapter.root().id, "rooster.txt", mtime=1_600_000_000)
            requests = server.total_requests()
        finally:
            adapter.close()
        versions = server.versions()
        stored = server.tree()["rooster.txt"]
    assert requests == 2  # createUploadSession (with fileSystemInfo) + one PUT of the bytes
    assert versions == {"rooster.txt": 1}
    assert stored["mtime"] == pytest.approx(1_600_000_000)
    assert item.mtime == pytest.approx(1_600_000_000)


def test_a_move_onto_a_taken_name_is_refused_even_where_patch_would_replace(
    tmp_path: Path,
) -> None:
    with FakeGraphServer(library=Library(patch_default_conflict="replace")) as server:
        root = server.me.root_id
        a = server.add_file(root, "notulen.txt", b"a")
        b = server.add_file(root, "notulen oud.txt", b"b")
        adapter = _open(server)
        try:
            with pytest.raises(NameConflict):
                adapter.move(b, root, "notulen.txt")
            (result,) = adapter.move_many([(b, root, "NOTULEN.txt")])
        finally:
            adapter.close()
        tree = server.tree()
    assert isinstance(result, NameConflict)
    assert tree["notulen.txt"]["id"] == a and tree["notulen oud.txt"]["id"] == b


def test_server_errors_load_400_and_lost_answers_are_retried_and_the_work_completes(
    tmp_path: Path,
) -> None:
    chaos = Chaos(rate_5xx=0.25, rate_load_400=0.1, lost_answer_rate=0.15, seed=5)
    sources = [_file(tmp_path / f"les {i}.txt", f"les {i}\n".encode() * 40) for i in range(8)]
    with FakeGraphServer(chaos=chaos) as server:
        adapter = _open(server)
        try:
            root = adapter.root().id
            folders = adapter.create_folders([(root, "Groep 7"), (root, "Groep 8")])
            made = []
            for source in sources:
                try:
                    made.append(adapter.upload(source, root, source.name))
                except NameConflict as conflict:  # our own create whose answer was lost
                    assert conflict.existing is not None
                    made.append(conflict.existing)
            target = folders[0]
            assert not isinstance(target, Exception)
            moved = adapter.move_many([(m.id, target.id, None) for m in made[:4]])
            stats = adapter.pacer_stats
        finally:
            adapter.close()
        counts = server.counts()
        tree = server.tree()
    assert all(not isinstance(r, Exception) for r in [*folders, *moved])
    assert sorted(p for p in tree if p.startswith("Groep 7/")) == [
        f"Groep 7/les {i}.txt" for i in range(4)
    ]
    assert len([p for p in tree if not tree[p]["folder"]]) == 8
    assert stats.retries["server"] > 0 and stats.retries["load"] > 0
    assert counts.get("lost answer", 0) > 0


def test_a_file_open_in_word_is_deferred_not_fatal(tmp_path: Path) -> None:
    with FakeGraphServer() as server:
        root = server.me.root_id
        folder = server.add_folder(root, "Archief")
        busy = server.add_file(root, "jaarplan.docx", b"plan")
        free = server.add_file(root, "rooster.docx", b"rooster")
        server.open_in_word(busy)
        adapter = _open(server)
        try:
            with pytest.raises(Deferred) as deferred:
                adapter.move(busy, folder)
            deferred_by_pacer = adapter.pacer_stats.deferred
            results = adapter.move_many([(busy, folder, None), (free, folder, None)])
        finally:
            adapter.close()
    assert deferred.value.code == "resourceLocked"
    assert deferred_by_pacer == 1  # classified once by the shared pacer, never retried
    assert isinstance(results[0], Deferred) and not isinstance(results[1], Exception)


def test_sharepoint_rewrites_office_files_and_the_adapter_says_so(tmp_path: Path) -> None:
    docx = _file(tmp_path / "verslag.docx", b"PK\x03\x04 word document" * 20)
    txt = _file(tmp_path / "lees mij.txt", b"gewoon tekst")
    with FakeGraphServer(library=Library(rewrite_office=True)) as server:
        adapter = _open(server)
        try:
            root = adapter.root().id
            office = adapter.upload(docx, root, docx.name)
            plain = adapter.upload(txt, root, txt.name)
        finally:
            adapter.close()
        stored = server.tree()
    assert stored["verslag.docx"]["size"] != docx.stat().st_size  # the library changed it
    # What was sent rides along with what the service reported (the executor journals both).
    assert office.extra["sent_hash"] != office.hashes["quickXorHash"]
    assert office.size == stored["verslag.docx"]["size"]
    assert office.extra["sent_size"] == str(docx.stat().st_size)
    assert plain.extra["sent_hash"] == plain.hashes["quickXorHash"]


def _chaos_run(tmp_path: Path, seed: int, concurrency: str) -> dict[str, int]:
    share = tmp_path / f"share-{concurrency}"
    share.mkdir(exist_ok=True)
    sources = [_file(share / f"kaart {i}.txt", f"{i}".encode() * 500) for i in range(24)]
    chaos = Chaos(rate_429=0.2, rate_5xx=0.1, retry_after="0.001", seed=seed)
    with FakeGraphServer(chaos=chaos) as server:
        adapter = _open(server, concurrency=concurrency)
        try:
            from concurrent.futures import ThreadPoolExecutor

            root = adapter.root().id
            with ThreadPoolExecutor(int(concurrency)) as pool:
                list(pool.map(lambda s: adapter.upload(s, root, s.name), sources))
        finally:
            adapter.close()
        return {k: v for k, v in server.counts().items() if "throttled" in k}


def test_seeded_chaos_gives_the_same_faults_whatever_the_thread_timing(tmp_path: Path) -> None:
    one_thread = _chaos_run(tmp_path, 5, "1")
    eight_threads = _chaos_run(tmp_path, 5, "8")
    assert one_thread == eight_threads and sum(one_thread.values()) > 5


UploadFn = Callable[[Path], object]


def test_the_path_limit_counts_the_library_prefix_and_the_staging_folder() -> None:
    from drive_adapters.remote.paths import library_prefix_chars, rules_with_prefix
    from drive_adapters.rules import Node, get_ruleset, validate_tree

    prefix = library_prefix_chars("https://school.sharepoint.com/sites/Team/Gedeelde%20documenten")
    assert prefix == len("/sites/Team/Gedeelde documenten/")
    rules = rules_with_prefix(get_ruleset("onedrive"), prefix, "_cardsort-herindeling-1234abcd")
    root = Node("", is_folder=True)
    folder = Node("a" * 200, is_folder=True, parent=root)
    assert root.children is not None and folder.children is not None
    root.children["a"] = folder
    folder.children["b"] = Node("b" * 150 + ".txt", is_folder=False, parent=folder)
    bare, _ = validate_tree(root, get_ruleset("onedrive"))
    counted, _ = validate_tree(root, rules)
    assert not [v for v in bare if "path" in v.code.lower()]  # 355 characters: fine alone
    assert [v for v in counted if "path" in v.code.lower()]  # + prefix + staging: too long


def test_the_adapter_knows_its_library_prefix() -> None:
    with FakeGraphServer() as server:
        adapter = _open(server)
        try:
            prefix = adapter.path_prefix_chars
        finally:
            adapter.close()
    assert prefix == len(server.me.path_prefix.rstrip("/")) + 1
