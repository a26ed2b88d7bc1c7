"""Walk a local or mounted SMB folder into :class:`ScanEntry` records, byte-exact and safe.

What real school servers hold, and how the walk copes:

* names that are not valid UTF-8 are kept as bytes (the walk uses byte paths throughout);
* NFC/NFD twins and case-only twins among siblings are flagged, because OneDrive, Google Drive
  and Windows would see one name where the server has two;
* an unreadable folder becomes an entry with the ``unreadable`` problem and the walk goes on;
* symlinks are recorded with their target and never followed, so a scan cannot leave the share;
* very deep or long paths, zero-byte and sparse files, and lock/system files are flagged.

The walk yields entries in a stable order (sorted by name within a folder, folders before
their contents) and holds only the current path's pending folders in memory.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from drive_adapters.inventory import EntryKind, Problem, ScanEntry

__all__ = [
    "DEEP_PATH_LEVELS",
    "LONG_PATH_CHARS",
    "Row",
    "ScanRootError",
    "is_lock_file",
    "is_system_file",
    "scan_rows",
    "scan_tree",
    "sha256_file",
]

#: Deeper than this many levels is hard to navigate and breaks some sync clients.
DEEP_PATH_LEVELS = 15
#: Longer relative paths risk Windows' 260-character limit once a drive letter and a
#: OneDrive sync folder are put in front.
LONG_PATH_CHARS = 200

_SYSTEM_NAMES = frozenset(
    name.casefold()
    for name in (
        "Thumbs.db",
        "ehthumbs.db",
        "desktop.ini",
        ".DS_Store",
        "$RECYCLE.BIN",
        "System Volume Information",
        ".Trashes",
        ".Spotlight-V100",
        ".fseventsd",
        ".TemporaryItems",
        "@eaDir",
        "#recycle",
        ".AppleDouble",
    )
)


class ScanRootError(Exception):
    """The folder to scan cannot be scanned at all (missing, not a folder, unreadable)."""


def is_lock_file(name: bytes) -> bool:
    """Office owner files (``~$x.docx``) and LibreOffice locks (``.~lock.x#``)."""
    office_temp = name.endswith(b".tmp") and name.startswith(b"~")
    return name.startswith((b"~$", b".~lock.")) or office_temp


def is_system_file(name: bytes) -> bool:
    """Files and folders the operating system or a NAS makes, never a teacher."""
    text = name.decode("utf-8", errors="replace").casefold()
    return text in _SYSTEM_NAMES or text.startswith("._")


def _sibling_problems(names: list[bytes]) -> dict[bytes, list[Problem]]:
    """Names that become one name after Unicode normalisation or case folding."""
    found: dict[bytes, list[Problem]] = {}
    ascii_only = all(n.isascii() for n in names)
    if ascii_only and len({n.lower() for n in names}) == len(names):
        return found  # the common case: no two names can collide
    if ascii_only:
        seen_case: dict[bytes, list[bytes]] = {}
        for name in names:
            seen_case.setdefault(name.lower(), []).append(name)
        for group in seen_case.values():
            if len(group) > 1:
                for name in group:
                    found.setdefault(name, []).append(Problem.CASE_TWIN)
        return found
    by_nfc: dict[str, list[bytes]] = {}
    by_fold: dict[str, list[bytes]] = {}
    for name in names:
        text = name.decode("utf-8", errors="surrogateescape")
        nfc = unicodedata.normalize("NFC", text)
        by_nfc.setdefault(nfc, []).append(name)
        by_fold.setdefault(nfc.casefold(), []).append(name)
    for group in by_nfc.values():
        if len(group) > 1:
            for name in group:
                found.setdefault(name, []).append(Problem.NFC_NFD_TWIN)
    for group in by_fold.values():
        nfc_forms = {
            unicodedata.normalize("NFC", n.decode("utf-8", "surrogateescape")) for n in group
        }
        if len(nfc_forms) > 1:
            for name in group:
                found.setdefault(name, []).append(Problem.CASE_TWIN)
    return found


_SYSTEM_BYTES = frozenset(n.encode() for n in _SYSTEM_NAMES)
_SPECIAL_FIRST = frozenset(b"~.$@#")


def _name_problems(name: bytes, rel: bytes, depth: int) -> list[Problem]:
    problems: list[Problem] = []
    if not name.isascii():
        try:
            name.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem.NOT_UTF8)
    if depth > DEEP_PATH_LEVELS:
        problems.append(Problem.DEEP_PATH)
    # A byte string is never shorter than its decoded text: most paths skip the decode.
    if len(rel) > LONG_PATH_CHARS and len(rel.decode("utf-8", errors="replace")) > LONG_PATH_CHARS:
        problems.append(Problem.LONG_PATH)
    if name[0] in _SPECIAL_FIRST or name.lower() in _SYSTEM_BYTES or not name.isascii():
        if is_lock_file(name):
            problems.append(Problem.LOCK_FILE)
        elif is_system_file(name):
            problems.append(Problem.SYSTEM_FILE)
    return problems


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


