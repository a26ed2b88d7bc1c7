"""What a scan flags about an entry from its name, its place and its siblings.

Shared by every local walker (:mod:`drive_adapters.local_scan`, :mod:`drive_adapters.find_walk`),
so that the same share gets the same problems whichever walker read it. Problems are returned
as masks of :data:`drive_adapters.inventory.PROBLEM_BITS`: a scan classifies every file of a
school server, and an integer is far cheaper to build than a tuple of enum members.
"""

from __future__ import annotations

import unicodedata

from drive_adapters.inventory import PROBLEM_BITS, Problem

__all__ = [
    "DEEP_PATH_LEVELS",
    "LONG_PATH_CHARS",
    "SPECIAL_FIRST",
    "SYSTEM_NAMES",
    "file_mask",
    "fold_key",
    "is_lock_file",
    "is_system_file",
    "name_mask",
    "sibling_masks",
    "twin_mask",
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


def is_lock_file(name: bytes) -> bool:
    """Office owner files (``~$x.docx``) and LibreOffice locks (``.~lock.x#``)."""
    office_temp = name.endswith(b".tmp") and name.startswith(b"~")
    return name.startswith((b"~$", b".~lock.")) or office_temp


def is_system_file(name: bytes) -> bool:
    """Files and folders the operating system or a NAS makes, never a teacher."""
    text = name.decode("utf-8", errors="replace").casefold()
    return text in _SYSTEM_NAMES or text.startswith("._")


_NFC_TWIN = PROBLEM_BITS[Problem.NFC_NFD_TWIN]
_CASE_TWIN = PROBLEM_BITS[Problem.CASE_TWIN]


def fold_key(name: bytes) -> bytes:
    """The form in which two sibling names collide on a case-insensitive, normalising drive."""
    if name.isascii():
        return name.lower()
    text = unicodedata.normalize("NFC", name.decode("utf-8", errors="surrogateescape"))
    return text.casefold().encode("utf-8", errors="surrogatepass")


def sibling_masks(names: list[bytes]) -> dict[bytes, int]:
    """Names (of one folder) that become one name after normalisation or case folding."""
    found: dict[bytes, int] = {}
    if all(n.isascii() for n in names) and len({n.lower() for n in names}) == len(names):
        return found  # the common case: no two names can collide
    groups: dict[bytes, list[bytes]] = {}
    for name in names:
        groups.setdefault(fold_key(name), []).append(name)
    for group in groups.values():
        if len(group) > 1:
            for name in group:
                found[name] = twin_mask(group, name)
    return found


def twin_mask(group: list[bytes], name: bytes) -> int:
    """The twin problems of ``name`` among siblings sharing its :func:`fold_key`.

    It is an NFC/NFD twin when another name has its NFC form; the group holds case twins
    when it has more than one NFC form.
    """
    forms = [unicodedata.normalize("NFC", n.decode("utf-8", "surrogateescape")) for n in group]
    own = unicodedata.normalize("NFC", name.decode("utf-8", "surrogateescape"))
    mask = _CASE_TWIN if len(set(forms)) > 1 else 0
    return mask | (_NFC_TWIN if forms.count(own) > 1 else 0)


#: System names, lower-cased bytes: what :func:`name_mask` compares an ASCII name with.
SYSTEM_NAMES = frozenset(n.encode() for n in _SYSTEM_NAMES)
#: First bytes of every lock or system name that is not in :data:`SYSTEM_NAMES`.
SPECIAL_FIRST = frozenset(b"~.$@#")
_NOT_UTF8 = PROBLEM_BITS[Problem.NOT_UTF8]
_DEEP = PROBLEM_BITS[Problem.DEEP_PATH]
_LONG = PROBLEM_BITS[Problem.LONG_PATH]
_LOCK = PROBLEM_BITS[Problem.LOCK_FILE]
_SYSTEM = PROBLEM_BITS[Problem.SYSTEM_FILE]


def name_mask(name: bytes, rel: bytes, depth: int) -> int:
    """The problems an entry's name and place carry, as a mask (see ``PROBLEM_BITS``)."""
    mask = 0
    ascii_name = name.isascii()
    if not ascii_name:
        try:
            name.decode("utf-8")
        except UnicodeDecodeError:
            mask |= _NOT_UTF8
    if depth > DEEP_PATH_LEVELS:
        mask |= _DEEP
    # A byte string is never shorter than its decoded text: most paths skip the decode.
    if len(rel) > LONG_PATH_CHARS and len(rel.decode("utf-8", errors="replace")) > LONG_PATH_CHARS:
        mask |= _LONG
    if name[0] in SPECIAL_FIRST or not ascii_name or name.lower() in SYSTEM_NAMES:
        if is_lock_file(name):
            mask |= _LOCK
        elif is_system_file(name):
            mask |= _SYSTEM
    return mask


_EMPTY = PROBLEM_BITS[Problem.EMPTY_FILE]
_SPARSE = PROBLEM_BITS[Problem.SPARSE_FILE]


def file_mask(size: int, blocks: int) -> int:
    """Problems of a regular file's content: empty, or sparse (holes take no disk)."""
    if size == 0:
        return _EMPTY
    if size >= 65_536 and blocks * 512 < size // 2:
        return _SPARSE
    return 0
