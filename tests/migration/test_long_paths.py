"""Long paths are fixed by the planner, never a dead end: folder names along a too-long path
are shortened deepest first, unique and readable, and each fix is in the plan with its reason."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.cli import main
from cardsort.planning import PlanOptions
from drive_adapters.plan import load_plan
from drive_adapters.rules import RULESETS, Node, fix_tree, validate_tree
from sessions.cards import NewCard

from .conftest import Built, contents, manifest, node

LEVEL = "Nieuwe map met oude spullen {:02d}"


def deep_share(root: Path) -> bytes:
    """An archive whose deepest file's path is 466 characters long (relative to the share)."""
    parts = ["Archief"] + [LEVEL.format(i) for i in range(1, 14)]
    folder = "/".join(parts)
    name = "Eindverslag schooljaar 2009-2010 definitief.docx"
    filler = 466 - len(folder) - 1 - len(name) - 1
    folder += "/" + ("Map " + "x" * (filler - 4))[:filler]
    path = f"{folder}/{name}"
    assert len(path) == 466
    full = root / path
    full.parent.mkdir(parents=True)
    full.write_bytes(b"verslag\n")
    (root / "Archief" / LEVEL.format(1) / "los.txt").write_bytes(b"los\n")
    (root / "Archief" / LEVEL.format(1) / (LEVEL.format(2)[:10] + " andere")).mkdir()
    (root / "Rekenen").mkdir()
    (root / "Rekenen" / "blok 1.docx").write_bytes(b"rekenen\n")
    return path.encode()


CARDS = [
    NewCard("Archief van de school", sources=(b"Archief",), key="archief"),
    NewCard("Rekenen", sources=(b"Rekenen",), key="rekenen"),
]


def consensus() -> ConsensusTree:
    return ConsensusTree(
        (node("Organisatie en beleid", ["archief"]), node("Onderwijs", ["rekenen"])), ()
    )


@pytest.mark.parametrize("rules", ["onedrive", "portable"])
def test_a_466_character_path_is_planned_without_a_blocking_problem(
    rules: str, tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    deep_share(share)
    built = build(share, cards=CARDS, consensus=consensus(), options=PlanOptions(rules=rules))
    plan = built.plan
    assert plan.blocking() == []
    limit = RULESETS[rules].path_limits[0].value
    targets = ["/".join(i.target) for i in plan.items if i.target]
    assert max(len(t) for t in targets) <= limit - RULESETS[rules].path_prefix_chars
    fixes = [v for v in plan.violations if v["code"] == "path-too-long"]
    assert any("deepest first" in v["message"] for v in fixes)
    # Deepest first: the deepest folder is shortened, the top of the archive keeps its name.
    deepest = max(targets, key=len)
    assert deepest.startswith("Organisatie en beleid/Archief van de school/Nieuwe map met oude")
    assert deepest.endswith("/Eindverslag schooljaar 2009-2010 definitief.docx")
    # Readable: shortened folders keep their start and their number, and at least 12 characters.
    assert "Nieuwe m… 12" in deepest.split("/")
    assert all(len(v["fix"]) >= 12 for v in fixes)


def test_shortened_names_stay_unique_among_siblings() -> None:
    rules = RULESETS["onedrive"]
    root = Node("", is_folder=True)
    parent = root
    for i in range(8):
        kid = Node(f"Een nogal lange mapnaam niveau {i}" + "x" * 20, is_folder=True, parent=parent)
        assert parent.children is not None
        parent.children[kid.name.lower()] = kid
        parent = kid
    # Two siblings that shorten to the same start.
    for suffix in ("alpha", "beta"):
        twin = Node("Zelfde begin van de naam " + suffix + "y" * 60, is_folder=True, parent=parent)
        assert parent.children is not None
        parent.children[twin.name.lower()] = twin
        leaf = Node("bestand.docx", is_folder=False, parent=twin)
        assert twin.children is not None
        twin.children["bestand.docx"] = leaf
    found, _ = validate_tree(root, rules)
    assert any(v.code == "path-too-long" for v in found)
    fixes, _ = fix_tree(root, rules)
    assert not [v for v in fixes if v.severity.value == "blocking"]
    assert parent.children is not None
    names = [k.name for k in parent.children.values()]
    assert len({n.lower() for n in names}) == 2
    again, _ = fix_tree(root, rules)
    assert not [v for v in again if v.severity.value != "warning"]  # a second run changes nothing


def test_the_long_path_plan_applies_and_verifies(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    deep_share(share)
    built = build(share, cards=CARDS, consensus=consensus(), options=PlanOptions(rules="onedrive"))
    assert longest_copied_path(str(built.plan_dir), share, copy=tmp_path / "kopie") <= 400


def longest_copied_path(plan: str, share: Path, copy: Path) -> int:
    """Simulate the plan against OneDrive's rules, apply it to a local copy, verify the copy's
    content and that it holds exactly the share's files; the copy's longest path, in characters."""
    assert main(["migrate", "simulate", plan, "--target", "simulated:onedrive"]) == 0
    assert main(["migrate", "apply", plan, "--target", f"local-copy:{copy}"]) == 0
    assert main(["migrate", "verify", plan, "--target", f"local-copy:{copy}", "--content"]) == 0
    assert contents(manifest(copy)) == contents(manifest(share))
    return max(len(os.fsdecode(p)) for p in manifest(copy))


def test_plan_with_library_url_shortens_paths_for_the_library_prefix(
    tmp_path: Path, build: Callable[..., Built], run_cli: Callable[..., object]
) -> None:
    """SharePoint counts the library's own path in its 400 characters: a plan made for it
    leaves room for that prefix; one made for the bare limit does not."""
    import json

    share = tmp_path / "share"
    share.mkdir()
    deep_share(share)
    built = build(share, cards=CARDS, consensus=consensus(), options=PlanOptions(rules="onedrive"))
    tree = tmp_path / "consensus.json"
    tree.write_text(json.dumps(consensus().to_dict()), encoding="utf-8")
    url = "https://school.sharepoint.com/sites/team/Gedeelde%20documenten"
    prefix = len("/sites/team/Gedeelde documenten/")
    out = tmp_path / "plan-library"
    args = ["plan", built.plan.study, "--rules", "onedrive", "--consensus", str(tree)]
    result = run_cli(*args, "--out", str(out), "--library-url", url)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]

    def longest(plan_dir: Path) -> int:
        return max(len("/".join(i.target)) for i in load_plan(plan_dir).items if i.target)

    assert longest(out) <= 400 - prefix
    assert longest(built.plan_dir) > 400 - prefix  # without the address it would not fit
