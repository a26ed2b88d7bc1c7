"""The local/SMB adapter: a folder on this machine or a mounted share, changed safely.

Two ways the executor uses it: *in place* (the share itself is restructured by renames within
one file system: a folder of 10,000 files moves in one ``rename``) and *copy* (files are copied
into a new root, keeping their modification times).

Safety, because these are the school's files:

* **Never follows a symlink.** Every path is walked one component at a time from the root with
  ``O_NOFOLLOW | O_DIRECTORY`` directory descriptors, and every call uses ``dir_fd`` relative
  names, so a link planted in the share cannot lead an operation outside it. Links are listed
  as items (``extra["link"]``) and can be moved like any entry, never read through.
* **Never overwrites.** Renames use ``renameat2(RENAME_NOREPLACE)``; where the file system does
  not support it (some SMB mounts) files are moved with ``link`` + ``unlink`` (``link`` fails on
  an existing name) and folders with a check-then-rename. Copies are written to a temporary
  ``O_EXCL`` file in the target folder and only then linked into place under their name.
* **Byte-exact names.** Names are ``os.fsdecode`` strings (surrogateescape), so a name that is
  not valid UTF-8 round-trips byte for byte.

Item ids are paths relative to the root (``"."`` is the root); they change on a move, so callers
use the item an operation returns.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import ClassVar

from drive_adapters.base import (
    DriveAdapter,
    DriveError,
    DriveItem,
    InvalidName,
    ItemKind,
    ItemNotFound,
    NameConflict,
    NotEmpty,
    UploadCheckpoint,
)
from drive_adapters.inventory import ScanEntry

__all__ = ["PART_PREFIX", "LocalAdapter"]

ROOT_ID = "."
#: Temporary files of unfinished copies start with this (and are cleaned up on resume).
PART_PREFIX = ".cardsort-part-"
_DIR_FLAGS = (
    os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
)
_NEW_FILE_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
_RENAME_NOREPLACE = 1
_CHUNK = 1 << 20

_libc: ctypes.CDLL | None
try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    _renameat2 = getattr(_libc, "renameat2", None)
except OSError:  # pragma: no cover - no C library (not on Linux)
    _libc, _renameat2 = None, None


def _split_id(item_id: str) -> list[str]:
    if item_id in (ROOT_ID, ""):
        return []
    parts = item_id.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise ItemNotFound(f"{item_id!r} is not a path inside the share.")
    return parts


def _check_name(name: str) -> None:
    if not name or name in (".", "..") or "/" in name or "\x00" in name:
        raise InvalidName(f"{name!r} cannot be a file or folder name.")


def _join_id(parent_id: str, name: str) -> str:
    return name if parent_id in (ROOT_ID, "") else f"{parent_id}/{name}"


def _parent_id(item_id: str) -> str:
    return item_id.rpartition("/")[0] or ROOT_ID


class LocalAdapter(DriveAdapter):
    """A local folder or a mounted SMB share."""

    target: ClassVar[str] = "local"
    hash_name: ClassVar[str | None] = "sha256"

    def __init__(self, root: Path | str | bytes, *, fsync: bool = False) -> None:
        #: fsync every copy before it gets its name (slower; a torn copy after a power cut is
        #: otherwise caught by resume and verify, which compare size and content).
        self.fsync = fsync
        self.root_path = os.path.abspath(os.fsencode(root))
        try:
            st = os.stat(self.root_path)
        except OSError as error:
            raise ItemNotFound(
                f"{os.fsdecode(self.root_path)} cannot be opened: {error.strerror}."
            ) from error
        if not stat.S_ISDIR(st.st_mode):
            raise DriveError(f"{os.fsdecode(self.root_path)} is not a folder.")
        self.noreplace_supported = _renameat2 is not None

    # -- descriptors ---------------------------------------------------------------------------

    @contextmanager
    def _dir(self, parts: Sequence[str]) -> Iterator[int]:
        """A descriptor for the folder at ``parts``, never passing through a symlink."""
        fd = os.open(self.root_path, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for part in parts:
                try:
                    nxt = os.open(os.fsencode(part), _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError as error:
                    raise ItemNotFound(f"{'/'.join(parts)} does not exist.") from error
                except NotADirectoryError as error:
                    st = os.stat(os.fsencode(part), dir_fd=fd, follow_symlinks=False)
                    if stat.S_ISLNK(st.st_mode):
                        raise ItemNotFound(
                            f"{'/'.join(parts)} passes through a symlink; not followed."
                        ) from error
                    raise ItemNotFound(f"{'/'.join(parts)} is not a folder.") from error
                except OSError as error:
                    if error.errno == errno.ELOOP:
                        raise ItemNotFound(
                            f"{'/'.join(parts)} passes through a symlink; not followed."
                        ) from error
                    raise DriveError(f"{'/'.join(parts)}: {error.strerror}") from error
                os.close(fd)
                fd = nxt
            yield fd
        finally:
            os.close(fd)

    def _item(self, dir_fd: int, name: str, item_id: str, parent_id: str | None) -> DriveItem:
        try:
            st = os.stat(os.fsencode(name), dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError as error:
            raise ItemNotFound(f"{item_id} does not exist.") from error
        return self._from_stat(st, name, item_id, parent_id)

    @staticmethod
    def _from_stat(st: os.stat_result, name: str, item_id: str, parent_id: str | None) -> DriveItem:
        extra: dict[str, str] = {"mtime_ns": str(st.st_mtime_ns), "inode": str(st.st_ino)}
        if stat.S_ISDIR(st.st_mode):
            kind = ItemKind.FOLDER
        else:
            kind = ItemKind.FILE
            if stat.S_ISLNK(st.st_mode):
                extra["link"] = "1"
            elif not stat.S_ISREG(st.st_mode):
                extra["special"] = "1"
        size = st.st_size if kind is ItemKind.FILE and "link" not in extra else 0
        return DriveItem(item_id, parent_id, name, kind, size, st.st_mtime, {}, extra)

    # -- DriveAdapter ----------------------------------------------------------------------

    def root(self) -> DriveItem:
        st = os.stat(self.root_path)
        return self._from_stat(st, os.fsdecode(os.path.basename(self.root_path)), ROOT_ID, None)

    def get(self, item_id: str) -> DriveItem:
        parts = _split_id(item_id)
        if not parts:
            return self.root()
        with self._dir(parts[:-1]) as fd:
            return self._item(fd, parts[-1], item_id, _parent_id(item_id))

    def item_at(self, path: Sequence[str]) -> DriveItem | None:
        """The item at a path of names below the root, or ``None``."""
        try:
            return self.get("/".join(path) if path else ROOT_ID)
        except ItemNotFound:
            return None

    def children(self, folder_id: str) -> Iterator[DriveItem]:
        parts = _split_id(folder_id)
        with self._dir(parts) as fd:
            found: list[DriveItem] = []
            with os.scandir(fd) as entries:
                for entry in entries:
                    name = os.fsdecode(entry.name)
                    st = entry.stat(follow_symlinks=False)
                    found.append(self._from_stat(st, name, _join_id(folder_id, name), folder_id))
        yield from found

    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        _check_name(name)
        with self._dir(_split_id(parent_id)) as fd:
            try:
                os.mkdir(os.fsencode(name), dir_fd=fd)
            except FileExistsError as error:
                existing = self._item(fd, name, _join_id(parent_id, name), parent_id)
                raise NameConflict(
                    f"{_join_id(parent_id, name)} exists already.",
                    existing=existing,
                    code="nameAlreadyExists",
                ) from error
            except OSError as error:
                raise self._translate(error, _join_id(parent_id, name)) from error
            return self._item(fd, name, _join_id(parent_id, name), parent_id)

    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        parts = _split_id(item_id)
        if not parts:
            raise DriveError("The root of the share cannot be moved.")
        name = new_name if new_name is not None else parts[-1]
        _check_name(name)
        dest_id = _join_id(new_parent_id, name)
        if dest_id == item_id or (dest_id + "/").startswith(item_id + "/"):
            if dest_id == item_id:
                return self.get(item_id)
            raise DriveError(f"{item_id} cannot be moved into itself.")
        with self._dir(parts[:-1]) as src_fd, self._dir(_split_id(new_parent_id)) as dst_fd:
            src_name, dst_name = os.fsencode(parts[-1]), os.fsencode(name)
            try:
                st = os.stat(src_name, dir_fd=src_fd, follow_symlinks=False)
            except FileNotFoundError as error:
                raise ItemNotFound(f"{item_id} does not exist.") from error
            self._rename_noreplace(
                src_fd, src_name, dst_fd, dst_name, stat.S_ISDIR(st.st_mode), dest_id
            )
            return self._item(dst_fd, name, dest_id, new_parent_id)

    def _rename_noreplace(
        self, src_fd: int, src: bytes, dst_fd: int, dst: bytes, is_dir: bool, dest_id: str
    ) -> None:
        if _renameat2 is not None and self.noreplace_supported:
            result = _renameat2(src_fd, src, dst_fd, dst, _RENAME_NOREPLACE)
            if result == 0:
                return
            err = ctypes.get_errno()
            if err == errno.EEXIST:
                self._conflict(dst_fd, dst, dest_id)
            if err not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
                raise self._translate(OSError(err, os.strerror(err)), dest_id)
            self.noreplace_supported = False  # e.g. an SMB mount: fall back below
        if not is_dir:
            try:
                os.link(src, dst, src_dir_fd=src_fd, dst_dir_fd=dst_fd, follow_symlinks=False)
            except FileExistsError:
                self._conflict(dst_fd, dst, dest_id)
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                    raise self._translate(error, dest_id) from error
            else:
                os.unlink(src, dir_fd=src_fd)
                return
        # Last resort (no renameat2, no hard links): check, then rename. A race could still
        # lose here, so it is only used where the file system leaves no other choice.
        try:
            os.stat(dst, dir_fd=dst_fd, follow_symlinks=False)
        except FileNotFoundError:
            try:
                os.rename(src, dst, src_dir_fd=src_fd, dst_dir_fd=dst_fd)
            except OSError as error:
                raise self._translate(error, dest_id) from error
            return
        self._conflict(dst_fd, dst, dest_id)

    def _conflict(self, dir_fd: int, name: bytes, dest_id: str) -> None:
        try:
            existing: DriveItem | None = self._item(
                dir_fd, os.fsdecode(name), dest_id, _parent_id(dest_id)
            )
        except ItemNotFound:
            existing = None
        raise NameConflict(
            f"{dest_id} exists already; nothing was overwritten.",
            existing=existing,
            code="nameAlreadyExists",
        )

    def upload(
        self,
        source: Path,
        parent_id: str,
        name: str,
        *,
        mtime: float | None = None,
        resume_token: str | None = None,
        checkpoint: UploadCheckpoint | None = None,
    ) -> DriveItem:
        _check_name(name)
        dest_id = _join_id(parent_id, name)
        with self._dir(_split_id(parent_id)) as fd:
            if resume_token:  # an interrupted copy: start that file again from scratch
                self._discard_part(fd, resume_token)
            try:
                os.stat(os.fsencode(name), dir_fd=fd, follow_symlinks=False)
            except FileNotFoundError:
                pass
            else:
                self._conflict(fd, os.fsencode(name), dest_id)
            token = PART_PREFIX + secrets.token_hex(8)
            if checkpoint is not None:
                checkpoint(token)
            try:
                src = os.open(os.fsencode(source), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            except OSError as error:
                raise DriveError(
                    f"Cannot read {os.fsdecode(os.fsencode(source))}: {error.strerror}."
                ) from error
            try:
                src_st = os.fstat(src)
                if not stat.S_ISREG(src_st.st_mode):
                    raise DriveError(f"{source} is not a regular file; not copied.")
                out = os.open(token, _NEW_FILE_FLAGS, 0o644, dir_fd=fd)
                try:
                    while block := os.read(src, _CHUNK):
                        view = memoryview(block)
                        while view:
                            written = os.write(out, view)
                            view = view[written:]
                    if self.fsync:
                        os.fsync(out)
                    if mtime is not None and abs(mtime - src_st.st_mtime) > 1:
                        os.utime(out, (mtime, mtime))
                    else:
                        os.utime(out, ns=(src_st.st_atime_ns, src_st.st_mtime_ns))
                finally:
                    os.close(out)
            finally:
                os.close(src)
            try:
                self._rename_noreplace(fd, token.encode(), fd, os.fsencode(name), False, dest_id)
            except BaseException:
                self._discard_part(fd, token)
                raise
            return self._item(fd, name, dest_id, parent_id)

    @staticmethod
    def _discard_part(dir_fd: int, token: str) -> None:
        if not token.startswith(PART_PREFIX) or "/" in token:
            return  # never remove anything that is not our own temporary file
        with suppress(FileNotFoundError):
            os.unlink(token, dir_fd=dir_fd)

    def delete(self, item_id: str) -> None:
        parts = _split_id(item_id)
        if not parts:
            raise DriveError("The root of the share cannot be removed.")
        with self._dir(parts[:-1]) as fd:
            name = os.fsencode(parts[-1])
            try:
                st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            except FileNotFoundError as error:
                raise ItemNotFound(f"{item_id} does not exist.") from error
            try:
                if stat.S_ISDIR(st.st_mode):
                    os.rmdir(name, dir_fd=fd)
                else:
                    os.unlink(name, dir_fd=fd)
            except OSError as error:
                if error.errno in (errno.ENOTEMPTY, errno.EEXIST):
                    raise NotEmpty(f"{item_id} is not empty; it was left in place.") from error
                raise self._translate(error, item_id) from error

    # -- scanning ------------------------------------------------------------------------------

    def scan(self) -> Iterator[ScanEntry]:
        """The share as the local scanner sees it (links never followed, problems flagged).
        A local share keeps no change feed: a catch-up compares scans."""
        from drive_adapters.local_scan import scan_tree

        yield from scan_tree(self.root_path)

    def download(self, item_id: str, dest: Path) -> None:
        """Copy a file's content to ``dest`` (never through a symlink, never over a file)."""
        with self._reading(item_id) as handle, open(dest, "xb") as out:
            while block := os.read(handle, _CHUNK):
                out.write(block)

    # -- extras the executor uses when present ---------------------------------------------

    def content_hash(self, item_id: str) -> str:
        """SHA-256 of a file's content (never through a symlink)."""
        digest = hashlib.sha256()
        with self._reading(item_id) as handle:
            while block := os.read(handle, _CHUNK):
                digest.update(block)
        return digest.hexdigest()

    @contextmanager
    def _reading(self, item_id: str) -> Iterator[int]:
        """A file's descriptor, opened for reading inside its folder (never through a symlink).

        Only the opening is translated into an adapter error; what the caller does with the
        descriptor raises as it is.
        """
        parts = _split_id(item_id)
        with self._dir(parts[:-1]) as fd:
            try:
                handle = os.open(
                    os.fsencode(parts[-1]), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0), dir_fd=fd
                )
            except OSError as error:
                raise self._translate(error, item_id) from error
            try:
                yield handle
            finally:
                os.close(handle)

    def cleanup_parts(self, folder_id: str) -> int:
        """Remove temporary files of interrupted copies in a folder; returns how many."""
        removed = 0
        with self._dir(_split_id(folder_id)) as fd:
            for entry in os.scandir(fd):
                if entry.name.startswith(PART_PREFIX) and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.name, dir_fd=fd)
                    removed += 1
        return removed

    @staticmethod
    def _translate(error: OSError, where: str) -> DriveError:
        if error.errno == errno.ENOENT:
            return ItemNotFound(f"{where}: does not exist.")
        if error.errno == errno.ENAMETOOLONG:
            return InvalidName(f"{where}: the name is too long for this file system.")
        if error.errno == errno.EXDEV:
            return DriveError(
                f"{where}: source and target are on different file systems; "
                "restructure in place only within one share, or copy instead."
            )
        if error.errno in (errno.EACCES, errno.EPERM):
            return DriveError(f"{where}: permission denied.", code="accessDenied")
        if error.errno == errno.ENOSPC:
            return DriveError(f"{where}: the disk is full.", code="diskFull")
        return DriveError(f"{where}: {error.strerror}")