Row = tuple[bytes, str, int, float | None, str, bytes | None, str | None]
"""A scanned entry in the store's column order: path, kind, size, mtime, problems, link, error.

The walk yields plain tuples because it runs once per file of a whole school server: building
a frozen dataclass per entry would cost more than the ``lstat`` call itself."""

_FILE, _DIR, _LINK, _OTHER, _ERROR = (
    k.value
    for k in (EntryKind.FILE, EntryKind.DIR, EntryKind.SYMLINK, EntryKind.OTHER, EntryKind.ERROR)
)


def _joined(problems: list[Problem]) -> str:
    return ",".join(problems) if problems else ""


def scan_rows(root: Path | bytes) -> Iterator[Row]:
    """Yield every entry below ``root`` (not the root itself) as a :data:`Row`.

    See the module docstring for what is flagged; entries come folder by folder, sorted by
    name, each folder's own row before its contents.
    """
    base = check_root(root)
    # Stack of folders still to list: (relative path, depth, mtime, name problems).
    stack: list[tuple[bytes, int, float | None, list[Problem]]] = [(b"", 0, None, [])]
    join = os.path.join
    is_dir, is_reg, is_lnk = stat.S_ISDIR, stat.S_ISREG, stat.S_ISLNK
    while stack:
        rel, depth, mtime, problems = stack.pop()
        absolute = join(base, rel) if rel else base
        try:
            with os.scandir(absolute) as listing:
                items = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            if rel:
                problems.append(Problem.UNREADABLE)
                yield (rel, _DIR, 0, mtime, _joined(problems), None, f"{error.strerror or error}")
            continue
        if rel:
            yield (rel, _DIR, 0, mtime, _joined(problems), None, None)
        twins = _sibling_problems([e.name for e in items]) if len(items) > 1 else {}
        subfolders: list[tuple[bytes, int, float | None, list[Problem]]] = []
        child_depth = depth + 1
        prefix = rel + b"/" if rel else b""
        for item in items:
            name = item.name
            child = prefix + name
            own = _name_problems(name, child, child_depth)
            if twins and name in twins:
                own.extend(twins[name])
            try:
                info = item.stat(follow_symlinks=False)
            except OSError as error:
                own.append(Problem.UNREADABLE)
                yield (child, _ERROR, 0, None, _joined(own), None, f"{error.strerror or error}")
                continue
            mode = info.st_mode
            if is_reg(mode):
                size = info.st_size
                if size == 0:
                    own.append(Problem.EMPTY_FILE)
                elif size >= 65_536 and info.st_blocks * 512 < size // 2:
                    own.append(Problem.SPARSE_FILE)
                yield (child, _FILE, size, info.st_mtime, _joined(own), None, None)
            elif is_dir(mode):
                subfolders.append((child, child_depth, info.st_mtime, own))
            elif is_lnk(mode):
                try:
                    target: bytes | None = os.readlink(join(base, child))
                except OSError:
                    target = None
                own.append(Problem.SYMLINK)
                yield (child, _LINK, 0, info.st_mtime, _joined(own), target, None)
            else:
                yield (child, _OTHER, 0, info.st_mtime, _joined(own), None, None)
        stack.extend(reversed(subfolders))


def scan_tree(root: Path | bytes) -> Iterator[ScanEntry]:
    """Yield every entry below ``root`` as a :class:`ScanEntry` (see :func:`scan_rows`)."""
    for path, kind, size, mtime, problems, link, error in scan_rows(root):
        yield ScanEntry(
            path,
            EntryKind(kind),
            size,
            mtime,
            tuple(Problem(p) for p in problems.split(",")) if problems else (),
            link_target=link,
            error=error,
        )


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
