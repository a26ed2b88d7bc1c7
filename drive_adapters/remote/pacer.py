"""One pacer per adapter, shared by all its workers: how long everybody waits, and why.

The pacer holds three things, for both clouds:

* a barrier "nobody sends before T", raised by a throttled answer to exactly the service's
  ``Retry-After`` (one throttled request slows every worker down, as Graph's and SharePoint's
  throttling guidance asks, instead of N workers hammering on);
* backoff for retries without a ``Retry-After`` (server errors, dropped connections, and a
  throttled answer that gave no wait, as Drive's rate limits never do): truncated exponential,
  deterministic (no shared random number generator drawn by racing threads);
* an optional sustained write rate (Drive throttles writes per user and counts every part of a
  batch, developers.google.com/drive/api/guides/limits and …/guides/performance#batch): a token
  bucket that writes draw from before they are sent.

It is thread-safe and usable from synchronous code (Google's client, on threads: :meth:`Pacer.call`)
and from asyncio (msgraph-sdk's transport: :meth:`Pacer.slots`, :meth:`Pacer.wait_turn_async`);
both ask :meth:`Pacer.after` what a failed request means, so the two clouds retry, wait and give
up by the same rules. ``time_scale`` shrinks every wait (the ``retry_scale`` target option) for
tests against the fakes; a ``Retry-After`` the service gave is scaled too.
"""

from __future__ import annotations

import asyncio
import email.utils
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from drive_adapters.remote.classify import Action, Failure, Verdict, classify

__all__ = ["Pacer", "PacerStats", "parse_retry_after"]

T = TypeVar("T")


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
        write_burst: int = 10, clock: Callable[[], float] = time.monotonic,
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
        #: Where the write budget reads the time (a test's frozen clock makes it exact).
        self._clock = clock
        self._tokens = float(write_burst)
        self._refilled = clock()
        self._semaphore: asyncio.Semaphore | None = None
        self._threads = threading.BoundedSemaphore(concurrency)

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
        if verdict.wait is not None:
            return verdict.wait * self.time_scale
        if verdict.kind == "throttled":
            # No Retry-After (Drive never sends one): exponential backoff from 1 s, as
            # developers.google.com/drive/api/guides/limits and learn.microsoft.com/graph/
            # throttling ask ("wait 1 + random seconds, 2 + random, 4 + random …").
            return self.backoff(attempt + 1)
        return self.backoff(attempt)

    def after(self, failure: Failure, attempt: int) -> float | None:
        """What the caller does after ``failure`` at try ``attempt`` (0-based).

        ``None``: give up, the failure is the answer (the caller reports it as the classifier's
        :func:`~drive_adapters.remote.classify.to_error` says). Otherwise the seconds *this*
        caller sleeps before sending again: 0 after a throttled answer, which raises the barrier
        for every caller instead (:meth:`wait_turn` then holds them all).
        """
        verdict = classify(failure)
        if not self.should_retry(verdict, attempt):
            if verdict.action is Action.DEFER:
                with self._lock:
                    self.stats.deferred += 1
            return None
        wait = self.wait_for(verdict, attempt)
        if verdict.kind == "throttled":
            self.block_for(wait)
            return 0.0
        return wait

    def call(
        self, send: Callable[[], T], failure_of: Callable[[BaseException], Failure | None],
        *, writes: int = 0,
    ) -> T:  # fmt: skip
        """Send one request from a thread, paced, retried as the classifier says.

        ``send`` sends the request (again, on a retry) and returns its answer; ``failure_of``
        reads an exception into a :class:`Failure` (``None``: not a request failure, raised as
        it is). Each try holds one of ``concurrency`` slots, waits for the barrier, and first
        draws ``writes`` tokens from the write budget (a retried write is another write for
        the service). When the retries are spent the last exception is raised unchanged.
        """
        attempt = 0
        while True:
            if writes:
                self.acquire_writes(writes)
            with self._threads:
                self.wait_turn()
                try:
                    answer = send()
                except Exception as error:
                    failure = failure_of(error)
                    if failure is None:
                        raise
                    self.note(failure.status)
                    wait = self.after(failure, attempt)
                    if wait is None:
                        raise
                else:
                    self.note(200)
                    return answer
            if wait > 0:
                time.sleep(wait)
            attempt += 1

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
            now = self._clock()
            self._tokens = min(
                float(self.write_burst), self._tokens + (now - self._refilled) * rate
            )
            self._refilled = now
            self._tokens -= n
            # a rate of its own (writes_per_second), not a retry wait: time_scale leaves it be
            return max(0.0, -self._tokens / rate)

    def acquire_writes(self, n: int = 1) -> float:
        """Block until ``n`` writes fit the sustained rate; returns the seconds waited."""
        wait = self._take(n)
        if wait > 0:
            time.sleep(wait)
        return wait
