"""What both fake clouds share: seeded chaos that does not depend on thread timing, and counters.

**Deterministic chaos.** A fake must not draw its faults from one random number generator that
racing server threads pull from: then which request gets the 429 depends on which thread came
first, and a "seeded" chaos test fails now and then. :class:`Dice` instead decides each fault
from the seed, the *identity* of the request (method, path with random session tokens replaced
by what the session is for, ``Content-Range`` …) and how many times that same request has been
seen before. The same seed and the same requests give the same faults whatever the timing, and a
retried request rolls again (its occurrence number differs), so retries eventually get through.

**Counters.** :class:`Counters` counts requests per label and HTTP requests in total, under one
lock, for tests and benchmarks.
"""

from __future__ import annotations

import collections
import hashlib
import threading

__all__ = ["Counters", "Dice"]


class Dice:
    """Rolls in ``[0, 1)`` from ``(seed, identity, occurrence, purpose)``: no shared state but
    the per-identity occurrence counter."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._seen: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()

    def occurrence(self, identity: str) -> int:
        """How many times this identity was seen before (and count this time)."""
        with self._lock:
            n = self._seen[identity]
            self._seen[identity] = n + 1
            return n

    def roll(self, identity: str, occurrence: int, purpose: str = "") -> float:
        """A reproducible number in ``[0, 1)`` for this request and purpose."""
        key = f"{self.seed}\x00{identity}\x00{occurrence}\x00{purpose}".encode()
        digest = hashlib.blake2b(key, digest_size=8).digest()
        return int.from_bytes(digest, "big") / 2**64

    def pick(self, identity: str, occurrence: int, purpose: str, n: int) -> int:
        """A reproducible choice among ``n``."""
        return min(n - 1, int(self.roll(identity, occurrence, purpose) * n))


class Counters:
    """Requests per label, and HTTP requests in total (a batch counts once)."""

    def __init__(self) -> None:
        self._counts: collections.Counter[str] = collections.Counter()
        self._total = 0
        self._lock = threading.Lock()

    def count(self, label: str, *, http: bool = False, n: int = 1) -> int:
        """Count ``label``; with ``http`` also one HTTP request. Returns the HTTP total."""
        with self._lock:
            self._counts[label] += n
            if http:
                self._total += 1
            return self._total

    def counts(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def get(self, label: str) -> int:
        with self._lock:
            return self._counts[label]

    def total(self) -> int:
        with self._lock:
            return self._total

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()
            self._total = 0
