"""The record a scan yields for every entry it meets, whatever the drive.

A local scan, a OneDrive delta listing and a Google Drive listing all produce
:class:`ScanEntry` records; the application stores them as an inventory snapshot. Paths are
relative to the scanned root, ``/``-separated, as raw bytes so that a name that is not valid
UTF-8 is kept byte-exact (cloud names are UTF-8 encoded).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["EntryKind", "Problem", "ScanEntry", "display_path"]


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


def display_path(raw: bytes) -> str:
    """A readable rendering of a byte path: undecodable bytes are shown as ``\\xNN``."""
    return raw.decode("utf-8", errors="backslashreplace")
