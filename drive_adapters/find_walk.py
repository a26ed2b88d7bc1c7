"""GNU ``find`` as the native walker of a local share, its output classified as it streams in.

Listing a school server is system calls: ``getdents`` and an ``lstat`` per entry. A Python
walker adds several microseconds of interpreter work to each one, which made a scan of 200,000
files take nine times as long as ``find`` itself. So where GNU find is installed, it walks (in
C, on one core) and prints every entry as NUL-separated fields, while this module classifies
the stream on the other core and hands it on as :class:`EntryBatch` columns.

Safety and fidelity are the same as the Python walker's (:mod:`drive_adapters.local_scan`):

* ``-H``: no symlink below the root is ever followed, a link is recorded with its target
  (``%l``); only the root itself is followed when it is a link (``/mnt/s`` → the share);
* names are bytes end to end (NUL cannot occur in a name), so non-UTF-8 names stay exact;
* a folder ``access()`` calls unreadable is printed as such and pruned, not entered;
* modification times are rebuilt from ``find``'s nanoseconds with the arithmetic CPython uses
  for ``st_mtime``, so both walkers record the identical float.

Anything else that makes find complain (a folder that refuses to open although ``access()``
allowed it, an entry that vanished mid-walk) makes its exit status non-zero; the walk then
reports itself failed and :class:`drive_adapters.local_scan.LocalWalk` walks again with Python,
which records those entries instead of stumbling over them.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import IO

import numpy as np

from drive_adapters.inventory import KIND_CODES, PROBLEM_BITS, EntryBatch, EntryKind, Problem
from drive_adapters.scan_problems import (
    DEEP_PATH_LEVELS,
    LONG_PATH_CHARS,
    SPECIAL_FIRST,
    SYSTEM_NAMES,
    fold_key,
    name_mask,
    twin_mask,
)

__all__ = ["FindFailed", "FindWalk", "available"]

# Each entry is three NUL-terminated fields: a fixed-width header (kind letter, size, mtime,
# 512-byte blocks; numbers right-aligned in spaces) that numpy reads for a whole batch at once,
# the path relative to the root, and a symlink's target.
_FIELDS = 3
_HEADER = r"%y%20s%22T@%20b"
_WIDTH = 1 + 20 + 22 + 20
_FORMAT = _HEADER + r"\0%P\0%l\0"
_UNREADABLE_FORMAT = "U" + _HEADER[2:] + r"\0%P\0\0"  # an unreadable folder: not entered
_BLOCK = 1 << 19  # bytes of output classified at once: a few thousand entries
_PIPE = 1 << 20  # find may run this far ahead while a block is classified

_FILE, _DIR, _LINK, _OTHER = (
    KIND_CODES[k] for k in (EntryKind.FILE, EntryKind.DIR, EntryKind.SYMLINK, EntryKind.OTHER)
)
# find's %y letters (and our U) to kind codes: f, d and l are ours too; U is a folder; the
# rest (fifos, sockets, devices, doors) are "other".
_KIND_TABLE = bytes(
    {ord("f"): _FILE, ord("d"): _DIR, ord("l"): _LINK, ord("U"): _DIR}.get(b, _OTHER)
    for b in range(256)
)
_PLACES = 10 ** np.arange(18, -1, -1, dtype=np.int64)  # place values of 19 decimal digits
_SLASH, _DOT, _ZERO = ord("/"), ord("."), ord("0")
# Bytes a header's numbers may hold: digits, the padding space and the time's dot.
_HEADER_BYTE = np.zeros(256, dtype=bool)
_HEADER_BYTE[[*range(_ZERO, _ZERO + 10), ord(" "), _DOT]] = True
# First bytes of lock and system names, and (first byte, length) of the other system names:
# a name that matches neither cannot be one (``name_mask`` checks the few that match).
_SPECIAL_BYTE = np.zeros(256, dtype=bool)
_SPECIAL_BYTE[list(SPECIAL_FIRST)] = True
_SYSTEM_SHAPE = np.zeros((256, 256), dtype=bool)
for _system in SYSTEM_NAMES:
    for _first in {_system[0], _system[:1].upper()[0]}:
        _SYSTEM_SHAPE[_first, min(len(_system), 255)] = True
_EMPTY = PROBLEM_BITS[Problem.EMPTY_FILE]
_SPARSE = PROBLEM_BITS[Problem.SPARSE_FILE]
_SYMLINK = PROBLEM_BITS[Problem.SYMLINK]
_UNREADABLE = PROBLEM_BITS[Problem.UNREADABLE]


def _positions(letters: bytes, letter: bytes) -> Iterator[int]:
    """Indexes at which ``letter`` occurs in ``letters`` (rare letters: a quick scan in C)."""
    at = letters.find(letter)
    while at >= 0:
        yield at
        at = letters.find(letter, at + 1)


def _widen(fd: int) -> None:
    """Let find write ahead while Python classifies (Linux pipes hold 64 KiB by default)."""
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or above pipe-max-size
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE)


def _blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """Read the pipe in blocks of about :data:`_BLOCK` bytes (fewer, larger batches)."""
    pending: list[bytes] = []
    size = 0
    while data := stream.read1(_BLOCK):  # type: ignore[attr-defined]
        pending.append(data)
        size += len(data)
        if size >= _BLOCK:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


class FindFailed(Exception):
    """GNU find could not walk the share (only raised when find was asked for by name)."""


@functools.cache
def _executable() -> str | None:
    """The path of GNU find, or ``None`` (BSD find, busybox and Windows lack ``-printf``)."""
    exe = shutil.which("find")
    if exe is None:
        return None
    try:
        out = subprocess.run(
            [exe, "--version"], capture_output=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return exe if out.startswith(b"find (GNU findutils)") else None


def available() -> bool:
    """Whether GNU find can walk shares on this machine."""
    return _executable() is not None


def _mtime(field: bytes) -> float:
    """``%T@`` (seconds, a dot, nanoseconds and a digit more) as CPython's ``st_mtime``.

    CPython computes ``sec + nsec * 1e-9`` in doubles; parsing the decimal text instead could
    differ in the last bit, and the executor compares times exactly.
    """
    sec, _, frac = field.partition(b".")
    return int(sec) + int(frac[:9].ljust(9, b"0")) * 1e-9


class FindWalk:
    """One run of GNU find over a share; iterate it for :class:`EntryBatch` columns.

    After the iteration, ``failed`` says why find's results cannot be trusted (or is ``None``)
    and ``late_problems`` maps paths handed over earlier to twin problems found afterwards.
    """

    def __init__(self, root: bytes) -> None:
        # Absolute, so a share named "-name" or "(" can never be read as part of find's
        # expression.
        self.root = os.path.abspath(root)
        self.failed: str | None = None
        self.late_problems: dict[bytes, int] = {}
        # Folders on the path to the current one, each with its children by fold key: find
        # lists depth first, so a folder's children are complete once the walk leaves it.
        self._open: list[tuple[bytes, dict[bytes, bytes | list[bytes]]]] = [(b"", {})]

    def __iter__(self) -> Iterator[EntryBatch]:
        exe = _executable()
        if exe is None:
            self.failed = "GNU find is not installed"
            return
        command: list[str | bytes] = [
            exe,
            "-H",  # follow the root if it is a link (as the Python walker does), nothing below
            self.root,
            "-mindepth",
            "1",
            "(",
            "-type",
            "d",
            "!",
            "-readable",
            "-printf",
            _UNREADABLE_FORMAT,
            "-prune",
            ")",
            "-o",
            "-printf",
            _FORMAT,
        ]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # only the exit status matters; see the module doc
            env={**os.environ, "LC_ALL": "C"},
        )
        assert process.stdout is not None
        _widen(process.stdout.fileno())
        try:
            tail = b""
            for data in _blocks(process.stdout):
                fields = (tail + data).split(b"\0") if tail else data.split(b"\0")
                usable = (len(fields) - 1) // _FIELDS * _FIELDS
                tail = b"\0".join(fields[usable:])
                if usable:
                    yield self._batch(fields, usable)
            status = process.wait()
            if status != 0:
                self.failed = f"find stopped with exit status {status} (an entry it could not read)"
            elif tail:
                self.failed = "find's output ended in the middle of an entry"
        finally:
            if process.poll() is None:  # the consumer stopped early (Ctrl-C, an error)
                process.kill()
                process.wait()
            process.stdout.close()

    def _batch(self, fields: list[bytes], usable: int) -> EntryBatch:
        """Classify ``usable`` fields (whole entries) of find's output.

        Column by column, so that the work per entry happens in C (slicing, joins, numpy);
        only entries a cheap test picks out (an unusual name, a deep or long path, a twin)
        get a closer look in Python.
        """
        step = _FIELDS
        paths = fields[1:usable:step]
        n = len(paths)
        letters, sizes, mtimes, blocks = self._headers(fields[0:usable:step], paths)
        codes = np.frombuffer(letters.translate(_KIND_TABLE), dtype=np.uint8)
        is_file = codes == _FILE
        sizes[~is_file] = 0  # a folder's own size is the file system's business, not the share's
        masks = np.zeros(n, dtype=np.uint16)
        masks[is_file & (sizes == 0)] |= _EMPTY
        masks[is_file & (sizes >= 65_536) & (blocks * 512 < sizes // 2)] |= _SPARSE
        masks[codes == _LINK] |= _SYMLINK
        batch = EntryBatch(paths, bytearray(codes.tobytes()), sizes.tolist(), mtimes, [])
        for i in _positions(letters, b"l"):
            batch.links[i] = fields[i * step + 2]
        for i in _positions(letters, b"U"):
            masks[i] |= _UNREADABLE
            batch.errors[i] = os.strerror(errno.EACCES)
        columns = _PathColumns(paths)
        for i in columns.unusual():
            masks[i] |= name_mask(_name(paths[i]), paths[i], int(columns.depths[i]))
        for i, extra in self._sibling_problems(paths, columns):
            masks[i] |= extra
        batch.problems = masks.tolist()
        return batch

    def _headers(
        self, headers: list[bytes], paths: list[bytes]
    ) -> tuple[bytes, np.ndarray, list[float], np.ndarray]:
        """Kind letters, sizes, modification times and blocks of a batch's headers."""
        joined = b"".join(headers)
        if len(joined) == _WIDTH * len(headers):
            table = np.frombuffer(joined, dtype=np.uint8).reshape(-1, _WIDTH)
            body = table[:, 1:]
            # Columns: size 0-19, time 20-41 (11 places of seconds, the dot at 31, then ten
            # of fraction), blocks 42-61; numbers right-aligned in spaces.
            if (
                _HEADER_BYTE[body].all()
                and (body == _DOT).sum() == len(body)
                and (body[:, 31] == _DOT).all()
            ):
                digits = np.maximum(body, _ZERO) - _ZERO  # spaces and the dot read as 0
                sizes = digits[:, 1:20] @ _PLACES  # a size never needs the 20th place
                seconds = digits[:, 20:31] @ _PLACES[-11:]
                nanos = digits[:, 32:41] @ _PLACES[-9:]
                blocks = digits[:, 43:62] @ _PLACES
                # Two roundings, as CPython's ``sec + nsec * 1e-9`` in C doubles.
                mtimes: list[float] = (seconds.astype(np.float64) + nanos * 1e-9).tolist()
                return bytes(table[:, 0]), sizes, mtimes, blocks
        # A header out of layout (a time before 1970 or after 2286): one by one. Size and
        # blocks always fit their 20 places; the time takes what is left between them.
        letters = b"".join(h[:1] for h in headers)
        sizes = np.array([int(h[1:21]) for h in headers], dtype=np.int64)
        blocks = np.array([int(h[-20:]) for h in headers], dtype=np.int64)
        mtimes = [
            _mtime(h[21:-20].strip())
            if b"-" not in h[21:-20]  # before 1970, where find's rounding differs
            else os.lstat(os.path.join(self.root, path)).st_mtime
            for h, path in zip(headers, paths, strict=True)
        ]
        return letters, sizes, mtimes, blocks

    def _sibling_problems(
        self, paths: list[bytes], columns: _PathColumns
    ) -> Iterator[tuple[int, int]]:
        """``(index, mask)`` of twins; earlier twins go to ``late_problems``.

        Find lists depth first, so consecutive entries at one depth are siblings: the batch
        is taken run by run. A run whose fold keys are new to its folder is merged in one
        ``dict.update``; only a run with a collision is looked at name by name.
        """
        keys = columns.fold_keys()
        for start, stop in columns.runs():
            parent = paths[start].rpartition(b"/")[0]
            siblings = self._siblings_of(parent)
            run = keys[start:stop]
            if siblings.keys().isdisjoint(run) and len(set(run)) == len(run):
                siblings.update(zip(run, map(_name, paths[start:stop]), strict=True))
                continue
            for i in range(start, stop):
                earlier = siblings.get(keys[i])
                if earlier is None:
                    siblings[keys[i]] = _name(paths[i])
                else:
                    yield i, self._twins(siblings, keys[i], earlier, _name(paths[i]), parent)

    def _siblings_of(self, parent: bytes) -> dict[bytes, bytes | list[bytes]]:
        """The children seen so far of ``parent``; folders the walk has left are forgotten."""
        stack = self._open
        while len(stack) > 1:
            top = stack[-1][0]
            if parent == top or parent.startswith(top + b"/"):
                break
            stack.pop()
        if stack[-1][0] != parent:
            stack.append((parent, {}))
        return stack[-1][1]

    def _twins(
        self,
        siblings: dict[bytes, bytes | list[bytes]],
        key: bytes,
        earlier: bytes | list[bytes],
        name: bytes,
        parent: bytes,
    ) -> int:
        """Record ``name`` as a twin of the siblings before it; its own twin problems."""
        group = [earlier, name] if isinstance(earlier, bytes) else [*earlier, name]
        siblings[key] = group
        prefix = parent + b"/" if parent else b""
        for member in group[:-1]:
            path = prefix + member
            self.late_problems[path] = self.late_problems.get(path, 0) | twin_mask(group, member)
        return twin_mask(group, name)


