"""Walk a local or mounted SMB folder into :class:`ScanEntry` records, byte-exact and safe.

What real school servers hold, and how the walk copes:

* names that are not valid UTF-8 are kept as bytes (the walk uses byte paths throughout);
* NFC/NFD twins and case-only twins among siblings are flagged, because OneDrive, Google Drive
  and Windows would see one name where the server has two;
* an unreadable folder becomes an entry with the ``unreadable`` problem and the walk goes on;
* symlinks are recorded with their target and never followed, so a scan cannot leave the share;
* very deep or long paths, zero-byte and sparse files, and lock/system files are flagged.

Two walkers produce the same entries: GNU ``find`` (:mod:`drive_adapters.find_walk`), a native
walker that keeps a scan close to ``find``'s own speed while Python classifies its output on the
other core, and a portable Python walker used where GNU find is missing or stumbles. Both hand
over :class:`~drive_adapters.inventory.EntryBatch` columns and classify names with the same
functions below; a test holds them to identical results on every trap.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal

from drive_adapters import find_walk
from drive_adapters.inventory import (
    KIND_CODES,
    PROBLEM_BITS,
    EntryBatch,
    EntryKind,
    Problem,
    ScanEntry,
    problem_mask,
    problems_of_mask,
)
from drive_adapters.scan_problems import file_mask, name_mask, sibling_masks

__all__ = [
    "BATCH_SIZE",
    "RESTART",
    "LocalWalk",
    "ScanRootError",
    "Walker",
    "check_root",
    "python_batches",
    "scan_tree",
    "sha256_file",
]

#: Entries per batch a walker hands over.
BATCH_SIZE = 4_096

Walker = Literal["auto", "find", "python"]
"""Which walker reads a local share: GNU find where it works (``auto``), or one forced."""


class ScanRootError(Exception):
    """The folder to scan cannot be scanned at all (missing, not a folder, unreadable)."""


def check_root(root: Path | bytes) -> bytes:
    """The root as bytes, or :class:`ScanRootError` saying why it cannot be scanned."""
    raw = os.fsencode(root)
    shown = os.fsdecode(raw)
    try:
        info = os.stat(raw)
    except FileNotFoundError:
        raise ScanRootError(
            f"{shown} does not exist. Check the path or mount the share first."
        ) from None
    except PermissionError:
        raise ScanRootError(f"{shown} cannot be read: permission denied.") from None
    if not stat.S_ISDIR(info.st_mode):
        raise ScanRootError(f"{shown} is a file, not a folder. Give the folder of the share.")
    if not os.access(raw, os.R_OK | os.X_OK):
        raise ScanRootError(f"{shown} cannot be read: permission denied.")
    try:
        with os.scandir(raw):
            pass
    except OSError as error:
        raise ScanRootError(f"{shown} cannot be read: {error.strerror}.") from None
    return raw


_FILE, _LINK, _OTHER = (KIND_CODES[k] for k in (EntryKind.FILE, EntryKind.SYMLINK, EntryKind.OTHER))
_UNREADABLE = PROBLEM_BITS[Problem.UNREADABLE]
_SYMLINK = PROBLEM_BITS[Problem.SYMLINK]
_NAN = math.nan


def python_batches(root: bytes, *, size: int = BATCH_SIZE) -> Iterator[EntryBatch]:
    """Walk ``root`` (checked) with ``os.scandir`` and yield its entries in batches.

    Folder by folder, sorted by name; each folder's own entry comes right before its contents.
    Entries are never lost: one that cannot be examined becomes an ``error`` entry and an
    unreadable folder a ``dir`` entry with the ``unreadable`` problem, and the walk goes on.
    """
    # Stack of folders still to list: (relative path, depth, mtime, name problems).
    stack: list[tuple[bytes, int, float, int]] = [(b"", 0, _NAN, 0)]
    join = os.path.join
    is_dir, is_reg, is_lnk = stat.S_ISDIR, stat.S_ISREG, stat.S_ISLNK
    batch = EntryBatch()
    while stack:
        if len(batch) >= size:
            yield batch
            batch = EntryBatch()
        paths, kinds, sizes, mtimes, masks = (
            batch.paths,
            batch.kinds,
            batch.sizes,
            batch.mtimes,
            batch.problems,
        )
        rel, depth, mtime, own = stack.pop()
        absolute = join(root, rel) if rel else root
        try:
            with os.scandir(absolute) as listing:
                items = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            if rel:
                reason = f"{error.strerror or error}"
                batch.append(rel, EntryKind.DIR, 0, mtime, own | _UNREADABLE, error=reason)
            continue
        if rel:
            batch.append(rel, EntryKind.DIR, 0, mtime, own)
        twins = sibling_masks([e.name for e in items]) if len(items) > 1 else {}
        subfolders: list[tuple[bytes, int, float, int]] = []
        child_depth = depth + 1
        prefix = rel + b"/" if rel else b""
        for item in items:
            name = item.name
            child = prefix + name
            mask = name_mask(name, child, child_depth)
            if twins and name in twins:
                mask |= twins[name]
            try:
                info = item.stat(follow_symlinks=False)
            except OSError as error:
                reason = f"{error.strerror or error}"
                batch.append(child, EntryKind.ERROR, 0, None, mask | _UNREADABLE, error=reason)
                continue
            mode = info.st_mode
            if is_dir(mode):
                subfolders.append((child, child_depth, info.st_mtime, mask))
                continue
            paths.append(child)
            mtimes.append(info.st_mtime)
            if is_reg(mode):
                kinds.append(_FILE)
                sizes.append(info.st_size)
                masks.append(mask | file_mask(info.st_size, info.st_blocks))
            elif is_lnk(mode):
                with contextlib.suppress(OSError):  # vanished: a link without a known target
                    batch.links[len(paths) - 1] = os.readlink(join(root, child))
                kinds.append(_LINK)
                sizes.append(0)
                masks.append(mask | _SYMLINK)
            else:
                kinds.append(_OTHER)
                sizes.append(0)
                masks.append(mask)
        stack.extend(reversed(subfolders))
    if len(batch):
        yield batch


class LocalWalk:
    """One walk of a local share, by GNU find where it works and by Python otherwise.

    Iterate it for :class:`EntryBatch` columns. ``late_problems`` then holds twin problems of
    entries handed over before their twin was met (find lists a folder in the file system's
    order, not by name); the store folds them in at the end. ``restarted`` tells the consumer
    to drop what it received and start over: find failed part-way (a folder ``access()``
    called readable that was not, a file that vanished), and the Python walker, which records
    such entries instead of failing, walks the share again from the start.
    """

    def __init__(self, root: bytes, *, walker: Walker = "auto") -> None:
        self.root = root
        self.walker: Walker = walker
        self.late_problems: dict[bytes, int] = {}
        self.used: Literal["find", "python"] | None = None

    def __iter__(self) -> Iterator[EntryBatch]:
        if self.walker == "python" or (self.walker == "auto" and not find_walk.available()):
            self.used = "python"
            yield from python_batches(self.root)
            return
        self.used = "find"
        walk = find_walk.FindWalk(self.root)
        yield from walk
        self.late_problems = walk.late_problems
        if walk.failed is not None:
            if self.walker == "find":
                raise find_walk.FindFailed(walk.failed)
            self.late_problems = {}
            self.used = "python"
            yield RESTART
            yield from python_batches(self.root)


#: Handed over by :class:`LocalWalk` when everything received so far must be dropped.
RESTART = EntryBatch()


def scan_tree(root: Path | bytes, *, walker: Walker = "auto") -> Iterator[ScanEntry]:
    """Yield every entry below ``root`` (not the root itself) as a :class:`ScanEntry`.

    Reads the whole walk before yielding, so late twin problems are already folded in; a scan
    into the store streams instead (:func:`cardsort.scan.scan_local`).
    """
    walk = LocalWalk(check_root(root), walker=walker)
    batches: list[EntryBatch] = []
    for batch in walk:
        if batch is RESTART:
            batches.clear()
        else:
            batches.append(batch)
    late = walk.late_problems
    for batch in batches:
        for entry in batch.entries():
            extra = late.get(entry.path)
            if extra:
                entry = replace(
                    entry, problems=problems_of_mask(problem_mask(entry.problems) | extra)
                )
            yield entry


def sha256_file(path: bytes) -> str | None:
    """The SHA-256 of a local file's content, or ``None`` when it cannot be read.

    Never follows a symlink (``O_NOFOLLOW``), so a hash can never read outside the share.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
