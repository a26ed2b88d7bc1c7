"""``cardsort drive login gdrive``: stores sign-ins privately and refuses bad input clearly."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cardsort.cli import cli
from drive_adapters.gdrive.auth import load_credentials, stored_login
from drive_adapters.inventory import Problem


def service_account_key(path: Path) -> Path:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    path.write_text(
        json.dumps(
            {
                "type": "service_account",
                "project_id": "blokhuus",
                "private_key_id": "k1",
                "private_key": pem,
                "client_email": "cardsort@blokhuus.iam.gserviceaccount.com",
                "client_id": "1",
                "token_uri": "https://oauth2.googleapis.com/token",
            }
        )
    )
    return path


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config" / "gdrive"
    monkeypatch.setenv("CARDSORT_GDRIVE_DIR", str(folder))
    monkeypatch.setenv("CARDSORT_STORE", str(tmp_path / "store.sqlite"))
    return folder


def test_service_account_login_keeps_a_private_copy_and_acts_as_the_subject(
    config: Path, tmp_path: Path
) -> None:
    key = service_account_key(tmp_path / "key.json")
    result = CliRunner().invoke(
        cli,
        ["drive", "login", "gdrive", "--service-account", str(key), "--subject", "ict@blokhuus.nl"],
    )
    assert result.exit_code == 0, result.output
    assert "ict@blokhuus.nl" in result.output and "PRIVATE KEY" not in result.output
    assert stat.S_IMODE(config.stat().st_mode) == 0o700
    for kept in config.iterdir():
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    login = stored_login()
    assert login.mode == "service_account" and login.subject == "ict@blokhuus.nl"
    creds = load_credentials({})
    assert creds._subject == "ict@blokhuus.nl"
    other = load_credentials({}, subject="juf.anja@blokhuus.nl")  # a mydrive:USER target
    assert other._subject == "juf.anja@blokhuus.nl"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Give either --client-secrets"),
        (["--service-account", "KEY"], "needs --subject"),
        (
            ["--service-account", "NOTKEY", "--subject", "ict@blokhuus.nl"],
            "not a service-account key",
        ),
        (["--client-secrets", "NOTKEY"], "not an OAuth client of type 'Desktop app'"),
        (["--service-account", "MISSING", "--subject", "ict@blokhuus.nl"], "does not exist"),
    ],
)
def test_bad_input_is_a_clear_error_and_stores_nothing(
    config: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    key = service_account_key(tmp_path / "key.json")
    (tmp_path / "other.json").write_text(json.dumps({"web": {}}))
    real = [
        {
            "KEY": str(key),
            "NOTKEY": str(tmp_path / "other.json"),
            "MISSING": str(tmp_path / "missing.json"),
        }.get(a, a)
        for a in args
    ]
    result = CliRunner().invoke(cli, ["drive", "login", "gdrive", *real])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not config.exists() or not any(config.iterdir())


def test_without_a_stored_login_the_adapter_says_how_to_sign_in(config: Path) -> None:
    from drive_adapters.base import DriveError
    from drive_adapters.gdrive import open_target

    with pytest.raises(DriveError, match="cardsort drive login gdrive"):
        open_target("shared:Team", {})


def test_scan_stores_a_gdrive_snapshot_with_ids_and_flags(
    config: Path, tmp_path: Path, fake: Any
) -> None:
    from sessions.inventory import iter_entries, latest_snapshot
    from sessions.store import Store
    from tests.fakes.drive_server import FOLDER

    drive_id = next(iter(fake.drive.drives))
    folder = fake.drive.create({"name": "Zorg", "mimeType": FOLDER, "parents": [drive_id]}, True)
    fake.drive.create({"name": "plan.pdf", "parents": [folder.id]}, True, content=b"%PDF")
    fake.drive.create(
        {
            "name": "Notulen",
            "mimeType": "application/vnd.google-apps.document",
            "parents": [folder.id],
        },
        True,
    )
    result = CliRunner().invoke(
        cli,
        [
            "drive",
            "gdrive",
            "scan",
            "shared:Team Blokhuus",
            "--api-endpoint",
            fake.api_endpoint,
            "--ca-certs",
            str(fake.ca_path),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2 files, 1 folders" in result.output.replace("\n", " ")
    store = Store.open(tmp_path / "store.sqlite")
    try:
        snap = latest_snapshot(store)
        assert snap.source == "gdrive" and snap.root == f"gdrive:shared:{drive_id}"
        assert snap.change_cursor  # the changes token, taken before the walk, for a catch-up
        entries = {e.path: e for e in iter_entries(store, snap.id)}
    finally:
        store.close()
    assert entries[b"Zorg/plan.pdf"].item_id is not None
    assert entries[b"Zorg/plan.pdf"].hash_name == "sha256"
    assert entries[b"Zorg/Notulen"].problems == (Problem.CLOUD_DOCUMENT,)


def test_upload_command_copies_and_verifies(config: Path, tmp_path: Path, fake: Any) -> None:
    share = tmp_path / "share"
    (share / "Groep 3").mkdir(parents=True)
    (share / "Groep 3" / "rooster.docx").write_bytes(b"rooster")
    args = [
        "drive",
        "gdrive",
        "upload",
        str(share),
        "shared:Team Blokhuus",
        "--into",
        "Oud",
        "--record",
        str(tmp_path / "kopie"),
        "--api-endpoint",
        fake.api_endpoint,
        "--ca-certs",
        str(fake.ca_path),
        "--lang",
        "en",
    ]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "1 files checked, 1 by content; 0 differences" in first.output
    assert (tmp_path / "kopie" / "plan.yaml").exists()  # the copy's plan and journal
    again = CliRunner().invoke(cli, args)  # a second run finds everything done
    assert again.exit_code == 0, again.output
    assert fake.drive.duplicate_names() == []


def test_an_upload_paused_by_the_daily_cap_stops_with_status_4_and_the_same_command_finishes(
    config: Path, tmp_path: Path, fake_factory: Any
) -> None:
    from tests.fakes.drive_server import Chaos

    server, _ = fake_factory(chaos=Chaos(upload_cap_bytes=300), keep_content=True)
    share = tmp_path / "share"
    for n in range(6):
        (share / "Groep 3").mkdir(parents=True, exist_ok=True)
        (share / "Groep 3" / f"toets {n}.docx").write_bytes(bytes([n]) * 200)
    args = [
        "drive", "gdrive", "upload", str(share), "shared:Team Blokhuus", "--record",
        str(tmp_path / "kopie"), "--concurrency", "1", "--api-endpoint", server.api_endpoint,
        "--ca-certs", str(server.ca_path), "--lang", "en",
    ]  # fmt: skip
    paused = CliRunner().invoke(cli, args)
    assert paused.exit_code == 4, paused.output  # ExitStatus.STOPPED: the journal knows where
    assert "750 GB" in paused.output and "cardsort migrate resume" in paused.output
    assert 0 < len([f for f in server.drive.live_files() if not f.is_folder]) < 6
    server.drive.chaos.upload_cap_bytes = None  # the next day
    finished = CliRunner().invoke(cli, args)
    assert finished.exit_code == 0, finished.output
    assert "6 files checked, 6 by content; 0 differences" in finished.output
    assert server.drive.duplicate_names() == []
