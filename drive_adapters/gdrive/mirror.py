"""Copy a local folder tree into a Google drive, resumably, and verify it by md5.

This is the adapter's own small harness (the migration executor with its journal drives the
adapter the same way for a full plan): the demo uses it when no plan exists, the crash tests
kill it at random points, and the benchmark measures it.

The resume record is an append-only JSON-lines file, one fsync'ed line per fact:
``{"folder": rel, "id": …}``, ``{"session": rel, "uri": …}``, ``{"file": rel, "id": …}``. A run
after a crash skips what is recorded, resumes recorded upload sessions, and adopts a folder or
file it created but had not recorded yet (the adapter finds it: exact name in the parent plus the
``cardsortDrive`` mark, and for files the same size and md5), so nothing is ever doubled. The
record names school files and holds upload session URIs: it is created ``0600`` (see
:mod:`sessions.private_files`).

Never followed: symlinks and special files. Names that are not valid UTF-8 cannot exist on
Drive and are reported as skipped (the plan's naming rules rename them).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drive_adapters.base import DriveError, NameConflict, PausedUntil
from drive_adapters.gdrive.adapter import GDriveAdapter, md5_of
from drive_adapters.gdrive.scan import walk_items
from sessions.private_files import make_dirs, open_private

__all__ = [
    "MirrorReport",
    "ResumeRecord",
    "VerifyReport",
    "local_tree",
    "mirror_tree",
    "verify_tree",
]


class ResumeRecord:
    """The append-only record of what a mirror run has done (thread-safe, fsync per line)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folders: dict[str, str] = {}
        self.files: dict[str, str] = {}
        self.sessions: dict[str, str] = {}
        self._lock = threading.Lock()
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    fact = json.loads(line)
                except ValueError:
                    continue  # a line torn by a crash: the fact was not recorded
                if "folder" in fact:
                    self.folders[fact["folder"]] = fact["id"]
                elif "file" in fact:
                    self.files[fact["file"]] = fact["id"]
                    self.sessions.pop(fact["file"], None)
                elif "session" in fact:
                    self.sessions[fact["session"]] = fact["uri"]
        # It names school files and holds upload session URIs (which accept bytes without
        # further sign-in): private to the user, like plans and journals (AVG).
        make_dirs(path.parent)
        self._handle = open_private(path, "a", encoding="utf-8")

    def note(self, **fact: str) -> None:
        with self._lock:
            self._handle.write(json.dumps(fact, ensure_ascii=False) + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())
            if "folder" in fact:
                self.folders[fact["folder"]] = fact["id"]
            elif "file" in fact:
                self.files[fact["file"]] = fact["id"]
            elif "session" in fact:
                self.sessions[fact["session"]] = fact["uri"]

    def close(self) -> None:
        self._handle.close()


@dataclass
class MirrorReport:
    """What a mirror run did."""

    folders_created: int = 0
    folders_adopted: int = 0
    files_uploaded: int = 0
    files_adopted: int = 0
    files_resumed: int = 0
    bytes_uploaded: int = 0
    skipped: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    paused: PausedUntil | None = None


