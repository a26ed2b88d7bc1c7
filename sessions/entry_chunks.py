"""How a snapshot's entries are stored: a few thousand entries per row, as columns.

A school server holds hundreds of thousands of files, and an inventory row per file made the
store the slowest part of a scan: SQLite spends microseconds on every row it inserts, more than
the ``lstat`` that found the file. A snapshot is written once and then read whole (summaries,
reports, card proposal, plans), so its entries are stored as *chunks*: one row holds up to
:data:`CHUNK_SIZE` consecutive entries, each field a packed column.

Column formats (all little-endian, one element per entry, in the chunk's order):

``paths``
    the relative byte paths joined by NUL (a path never contains NUL);
``kinds``
    one byte per entry, :data:`drive_adapters.inventory.KIND_CODES`;
``sizes``
    signed 64-bit integers;
``mtimes``
    IEEE 754 doubles, NaN where the time is unknown;
``problems``
    unsigned 16-bit masks of :data:`drive_adapters.inventory.PROBLEM_BITS`;
``extras``
    JSON of the sparse per-entry texts, keyed by the entry's index in the chunk: symlink
    targets (hex, they are bytes), error messages, cloud item ids, content hashes and their
    algorithm names.
"""

from __future__ import annotations

import json
import math
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from drive_adapters.inventory import KINDS_BY_CODE, ScanEntry, problems_of_mask

__all__ = ["CHUNK_SIZE", "Chunk", "Extras"]

#: Entries per stored row: big enough that SQLite's per-row cost vanishes, small enough that
#: a reader holds only a few hundred kilobytes at a time.
CHUNK_SIZE = 8_192

_BIG_ENDIAN = sys.byteorder == "big"
_EXTRA_KEYS = ("link", "error", "item_id", "hash", "hash_name")


@dataclass(slots=True)
class Extras:
    """The sparse per-entry texts of a chunk, keyed by index."""

    link: dict[int, bytes] = field(default_factory=dict)
    error: dict[int, str] = field(default_factory=dict)
    item_id: dict[int, str] = field(default_factory=dict)
    hash: dict[int, str] = field(default_factory=dict)
    hash_name: dict[int, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """The JSON column; empty maps are left out, so a local scan's chunk stores ``{}``."""
        doc: dict[str, dict[str, str]] = {}
        if self.link:
            doc["link"] = {str(i): v.hex() for i, v in self.link.items()}
        for key in _EXTRA_KEYS[1:]:
            values: dict[int, str] = getattr(self, key)
            if values:
                doc[key] = {str(i): v for i, v in values.items()}
        return json.dumps(doc, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Extras:
        """Parse the JSON column."""
        doc = json.loads(text) if text and text != "{}" else {}
        extras = cls()
        for key, values in doc.items():
            if key not in _EXTRA_KEYS:
                continue  # written by a newer version: ignored, never a crash
            if key == "link":
                extras.link = {int(i): bytes.fromhex(v) for i, v in values.items()}
            else:
                setattr(extras, key, {int(i): str(v) for i, v in values.items()})
        return extras


def _pack(typecode: str, values: list[int] | list[float] | array[int] | array[float]) -> bytes:
    packed = values if isinstance(values, array) else array(typecode, values)
    if _BIG_ENDIAN:  # pragma: no cover - no big-endian machine in CI
        packed = array(typecode, packed)
        packed.byteswap()
    return packed.tobytes()


def _unpack(typecode: str, blob: bytes) -> array[int] | array[float]:
    values: array[int] | array[float] = array(typecode)
    values.frombytes(blob)
    if _BIG_ENDIAN:  # pragma: no cover
        values.byteswap()
    return values


@dataclass(slots=True)
class Chunk:
    """Up to :data:`CHUNK_SIZE` consecutive entries of one snapshot, as columns."""

    first_seq: int
    paths: list[bytes]
    kinds: bytes
    sizes: array[int]
    mtimes: array[float]
    problems: array[int]
    extras: Extras

    def __len__(self) -> int:
        return len(self.paths)

    @classmethod
    def from_columns(
        cls,
        first_seq: int,
        paths: list[bytes],
        kinds: bytes | bytearray,
        sizes: list[int],
        mtimes: list[float],
        problems: list[int],
        extras: Extras,
    ) -> Chunk:
        """A chunk from plain columns (checked to be of one length)."""
        n = len(paths)
        if not (len(kinds) == len(sizes) == len(mtimes) == len(problems) == n):
            raise ValueError("the columns of a chunk differ in length")
        return cls(
            first_seq,
            paths,
            bytes(kinds),
            array("q", sizes),
            array("d", mtimes),
            array("H", problems),
            extras,
        )

    def to_row(self) -> tuple[int, bytes, bytes, bytes, bytes, bytes, str]:
        """``(count, paths, kinds, sizes, mtimes, problems, extras)`` for the store."""
        return (
            len(self.paths),
            b"\0".join(self.paths),
            self.kinds,
            _pack("q", self.sizes),
            _pack("d", self.mtimes),
            _pack("H", self.problems),
            self.extras.to_json(),
        )

    def patchable_columns(self) -> tuple[bytes, str]:
        """``(problems, extras)``: the columns a finished walk may still change."""
        return _pack("H", self.problems), self.extras.to_json()

    @classmethod
    def from_row(
        cls,
        first_seq: int,
        count: int,
        paths: bytes,
        kinds: bytes,
        sizes: bytes,
        mtimes: bytes,
        problems: bytes,
        extras: str,
    ) -> Chunk:
        """Decode a stored row; a row whose columns disagree is a damaged store."""
        chunk = cls(
            first_seq,
            bytes(paths).split(b"\0") if count else [],
            bytes(kinds),
            _unpack("q", bytes(sizes)),  # type: ignore[arg-type]
            _unpack("d", bytes(mtimes)),  # type: ignore[arg-type]
            _unpack("H", bytes(problems)),  # type: ignore[arg-type]
            Extras.from_json(extras),
        )
        lengths = {len(chunk.paths), len(chunk.kinds), len(chunk.sizes), len(chunk.mtimes)}
        if lengths != {count} or len(chunk.problems) != count:
            raise ValueError(f"stored entries from seq {first_seq} are damaged")
        return chunk

    def entry(self, i: int) -> ScanEntry:
        """Entry ``i`` of the chunk as a :class:`ScanEntry`."""
        mtime = self.mtimes[i]
        extras = self.extras
        return ScanEntry(
            self.paths[i],
            KINDS_BY_CODE[self.kinds[i]],
            self.sizes[i],
            None if math.isnan(mtime) else mtime,
            problems_of_mask(self.problems[i]),
            hash=extras.hash.get(i),
            hash_name=extras.hash_name.get(i),
            item_id=extras.item_id.get(i),
            link_target=extras.link.get(i),
            error=extras.error.get(i),
        )

    def entries(self) -> Iterator[ScanEntry]:
        """Every entry of the chunk, in order."""
        for i in range(len(self.paths)):
            yield self.entry(i)