def _name(path: bytes) -> bytes:
    return path.rpartition(b"/")[2]


class _PathColumns:
    """Per-path facts of a batch, computed over the NUL-joined paths in a few numpy passes."""

    def __init__(self, paths: list[bytes]) -> None:
        self.paths = paths
        self.joined = b"\0".join(paths)
        buf = np.frombuffer(self.joined, dtype=np.uint8)
        ends = np.append(np.flatnonzero(buf == 0), len(buf))
        starts = np.append(0, ends[:-1] + 1)
        slash_at = np.flatnonzero(buf == _SLASH)
        before_end = np.searchsorted(slash_at, ends)  # slashes before each path's end
        before_start = np.searchsorted(slash_at, starts)
        self.depths = before_end - before_start + 1
        last = slash_at[np.maximum(before_end - 1, 0)] if len(slash_at) else starts
        self.name_starts = np.where(self.depths > 1, last + 1, starts)
        self.lengths = ends - starts
        self.name_lengths = ends - self.name_starts
        self.buf = buf
        self.ascii = self.joined.isascii()

    def unusual(self) -> list[int]:
        """Entries that may carry a name problem (a superset; ``name_mask`` decides)."""
        first = self.buf[np.minimum(self.name_starts, len(self.buf) - 1)]
        suspect = (
            _SPECIAL_BYTE[first]
            | _SYSTEM_SHAPE[first, np.minimum(self.name_lengths, 255)]
            | (self.lengths > LONG_PATH_CHARS)
            | (self.depths > DEEP_PATH_LEVELS)
        )
        if not self.ascii:
            suspect |= self.non_ascii_names
        found: list[int] = np.flatnonzero(suspect).tolist()
        return found

    @functools.cached_property
    def non_ascii_names(self) -> np.ndarray:
        """Whether each name (not its folders) has a byte outside ASCII."""
        # high[k]: bytes >= 0x80 in buf[: k + 1]; the appended 0 is high[-1], before byte 0.
        high = np.append((self.buf >= 0x80).cumsum(), 0)
        inside: np.ndarray = (
            high[self.name_starts + self.name_lengths - 1] - high[self.name_starts - 1]
        )
        return inside > 0

    def fold_keys(self) -> list[bytes]:
        """Each path with its name in fold form: equal keys in one folder are twins."""
        keys = self.joined.lower().split(b"\0")
        if not self.ascii:
            for i in np.flatnonzero(self.non_ascii_names).tolist():
                parent, slash, name = self.paths[i].rpartition(b"/")
                keys[i] = parent.lower() + slash + fold_key(name)
        return keys

    def runs(self) -> Iterator[tuple[int, int]]:
        """``(start, stop)`` of runs of consecutive siblings (same depth, depth first)."""
        cuts = (np.flatnonzero(np.diff(self.depths)) + 1).tolist()
        yield from zip([0, *cuts], [*cuts, len(self.paths)], strict=True)
