"""Sign-in refusals, option checking and Retry-After parsing: the parts with no server."""

from __future__ import annotations

import email.utils
import time

import pytest

from drive_adapters.base import DriveError
from drive_adapters.onedrive import open_target
from drive_adapters.onedrive.auth import (
    AuthSettings,
    SecureStoreUnavailable,
    check_secure_store,
    make_credential,
)
from drive_adapters.onedrive.transport import parse_retry_after
from tests.fakes.graph_server import FakeGraphServer


def test_no_secure_store_means_no_sign_in(monkeypatch: pytest.MonkeyPatch) -> None:
    import msal_extensions

    def broken(location: str) -> object:
        raise ImportError("no libsecret here")

    monkeypatch.setattr(msal_extensions, "build_encrypted_persistence", broken)
    with pytest.raises(SecureStoreUnavailable, match="will not store them unencrypted"):
        check_secure_store()
    with pytest.raises(SecureStoreUnavailable):
        make_credential(AuthSettings(mode="device", client_id="00000000-app"))


def test_sign_in_needs_a_client_id_and_a_known_mode() -> None:
    with pytest.raises(DriveError, match="client id"):
        make_credential(AuthSettings(mode="device", client_id=""))


def test_bad_options_are_refused_before_any_request(graph: FakeGraphServer) -> None:
    for options in ({"concurrency": "many"}, {"concurrency": "0"}, {"fragment_size": "1000"}):
        with pytest.raises(DriveError):
            open_target("me", {"base_url": graph.url, **options})
    assert graph.total_requests() == 0


def test_retry_after_in_seconds_fractions_and_dates() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("0.25") == 0.25
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    now = time.time()
    when = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(when, now=now) == pytest.approx(30, abs=1.5)
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0


class _StaticCredential:
    """A stand-in for azure-identity's DeviceCodeCredential (same get_token shape)."""

    def authenticate(self, **_: object) -> None:
        return None

    def get_token(self, *scopes: str, **_: object) -> object:
        from azure.core.credentials import AccessToken

        return AccessToken("test-token", int(time.time()) + 3600)


def test_signed_in_requests_carry_the_token_but_fragments_never_do(tmp_path: object) -> None:
    import os
    from pathlib import Path

    from drive_adapters.onedrive._loop import LoopThread
    from drive_adapters.onedrive.adapter import OneDriveAdapter
    from drive_adapters.onedrive.transport import build_clients

    with FakeGraphServer() as server:
        clients = build_clients(base_url=server.url, credential=_StaticCredential())
        adapter = OneDriveAdapter(
            clients, LoopThread(), server.me.id, simple_upload_max=1000, fragment_size=327680
        )
        try:
            source = Path(str(tmp_path)) / "film.bin"
            source.write_bytes(os.urandom(700_000))
            item = adapter.upload(source, adapter.root().id, "film.bin")
        finally:
            adapter.close()
        assert item.size == 700_000
        assert server.counts()["PUT upload"] == 3  # the fake answers 401 to a fragment with a token
        assert server.authorized["v1.0"] == 2  # the root and createUploadSession were signed
        assert server.authorized["upload"] == 0
