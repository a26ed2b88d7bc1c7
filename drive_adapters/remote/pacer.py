"""One pacer per adapter, shared by all its workers: how long everybody waits, and why.

The pacer holds three things, for both clouds:

* a barrier "nobody sends before T", raised by a throttled answer to exactly the service's
  ``Retry-After`` (one throttled request slows every worker down, as Graph's and SharePoint's
  throttling guidance asks, instead of N workers hammering on);
* backoff for retries without a ``Retry-After`` (server errors, dropped connections): truncated
  exponential, deterministic (no shared random number generator drawn by racing threads);
* an optional sustained write rate (Drive throttles writes per user and counts every part of a
  batch, developers.google.com/drive/api/guides/limits and …/guides/performance#batch): a token
  bucket that writes draw from before they are sent.

It is thread-safe and usable from synchronous code (Google's client, on threads) and from asyncio
(msgraph-sdk's transport); ``time_scale`` shrinks every wait for tests against the fakes.
"""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from drive_adapters.remote.classify import DEFAULT_RETRY_AFTER, Verdict

__all__ = ["Pacer", "PacerStats", "parse_retry_after"]


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds (fractions accepted, the
    fakes use them to keep tests fast) or an HTTP date. None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds)


@dataclass
class PacerStats:
    """What the pacer saw: requests, retries by kind, deferrals, seconds blocked."""

    requests: int = 0
    throttled: int = 0
    network_retries: int = 0
    blocked_seconds: float = 0.0
    by_status: dict[int, int] = field(default_factory=dict)
    retries: Counter[str] = field(default_factory=Counter)  #: by classifier kind
    deferred: int = 0


class Pacer:
    """Concurrency, the Retry-After barrier, backoff and a write budget for one adapter."""

    def __init__(
        self, concurrency: int = 4, *, max_retries: int = 10, base_delay: float = 0.5,
        max_delay: float = 60.0, time_scale: float = 1.0, writes_per_second: float | None = None,
        write_burst: int = 10,
    ) -> None:  # fmt: skip
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.time_scale = time_scale
        self.writes_per_second = writes_per_second
        self.write_burst = write_burst
        self.stats = PacerStats()
        self._lock = threading.Lock()
        self._blocked_until = 0.0
        self._tokens = float(write_burst)
        self._refilled = time.monotonic()
        self._semaphore: asyncio.Semaphore | None = None

    # ---- decisions (pure, apart from the stats)

    def backoff(self, attempt: int) -> float:
        """Seconds before retry ``attempt`` (0-based) when the service gave no wait."""
        return float(min(self.max_delay, self.base_delay * 2**attempt) * self.time_scale)

    def should_retry(self, verdict: Verdict, attempt: int) -> bool:
        """Whether a retryable verdict still has a try left at ``attempt`` (0-based)."""
        return verdict.retry and attempt < min(verdict.attempts, self.max_retries)

    def wait_for(self, verdict: Verdict, attempt: int) -> float:
        """How long to hold back before retrying after ``verdict``; counts the retry."""
        with self._lock:
            self.stats.retries[verdict.kind] += 1
            if verdict.kind == "throttled":
                self.stats.throttled += 1
            elif verdict.kind == "network":
                self.stats.network_retries += 1
        if verdict.kind == "throttled":
            wait = verdict.wait if verdict.wait is not None else DEFAULT_RETRY_AFTER
            return wait * self.time_scale
        if verdict.wait is not None:
            return verdict.wait * self.time_scale
        return self.backoff(attempt)

    def note(self, status: int) -> None:
        """Count one answer."""
        with self._lock:
            self.stats.requests += 1
            self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1

    # ---- the barrier

    def block_for(self, seconds: float) -> None:
        """Hold every request back for ``seconds`` from now (never shortens a longer block)."""
        with self._lock:
            now = time.monotonic()
            until = now + seconds
            if until > self._blocked_until:
                self.stats.blocked_seconds += until - max(self._blocked_until, now)
                self._blocked_until = until

    def _delay(self) -> float:
        with self._lock:
            return self._blocked_until - time.monotonic()

    def wait_turn(self) -> None:
        """Sleep (this thread) until the barrier is down."""
        while (delay := self._delay()) > 0:
            time.sleep(delay)

    async def wait_turn_async(self) -> None:
        """Sleep (this task) until the barrier is down."""
        while (delay := self._delay()) > 0:
            await asyncio.sleep(delay)

    def slots(self) -> asyncio.Semaphore:
        """The concurrency limit for asyncio callers (made on first use, on their loop)."""
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.concurrency)
        return self._semaphore

    # ---- the write budget

    def _take(self, n: int) -> float:
        """Take ``n`` write tokens; the seconds to wait before they are all there."""
        rate = self.writes_per_second
        if not rate:
            return 0.0
        with self._lock:
            now = time.monotonic()
            self._tokens = min(
                float(self.write_burst), self._tokens + (now - self._refilled) * rate
            )
            self._refilled = now
            self._tokens -= n
            return max(0.0, -self._tokens / rate) * self.time_scale

    def acquire_writes(self, n: int = 1) -> float:
        """Block until ``n`` writes fit the sustained rate; returns the seconds waited."""
        wait = self._take(n)
        if wait > 0:
            time.sleep(wait)
        return wait
