"""Building a msgraph-sdk client: signed in for a real tenant, anonymous for the local fake.

Both kinds go through the same HTTP stack: msgraph-sdk's default middleware minus its retry
handler, on top of :class:`~drive_adapters.onedrive.pacing.PacedTransport` (shared pacer,
Retry-After, decorated User-Agent). A second, bare httpx client on the same transport sends
upload fragments and copy-monitor polls, which must carry no ``Authorization`` header.

Sign-in (real tenants): device code for an admin at a terminal (delegated
``Files.ReadWrite.All``, plus ``Sites.Read.All`` to find a SharePoint site by its URL), or
app-only with a client secret or certificate (``Sites.Selected`` granted on the one site). The
token cache is persisted only through azure-identity's *encrypted* persistence; where the
platform offers no secure store, sign-in is refused with :class:`SecureStoreUnavailable` rather
than writing tokens in plain text. Secrets come from the environment, never from plans or logs.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
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

from drive_adapters.base import DriveError
from drive_adapters.onedrive.pacing import PacedTransport, Pacer

__all__ = [
    "APP_SCOPES",
    "DELEGATED_SCOPES",
    "GRAPH_URL",
    "AuthSettings",
    "GraphClients",
    "SecureStoreUnavailable",
    "build_clients",
    "check_secure_store",
    "make_credential",
    "user_agent",
]

GRAPH_URL = "https://graph.microsoft.com/v1.0"
DELEGATED_SCOPES = ["Files.ReadWrite.All", "Sites.Read.All"]
APP_SCOPES = ["https://graph.microsoft.com/.default"]
TOKEN_CACHE_NAME = "cardsort-drive"
SECRET_ENV = "CARDSORT_GRAPH_CLIENT_SECRET"


class SecureStoreUnavailable(DriveError):
    """There is no encrypted place for the token cache on this machine."""


def user_agent() -> str:
    """``NONISV|cardsort-drive|cardsort-drive/<version>``: decorated, as Graph's throttling
    guidance asks (undecorated traffic is throttled first)."""
    try:
        version = importlib.metadata.version("cardsort-drive")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from a checkout
        version = "0.0.0"
    return f"NONISV|cardsort-drive|cardsort-drive/{version}"


@dataclass(frozen=True)
class AuthSettings:
    """How to sign in. ``mode``: ``device``, ``secret``, ``certificate`` or ``none`` (fake)."""

    mode: str = "device"
    tenant_id: str = "organizations"
    client_id: str = ""
    certificate_path: str | None = None
    record_path: Path | None = None  # where the (non-secret) AuthenticationRecord is kept


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


def check_secure_store() -> None:
    """Raise :class:`SecureStoreUnavailable` unless msal-extensions can encrypt a cache here."""
    try:
        from msal_extensions import build_encrypted_persistence

        with tempfile.TemporaryDirectory() as scratch:
            probe = build_encrypted_persistence(str(Path(scratch) / "probe.cache"))
            probe.save("{}")
    except Exception as error:  # ImportError (no libsecret/gi), keyring locked, no DPAPI…
        raise SecureStoreUnavailable(
            "This computer has no secure place to keep sign-in tokens "
            f"({type(error).__name__}: {error}). cardsort-drive will not store them unencrypted. "
            "On Linux install and unlock a keyring (gnome-keyring + python3-gi / libsecret), "
            "or sign in app-only with a certificate on a machine that has one."
        ) from error


def make_credential(settings: AuthSettings, *, prompt: Any = None) -> Any:
    """An azure-identity credential for ``settings``, with an encrypted persistent cache."""
    from azure.identity import (
        AuthenticationRecord,
        CertificateCredential,
        ClientSecretCredential,
        DeviceCodeCredential,
        TokenCachePersistenceOptions,
    )

    if not settings.client_id:
        raise DriveError("A client id (app registration) is needed to sign in to Microsoft 365.")
    check_secure_store()
    cache = TokenCachePersistenceOptions(name=TOKEN_CACHE_NAME)
    if settings.mode == "device":
        record = None
        if settings.record_path is not None and settings.record_path.is_file():
            record = AuthenticationRecord.deserialize(settings.record_path.read_text("utf-8"))
        return DeviceCodeCredential(
            client_id=settings.client_id,
            tenant_id=settings.tenant_id,
            cache_persistence_options=cache,
            authentication_record=record,
            prompt_callback=prompt,
        )
    if settings.mode == "secret":
        secret = os.environ.get(SECRET_ENV)
        if not secret:
            raise DriveError(f"Set {SECRET_ENV} to the app's client secret (it is never stored).")
        return ClientSecretCredential(
            settings.tenant_id, settings.client_id, secret, cache_persistence_options=cache
        )
    if settings.mode == "certificate":
        if not settings.certificate_path or not Path(settings.certificate_path).is_file():
            raise DriveError("App-only sign-in with a certificate needs --certificate PATH.")
        return CertificateCredential(
            settings.tenant_id, settings.client_id, settings.certificate_path,
            cache_persistence_options=cache,
        )  # fmt: skip
    raise DriveError(f"Unknown sign-in mode {settings.mode!r} (device, secret or certificate).")


def save_record(record: Any, path: Path) -> None:
    """Keep the AuthenticationRecord (account and tenant ids, no secrets) for silent sign-in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = record.serialize()
    json.loads(data)  # refuse to write anything that is not the plain JSON record
    path.write_text(data, "utf-8")


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
