"""``cardsort migrate copy``: a folder copied as it is, as a plan like any other.

The copy plan comes from the planner (:func:`cardsort.planning.build_copy_plan`): every item
keeps its relative path, names the target cannot hold are renamed by its rules and listed, links
are never followed. The command applies it with the executor's journal and verifies by content;
verify, undo and a second run work on its plan folder like on a card-sort plan's.
"""

from __future__ import annotations

import hashlib
import os
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.copying import plan_copy, scan_for_copy
from drive_adapters.plan import Action, load_plan
from drive_adapters.rules import get_ruleset, node_key

from .conftest import manifest

NAMES = st.text(string.ascii_letters + string.digits + " -_", min_size=1, max_size=12).filter(
    lambda n: n.strip() == n
)
TREES = st.dictionaries(
    st.lists(NAMES, min_size=1, max_size=4).map(tuple), st.binary(max_size=40), max_size=25
)


def _write(root: Path, tree: dict[tuple[str, ...], bytes]) -> set[tuple[str, ...]]:
    """The files of ``tree`` below ``root``; a path that runs into a file is left out."""
    written = set()
    for parts, data in sorted(tree.items(), key=lambda kv: len(kv[0])):
        path = root.joinpath(*parts)
        if any(root.joinpath(*parts[:n]).is_file() for n in range(1, len(parts))):
            continue
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.add(parts)
    return written


@settings(max_examples=40, deadline=None)
@given(tree=TREES, into=st.lists(NAMES, max_size=2).map(tuple))
def test_a_copy_plan_keeps_every_relative_path(
    tmp_path_factory: Any, tree: dict[tuple[str, ...], bytes], into: tuple[str, ...]
) -> None:
    root = tmp_path_factory.mktemp("share")
    files = _write(root, tree)
    snapshot, entries = scan_for_copy(root)
    plan = plan_copy(snapshot, entries, get_ruleset("local"), into)
    placed = {i.source: i.target for i in plan.placed_files()}
    assert placed == {"/".join(p).encode(): (*into, *p) for p in files}
    assert plan.violations == []


def test_the_trap_share_is_copied_whole_renamed_where_onedrive_must_and_never_followed(
    trap_share: Path,
) -> None:
    rules = get_ruleset("onedrive")
    snapshot, entries = scan_for_copy(trap_share)
    plan = plan_copy(snapshot, entries, rules, ("Oud",))
    files = {e.path for e in entries if e.kind.value == "file"}
    placed = {i.source: i.target for i in plan.placed_files()}
    excluded = {i.source: i.note for i in plan.items if i.action is Action.EXCLUDE}
    assert set(placed) | set(excluded) >= files and not set(placed) & set(excluded)
    assert excluded[b"Oud/naar buiten"].startswith("symlink")  # listed, never followed
    assert not any(b"geheim" in source for source in placed)  # outside the share: not seen
    keys = [tuple(node_key(name, rules) for name in target or ()) for target in placed.values()]
    assert len(set(keys)) == len(keys)  # OneDrive sees no two of them as one name
    renamed = {
        source
        for source, target in placed.items()
        if target != ("Oud", *os.fsdecode(source).split("/"))
    }
    fixes = {v["fix"] for v in plan.violations if v["severity"] == "fixed"}
    for source in renamed:  # every rename is listed with its new name
        target = placed[source]
        assert target is not None
        assert any(name in fixes for name in target), (source, target)
    assert {b"Oud/Kerst: draaiboek?.docx", b"Oud/CON.txt"} <= renamed


def _sha(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    }


