"""Writing an output file (an export, a report, a study file) without harming what is there.

This is the one writer every command uses for a file the user names (``--json``, ``--html``,
``-o``, ``export FILE``, ``study export FILE``, the offline sort's result file). What it does
depends on what the name points to, looked at without following links (``lstat``):

* nothing: a new regular file (``0600``, private to the user, unless
  ``CARDSORT_SHARED_FILES=1``: see :mod:`sessions.private_files`), written to a temporary file
  beside it and linked into place, so a half-written file never appears and a file created
  meanwhile is never overwritten;
* a regular file: refused unless ``force``; with ``force`` replaced atomically (temporary file
  renamed over it), keeping its permission bits;
* a symbolic link: written *through* to the file it points to, by the same rules as that file
  (a link whose target does not exist is refused: the link stays a link);
* a character device or a FIFO (``/dev/null``, ``/dev/stdout``, a named pipe): written
  straight into, never created, truncated or replaced (it replaces no content, so no ``force``);
* anything else (a folder, a socket, a block device): refused, nothing is written.

Errors are :class:`OutputFileError` with a sentence for the user; nothing is changed then.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from sessions.private_files import file_mode, open_private

__all__ = ["OutputFileError", "check_output_file", "write_output_file"]


class OutputFileError(Exception):
    """The output file cannot be written; the message says why and what to do."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISBLK(mode):
        return "a block device (a disk)"
    return "not a regular file"


def _resolve(path: Path) -> tuple[Path, os.stat_result | None]:
    """The path to write (a symlink's target) and its ``lstat`` (None: does not exist)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path, None
    except OSError as error:
        raise OutputFileError(f"Cannot use {path}: {error.strerror}.") from None
    if not stat.S_ISLNK(info.st_mode):
        return path, info
    target = Path(os.path.realpath(path))
    try:
        return target, os.lstat(target)
    except FileNotFoundError:
        raise OutputFileError(
            f"{path} is a link to {target}, which does not exist; nothing was written. "
            "Choose another name, or make the file first."
        ) from None
    except OSError as error:
        raise OutputFileError(f"Cannot use {path}: {error.strerror}.") from None


def check_output_file(path: Path, *, force: bool) -> None:
    """Raise :class:`OutputFileError` now if ``write_output_file(path, ..., force)`` would refuse.

    For commands that do slow work first (an analysis), so the user learns before waiting.
    """
    target, info = _resolve(path)
    if info is None:
        if not target.parent.is_dir():
            raise OutputFileError(
                f"The folder {target.parent} does not exist; nothing was written."
            )
        return
    mode = info.st_mode
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return
    if not stat.S_ISREG(mode):
        raise OutputFileError(f"{path} is {_kind(mode)}; nothing was written. Choose a file name.")
    if not force:
        raise OutputFileError(f"{path} exists already; choose another name or add --force.")


def write_output_file(path: Path, data: str | bytes, *, force: bool) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` by the rules in the module docstring."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    check_output_file(path, force=force)
    target, info = _resolve(path)
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        _write_into_stream(target, payload)
    else:
        _write_regular(target, payload, info)


def _write_into_stream(target: Path, payload: bytes) -> None:
    """Write into a device or FIFO: opened without creating or truncating, checked once open."""
    try:
        # A FIFO blocks here until somebody reads it, as `echo > fifo` does.
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise OutputFileError(f"Cannot write to {target}: {error.strerror}.") from None
    try:
        mode = os.fstat(fd).st_mode
        if not (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):  # swapped since we looked
            raise OutputFileError(f"{target} changed while writing; nothing was written.")
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as error:
        raise OutputFileError(f"Cannot write to {target}: {error.strerror}.") from None
    finally:
        os.close(fd)


def _write_regular(target: Path, payload: bytes, existing: os.stat_result | None) -> None:
    """A new file linked into place, or an existing regular file replaced atomically."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        # A new file is private to the user (AVG) unless CARDSORT_SHARED_FILES asks otherwise:
        # exports and reports name school files and people (sessions.private_files).
        mode = stat.S_IMODE(existing.st_mode) if existing is not None else file_mode()
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if existing is None:
            _link_new(Path(tmp), target)
        else:
            now = os.lstat(target)  # still the regular file we were allowed to replace?
            if not stat.S_ISREG(now.st_mode) or now.st_ino != existing.st_ino:
                raise OutputFileError(f"{target} changed while writing; nothing was written.")
            os.replace(tmp, target)
    except FileNotFoundError:
        raise OutputFileError(f"{target} changed while writing; nothing was written.") from None
    except OSError as error:
        raise OutputFileError(f"Cannot write {target}: {error.strerror}.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _link_new(tmp: Path, target: Path) -> None:
    """Put a finished temporary file at ``target`` only if nothing is there yet."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise OutputFileError(
            f"{target} appeared while writing; it was left as it is. Choose another name."
        ) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    # No hard links on this file system (FAT, some network shares): create exclusively.
    try:
        with open_private(target, "xb") as handle:
            handle.write(tmp.read_bytes())
    except FileExistsError:
        raise OutputFileError(
            f"{target} appeared while writing; it was left as it is. Choose another name."
        ) from None
