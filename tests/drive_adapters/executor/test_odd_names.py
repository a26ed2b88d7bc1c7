"""Names of every kind survive apply, resume, verify and undo with byte-exact local rules.

Old Samba servers hold names that are not UTF-8 (``caf\\xe9``); file systems allow control
characters. With ``--rules local`` the plan keeps them byte for byte, so the journal, the
per-item report and ``items.csv`` must carry them too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.planning import PlanOptions
from drive_adapters.executor import KILL_ENV
from drive_adapters.plan import decode_name, encode_name, load_plan
from sessions.cards import NewCard
from tests.drive_adapters.conftest import Built, contents, manifest, node

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


REPO = Path(__file__).resolve().parents[3]


def write_odd_share(root: Path) -> None:
    """Folders and files whose names are not UTF-8 or hold control characters."""
    r = os.fsencode(root)

    def f(rel: bytes, data: bytes) -> None:
        path = os.path.join(r, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "xb") as handle:
            handle.write(data)
        os.utime(path, (1_500_000_000, 1_500_000_000))

    f(b"Caf\xe9/verslag \xe8.txt", b"latin-1 in both\n")
    f(b"Caf\xe9/sub\xff/diep.txt", b"deeper\n")
    f(b"Rekenen/regel\rterug.txt", b"carriage return\n")
    f(b"Rekenen/tab\there.txt", b"tab\n")
    f(b"Rekenen/nieuwe\nregel.txt", b"newline\n")
    f(b"Rekenen/back\\slash \\xe9.txt", b"a literal backslash-x\n")
    f(b"los \xe9\x01.txt", b"a loose file with an odd name\n")


ODD_CARDS = [
    NewCard("Cafe", sources=(b"Caf\xe9",), key="cafe"),
    NewCard("Rekenen", sources=(b"Rekenen",), key="rekenen"),
    NewCard("Los", sources=(b"los \xe9\x01.txt",), key="los"),
]


def odd_consensus() -> ConsensusTree:
    return ConsensusTree((node("Alles", ["cafe", "rekenen", "los"]),), ())


@pytest.fixture
def odd_share(tmp_path: Path) -> Path:
    share = tmp_path / "share"
    share.mkdir()
    write_odd_share(share)
    return share


def test_names_are_encoded_reversibly_and_printably() -> None:
    for name in ["caf\udce9", "a\rb", "t\tx\n", "back\\slash \\xe9", "\x7f\x00", "Café"]:
        text = encode_name(name)
        assert text.isprintable(), text
        assert decode_name(text) == name


@pytest.mark.parametrize("kind", ["local-copy", "local"])
def test_apply_and_resume_with_byte_exact_names(
    kind: str,
    odd_share: Path,
    build: Callable[..., Built],
    tmp_path: Path,
    run_cli: Callable[..., object],
) -> None:
    before = manifest(odd_share)
    built = build(
        odd_share, cards=ODD_CARDS, consensus=odd_consensus(), options=PlanOptions(rules="local")
    )
    # items.csv carries every name, control characters included.
    sources = {i.source for i in built.plan.items}
    assert {i.source for i in load_plan(built.plan_dir).items} == sources
    target_dir = tmp_path / "kopie" if kind == "local-copy" else odd_share
    spec = f"{kind}:{target_dir}"
    # Killed at the second operation, then resumed: the journal takes every name.
    env = dict(os.environ, **{KILL_ENV: "2:during"}, CARDSORT_STORE=str(tmp_path / "s.sqlite"))
    command = ["migrate", "apply", str(built.plan_dir), "--target", spec]
    killed = subprocess.run(
        [sys.executable, "-m", "cardsort", *command],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert killed.returncode == -9, killed.stderr
    resumed = run_cli("migrate", "resume", str(built.plan_dir), "--target", spec)
    assert resumed.exit_code == 0, resumed.output  # type: ignore[attr-defined]
    verified = run_cli("migrate", "verify", str(built.plan_dir), "--target", spec, "--content")
    assert verified.exit_code == 0, verified.output  # type: ignore[attr-defined]
    after = manifest(target_dir)
    assert contents(after) == contents(before)
    assert b"Alles/Cafe/verslag \xe8.txt" in after or b"Alles/Caf\xe9/verslag \xe8.txt" in after
    report = (built.plan_dir / "report-apply.csv").read_text(encoding="utf-8")
    assert "\\xe9" in report and "\r" not in report
    undone = run_cli("migrate", "undo", str(built.plan_dir), "--target", spec)
    assert undone.exit_code == 0, undone.output  # type: ignore[attr-defined]
    if kind == "local":
        assert manifest(odd_share) == before
    else:
        assert manifest(odd_share) == before
        assert not [p for p in manifest(target_dir)]


def test_top_level_folders_not_utf8_are_listed_as_renames_and_never_merged(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    r = os.fsencode(share)
    for name, data in [(b"Caf\xe9", b"e-acute\n"), (b"Caf\xe8", b"e-grave\n")]:
        os.makedirs(os.path.join(r, name))
        with open(os.path.join(r, name, b"menu.txt"), "wb") as handle:
            handle.write(data)
    shown = "Caf\ufffd"  # what a label made from either name shows
    cards = [
        NewCard(shown, sources=(b"Caf\xe9",), key="e1"),
        NewCard(shown, sources=(b"Caf\xe8",), key="e2"),
    ]
    built = build(
        share,
        cards=cards,
        consensus=ConsensusTree((node("Kantine", ["e1", "e2"]),), ()),
        options=PlanOptions(rules="local"),
    )
    targets = {i.source: i.target for i in built.plan.items if i.target}
    assert targets[b"Caf\xe9/menu.txt"][:2] != targets[b"Caf\xe8/menu.txt"][:2]
    codes = {(v["code"], v["path"]) for v in built.plan.violations}
    assert ("card-label", "Caf\\xe9") in codes and ("card-label", "Caf\\xe8") in codes
    assert any(code == "name-collision" for code, _ in codes)