def test_migrate_copy_applies_verifies_continues_and_undoes(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    share = tmp_path / "share"
    for rel, data in {"Groep 7/rekenen.docx": b"sommen", "Groep 7/Taal/dictee.txt": b"de kat",
                      "schoolgids.pdf": b"%PDF" * 40}.items():  # fmt: skip
        (share / rel).parent.mkdir(parents=True, exist_ok=True)
        (share / rel).write_bytes(data)
    os.symlink("/etc", share / "naar buiten")
    target, plan_dir = tmp_path / "nieuw", tmp_path / "kopie"
    spec = f"local-copy:{target}"
    args = ("migrate", "copy", str(share), "--target", spec, "--into", "Oud/2024",
            "--plan", str(plan_dir), "--lang", "en")  # fmt: skip
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    assert "3 files checked, 3 by content; 0 differences" in first.output
    assert "naar buiten: symlink (never followed)" in first.output
    assert _sha(target / "Oud" / "2024") == _sha(share)  # the same files, byte for byte
    assert not (target / "Oud" / "2024" / "naar buiten").exists()
    plan = load_plan(plan_dir)
    assert plan.options["copy_into"] == "Oud/2024"
    again = run_cli(*args)  # a second run finds everything done and changes nothing
    assert again.exit_code == 0, again.output
    assert "Continuing the copy" in again.output and "0 operations run" in again.output
    checked = run_cli("migrate", "verify", str(plan_dir), "--target", spec, "--content")
    assert checked.exit_code == 0, checked.output
    undone = run_cli("migrate", "undo", str(plan_dir), "--target", spec)
    assert undone.exit_code == 0, undone.output
    assert manifest(target) == {}


def test_a_catch_up_after_a_copy_keeps_new_files_at_their_relative_path(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    share = tmp_path / "share"
    (share / "Groep 7" / "Taal").mkdir(parents=True)
    (share / "Groep 7" / "Taal" / "dictee.txt").write_bytes(b"de kat")
    target, plan_dir = tmp_path / "nieuw", tmp_path / "kopie"
    spec = f"local-copy:{target}"
    copied = run_cli("migrate", "copy", str(share), "--target", spec, "--into", "Oud",
                     "--plan", str(plan_dir))  # fmt: skip
    assert copied.exit_code == 0, copied.output
    (share / "Groep 7" / "Taal" / "nieuw.txt").write_bytes(b"nieuw")
    (share / "Groep 8" / "Rekenen").mkdir(parents=True)
    (share / "Groep 8" / "Rekenen" / "blok 1.txt").write_bytes(b"sommen")
    (share / "rooster.txt").write_bytes(b"ma di wo")
    caught_up = run_cli("migrate", "sync", str(plan_dir), "--target", spec)
    assert caught_up.exit_code == 0, caught_up.output
    assert _sha(target / "Oud") == _sha(share)  # not in the unsorted folder: where they were
    checked = run_cli("migrate", "verify", str(plan_dir), "--target", spec, "--content")
    assert checked.exit_code == 0, checked.output


def test_migrate_copy_refuses_what_is_not_a_copy_and_changes_nothing(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    share = tmp_path / "share"
    (share / "a").mkdir(parents=True)
    (share / "a" / "b.txt").write_bytes(b"b")
    target, plan_dir = tmp_path / "nieuw", tmp_path / "kopie"
    spec = f"local-copy:{target}"
    for bad in ("simulated:onedrive", f"local:{share}"):  # nothing to copy to: usage errors
        result = run_cli("migrate", "copy", str(share), "--target", bad, "--plan",
                         str(plan_dir), "--lang", "en")  # fmt: skip
        assert result.exit_code == 2, result.output
    assert run_cli("migrate", "copy", str(share), "--target", spec, "--plan", str(plan_dir)
                   ).exit_code == 0  # fmt: skip
    other = run_cli("migrate", "copy", str(share), "--target", spec, "--into", "Elders",
                    "--plan", str(plan_dir), "--lang", "en")  # fmt: skip
    assert other.exit_code == 2 and "into the top of the target" in other.stderr, other.output
    before = manifest(target)
    fresh = tmp_path / "kopie-2"
    (share / "a" / "b.txt").write_bytes(b"changed")  # a second copy into the same place
    taken = run_cli("migrate", "copy", str(share), "--target", spec, "--plan", str(fresh),
                    "--lang", "en")  # fmt: skip
    assert taken.exit_code == 3, taken.output  # blocked: the target already holds 'a'
    assert "already holds" in taken.output
    assert manifest(target) == before
