"""Copy a local folder tree into a drive folder, resumably, and verify it afterwards.

This is the direct path (no card-sort plan): the demo uses it when no plan exists, the tests and
benchmarks use it to load the fake. A plan is applied by the migration executor instead; both
rest on the same adapter calls. Folders are created a level at a time through ``$batch`` when the
adapter offers it; files are uploaded by a pool of workers sharing the adapter's pacer.

Resuming: with a :class:`TransferJournal`, every folder id, every upload session URL (handed out
by ``checkpoint`` before any byte is sent) and every finished file is appended and flushed, so a
killed run started again skips what is done, continues sessions from their ``uploadUrl``, and
adopts an item whose upload finished but whose answer was lost (same size and quickXorHash, and
the journal says this run started it). Symbolic links are never followed.
"""

from __future__ import annotations

import json
import os
import threading
import unicodedata
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drive_adapters.base import DriveAdapter, DriveError, DriveItem, NameConflict
from drive_adapters.onedrive.adapter import service_changed
from drive_adapters.onedrive.quickxor import quickxorhash_file

__all__ = ["TransferJournal", "TransferReport", "VerifyReport", "upload_tree", "verify_tree"]

Renamer = Callable[[str, bool], str]


class TransferJournal:
    """Append-only JSON-lines journal of a tree upload; flushed per line, thread-safe."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folders: dict[str, str] = {}
        self.started: set[str] = set()
        self.tokens: dict[str, str] = {}
        self.done: dict[str, str] = {}
        #: "size:quickXorHash" the service reported for files it changed (SharePoint's rewrite)
        self.stored: dict[str, str] = {}
        self._lock = threading.Lock()
        if path.exists():
            for line in path.read_text("utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line torn by a crash: the operation is simply redone
                self._apply(entry)
        # Private: an upload session URL is pre-authenticated until its upload ends.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self._handle = os.fdopen(fd, "a", encoding="utf-8")

    def _apply(self, entry: dict[str, str]) -> None:
        kind, rel = entry.get("op"), entry.get("path", "")
        if kind == "folder":
            self.folders[rel] = entry["id"]
        elif kind == "start":
            self.started.add(rel)
        elif kind == "session":
            self.tokens[rel] = entry["token"]
        elif kind == "done":
            self.done[rel] = entry["id"]
            if entry.get("stored"):
                self.stored[rel] = entry["stored"]

    def record(self, op: str, rel: str, **values: str) -> None:
        entry = {"op": op, "path": rel, **values}
        with self._lock:
            self._apply(entry)
            # ASCII JSON keeps undecodable (surrogate-escaped) names intact. Flushed, not fsynced:
            # that survives a killed process (the case resuming is for) at a tenth of the cost.
            self._handle.write(json.dumps(entry) + "\n")
            self._handle.flush()

    def close(self) -> None:
        """Close the journal, erasing the session URLs of finished uploads from the file."""
        self._handle.close()
        with self._lock:
            finished = set(self.done) & set(self.tokens)
            if not finished:
                return
            lines = self.path.read_text("utf-8").splitlines()
            kept = []
            for line in lines:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue  # a line torn by a crash says nothing the rest does not
                if entry.get("op") == "session" and entry.get("path") in finished:
                    continue
                kept.append(line + "\n")
            # Written beside it and renamed over it: a crash leaves the old or the new, whole.
            fresh = self.path.with_name(self.path.name + ".new")
            fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.writelines(kept)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(fresh, self.path)
            for rel in finished:
                del self.tokens[rel]


@dataclass
class TransferReport:
    """What an upload run did."""

    folders_created: int = 0
    files_uploaded: int = 0
    files_skipped: int = 0  # already done according to the journal
    files_adopted: int = 0  # finished before a crash, answer lost, found intact
    bytes_uploaded: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    conflicts: list[str] = field(default_factory=list)


@dataclass
class VerifyReport:
    """How the drive folder compares with the local tree."""

    checked: int = 0
    missing: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    #: files the service changed after upload (SharePoint's Office/PDF rewrite) that still hold
    #: exactly what it reported then: not a difference, but worth telling
    service_changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.mismatched or self.extra)


def _local_tree(root: Path) -> tuple[list[str], list[str]]:
    """(folders, files) below root as '/'-joined relative paths; symlinks skipped, not followed."""
    folders: list[str] = []
    files: list[str] = []
    for current, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(current).relative_to(root).as_posix()
        prefix = "" if rel_dir == "." else rel_dir + "/"
        kept = []
        for name in sorted(dirnames):
            if (Path(current) / name).is_symlink():
                continue
            kept.append(name)
            folders.append(prefix + name)
        dirnames[:] = kept
        for name in sorted(filenames):
            full = Path(current) / name
            if full.is_symlink() or not full.is_file():
                continue
            files.append(prefix + name)
    return folders, files


def target_path(rel: str, rename: Renamer | None, folders: set[str]) -> str:
    """The drive-side path of a local relative path after renaming every segment."""
    if rename is None:
        return rel
    parts = rel.split("/")
    out = []
    for i, part in enumerate(parts):
        is_folder = "/".join(parts[: i + 1]) in folders
        out.append(rename(part, is_folder))
    return "/".join(out)


def upload_tree(
    adapter: DriveAdapter, source: Path, parent_id: str, *, workers: int = 4,
    journal: TransferJournal | None = None, rename: Renamer | None = None,
) -> TransferReport:  # fmt: skip
    """Upload every folder and file below ``source`` into ``parent_id``; never overwrites."""
    report = TransferReport()
    folders, files = _local_tree(source)
    folder_set = set(folders)
    ids: dict[str, str] = {"": parent_id}
    refused_dirs: set[str] = set()
    by_depth: dict[int, list[str]] = {}
    for rel in folders:
        by_depth.setdefault(rel.count("/"), []).append(rel)
    for depth in sorted(by_depth):
        todo = []
        for rel in by_depth[depth]:
            parent_rel = rel.rpartition("/")[0]
            if parent_rel in refused_dirs:
                refused_dirs.add(rel)
                continue
            if journal is not None and rel in journal.folders:
                ids[rel] = journal.folders[rel]
                continue
            name = target_path(rel, rename, folder_set).rsplit("/", 1)[-1]
            todo.append((rel, ids[parent_rel], name))
        for (rel, _parent, _name), result in zip(todo, _create_folders(adapter, todo), strict=True):
            if isinstance(result, DriveItem):
                ids[rel] = result.id
                report.folders_created += 1
            elif isinstance(result, NameConflict) and result.existing and result.existing.is_folder:
                ids[rel] = result.existing.id  # an earlier run made it: continue inside it
            else:
                refused_dirs.add(rel)
                report.refused.append((rel, str(result)))
                continue
            if journal is not None:
                journal.record("folder", rel, id=ids[rel])

    # Files the drive would see under one name (case or NFC/NFD twins): the first in the walk's
    # order is uploaded, the others are conflicts. Decided here, not by which worker's upload
    # reaches the drive first, so every run keeps the same twin.
    taken: set[str] = set()
    twins: set[str] = set()
    for rel in files:
        key = _key(target_path(rel, rename, folder_set))
        if key in taken:
            twins.add(rel)
        taken.add(key)

    def one(rel: str) -> None:
        parent_rel = rel.rpartition("/")[0]
        if parent_rel in refused_dirs:
            report.refused.append((rel, "its folder was refused"))
            return
        if rel in twins:
            report.conflicts.append(rel)
            return
        if journal is not None and rel in journal.done:
            report.files_skipped += 1
            return
        local = source / rel
        name = target_path(rel, rename, folder_set).rsplit("/", 1)[-1]
        was_started = journal is not None and rel in journal.started
        token = journal.tokens.get(rel) if journal is not None else None
        if journal is not None and not was_started:
            journal.record("start", rel)

        def checkpoint(url: str) -> None:
            if journal is not None:
                journal.record("session", rel, token=url)

        try:
            item = adapter.upload(
                local, ids[parent_rel], name, mtime=local.stat().st_mtime,
                resume_token=token, checkpoint=checkpoint,
            )  # fmt: skip
            report.files_uploaded += 1
            report.bytes_uploaded += item.size
        except NameConflict as conflict:
            existing = conflict.existing
            if (
                was_started and existing is not None and not existing.is_folder
                and existing.size == local.stat().st_size
                and existing.hashes.get("quickXorHash") == quickxorhash_file(local)
            ):  # fmt: skip
                item = existing
                report.files_adopted += 1
            else:
                report.conflicts.append(rel)
                return
        except DriveError as error:  # refused name, throttled out, network gone: report, go on
            report.refused.append((rel, str(error)))
            return
        except OSError as error:  # unreadable on the share: report it, the rest goes on
            report.refused.append((rel, f"cannot be read: {error.strerror or error}"))
            return
        if journal is not None:
            stored = {}
            if service_changed(item):
                stored["stored"] = f"{item.size}:{item.hashes.get('quickXorHash', '')}"
            journal.record("done", rel, id=item.id, **stored)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for _ in pool.map(one, files):
            pass
    return report


def _create_folders(
    adapter: DriveAdapter, todo: list[tuple[str, str, str]]
) -> list[DriveItem | DriveError]:
    batch = getattr(adapter, "create_folders", None)
    if callable(batch) and todo:
        results: list[DriveItem | DriveError] = batch([(p, n) for _, p, n in todo])
        return results
    out: list[DriveItem | DriveError] = []
    for _rel, parent, name in todo:
        try:
            out.append(adapter.create_folder(parent, name))
        except DriveError as error:
            out.append(error)
    return out


def _key(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _drive_tree(adapter: DriveAdapter, folder_id: str) -> Iterator[tuple[str, DriveItem]]:
    for path, item in adapter.walk(folder_id):
        yield "/".join(path), item


def verify_tree(
    adapter: DriveAdapter, source: Path, folder_id: str, *, rename: Renamer | None = None,
    skip: set[str] | None = None, journal: TransferJournal | None = None,
) -> VerifyReport:  # fmt: skip
    """Every local file once below ``folder_id``, same size and quickXorHash; nothing extra."""
    report = VerifyReport()
    folders, files = _local_tree(source)
    folder_set = set(folders)
    skip = skip or set()
    expected = {target_path(rel, rename, folder_set): rel for rel in files if rel not in skip}
    seen: dict[str, Any] = {}
    for path, item in _drive_tree(adapter, folder_id):
        if item.is_folder:
            continue
        key = _key(path)
        if key in seen:
            report.extra.append(path)
        seen[key] = (path, item)
    by_key = {_key(k): v for k, v in expected.items()}
    for key, (path, _item) in seen.items():
        if key not in by_key:
            report.extra.append(path)
    for key, rel in by_key.items():
        found = seen.get(key)
        report.checked += 1
        if found is None:
            report.missing.append(rel)
            continue
        item = found[1]
        local = source / rel
        recorded = journal.stored.get(rel) if journal is not None else None
        if recorded == f"{item.size}:{item.hashes.get('quickXorHash', '')}":
            report.service_changed.append(rel)
        elif item.size != local.stat().st_size or item.hashes.get(
            "quickXorHash"
        ) != quickxorhash_file(local):
            report.mismatched.append(rel)
    return report