@dataclass
class VerifyReport:
    """Local files against the drive: every file exactly once, same size and md5."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.mismatched or self.extra or self.duplicates)


def local_tree(root: Path) -> Iterator[tuple[str, Path, bool]]:
    """``(relative name, path, is_dir)`` for every uploadable entry, parents first, sorted.

    Symlinks, special files and names that are not valid UTF-8 are left out.
    """
    stack = [(root, "")]
    while stack:
        folder, rel = stack.pop()
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        subdirs = []
        for entry in entries:
            name = entry.name
            if not _valid_utf8(name):
                continue
            child_rel = f"{rel}/{name}" if rel else name
            mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                yield child_rel, Path(entry.path), True
                subdirs.append((Path(entry.path), child_rel))
            elif stat.S_ISREG(mode):
                yield child_rel, Path(entry.path), False
        stack.extend(reversed(subdirs))


def _valid_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _skipped(root: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = Path(dirpath) / name
            if not _valid_utf8(name):
                out.append(os.fsencode(full.relative_to(root)).decode("utf-8", "backslashreplace"))
            elif full.is_symlink() or not (full.is_dir() or full.is_file()):
                out.append(str(full.relative_to(root)))
    return sorted(out)


def mirror_tree(
    adapter: GDriveAdapter,
    source: Path,
    parent_id: str,
    record_path: Path,
    *,
    concurrency: int = 4,
) -> MirrorReport:
    """Upload ``source``'s contents into the folder ``parent_id``; resumable (see module doc)."""
    report = MirrorReport(skipped=_skipped(source))
    record = ResumeRecord(record_path)
    adopted_before = adapter.stats["uploads_adopted"]
    try:
        entries = list(local_tree(source))
        folder_ids: dict[str, str] = {"": parent_id, **record.folders}
        _make_folders(
            adapter, [rel for rel, _p, is_dir in entries if is_dir], folder_ids, record, report
        )
        files = [
            (rel, path) for rel, path, is_dir in entries if not is_dir and rel not in record.files
        ]
        lock = threading.Lock()

        def one(rel: str, path: Path) -> None:
            parent_rel, _, name = rel.rpartition("/")
            token = record.sessions.get(rel)
            stamp = path.stat(follow_symlinks=False)
            try:
                item = adapter.upload(
                    path,
                    folder_ids[parent_rel],
                    name,
                    mtime=stamp.st_mtime,
                    resume_token=token,
                    checkpoint=lambda uri: record.note(session=rel, uri=uri),
                )
            except NameConflict:
                with lock:
                    report.conflicts.append(rel)
                return
            record.note(file=rel, id=item.id)
            with lock:
                if token:
                    report.files_resumed += 1
                else:
                    report.files_uploaded += 1
                report.bytes_uploaded += stamp.st_size

        if concurrency <= 1:
            for rel, path in files:
                one(rel, path)
        else:
            with ThreadPoolExecutor(max_workers=concurrency) as pool:
                futures = [pool.submit(one, rel, path) for rel, path in files]
                for future in futures:
                    future.result()
    except PausedUntil as pause:
        report.paused = pause
    finally:
        record.close()
    report.files_adopted = adapter.stats["uploads_adopted"] - adopted_before
    report.files_uploaded -= report.files_adopted
    return report


def _make_folders(
    adapter: GDriveAdapter,
    rels: list[str],
    folder_ids: dict[str, str],
    record: ResumeRecord,
    report: MirrorReport,
) -> None:
    """Create missing folders level by level, each level in batches of ≤ 100."""
    by_depth: dict[int, list[str]] = {}
    for rel in rels:
        if rel not in folder_ids:
            by_depth.setdefault(rel.count("/"), []).append(rel)
    for depth in sorted(by_depth):
        level = by_depth[depth]
        requests = [(folder_ids[rel.rpartition("/")[0]], rel.rpartition("/")[2]) for rel in level]
        results = adapter.create_folders(requests)
        for rel, result in zip(level, results, strict=True):
            if isinstance(result, NameConflict) and result.existing is not None:
                existing = result.existing
                if existing.is_folder and existing.extra.get("cardsort_created") == "1":
                    result = existing  # made by an interrupted run: adopt it
                    report.folders_adopted += 1
                else:
                    raise DriveError(
                        f"{rel!r} already exists on the drive and was not made by cardsort-drive; "
                        "nothing below it was uploaded"
                    )
            elif isinstance(result, DriveError):
                raise result
            else:
                report.folders_created += 1
            folder_ids[rel] = result.id
            record.note(folder=rel, id=result.id)


def verify_tree(adapter: GDriveAdapter, source: Path, folder_id: str) -> VerifyReport:
    """Compare the local tree with the drive folder by path, size and Drive's md5Checksum."""
    report = VerifyReport()
    remote: dict[str, list[Any]] = {}
    for raw, item in walk_items(adapter, folder_id):
        remote.setdefault(raw.decode("utf-8"), []).append(item)
    local = {rel: (path, is_dir) for rel, path, is_dir in local_tree(source)}
    counts = Counter({rel: len(entries) for rel, entries in remote.items()})
    report.duplicates = sorted(rel for rel, n in counts.items() if n > 1)
    report.extra = sorted(rel for rel in remote if rel not in local)
    for rel, (path, is_dir) in sorted(local.items()):
        found = remote.get(rel)
        if not found:
            report.missing.append(rel)
            continue
        if is_dir:
            if not found[0].is_folder:
                report.mismatched.append(rel)
            continue
        report.checked += 1
        entry = found[0]
        if entry.size != path.stat().st_size or entry.hashes.get("md5") != md5_of(path):
            report.mismatched.append(rel)
    return report
