"""The "who can open what" report: per top-level folder its audience after the migration and,
for a local source, what the file system says today (owner, group, mode, POSIX ACLs)."""

from __future__ import annotations

import csv
import io
import os
import stat
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.planning import build_plan
from cardsort.privacy.fs_access import Readers, acl_entries, read_access
from cardsort.proposal import ProposalOptions, propose_cards
from cardsort.scan import scan_local
from drive_adapters.plan import save_plan
from sessions.cards import cards_of
from sessions.inventory import iter_entries
from sessions.store import Store
from sessions.studies import create_study, get_study
from tests.browser import ARTIFACTS, CHROMIUM, chromium_context
from tests.drive_adapters.conftest import node


def acl_blob(gid: int) -> bytes:
    """A binary access ACL (Linux posix_acl_xattr layout): owner rwx, group r-x, a named
    group r-x, mask r-x, others nothing."""
    entries = [
        (0x01, 7, 0xFFFFFFFF),
        (0x04, 5, 0xFFFFFFFF),
        (0x08, 5, gid),
        (0x10, 5, 0xFFFFFFFF),
        (0x20, 0, 0xFFFFFFFF),
    ]
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)


def set_acl(path: Path, gid: int) -> bool:
    try:
        os.setxattr(path, "system.posix_acl_access", acl_blob(gid))
    except OSError:
        return False
    return True


def test_acl_entries_are_read_from_the_kernels_binary_layout() -> None:
    assert acl_entries(acl_blob(0)) == ["group:root:r-x"]  # only named entries are listed
    assert acl_entries(b"\x01\x00\x00\x00garbage") == []  # another version: nothing guessed


def test_read_access_describes_without_following_links(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    secret.chmod(0o700)
    link = tmp_path / "link"
    link.symlink_to(secret)
    assert read_access(secret).readers is Readers.OWNER  # type: ignore[union-attr]
    shown = read_access(link)
    assert shown is not None and shown.mode.startswith("l")
    assert read_access(tmp_path / "gone") is None


@pytest.fixture
def planned(trap_share: Path, build: Callable[..., Any]) -> Any:
    (trap_share / "Juf Anja").chmod(0o700)  # only its owner can open it today
    (trap_share / "Zorg").chmod(0o750)
    has_acl = set_acl(trap_share / "Zorg", os.getgid())
    built = build(trap_share)
    return built, has_acl


def test_report_shows_audiences_today_and_flags_what_gets_wider(
    planned: Any, run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    built, has_acl = planned
    html_file, csv_file = tmp_path / "access.html", tmp_path / "access.csv"
    result = run_cli(
        "report",
        "access",
        str(built.plan_dir),
        "--html",
        str(html_file),
        "--csv",
        str(csv_file),
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    for written in (html_file, csv_file):
        assert stat.S_IMODE(written.stat().st_mode) == 0o600  # private: it names school files
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text("utf-8"))))
    by_source = {r["source"]: r for r in rows}
    anja = by_source["Juf Anja"]
    assert anja["folder"] == "Organisatie" and anja["audience"] == "whole team"
    assert anja["mode"] == "drwx------" and anja["wider_after"] == "yes"
    zorg = by_source["Zorg"]
    assert zorg["folder"] == "Leerlingzorg" and zorg["audience"] == "care team"
    assert zorg["mode"] == "drwxr-x---" and zorg["wider_after"] == ""
    if has_acl:
        assert zorg["acl"].startswith("group:") and zorg["acl"].endswith(":r-x")
    page = html_file.read_text("utf-8")
    assert "Who can open what" in page and 'class="padlock"' in page and "care team" in page
    assert "visible to more people after the migration than today" in page
    dutch = run_cli("report", "access", str(built.plan_dir), "--lang", "nl")
    assert "nu_te_openen_door" in dutch.output and "zorgteam" in dutch.output


@pytest.fixture
def demo_plan(store: Store, demo_share: Path, tmp_path: Path) -> Path:
    """The demo share planned into four folders: care, staff, management and the team's."""
    (demo_share / "Directie").chmod(0o750)  # today only the owner and the group
    snapshot = scan_local(store, demo_share)
    proposal = propose_cards(iter_entries(store, snapshot.id), ProposalOptions())
    create_study(store, "demo", proposal, snapshot_id=snapshot.id)
    cards = cards_of(store, study_id=get_study(store, "demo").id)
    folders = {"care": "Leerlingzorg", "staff": "Personeel", "management": "Directie"}
    keys: dict[str, list[str]] = {name: [] for name in (*folders.values(), "Onderwijs")}
    for card in cards:
        keys[folders.get(card.audience or "", "Onderwijs")].append(card.key)
    consensus = ConsensusTree(tuple(node(name, ks) for name, ks in keys.items() if ks), ())
    plan = build_plan(consensus, cards, snapshot, iter_entries(store, snapshot.id), study="demo")
    save_plan(plan, tmp_path / "plan")
    return tmp_path / "plan"


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium is not at /usr/bin/chromium")
def test_the_demo_shares_report_renders_in_a_real_browser(
    demo_plan: Path, run_cli: Callable[..., Any], tmp_path: Path
) -> None:

    html_file = tmp_path / "access.html"
    result = run_cli("report", "access", str(demo_plan), "--html", str(html_file), "--lang", "nl")
    assert result.exit_code == 0, result.output
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "access_report.png"
    with chromium_context(height=800) as context:
        page = context.new_page()
        page.goto(html_file.as_uri())
        text = page.locator("tbody").inner_text()
        assert page.locator("tbody tr").count() == 4
        for folder, audience in (
            ("Leerlingzorg", "zorgteam"),
            ("Personeel", "personeelszaken"),
            ("Directie", "directie"),
            ("Onderwijs", "hele team"),
        ):
            row = page.locator("tbody tr", has_text=folder)
            assert audience in row.inner_text(), (folder, text)
        assert page.locator("tr.wider").count() == 0  # Directie stays with management
        assert page.locator(".padlock").count() == 3
        page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
