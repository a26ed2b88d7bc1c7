"""The bottom of every Graph HTTP stack: the shared pacer and classifier applied to each request.

Every request of the adapter (SDK calls, ``$batch``, upload fragments) passes through
:class:`PacedTransport`: it holds a concurrency slot, waits while the pacer is blocked, sends,
and asks :func:`drive_adapters.remote.classify.classify` what a failure means. Throttled
answers block the *whole* pacer for the ``Retry-After``; server errors, SharePoint's
load-related ``400`` and dropped connections or timeouts (any method, see the classifier) are
retried with backoff; everything else (``423`` included) goes back to the adapter. msgraph-sdk's
own retry middleware is left out of the chain (it retries per request only and never a POST).
"""

from __future__ import annotations

import asyncio
import json

import httpx

from drive_adapters.remote.classify import Failure, classify
from drive_adapters.remote.pacer import Pacer, PacerStats, parse_retry_after

__all__ = ["PacedTransport", "Pacer", "PacerStats", "failure_of", "parse_retry_after"]

#: Statuses whose body the transport reads to classify (small JSON error bodies).
_CLASSIFY = frozenset({400, 429, 500, 502, 503, 504})


def failure_of(status: int, body: bytes, headers: httpx.Headers, method: str) -> Failure:
    """A Graph error response as the shared classifier's :class:`Failure`."""
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        data = {}
    err = data.get("error") if isinstance(data, dict) else None
    err = err if isinstance(err, dict) else {}
    inner = err.get("innerError") or err.get("innererror") or {}
    return Failure(
        status=status,
        code=err.get("code"),
        inner=inner.get("code") if isinstance(inner, dict) else None,
        message=str(err.get("message") or ""),
        retry_after=parse_retry_after(headers.get("Retry-After")),
        method=method,
    )


class PacedTransport(httpx.AsyncBaseTransport):
    """Pacing, Retry-After, User-Agent and retries as the shared classifier says."""

    def __init__(self, inner: httpx.AsyncBaseTransport, pacer: Pacer, user_agent: str) -> None:
        self.inner = inner
        self.pacer = pacer
        self.user_agent = user_agent

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers["User-Agent"] = self.user_agent
        pacer = self.pacer
        attempt = 0
        body = request.read()  # buffered, so a retry can send it again
        while True:
            async with pacer.slots():
                await pacer.wait_turn_async()
                try:
                    if attempt:
                        request.stream = httpx.ByteStream(body)
                    response = await self.inner.handle_async_request(request)
                except httpx.TransportError:
                    pacer.note(0)
                    verdict = classify(Failure(0, method=request.method))
                    if not pacer.should_retry(verdict, attempt):
                        raise
                    await asyncio.sleep(pacer.wait_for(verdict, attempt))
                    attempt += 1
                    continue
            status = response.status_code
            pacer.note(status)
            if status not in _CLASSIFY:
                return response
            raw = await response.aread()
            failure = failure_of(status, raw, response.headers, request.method)
            verdict = classify(failure)
            if not pacer.should_retry(verdict, attempt):
                return response
            await response.aclose()
            wait = pacer.wait_for(verdict, attempt)
            if verdict.kind == "throttled":
                pacer.block_for(wait)
            else:
                await asyncio.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self.inner.aclose()
