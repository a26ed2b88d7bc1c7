"""The local adapter never overwrites, never follows a symlink, and keeps names byte-exact."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drive_adapters.base import InvalidName, ItemNotFound, NameConflict, NotEmpty
from drive_adapters.local import PART_PREFIX, LocalAdapter

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.fixture
def share(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    (root / "a" / "doc.txt").write_bytes(b"original")
    (root / "b" / "doc.txt").write_bytes(b"in the way")
    (root / "b" / "leeg").mkdir()
    return root


@pytest.mark.parametrize("noreplace", [True, False])
def test_move_never_overwrites_a_file_or_an_empty_folder(share: Path, noreplace: bool) -> None:
    adapter = LocalAdapter(share)
    adapter.noreplace_supported = noreplace  # also the link/unlink fallback (SMB mounts)
    with pytest.raises(NameConflict) as caught:
        adapter.move("a/doc.txt", "b")
    assert caught.value.existing is not None and caught.value.existing.name == "doc.txt"
    assert (share / "a/doc.txt").read_bytes() == b"original"
    assert (share / "b/doc.txt").read_bytes() == b"in the way"
    (share / "a" / "leeg").mkdir()
    with pytest.raises(NameConflict):  # plain rename() would replace an empty folder
        adapter.move("a/leeg", "b")
    moved = adapter.move("a/doc.txt", "b", "doc (2).txt")
    assert moved.id == "b/doc (2).txt" and (share / "b/doc (2).txt").read_bytes() == b"original"


def test_symlinks_are_listed_and_moved_but_never_followed(share: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"secret")
    os.symlink(outside, share / "link")
    adapter = LocalAdapter(share)
    link = adapter.get("link")
    assert not link.is_folder and link.extra.get("link") == "1"
    with pytest.raises(ItemNotFound, match="symlink"):
        list(adapter.children("link"))
    with pytest.raises(ItemNotFound):
        adapter.create_folder("link", "x")
    with pytest.raises(ItemNotFound):
        adapter.get("link/secret.txt")
    adapter.move("link", "a")
    assert os.readlink(share / "a/link") == str(outside)
    assert os.listdir(outside) == ["secret.txt"]


def test_names_that_are_not_utf8_round_trip(share: Path) -> None:
    raw = b"caf\xe9 \xff.doc"
    with open(os.path.join(os.fsencode(share), b"a", raw), "wb") as handle:
        handle.write(b"bytes")
    adapter = LocalAdapter(share)
    (item,) = [c for c in adapter.children("a") if c.name != "doc.txt"]
    assert os.fsencode(item.name) == raw
    moved = adapter.move(item.id, "b")
    assert os.path.exists(os.path.join(os.fsencode(share), b"b", raw))
    assert adapter.content_hash(moved.id)


def test_upload_keeps_mtime_refuses_an_existing_name_and_leaves_no_temp_file(
    share: Path, tmp_path: Path
) -> None:
    source = tmp_path / "bron.txt"
    source.write_bytes(b"content")
    os.utime(source, ns=(1_600_000_000_123_456_789, 1_600_000_000_123_456_789))
    adapter = LocalAdapter(share)
    tokens: list[str] = []
    made = adapter.upload(source, "a", "kopie.txt", checkpoint=tokens.append)
    assert made.size == 7 and tokens and tokens[0].startswith(PART_PREFIX)
    assert os.stat(share / "a/kopie.txt").st_mtime_ns == 1_600_000_000_123_456_789
    with pytest.raises(NameConflict):
        adapter.upload(source, "a", "kopie.txt")
    assert (share / "a/kopie.txt").read_bytes() == b"content"
    assert not [n for n in os.listdir(share / "a") if n.startswith(PART_PREFIX)]


def test_an_interrupted_upload_is_cleaned_up_on_resume(share: Path, tmp_path: Path) -> None:
    source = tmp_path / "bron.txt"
    source.write_bytes(b"content")
    token = PART_PREFIX + "0123456789abcdef"
    (share / "a" / token).write_bytes(b"half")
    LocalAdapter(share).upload(source, "a", "kopie.txt", resume_token=token)
    assert not (share / "a" / token).exists()


def test_delete_refuses_folders_that_are_not_empty_and_bad_names(share: Path) -> None:
    adapter = LocalAdapter(share)
    with pytest.raises(NotEmpty):
        adapter.delete("b")
    adapter.delete("b/leeg")
    assert not (share / "b/leeg").exists()
    for bad in ("", ".", "..", "a/b", "x\x00y"):
        with pytest.raises(InvalidName):
            adapter.create_folder(".", bad)
    with pytest.raises(ItemNotFound):
        adapter.get("../etc")
