"""Files the tool writes that name school files or people are private to the user who made them.

AVG: the workspace store, migration plans (``plan.yaml``, ``items.csv``), per-item reports and
exports list confidential paths (``Directie/Vertrouwelijk/Functioneringsgesprek.docx``) and
names. Every such file is created ``0600`` and every folder the tool creates for them ``0700``,
whatever the umask, unless the user asks for shared files: ``shared=True`` (a command's
``--shared``) or ``CARDSORT_SHARED_FILES=1``, which give ordinary umask-governed modes.

Folders that already exist are left as they are: they belong to the user (or the school).
On systems without POSIX modes (Windows) the modes are ignored by the OS, as Python documents.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

__all__ = [
    "SHARED_ENV",
    "create_private",
    "file_mode",
    "make_dirs",
    "open_private",
    "shared_by_default",
]

SHARED_ENV = "CARDSORT_SHARED_FILES"


def shared_by_default() -> bool:
    """Whether the user asked for shared files in the environment."""
    return os.environ.get(SHARED_ENV, "").strip().lower() in ("1", "yes", "true", "ja")


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def file_mode(shared: bool | None = None) -> int:
    """``0600``, or the ordinary mode (``0666`` less the umask) for shared files."""
    shared = shared_by_default() if shared is None else shared
    return (0o666 & ~_umask()) if shared else 0o600


def _dir_mode(shared: bool | None) -> int:
    shared = shared_by_default() if shared is None else shared
    return (0o777 & ~_umask()) if shared else 0o700


def make_dirs(path: Path, *, shared: bool | None = None) -> None:
    """Create ``path`` and missing parents; the ones created here get ``0700`` (or ordinary)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue  # created meanwhile by another process: theirs to keep as it is
        os.chmod(folder, _dir_mode(shared))  # mkdir's mode is filtered by the umask


def open_private(
    path: Path | str, mode: str = "w", *, shared: bool | None = None, **kwargs: Any
) -> IO[Any]:
    """``open(path, mode)`` for writing, the file ``0600`` (or ordinary when shared).

    The mode is set on the open descriptor, so a file that existed with wider permissions is
    narrowed before a byte is written.
    """
    if not any(flag in mode for flag in "wax"):
        raise ValueError(f"open_private writes; mode {mode!r} does not")
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    if "w" in mode:
        flags |= os.O_TRUNC
    elif "a" in mode:
        flags |= os.O_APPEND
    else:
        flags |= os.O_EXCL
    wanted = file_mode(shared)
    fd = os.open(path, flags, wanted)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, wanted)
        return os.fdopen(fd, mode.replace("x", "w"), **kwargs)
    except BaseException:
        os.close(fd)
        raise


def create_private(path: Path, *, shared: bool | None = None) -> None:
    """Create an empty file ``0600`` if it does not exist (e.g. before SQLite opens it)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, file_mode(shared))
    except FileExistsError:
        return
    if hasattr(os, "fchmod"):
        os.fchmod(fd, file_mode(shared))
    os.close(fd)
