"""The record a scan yields for every entry it meets, whatever the drive.

A local scan, a OneDrive delta listing and a Google Drive listing all produce
:class:`ScanEntry` records; the application stores them as an inventory snapshot. Paths are
relative to the scanned root, ``/``-separated, as raw bytes so that a name that is not valid
UTF-8 is kept byte-exact (cloud names are UTF-8 encoded).
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drive_adapters.base import DriveItem

__all__ = [
    "KINDS_BY_CODE",
    "KIND_CODES",
    "PROBLEM_BITS",
    "EntryBatch",
    "EntryKind",
    "Problem",
    "ScanEntry",
    "display_path",
    "entry_for_item",
    "problem_mask",
    "problems_of_mask",
]


class EntryKind(enum.StrEnum):
    """What a scanned entry is."""

    FILE = "file"
    DIR = "dir"
    SYMLINK = "symlink"
    OTHER = "other"  # sockets, devices, fifos: recorded, never read
    ERROR = "error"  # could not be read: the scan records it and goes on


class Problem(enum.StrEnum):
    """Things a coordinator or admin should know about an entry."""

    NOT_UTF8 = "not-utf8"
    NFC_NFD_TWIN = "nfc-nfd-twin"
    CASE_TWIN = "case-twin"
    UNREADABLE = "unreadable"
    SYMLINK = "symlink"
    DEEP_PATH = "deep-path"
    LONG_PATH = "long-path"
    EMPTY_FILE = "empty-file"
    SPARSE_FILE = "sparse-file"
    LOCK_FILE = "lock-file"
    SYSTEM_FILE = "system-file"
    CLOUD_DOCUMENT = "cloud-document"  # Google Docs/Sheets/Slides: no size, no checksum


@dataclass(frozen=True, slots=True)
class ScanEntry:
    """One entry of a scanned share."""

    path: bytes
    kind: EntryKind
    size: int = 0
    mtime: float | None = None
    problems: tuple[Problem, ...] = ()
    hash: str | None = None
    hash_name: str | None = None
    item_id: str | None = None  # the platform's id for cloud drives
    link_target: bytes | None = None
    error: str | None = None

    @property
    def name(self) -> bytes:
        """The last path segment."""
        return self.path.rsplit(b"/", 1)[-1]

    @property
    def depth(self) -> int:
        """1 for a top-level entry."""
        return self.path.count(b"/") + 1


def entry_for_item(path: bytes, item: DriveItem, hash_name: str | None = None) -> ScanEntry:
    """The scan record of a plain drive item at ``path``: a folder, or a file with its size,
    time and (where the drive keeps one) its ``hash_name`` hash. Cloud scans add their own
    problems on top (Google Docs, lock files)."""
    if item.is_folder:
        return ScanEntry(path, EntryKind.DIR, mtime=item.mtime, item_id=item.id)
    digest = item.hashes.get(hash_name) if hash_name else None
    return ScanEntry(
        path,
        EntryKind.FILE,
        size=item.size,
        mtime=item.mtime,
        problems=(Problem.EMPTY_FILE,) if item.size == 0 else (),
        hash=digest,
        hash_name=hash_name if digest else None,
        item_id=item.id,
    )


def display_path(raw: bytes) -> str:
    """A readable rendering of a byte path: undecodable bytes are shown as ``\\xNN``."""
    return raw.decode("utf-8", errors="backslashreplace")


#: The bit each problem takes in an entry's problem mask. Stored in inventory snapshots, so a
#: problem keeps its bit forever: new problems take new bits, old ones are never renumbered.
PROBLEM_BITS: dict[Problem, int] = {
    Problem.NOT_UTF8: 1 << 0,
    Problem.NFC_NFD_TWIN: 1 << 1,
    Problem.CASE_TWIN: 1 << 2,
    Problem.UNREADABLE: 1 << 3,
    Problem.SYMLINK: 1 << 4,
    Problem.DEEP_PATH: 1 << 5,
    Problem.LONG_PATH: 1 << 6,
    Problem.EMPTY_FILE: 1 << 7,
    Problem.SPARSE_FILE: 1 << 8,
    Problem.LOCK_FILE: 1 << 9,
    Problem.SYSTEM_FILE: 1 << 10,
    Problem.CLOUD_DOCUMENT: 1 << 11,
}

#: One byte per kind in a column of entries (:class:`EntryBatch`), as ``find -printf %y`` has
#: them where it can.
KIND_CODES: dict[EntryKind, int] = {
    EntryKind.FILE: ord("f"),
    EntryKind.DIR: ord("d"),
    EntryKind.SYMLINK: ord("l"),
    EntryKind.OTHER: ord("o"),
    EntryKind.ERROR: ord("e"),
}
KINDS_BY_CODE: dict[int, EntryKind] = {code: kind for kind, code in KIND_CODES.items()}


def problem_mask(problems: tuple[Problem, ...] | list[Problem]) -> int:
    """The bit mask of a set of problems."""
    mask = 0
    for problem in problems:
        mask |= PROBLEM_BITS[problem]
    return mask


@functools.cache
def problems_of_mask(mask: int) -> tuple[Problem, ...]:
    """The problems a mask holds, in the order :class:`Problem` declares them."""
    return tuple(p for p, bit in PROBLEM_BITS.items() if mask & bit)


@dataclass(slots=True)
class EntryBatch:
    """Entries as columns: what a walk hands to the store without a Python object per entry.

    ``kinds`` holds one :data:`KIND_CODES` byte per entry, ``mtimes`` uses NaN for unknown,
    ``problems`` holds :data:`PROBLEM_BITS` masks; the rare per-entry texts (symlink targets,
    error messages) are keyed by the entry's index in the batch.
    """

    paths: list[bytes] = field(default_factory=list)
    kinds: bytearray = field(default_factory=bytearray)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[float] = field(default_factory=list)
    problems: list[int] = field(default_factory=list)
    links: dict[int, bytes] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.paths)

    def append(
        self,
        path: bytes,
        kind: EntryKind,
        size: int = 0,
        mtime: float | None = None,
        problems: int = 0,
        *,
        link: bytes | None = None,
        error: str | None = None,
    ) -> None:
        """Add one entry (the slow, readable path; walkers fill the columns directly)."""
        index = len(self.paths)
        self.paths.append(path)
        self.kinds.append(KIND_CODES[kind])
        self.sizes.append(size)
        self.mtimes.append(math.nan if mtime is None else mtime)
        self.problems.append(problems)
        if link is not None:
            self.links[index] = link
        if error is not None:
            self.errors[index] = error

    def append_entry(self, entry: ScanEntry) -> None:
        """Add a :class:`ScanEntry` (its cloud id and hash are not columns of a batch)."""
        self.append(
            entry.path,
            entry.kind,
            entry.size,
            entry.mtime,
            problem_mask(entry.problems),
            link=entry.link_target,
            error=entry.error,
        )

    def entries(self) -> Iterator[ScanEntry]:
        """The batch as :class:`ScanEntry` records."""
        links, errors, kinds = self.links, self.errors, KINDS_BY_CODE
        for i, path in enumerate(self.paths):
            mtime = self.mtimes[i]
            yield ScanEntry(
                path,
                kinds[self.kinds[i]],
                self.sizes[i],
                None if mtime != mtime else mtime,  # NaN: unknown
                problems_of_mask(self.problems[i]),
                link_target=links.get(i),
                error=errors.get(i),
            )
