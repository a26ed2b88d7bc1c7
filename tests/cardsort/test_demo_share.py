"""The demo share is deterministic, realistic in size and holds every trap."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from cardsort.demo_share import DemoShareStats, write_demo_share


def manifest(root: Path) -> dict[bytes, tuple[str, int]]:
    base = os.fsencode(root)
    out: dict[bytes, tuple[str, int]] = {}
    for folder, dirs, files in os.walk(base):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, base)
            if os.path.islink(path):
                out[rel] = ("link:" + os.fsdecode(os.readlink(path)), 0)
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
                out[rel] = (digest, int(os.stat(path).st_mtime))
            else:
                out[rel] = ("dir", int(os.stat(path).st_mtime))
    return out


def test_same_seed_same_share_byte_for_byte(
    demo_share_master: DemoShareStats, tmp_path: Path
) -> None:
    again = write_demo_share(tmp_path / "again")
    assert manifest(again.root) == manifest(demo_share_master.root)
    other = write_demo_share(tmp_path / "other", seed=7)
    assert manifest(other.root) != manifest(demo_share_master.root)


def test_realistic_size(demo_share_master: DemoShareStats) -> None:
    assert 50 <= demo_share_master.top_level <= 70
    assert 2_000 <= demo_share_master.files <= 6_000
    names = {p.name for p in demo_share_master.root.iterdir()}
    files = [p for p in demo_share_master.root.rglob("*") if p.is_file() and not p.is_symlink()]
    assert demo_share_master.files == len(files)
    assert demo_share_master.bytes == sum(p.stat().st_size for p in files)
    assert {"Groep 1", "Groep 8", "Zorg", "MR", "OR", "Nieuwsbrieven", "Nieuwe map (2)"} <= names


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "iets.txt").write_text("x")
    with pytest.raises(FileExistsError):
        write_demo_share(tmp_path)
