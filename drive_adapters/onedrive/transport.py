"""The Graph HTTP stack: the SDK client and a bare client on one paced transport.

Every request of the adapter (SDK calls, ``$batch``, upload fragments) passes through
:class:`PacedTransport`: it holds a concurrency slot, waits while the pacer is blocked, sends,
and asks :func:`drive_adapters.remote.classify.classify` what a failure means. Throttled
answers block the *whole* pacer for the ``Retry-After``; server errors, SharePoint's
load-related ``400`` and dropped connections or timeouts (any method, see the classifier) are
retried with backoff; everything else (``423`` included) goes back to the adapter. msgraph-sdk's
own retry middleware is left out of the chain (it retries per request only and never a POST).
A second, bare httpx client on the same transport sends upload fragments and copy-monitor
polls, which must carry no ``Authorization`` header. Both are anonymous for the local fake.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from kiota_abstractions.authentication import (
    AnonymousAuthenticationProvider,
    AuthenticationProvider,
)
from kiota_abstractions.request_option import RequestOption
from kiota_http.kiota_client_factory import KiotaClientFactory
from kiota_http.middleware import RetryHandler
from kiota_http.middleware.options import UrlReplaceHandlerOption
from msgraph.graph_request_adapter import GraphRequestAdapter
from msgraph.graph_service_client import GraphServiceClient
from msgraph_core import GraphClientFactory

from drive_adapters.onedrive.auth import APP_SCOPES, DELEGATED_SCOPES
from drive_adapters.remote.classify import Failure
from drive_adapters.remote.pacer import Pacer, PacerStats, parse_retry_after

__all__ = [
    "GRAPH_URL",
    "GraphClients",
    "PacedTransport",
    "Pacer",
    "PacerStats",
    "build_clients",
    "failure_of",
    "parse_retry_after",
    "user_agent",
]

GRAPH_URL = "https://graph.microsoft.com/v1.0"


#: Statuses whose body the transport reads to classify (small JSON error bodies; 423 only to
#: count the deferral, it is never retried).
_CLASSIFY = frozenset({400, 423, 429, 500, 502, 503, 504})


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
                    wait = pacer.after(Failure(0, method=request.method), attempt)
                    if wait is None:
                        raise
                    await asyncio.sleep(wait)
                    attempt += 1
                    continue
            status = response.status_code
            pacer.note(status)
            if status not in _CLASSIFY:
                return response
            raw = await response.aread()
            wait = pacer.after(failure_of(status, raw, response.headers, request.method), attempt)
            if wait is None:
                return response
            await response.aclose()
            await asyncio.sleep(wait)
            attempt += 1

    async def aclose(self) -> None:
        await self.inner.aclose()


def user_agent() -> str:
    """``NONISV|cardsort-drive|cardsort-drive/<version>``: decorated, as Graph's throttling
    guidance asks (undecorated traffic is throttled first)."""
    try:
        version = importlib.metadata.version("cardsort-drive")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        version = "0.0.0"
    return f"NONISV|cardsort-drive|cardsort-drive/{version}"


@dataclass
class GraphClients:
    """The SDK client, the bare fragment client, and the pacer they share."""

    graph: GraphServiceClient
    adapter: GraphRequestAdapter
    bare: httpx.AsyncClient
    pacer: Pacer
    base_url: str

    async def aclose(self) -> None:
        await self.bare.aclose()
        http = getattr(self.adapter, "_http_client", None)
        if isinstance(http, httpx.AsyncClient):
            await http.aclose()


def build_clients(
    *, base_url: str = GRAPH_URL, credential: Any = None, concurrency: int = 4,
    timeout: float = 60.0, max_retries: int = 10, time_scale: float = 1.0,
) -> GraphClients:  # fmt: skip
    """The SDK client and bare client. No credential means anonymous (the local fake).

    ``time_scale`` shrinks the pacer's backoff (tests against the fake); ``Retry-After`` from
    the service is honoured as given."""
    pacer = Pacer(concurrency, max_retries=max_retries, time_scale=time_scale)
    agent = user_agent()
    limits = httpx.Limits(max_connections=max(concurrency * 2, 8), max_keepalive_connections=16)

    def transport() -> PacedTransport:
        return PacedTransport(httpx.AsyncHTTPTransport(limits=limits, retries=0), pacer, agent)

    http = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport())
    # The SDK's own option for the ``/me`` URL rewrite; its retry handler is left out below.
    options: dict[str, RequestOption] = {
        UrlReplaceHandlerOption.get_key(): UrlReplaceHandlerOption(
            enabled=True, replacement_pairs={"/users/me-token-to-replace": "/me"}
        )
    }
    middleware = [
        m
        for m in KiotaClientFactory.get_default_middleware(options)
        if not isinstance(m, RetryHandler)
    ]
    http = GraphClientFactory.create_with_custom_middleware(middleware=middleware, client=http)
    auth: AuthenticationProvider
    if credential is None:
        auth = AnonymousAuthenticationProvider()
    else:
        # kiota's provider, not msgraph-core's: msgraph-core 1.5.2 passes its national-cloud
        # URLs ("https://…") as allowed hosts, which kiota refuses with a ValueError.
        from kiota_authentication_azure.azure_identity_authentication_provider import (
            AzureIdentityAuthenticationProvider,
        )

        scopes = APP_SCOPES if not hasattr(credential, "authenticate") else DELEGATED_SCOPES
        host = urlsplit(base_url).hostname or "graph.microsoft.com"
        auth = AzureIdentityAuthenticationProvider(credential, scopes=scopes, allowed_hosts=[host])
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = base_url
    bare = httpx.AsyncClient(timeout=timeout, transport=transport())
    return GraphClients(GraphServiceClient(request_adapter=adapter), adapter, bare, pacer, base_url)
