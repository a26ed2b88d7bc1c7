"""OneDrive adapter against the fake Graph server: requests per item and upload throughput.

* In-place restructure (40 cards × 25 files): our plan moves each card folder with one PATCH
  (in ``$batch`` of 20) vs a file-by-file tool that recreates the folders and moves every file.
* Upload migration (a generated school tree copied as it is: ``cardsort migrate copy``, a copy
  plan applied by the migration executor with its journal): batched folder creation + an upload
  session carrying the modification time and one PUT per file, vs a file-by-file tool that also
  checks for every name before writing it; requests and versions per small file in a SharePoint
  library against the old PUT-then-PATCH.
* Upload throughput of that copy with 50 ms added to every response, at 1, 4 and 8 workers.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from drive_adapters.base import DriveItem
from drive_adapters.onedrive import OneDriveAdapter, open_target
from tests.copy_runs import copy_executor, copy_plan
from tests.fakes.graph_server import Chaos, FakeGraphServer, Library

CARDS, FILES_PER_CARD, GROUP = 40, 25, 5


def _seed(server: FakeGraphServer) -> dict[str, str]:
    cards = {}
    for c in range(CARDS):
        card = server.add_folder(server.me.root_id, f"kaart {c:02d}")
        cards[f"kaart {c:02d}"] = card
        for f in range(FILES_PER_CARD):
            server.add_file(card, f"doc {f}.docx", f"{c}/{f}".encode())
    return cards


def _open(server: FakeGraphServer, concurrency: int = 4) -> OneDriveAdapter:
    return open_target("me", {"base_url": server.url, "concurrency": str(concurrency)})


def restructure_ours() -> int:
    with FakeGraphServer() as server:
        cards = _seed(server)
        adapter = _open(server)
        server.reset_counts()
        root = adapter.root().id
        groups = adapter.create_folders([(root, f"Groep {g}") for g in range(CARDS // GROUP)])
        moves = []
        for i, card_id in enumerate(cards[k] for k in sorted(cards)):
            group = groups[i // GROUP]
            assert isinstance(group, DriveItem)
            moves.append((card_id, group.id, None))
        assert all(isinstance(r, DriveItem) for r in adapter.move_many(moves))
        adapter.close()
        return server.total_requests()


def restructure_executor() -> int:
    """The same job as a plan applied by the migration executor (staging folder, one move per
    card in, one per group out, independent moves sent together, path resolution by listing)."""
    from drive_adapters.executor import Executor
    from drive_adapters.journal import Journal
    from drive_adapters.plan import Mode
    from tests.onedrive.onedrive_plans import in_place_plan

    with FakeGraphServer() as server, tempfile.TemporaryDirectory() as scratch:
        _seed(server)
        plan = in_place_plan(server.tree())
        adapter = _open(server)
        journal = Journal(Path(scratch) / "journal.sqlite")
        executor = Executor(plan, adapter, Mode.IN_PLACE, journal, target_label="onedrive:me")
        server.reset_counts()
        executor.apply(check_source=False)
        journal.close()
        adapter.close()
        return server.total_requests()


def restructure_file_by_file() -> int:
    with FakeGraphServer() as server:
        cards = _seed(server)
        adapter = _open(server)
        server.reset_counts()
        root = adapter.root().id
        for i, name in enumerate(sorted(cards)):
            group_name = f"Groep {i // GROUP}"
            group = adapter.find_child(root, group_name) or adapter.create_folder(root, group_name)
            folder = adapter.create_folder(group.id, name)
            for child in list(adapter.children(cards[name])):
                adapter.move(child.id, folder.id)
        adapter.close()
        return server.total_requests()


def _tree(root: Path, folders: int = 12, files: int = 20) -> Path:
    for d in range(folders):
        for f in range(files):
            path = root / f"Groep {d}" / f"werk {f}.docx"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f"{d}-{f}".encode() * 200)
    return root


def upload_ours(
    source: Path, latency: float = 0.0, concurrency: int = 4, library: Library | None = None
) -> tuple[int, float, FakeGraphServer]:
    """(requests, files per second, the fake) of ``cardsort migrate copy SOURCE --into Upload``:
    the copy plan applied by the migration executor with a journal on disk."""
    with (
        FakeGraphServer(chaos=Chaos(latency=latency), library=library) as server,
        tempfile.TemporaryDirectory() as scratch,
    ):
        adapter = _open(server, concurrency)
        plan = copy_plan(source, adapter, "onedrive", ("Upload",))
        executor = copy_executor(plan, adapter, Path(scratch) / "journal.sqlite",
                                 workers=concurrency)  # fmt: skip
        server.reset_counts()
        started = time.perf_counter()
        result = executor.apply()
        elapsed = time.perf_counter() - started
        executor.journal.close()
        adapter.close()
        uploaded = result.by_kind.get("upload", 0)
        assert uploaded == sum(1 for p in source.rglob("*") if p.is_file())
        return server.total_requests(), uploaded / elapsed, server


def per_file_upload(source: Path, *, put_then_patch: bool) -> tuple[float, float]:
    """(upload requests, versions) per small file of an upload into a SharePoint library that
    versions every change: the copy through the executor (its folders and look-ups are in the
    upload migration's total) vs the old PUT then PATCH of the time, file by file."""
    files = sorted(p for p in source.rglob("*") if p.is_file())
    if not put_then_patch:
        _requests, _rate, server = upload_ours(source, library=Library(rewrite_office=True))
        counts = server.counts()
        uploads = counts.get("POST createUploadSession", 0) + counts.get("PUT upload", 0)
        return uploads / len(files), sum(server.versions().values()) / len(files)
    with FakeGraphServer(library=Library(rewrite_office=True)) as server:
        adapter = _open(server)
        top = adapter.create_folder(adapter.root().id, "Upload").id
        server.reset_counts()
        for n, path in enumerate(files):
            adapter._simple_upload(path, top, f"{n} {path.name}", path.stat().st_mtime)
        requests = server.total_requests()
        versions = sum(server.versions().values())
        adapter.close()
    return requests / len(files), versions / len(files)


def upload_file_by_file(source: Path) -> int:
    with FakeGraphServer() as server:
        adapter = _open(server)
        server.reset_counts()
        ids = {source: adapter.create_folder(adapter.root().id, "Upload").id}
        for path in sorted(source.rglob("*")):
            parent = ids[path.parent]
            if adapter.find_child(parent, path.name) is not None:  # check before every write
                continue
            if path.is_dir():
                ids[path] = adapter.create_folder(parent, path.name).id
            else:
                adapter.upload(path, parent, path.name)
        adapter.close()
        return server.total_requests()


def main() -> None:
    items = CARDS * (FILES_PER_CARD + 1)
    ours, base = restructure_ours(), restructure_file_by_file()
    via_executor = restructure_executor()
    print(f"in-place restructure, {CARDS} cards / {CARDS * FILES_PER_CARD} files:")
    print(f"  $batch moves     {ours:6d} requests  {ours / items:.4f} per item")
    print(f"  executor (plan)  {via_executor:6d} requests  {via_executor / items:.4f} per item")
    print(f"  file-by-file     {base:6d} requests  {base / items:.4f} per item")
    print(
        f"  ratio            {base / ours:.1f}× fewer requests ($batch), "
        f"{base / via_executor:.1f}× (executor)"
    )
    with tempfile.TemporaryDirectory() as scratch:
        source = _tree(Path(scratch) / "share")
        n = sum(1 for _ in source.rglob("*"))
        files = sum(1 for p in source.rglob("*") if p.is_file())
        started = time.perf_counter()
        ours_up, _, _ = upload_ours(source)
        wall = time.perf_counter() - started
        base_up = upload_file_by_file(source)
        print(f"upload migration (migrate copy), {n} items, {files} files:")
        print(f"  cardsort-drive   {ours_up:6d} requests  {ours_up / n:.3f} per item  "
              f"{ours_up / files:.3f} per file  ({wall:.1f} s wall)")  # fmt: skip
        print(f"  file-by-file     {base_up:6d} requests  {base_up / n:.3f} per item")
        print(f"  ratio            {base_up / ours_up:.2f}× fewer requests")
        req_new, ver_new = per_file_upload(source, put_then_patch=False)
        req_old, ver_old = per_file_upload(source, put_then_patch=True)
        print("small files into a SharePoint library (goal: ≤ 2 requests, exactly 1 version):")
        print(f"  migrate copy     {req_new:.2f} requests  {ver_new:.2f} versions per file "
              "(session + 1 PUT)")  # fmt: skip
        print(f"  PUT then PATCH   {req_old:.2f} requests  {ver_old:.2f} versions per file")
        print(f"  ratio            {ver_old / ver_new:.1f}× fewer versions")
        small = _tree(Path(scratch) / "small", folders=4, files=15)
        print("upload throughput of migrate copy (journalled), 50 ms added latency per request:")
        rates = {}
        for workers in (1, 4, 8):
            _, rates[workers], _ = upload_ours(small, latency=0.05, concurrency=workers)
            ratio = rates[workers] / rates[1]
            print(
                f"  workers {workers}:      {rates[workers]:6.1f} files/s  ({ratio:.1f}× workers 1)"
            )


if __name__ == "__main__":
    main()
