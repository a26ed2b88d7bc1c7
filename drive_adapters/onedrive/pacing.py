"""Throttling done the way Graph asks: one pacer shared by every worker of an adapter.

Every request of the adapter (SDK calls, ``$batch``, upload fragments) passes through
:class:`PacedTransport`, which holds a concurrency slot, waits while the pacer is blocked, sends,
and on ``429``/``503`` blocks the *whole* pacer for exactly the ``Retry-After`` the service gave
before trying again. So one throttled request slows everybody down, as Microsoft's throttling
guidance expects, instead of N workers hammering on. msgraph-sdk's own retry middleware is left
out of the chain (it retries per request only, see notes/drive-platforms.md §4).
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass, field

import httpx

__all__ = ["PacedTransport", "Pacer", "PacerStats", "parse_retry_after"]

#: Used when a 429/503 carries no usable Retry-After.
DEFAULT_RETRY_AFTER = 5.0
_RETRY_GET_ON_NETWORK_ERROR = frozenset({"GET", "HEAD"})


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds (fractions accepted, the
    fake uses them to keep tests fast) or an HTTP date. None when absent or unreadable."""
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
    """What the pacer saw: requests sent, throttled answers, network retries, seconds blocked."""

    requests: int = 0
    throttled: int = 0
    network_retries: int = 0
    blocked_seconds: float = 0.0
    by_status: dict[int, int] = field(default_factory=dict)


class Pacer:
    """Shared concurrency limit plus a 'nobody sends before T' barrier set by Retry-After."""

    def __init__(self, concurrency: int = 4, *, max_retries: int = 10) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.concurrency = concurrency
        self.max_retries = max_retries
        self.stats = PacerStats()
        self._blocked_until = 0.0
        self._semaphore: asyncio.Semaphore | None = None

    def _slots(self) -> asyncio.Semaphore:
        if self._semaphore is None:  # created lazily, on the adapter's own loop
            self._semaphore = asyncio.Semaphore(self.concurrency)
        return self._semaphore

    def block_for(self, seconds: float) -> None:
        """Hold every request back for ``seconds`` from now (never shortens a longer block)."""
        until = time.monotonic() + seconds
        if until > self._blocked_until:
            self.stats.blocked_seconds += until - max(self._blocked_until, time.monotonic())
            self._blocked_until = until

    async def wait_turn(self) -> None:
        """Sleep until the pacer is no longer blocked."""
        while (delay := self._blocked_until - time.monotonic()) > 0:
            await asyncio.sleep(delay)


class PacedTransport(httpx.AsyncBaseTransport):
    """The bottom of the HTTP stack: pacing, Retry-After, User-Agent, safe network retries."""

    def __init__(self, inner: httpx.AsyncBaseTransport, pacer: Pacer, user_agent: str) -> None:
        self.inner = inner
        self.pacer = pacer
        self.user_agent = user_agent

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["User-Agent"] = self.user_agent
        pacer = self.pacer
        attempt = 0
        while True:
            async with pacer._slots():
                await pacer.wait_turn()
                pacer.stats.requests += 1
                try:
                    response = await self.inner.handle_async_request(request)
                except httpx.TransportError:
                    if (
                        request.method in _RETRY_GET_ON_NETWORK_ERROR
                        and attempt < pacer.max_retries
                    ):
                        attempt += 1
                        pacer.stats.network_retries += 1
                        await asyncio.sleep(min(0.05 * 2**attempt, 2.0))
                        continue
                    raise
            status = response.status_code
            pacer.stats.by_status[status] = pacer.stats.by_status.get(status, 0) + 1
            if status in (429, 503) and attempt < pacer.max_retries:
                wait = parse_retry_after(response.headers.get("Retry-After"))
                await response.aread()
                await response.aclose()
                pacer.stats.throttled += 1
                pacer.block_for(DEFAULT_RETRY_AFTER if wait is None else wait)
                attempt += 1
                continue
            return response

    async def aclose(self) -> None:
        await self.inner.aclose()
