"""The Drive transport: service objects built one per thread, for the real Google or a local fake.

``httplib2.Http`` is not thread-safe, so every thread gets its own transport (and service). For a
fake (``api_endpoint`` given) the four traps of notes/drive-platforms.md §7 are handled here:
``api_endpoint`` must include ``/drive/v3/``, media uploads keep ``https`` (so the fake serves TLS
and we pass ``ca_certs``), a hand-made ``Http`` must not follow 308, and batches need an explicit
batch URI.
"""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass
from typing import Any

import google_auth_httplib2
import httplib2
from google.auth.credentials import AnonymousCredentials
from googleapiclient.discovery import build
from googleapiclient.http import BatchHttpRequest

from drive_adapters.base import DriveError

__all__ = ["GOOGLE_BATCH_URI", "Connection", "ServiceFactory"]

GOOGLE_BATCH_URI = "https://www.googleapis.com/batch/drive/v3"


@dataclass(frozen=True)
class Connection:
    """Where and as whom to talk to Drive."""

    credentials: Any = None  #: google-auth credentials; ``None`` → anonymous (fakes only)
    api_endpoint: str | None = None  #: e.g. ``https://127.0.0.1:PORT/drive/v3/``
    ca_certs: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.api_endpoint is not None:
            parsed = urllib.parse.urlsplit(self.api_endpoint)
            if parsed.scheme != "https" or not parsed.path.rstrip("/").endswith("/drive/v3"):
                raise DriveError(
                    f"api_endpoint {self.api_endpoint!r} must be an https URL ending in /drive/v3/ "
                    "(media uploads always use https, and the client replaces the whole path)."
                )

    @property
    def batch_uri(self) -> str:
        """The batch endpoint: Google's, or the fake's ``/batch/drive/v3``."""
        if self.api_endpoint is None:
            return GOOGLE_BATCH_URI
        parsed = urllib.parse.urlsplit(self.api_endpoint)
        return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, "/batch/drive/v3", "", ""))


class ServiceFactory:
    """Per-thread Drive services and authorised transports."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._local = threading.local()

    def http(self) -> Any:
        """This thread's authorised ``httplib2`` transport."""
        http = getattr(self._local, "http", None)
        if http is None:
            raw = httplib2.Http(ca_certs=self.connection.ca_certs, timeout=self.connection.timeout)
            # A resumable upload answers 308 "Resume Incomplete": never follow it as a redirect.
            raw.redirect_codes = raw.redirect_codes - {308}
            creds = self.connection.credentials or AnonymousCredentials()  # type: ignore[no-untyped-call]
            http = google_auth_httplib2.AuthorizedHttp(creds, http=raw)
            self._local.http = http
        return http

    def service(self) -> Any:
        """This thread's ``drive`` v3 service (built from the bundled discovery document)."""
        svc = getattr(self._local, "service", None)
        if svc is None:
            options = None
            if self.connection.api_endpoint is not None:
                options = {"api_endpoint": self.connection.api_endpoint}
            svc = build(
                "drive",
                "v3",
                http=self.http(),
                static_discovery=True,
                cache_discovery=False,
                client_options=options,
            )
            self._local.service = svc
        return svc

    def files(self) -> Any:
        """This thread's ``files`` collection (building it costs ~1 ms, so it is kept)."""
        files = getattr(self._local, "files", None)
        if files is None:
            files = self.service().files()
            self._local.files = files
        return files

    def batch(self, callback: Any) -> BatchHttpRequest:
        """A batch request aimed at the right batch URI (never the discovery default)."""
        return BatchHttpRequest(callback=callback, batch_uri=self.connection.batch_uri)
