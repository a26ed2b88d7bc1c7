"""QuickXorHash, the content hash OneDrive for Business and SharePoint report for every file.

The hash is a 160-bit register into which every byte of the file is XOR-ed at a bit offset that
advances by 11 per byte (wrapping around the 160 bits), followed by the file length XOR-ed into
the last 8 bytes (little-endian). Bytes whose positions are equal modulo 160 land on the same
offset, so a chunk is first folded into 160 lanes with numpy (one vectorised XOR-reduce) and only
the 160 lane values are rotated into the register in Python: fast enough to hash a share.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

import numpy as np

__all__ = ["QuickXorHash", "quickxorhash_bytes", "quickxorhash_file"]

_WIDTH = 160
_SHIFT = 11
_MASK = (1 << _WIDTH) - 1
_READ_SIZE = 1 << 20


class QuickXorHash:
    """Incremental QuickXorHash: ``update`` with chunks of any size, then ``base64``."""

    __slots__ = ("_length", "_state")

    def __init__(self) -> None:
        self._state = 0
        self._length = 0

    def update(self, data: bytes | bytearray | memoryview) -> None:
        """Feed the next bytes of the stream."""
        size = len(data)
        if size == 0:
            return
        buf = np.frombuffer(data, dtype=np.uint8)
        pad = (-size) % _WIDTH
        if pad:
            buf = np.concatenate((buf, np.zeros(pad, dtype=np.uint8)))
        lanes = np.bitwise_xor.reduce(buf.reshape(-1, _WIDTH), axis=0).tolist()
        start = self._length
        state = self._state
        for lane, value in enumerate(lanes):
            if value:
                offset = (_SHIFT * (start + lane)) % _WIDTH
                shifted = value << offset
                state ^= (shifted & _MASK) | (shifted >> _WIDTH)
        self._state = state
        self._length += size

    def digest(self) -> bytes:
        """The 20-byte hash of everything fed so far."""
        raw = bytearray(self._state.to_bytes(_WIDTH // 8, "little"))
        for i, byte in enumerate((self._length & ((1 << 64) - 1)).to_bytes(8, "little")):
            raw[_WIDTH // 8 - 8 + i] ^= byte
        return bytes(raw)

    def base64(self) -> str:
        """The hash as Graph reports it (``file.hashes.quickXorHash``)."""
        return base64.b64encode(self.digest()).decode("ascii")


def quickxorhash_bytes(data: bytes) -> str:
    """The base64 QuickXorHash of a byte string."""
    h = QuickXorHash()
    h.update(data)
    return h.base64()


def quickxorhash_file(path: Path) -> str:
    """The base64 QuickXorHash of a file, read in 1 MiB blocks; never through a symlink."""
    h = QuickXorHash()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        while block := handle.read(_READ_SIZE):
            h.update(block)
    return h.base64()
