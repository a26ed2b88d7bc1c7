"""Google Drive adapter against the fake Drive: requests per item and upload throughput.

* In-place restructure (40 cards × 25 files): one ``files.update`` per card folder (sent one by
  one, and in batches of ≤ 100) vs a file-by-file tool that makes a new folder per card and
  moves every file with its own request.
* Upload migration (a generated school tree, 600 files in 60 folders, copied as it is:
  ``cardsort migrate copy``, a copy plan applied by the migration executor with its journal):
  folders in batches, one multipart request per file, ids fetched 100 at a time, vs a
  file-by-file tool that checks every name with ``files.list`` before a resumable upload (start
  + one chunk).
* Upload throughput of that copy with 50 ms added to every response, at 1, 4 and 8 workers.

Request counts use a fake in this process; throughput runs the fake in its own process (still
on the same 2 cores as the client), so absolute figures are a floor and the ratios between runs
in the same process are what to read.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from drive_adapters.base import DriveItem
from drive_adapters.gdrive import GDriveAdapter, open_target
from drive_adapters.gdrive.transport import Connection, ServiceFactory
from drive_adapters.plan import Plan
from tests.copy_runs import copy_executor, copy_plan
from tests.fakes.drive_server import FOLDER, FakeDriveServer, start_fake

CARDS, FILES_PER_CARD, GROUPS = 40, 25, 5
SHARED = "Team"


def _start(tmp: Path, **options: Any) -> FakeDriveServer:
    server, _ = start_fake(tmp / f"cert{random.random()}", shared_drives=[SHARED], **options)
    return server


def _open(server: FakeDriveServer, **options: str) -> GDriveAdapter:
    adapter = open_target(f"shared:{SHARED}", server.options(**options))
    assert isinstance(adapter, GDriveAdapter)
    return adapter


def _seed_cards(server: FakeDriveServer, root: str) -> list[str]:
    state, cards = server.drive, []
    for c in range(CARDS):
        card = state.create({"name": f"kaart {c:02d}", "mimeType": FOLDER, "parents": [root]}, True)
        cards.append(card.id)
        for f in range(FILES_PER_CARD):
            state.create({"name": f"doc {f}.docx", "parents": [card.id]}, True, content=b"x")
    return cards


def restructure(tmp: Path, how: str) -> tuple[int, int]:
    """(API calls, HTTP requests) to put 40 cards into 5 new group folders."""
    server = _start(tmp)
    try:
        drive = _open(server)
        cards = _seed_cards(server, drive.root_id)
        seen = {item.id: item for _path, item in drive.walk()}  # the scan the plan came from
        server.drive.reset_counts()
        if how == "file-by-file":
            files = server.options()
            svc = ServiceFactory(Connection(None, files["api_endpoint"], files["ca_certs"])).files()
            groups = [
                svc.create(
                    body={"name": f"groep {g}", "mimeType": FOLDER, "parents": [drive.root_id]},
                    fields="id",
                    supportsAllDrives=True,
                ).execute()["id"]
                for g in range(GROUPS)
            ]
            for c, card in enumerate(cards):
                new = svc.create(
                    body={
                        "name": f"kaart {c:02d}",
                        "mimeType": FOLDER,
                        "parents": [groups[c % GROUPS]],
                    },
                    fields="id",
                    supportsAllDrives=True,
                ).execute()["id"]
                for item in [i for i in seen.values() if i.parent_id == card]:
                    svc.update(
                        fileId=item.id,
                        addParents=new,
                        removeParents=card,
                        fields="id",
                        supportsAllDrives=True,
                    ).execute()
        else:
            made = drive.create_folders([(drive.root_id, f"groep {g}") for g in range(GROUPS)])
            groups = [m.id for m in made if isinstance(m, DriveItem)]
            moves = [(card, groups[c % GROUPS], f"kaart {c:02d}") for c, card in enumerate(cards)]
            if how == "batched":
                drive.move_many(moves)
            else:
                for card, group, name in moves:
                    drive.move(card, group, name)
        return server.drive.api_calls(), server.drive.requests["http"]
    finally:
        server.stop()


def school_tree(root: Path, folders: int = 60, per_folder: int = 10) -> int:
    rng = random.Random(7)
    for f in range(folders):
        folder = root / f"Groep {f // 10 + 1}" / f"Vak {f % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(per_folder):
            (folder / f"document {n}.docx").write_bytes(rng.randbytes(rng.randint(200, 20_000)))
    return folders * per_folder


def copy_run(drive: GDriveAdapter, plan: Plan, tmp: Path, workers: int | None = None) -> int:
    """``cardsort migrate copy``: the copy plan applied by the executor, journal on disk;
    returns the folders it made (it must finish with nothing set aside)."""
    journal = tmp / f"journal{random.random()}.sqlite"
    executor = copy_executor(plan, drive, journal, label=f"gdrive:shared:{SHARED}",
                             workers=workers)  # fmt: skip
    try:
        result = executor.apply()
    finally:
        executor.journal.close()
    assert result.set_aside == []
    return result.by_kind.get("mkdir", 0)


def upload_ours(tmp: Path, source: Path) -> tuple[int, int, int, bool, float]:
    """(API calls, HTTP requests, folders made, verified by md5, wall seconds) of the copy."""
    server = _start(tmp)
    try:
        drive = _open(server)
        plan = copy_plan(source, drive, "gdrive")
        server.drive.reset_counts()
        started = time.perf_counter()
        folders = copy_run(drive, plan, tmp)
        wall = time.perf_counter() - started
        calls, http = server.drive.api_calls(), server.drive.requests["http"]
        journal = tmp / f"verify{random.random()}.sqlite"
        ok = copy_executor(plan, drive, journal).verify(content=True).ok
        return calls, http, folders, ok, wall
    finally:
        server.stop()


def upload_file_by_file(tmp: Path, source: Path) -> tuple[int, int]:
    """What a simple script does: look every name up, then upload resumably."""
    from googleapiclient.http import MediaFileUpload

    server = _start(tmp)
    try:
        drive = _open(server)
        opts = server.options()
        files = ServiceFactory(Connection(None, opts["api_endpoint"], opts["ca_certs"])).files()
        server.drive.reset_counts()
        ids = {source: drive.root_id}
        list_args = {
            "corpora": "drive",
            "driveId": drive.drive_id,
            "supportsAllDrives": True,
            "includeItemsFromAllDrives": True,
            "fields": "files(id)",
        }
        for path in sorted(source.rglob("*")):
            parent = ids[path.parent]
            q = f"'{parent}' in parents and name = '{path.name}' and trashed = false"
            files.list(q=q, **list_args).execute()
            if path.is_dir():
                body = {"name": path.name, "mimeType": FOLDER, "parents": [parent]}
                ids[path] = files.create(body=body, fields="id", supportsAllDrives=True).execute()[
                    "id"
                ]
            else:
                media = MediaFileUpload(str(path), "application/octet-stream", resumable=True)
                request = files.create(
                    body={"name": path.name, "parents": [parent]},
                    media_body=media,
                    fields="id",
                    supportsAllDrives=True,
                )
                done = None
                while done is None:
                    _status, done = request.next_chunk()
        return server.drive.api_calls(), server.drive.requests["http"]
    finally:
        server.stop()


def throughput(tmp: Path, source: Path, units: float, concurrency: int, chunk: int = 0) -> float:
    """Units (files or MiB) per second for a copy at this concurrency (workers and requests).

    The fake runs in its own process here, so the client's threads do not share the GIL with it.
    """
    ready = tmp / f"ready{random.random()}.json"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.fakes.drive_server",
            "--shared-drive",
            SHARED,
            "--latency",
            "0.05",
            "--ready-file",
            str(ready),
            "--cert-dir",
            str(tmp / "tp-cert"),
        ],
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            if ready.exists():
                break
            time.sleep(0.05)
        info = json.loads(ready.read_text())
        options = {
            "api_endpoint": info["api_endpoint"],
            "ca_certs": info["ca_certs"],
            "concurrency": str(concurrency),
        }
        if chunk:
            options.update(chunk_size=str(chunk), multipart_max=str(chunk))
        drive = open_target(f"shared:{SHARED}", options)
        assert isinstance(drive, GDriveAdapter)
        plan = copy_plan(source, drive, "gdrive")
        started = time.perf_counter()
        copy_run(drive, plan, tmp, workers=concurrency)
        return units / (time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-gdrive-") as name:
        tmp = Path(name)
        items = CARDS * FILES_PER_CARD + CARDS
        print(
            f"In-place restructure: {CARDS} cards, {CARDS * FILES_PER_CARD} files, {GROUPS} groups"
        )
        base_calls, base_http = restructure(tmp, "file-by-file")
        for how in ("one-by-one", "batched"):
            calls, http = restructure(tmp, how)
            print(
                f"  ours ({how:10s}): {calls:5d} calls {http:5d} HTTP  "
                f"{calls / items:.3f} calls/item {http / items:.3f} HTTP/item  "
                f"({base_calls / calls:.1f}x fewer calls, {base_http / http:.1f}x fewer HTTP)"
            )
        print(
            f"  file-by-file     : {base_calls:5d} calls {base_http:5d} HTTP  "
            f"{base_calls / items:.3f} calls/item"
        )

        source = tmp / "share"
        count = school_tree(source)
        print(f"Upload migration: {count} files in 60 folders")
        calls, http, folders, ok, wall = upload_ours(tmp, source)
        base_calls, base_http = upload_file_by_file(tmp, source)
        print(
            f"  migrate copy: {calls:5d} calls {http:5d} HTTP  {calls / count:.3f} calls/file  "
            f"verified={ok}  ({wall:.1f} s wall)"
        )
        print(
            f"    of which {folders} folders made; the rest is {(calls - folders) / count:.3f} "
            "calls per file (goal ≤ 1.1)"
        )
        print(
            f"  file-by-file: {base_calls:5d} calls {base_http:5d} HTTP  "
            f"{base_calls / count:.3f} calls/file  ({base_calls / calls:.1f}x ours)"
        )

        small = tmp / "small"
        n = school_tree(small, folders=10, per_folder=12)
        print(f"Upload throughput, 50 ms added latency, {n} files")
        rates = {c: throughput(tmp, small, n, c) for c in (1, 4, 8)}
        for c, rate in rates.items():
            print(f"  concurrency {c}: {rate:6.1f} files/s  ({rate / rates[1]:.1f}x concurrency 1)")

        big = tmp / "big"
        big.mkdir()
        rng = random.Random(3)
        for n in range(8):
            (big / f"video {n}.mp4").write_bytes(rng.randbytes(3 * 1024 * 1024))
        megabytes = 8 * 3
        print("Resumable uploads, 50 ms added latency, 8 files of 3 MiB in 512 KiB chunks")
        big_rates = {c: throughput(tmp, big, megabytes, c, chunk=512 * 1024) for c in (1, 4, 8)}
        for c, rate in big_rates.items():
            print(
                f"  concurrency {c}: {rate:6.1f} MiB/s  ({rate / big_rates[1]:.1f}x concurrency 1)"
            )


if __name__ == "__main__":
    main()
