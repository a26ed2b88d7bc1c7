"""What a local file system says about who can open a folder: owner, group, mode, POSIX ACLs.

Read-only and careful: ``lstat`` (a symbolic link is described, never followed), and the
access ACL read from the ``system.posix_acl_access`` extended attribute where the file system
has one (its binary layout is the Linux kernel's ``posix_acl_xattr`` format: a 4-byte version
2 header, then 8-byte entries ``tag u16, perm u16, id u32``, little-endian; see acl(5) and
``include/uapi/linux/posix_acl_xattr.h``). Names of users and groups come from the system's
databases when they resolve, else their numbers.
"""

from __future__ import annotations

import enum
import grp
import os
import pwd
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FsAccess", "Readers", "acl_entries", "read_access"]

_ACL_XATTR = "system.posix_acl_access"
_ACL_VERSION = 2
_TAGS = {0x01: "user", 0x02: "user", 0x04: "group", 0x08: "group", 0x10: "mask", 0x20: "other"}
_NAMED = {0x02, 0x08}


class Readers(enum.StrEnum):
    """The widest circle that can open a folder today (codes for the i18n catalogue)."""

    EVERYONE = "everyone"
    NAMED = "named"  # owner, group and the users or groups an ACL names
    GROUP = "group"
    OWNER = "owner"


@dataclass(frozen=True, slots=True)
class FsAccess:
    """One folder's or file's permissions as the file system reports them."""

    owner: str
    group: str
    mode: str  # as ls shows it: drwxr-x---
    acl: tuple[str, ...]  # named entries only, getfacl style: "user:anne:r-x", "group:zorg:r-x"
    readers: Readers


def _perm(bits: int) -> str:
    return "".join(ch if bits & flag else "-" for ch, flag in (("r", 4), ("w", 2), ("x", 1)))


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def acl_entries(blob: bytes) -> list[str]:
    """The named entries of a binary access ACL (``user:NAME:rwx``, ``group:NAME:r-x``)."""
    if len(blob) < 4 or struct.unpack_from("<I", blob)[0] != _ACL_VERSION:
        return []
    out = []
    for offset in range(4, len(blob) - 7, 8):
        tag, perm, ident = struct.unpack_from("<HHI", blob, offset)
        if tag in _NAMED:
            name = _user(ident) if tag == 0x02 else _group(ident)
            out.append(f"{_TAGS[tag]}:{name}:{_perm(perm)}")
    return out


def read_access(path: Path) -> FsAccess | None:
    """The permissions of ``path`` (not following a link), or ``None`` when it is gone."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    acl: list[str] = []
    if hasattr(os, "getxattr") and not stat.S_ISLNK(info.st_mode):
        try:
            acl = acl_entries(os.getxattr(path, _ACL_XATTR, follow_symlinks=False))
        except OSError:
            acl = []  # no ACL, or a file system without them
    mode = info.st_mode
    readable = [a for a in acl if a.split(":")[2].startswith("r")]
    if mode & stat.S_IROTH:
        readers = Readers.EVERYONE
    elif readable:
        readers = Readers.NAMED
    elif mode & stat.S_IRGRP:
        readers = Readers.GROUP
    else:
        readers = Readers.OWNER
    return FsAccess(
        owner=_user(info.st_uid),
        group=_group(info.st_gid),
        mode=stat.filemode(mode),
        acl=tuple(acl),
        readers=readers,
    )
