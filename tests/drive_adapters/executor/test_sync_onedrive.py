"""The catch-up against the fake OneDrive (Graph over real HTTP through the official SDK): a new
file and a changed one arrive in the new structure, the old copy goes to the archive folder, a
second catch-up does nothing and asks the drive about nothing it did not have to."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from drive_adapters.base import DriveAdapter
from drive_adapters.executor import Executor
from drive_adapters.executor.sync import ARCHIVE, CatchUp, Deleted
from drive_adapters.journal import Journal
from drive_adapters.onedrive import open_target
from drive_adapters.plan import Mode, Plan
from tests.drive_adapters.onedrive.onedrive_plans import upload_plan
from tests.fakes.graph_server import FakeGraphServer

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


@contextmanager
def copied_to_onedrive(
    tmp_path: Path, files_per_card: int
) -> Iterator[tuple[Path, Plan, FakeGraphServer, DriveAdapter]]:
    """A share of two cards (rekenen, taal), planned and copied to a fresh fake OneDrive."""
    share = tmp_path / "share"
    for card in ("rekenen", "taal"):
        for n in range(files_per_card):
            path = share / card / f"stuk {n}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f"{card} {n}\n".encode())
    plan = upload_plan(share)
    with FakeGraphServer() as server:
        adapter = open_target("me", {"base_url": server.url})
        journal = Journal(tmp_path / "journal.sqlite")
        try:
            Executor(plan, adapter, Mode.COPY, journal, target_label="onedrive:me").apply(
                check_source=False
            )
            yield share, plan, server, adapter
        finally:
            journal.close()
            adapter.close()


def test_catch_up_to_onedrive(tmp_path: Path) -> None:
    with copied_to_onedrive(tmp_path, 3) as (share, plan, server, adapter):
        (share / "rekenen" / "stuk 1.txt").write_bytes(b"bijgewerkt en langer\n")
        os.utime(share / "rekenen" / "stuk 1.txt", (1_700_000_000, 1_700_000_000))
        (share / "taal" / "nieuw.txt").write_bytes(b"nieuw\n")
        catch_up = CatchUp(plan, adapter, tmp_path / "sync.sqlite", Deleted.MIRROR)
        first = catch_up.run()
        requests_before = server.total_requests()
        second = catch_up.run()
        requests_second = server.total_requests() - requests_before
        catch_up.close()
        tree = server.tree()
    assert first.done == {"new": 1, "update": 1} and not first.listed
    assert second.nothing_changed
    assert requests_second == 0  # nothing changed in the source: the drive is not asked at all
    files = {p: v for p, v in tree.items() if not v["folder"]}
    assert files["Groep 1/Taal/nieuw.txt"]["size"] == len(b"nieuw\n")
    assert files["Groep 0/Rekenen/stuk 1.txt"]["size"] == len(b"bijgewerkt en langer\n")
    assert f"{ARCHIVE}/Groep 0/Rekenen/stuk 1.txt" in files  # the old copy, kept


def test_catch_up_sets_a_copy_open_in_word_aside_and_finishes_it_once_closed(
    tmp_path: Path,
) -> None:
    with copied_to_onedrive(tmp_path, 2) as (share, plan, server, adapter):
        for card in ("rekenen", "taal"):
            (share / card / "stuk 1.txt").write_bytes(b"bijgewerkt en langer\n")
            os.utime(share / card / "stuk 1.txt", (1_700_000_000, 1_700_000_000))
        busy = str(server.tree()["Groep 0/Rekenen/stuk 1.txt"]["id"])
        server.open_in_word(busy)  # a teacher has the old copy open
        catch_up = CatchUp(plan, adapter, tmp_path / "sync.sqlite", Deleted.MIRROR)
        first = catch_up.run()
        server.open_in_word(busy, is_open=False)
        second = catch_up.run()
        catch_up.close()
        files = {p: v for p, v in server.tree().items() if not v["folder"]}
    assert first.done == {"update": 1}  # the other change went on
    assert first.set_aside == [
        "rekenen/stuk 1.txt: stuk 1.txt is open somewhere (in Word or another app, or checked "
        "out); close it, then run sync again"
    ]
    # the second run finishes the same round (both its changes done, one of them now)
    assert second.resumed and second.done == {"update": 2} and not second.set_aside
    assert files["Groep 0/Rekenen/stuk 1.txt"]["size"] == len(b"bijgewerkt en langer\n")
    assert files[f"{ARCHIVE}/Groep 0/Rekenen/stuk 1.txt"]["id"] == busy  # the old copy, kept
