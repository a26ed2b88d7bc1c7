"""When shortening folder names is not enough, the planner lifts the deep branch to a shorter
place (recorded in the plan with its reason) instead of blocking; apply, verify and undo follow
the new mapping. Only a path that cannot fit at all blocks, with what the user can do."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.cli import main
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.inventory import EntryKind, ScanEntry
from drive_adapters.plan import Action, Plan, load_plan
from drive_adapters.remote.paths import rules_with_prefix
from drive_adapters.rules import RULESETS, Node, fix_tree, sibling_key
from drive_adapters.rules.long_paths import LIFTED
from sessions.models import Card, Snapshot, SnapshotStatus

from .conftest import Built, manifest, node
from .test_long_paths import CARDS, consensus, deep_share, longest_copied_path

ONEDRIVE = RULESETS["onedrive"]


def library(room: int) -> tuple[str, int]:
    """A library address that leaves ``room`` of OneDrive's 400 characters for the paths."""
    prefix = 400 - room  # "/sites/<name>/" counted with its trailing separator
    name = "x" * (prefix - len("/sites/") - 1)
    return f"https://school.sharepoint.com/sites/{name}", prefix


def test_a_path_shortening_cannot_fit_is_lifted_and_the_plan_applies(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    deepest = deep_share(share)
    url, _ = library(200)
    options = PlanOptions(rules="onedrive", library_url=url)
    built = build(share, cards=CARDS, consensus=consensus(), options=options)
    plan = built.plan
    assert plan.blocking() == []
    lifts = [v for v in plan.violations if v["code"] == LIFTED]
    assert lifts, plan.violations
    for lift in lifts:
        assert lift["severity"] == "fixed" and lift["message"].startswith("moved ")
        assert "lifted to a shorter place" in lift["message"]
        assert lift["fix"].startswith("Organisatie en beleid/")  # under its top-level folder
        assert len(lift["fix"].split("/")) == 2
        assert " (uit " in lift["fix"]  # named after where it came from (plan language: Dutch)
    by_source = {i.source: i for i in plan.items}
    target = by_source[deepest].target
    assert target is not None and target[-1] == "Eindverslag schooljaar 2009-2010 definitief.docx"
    assert max(len("/".join(i.target)) for i in plan.items if i.target) <= 200
    # The lifted folder moves on its own (like a card carved out of another card's folder).
    lifted = {tuple(v["fix"].split("/")) for v in lifts}
    assert {u.target for u in plan.units} >= lifted

    plan_dir = str(built.plan_dir)
    copy = tmp_path / "kopie"
    assert longest_copied_path(plan_dir, share, copy) <= 200
    # Switch-over day: a file saved in the deep folder since lands in its lifted place.
    new = share / os.fsdecode(deepest).rpartition("/")[0] / "nagekomen.docx"
    new.write_bytes(b"nagekomen\n")
    assert main(["migrate", "sync", plan_dir, "--target", f"local-copy:{copy}"]) == 0
    assert (copy.joinpath(*target[:-1]) / "nagekomen.docx").read_bytes() == b"nagekomen\n"
    new.unlink()
    # In place on the share itself: apply, verify, and undo back to byte-for-byte the share.
    before = manifest(share)
    in_place = f"local:{share}"
    assert main(["migrate", "apply", plan_dir, "--target", in_place]) == 0
    assert main(["migrate", "verify", plan_dir, "--target", in_place, "--content"]) == 0
    assert share.joinpath(*target).is_file()
    assert main(["migrate", "undo", plan_dir, "--target", in_place]) == 0
    assert manifest(share) == before


def test_the_plan_in_english_names_a_lifted_folder_in_english(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    deep_share(share)
    url, _ = library(200)
    options = PlanOptions(rules="onedrive", library_url=url, language="en")
    plan = build(share, cards=CARDS, consensus=consensus(), options=options).plan
    lifts = [v["fix"] for v in plan.violations if v["code"] == LIFTED]
    assert lifts and all(" (from " in fix for fix in lifts)


def test_a_file_name_longer_than_any_room_left_blocks_with_what_to_do(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "share"
    (share / "Archief").mkdir(parents=True)
    (share / "Archief" / "verslag van de vergadering.docx").write_bytes(b"x")
    # Less room than the top folder, the card folder and the file need at twelve characters
    # each: nothing can be lifted (the file lies in its card's folder), nothing fits.
    url, _ = library(30)
    options = PlanOptions(rules="onedrive", library_url=url)
    plan = build(share, cards=CARDS[:1], consensus=_one_group(), options=options).plan
    blocking = plan.blocking()
    assert blocking
    assert all("shorter names in the consensus tree" in v["message"] for v in blocking)


def _one_group() -> ConsensusTree:
    return ConsensusTree((node("Organisatie en beleid", ["archief"]),), ())


# -- property: arbitrary deep trees, long names, a small path limit ----------------------------

_NAME = st.text(alphabet="abcdefghij KLMNOP0123456789-éÉ:.?", min_size=1, max_size=40)


@st.composite
def _tree(draw: st.DrawFn, depth: int = 0) -> dict[str, object]:
    """A folder: name → sub-folder (dict) or file (None)."""
    names = draw(st.lists(_NAME, min_size=1, max_size=3 if depth < 6 else 1, unique=True))
    out: dict[str, object] = {}
    for i, name in enumerate(names):
        deeper = depth < 9 and draw(st.booleans()) if i else depth < 9
        out[name] = draw(_tree(depth + 1)) if deeper else None
    return out


def _entries(tops: list[dict[str, object]]) -> list[ScanEntry]:
    found: list[ScanEntry] = []

    def walk(prefix: bytes, tree: dict[str, object]) -> None:
        for name, sub in tree.items():
            path = prefix + name.encode()
            if sub is None:
                found.append(ScanEntry(path + b".txt", EntryKind.FILE, 3, 1_500_000_000.0))
            else:
                found.append(ScanEntry(path, EntryKind.DIR, 0, 1_500_000_000.0))
                assert isinstance(sub, dict)
                walk(path + b"/", sub)

    for i, tree in enumerate(tops):
        top = f"bron {i}".encode()
        found.append(ScanEntry(top, EntryKind.DIR, 0, 1_500_000_000.0))
        walk(top + b"/", tree)
    return found


def _plan(tops: list[dict[str, object]], room: int, nested: bool) -> tuple[Plan, list[ScanEntry]]:
    entries = _entries(tops)
    cards = [
        Card(i + 1, f"k{i}", f"Kaart {i} met een heel lange naam erbij", "", i,
             sources=(f"bron {i}".encode(),))
        for i in range(len(tops))
    ]  # fmt: skip
    keys = [c.key for c in cards]
    groups = (
        (node("Team", [], [node("Archief", keys)]),)
        if nested
        else (node("Team", keys[::2]), node("Onderwijs", keys[1::2]))
    )
    return _library_plan(groups, cards, entries, room), entries


def _library_plan(
    groups: tuple[ConsensusNode, ...], cards: list[Card], entries: list[ScanEntry], room: int
) -> Plan:
    """The OneDrive plan of ``entries`` into a library that leaves ``room`` characters."""
    files = [e for e in entries if e.kind is EntryKind.FILE]
    snapshot = Snapshot(
        1, "/share", b"/share", "local", None, "2026-01-01", "2026-01-01",
        SnapshotStatus.COMPLETE, False, len(entries), len(files), len(entries) - len(files),
        sum(e.size for e in files), 0,
    )  # fmt: skip
    url, _ = library(room)
    return build_plan(
        ConsensusTree(groups, ()),
        cards,
        snapshot,
        entries,
        study="s",
        options=PlanOptions(rules="onedrive", library_url=url),
    )


@settings(max_examples=60, deadline=None)
@given(
    tops=st.lists(_tree(), min_size=1, max_size=3),
    room=st.integers(min_value=70, max_value=160),
    nested=st.booleans(),
)
def test_any_deep_tree_fits_a_small_path_limit_after_planning(
    tops: list[dict[str, object]], room: int, nested: bool
) -> None:
    plan, entries = _plan(tops, room, nested)
    assert plan.blocking() == []
    # Every source item is in the plan exactly once, and every file has a place.
    sources = [i.source for i in plan.items]
    assert sorted(sources) == sorted(e.path for e in entries)
    targets = {i.source: i.target for i in plan.items}
    for e in entries:
        assert targets[e.path] is not None, e.path
    # No path is longer than the room the library leaves, and no two items share a target.
    placed = [t for t in targets.values() if t is not None]
    assert max(len("/".join(t)) for t in placed) <= room
    keys = [tuple(sibling_key(n, ONEDRIVE) for n in t) for t in placed]
    assert len(set(keys)) == len(keys)
    # The mapping is one apply can follow: what travels inside a folder sits in that folder's
    # target, and what moves on its own goes into a folder the plan creates.
    by_source = {i.source: i for i in plan.items}
    folders = set(plan.folders)
    for item in plan.items:
        assert item.target is not None
        if item.action is Action.WITH_FOLDER:
            parent = by_source[item.source.rpartition(b"/")[0]]
            assert parent.target == item.target[:-1], item.source
        else:
            assert item.action is Action.MOVE
            assert item.target[:-1] in folders, item.source


def test_a_lift_never_takes_a_branch_out_of_a_folder_with_a_narrower_audience() -> None:
    deep: dict[str, object] = {"verslag.docx": None}
    for level in range(12, 0, -1):
        deep = {f"Dossiers schooljaar {level:02d}": deep}
    entries = _entries([deep, {"rooster": None}])
    cards = [
        Card(1, "zorg", "Leerlingdossiers", "", 0, restricted=True, audience="care",
             sources=(b"bron 0",)),
        Card(2, "team", "Roosters", "", 1, sources=(b"bron 1",)),
    ]  # fmt: skip
    groups = (node("Team", [], [node("Zorg", ["zorg"]), node("Algemeen", ["team"])]),)
    plan = _library_plan(groups, cards, entries, 140)
    assert plan.blocking() == []
    assert plan.options["audiences"]["Team/Zorg"] == "care"
    lifts = [v["fix"] for v in plan.violations if v["code"] == LIFTED]
    assert lifts
    assert all(fix.startswith("Team/Zorg/") for fix in lifts)  # never up into "Team" itself
    for item in plan.items:
        if item.source.startswith(b"bron 0"):
            assert item.target is not None and item.target[:2] == ("Team", "Zorg")


def test_plan_review_and_simulate_say_a_branch_was_lifted_in_dutch_and_english(
    tmp_path: Path, build: Callable[..., Built], run_cli: Callable[..., object]
) -> None:
    import json

    share = tmp_path / "share"
    share.mkdir()
    deep_share(share)
    built = build(share, cards=CARDS, consensus=consensus(), options=PlanOptions(rules="onedrive"))
    tree = tmp_path / "consensus.json"
    tree.write_text(json.dumps(consensus().to_dict()), encoding="utf-8")
    url, _ = library(200)
    said = {}
    for lang in ("en", "nl"):
        out = tmp_path / f"plan-{lang}"
        args = ["plan", built.plan.study, "--rules", "onedrive", "--consensus", str(tree)]
        result = run_cli(*args, "--out", str(out), "--library-url", url, "--lang", lang)
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        said[lang] = " ".join(result.output.split())  # type: ignore[attr-defined]
        fixes = [v["fix"] for v in load_plan(out).violations if v["code"] == LIFTED]
        assert fixes and all((" (from " if lang == "en" else " (uit ") in f for f in fixes)
    assert "1 deep folders were moved up so that their paths are short enough" in said["en"]
    assert "1 diepe mappen zijn hoger gezet" in said["nl"]
    simulated = run_cli(
        "migrate", "simulate", str(tmp_path / "plan-nl"), "--target", "simulated:onedrive",
        "--lang", "en",
    )  # fmt: skip
    assert simulated.exit_code == 0, simulated.output  # type: ignore[attr-defined]
    assert "deep folders were moved up" in " ".join(simulated.output.split())  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None)
@given(tops=st.lists(_tree(), min_size=1, max_size=3), room=st.integers(70, 160))
def test_fixing_a_fixed_tree_again_changes_nothing(
    tops: list[dict[str, object]], room: int
) -> None:
    rules = rules_with_prefix(ONEDRIVE, 400 - room)
    root = Node("", is_folder=True)
    top = Node("Organisatie", is_folder=True, parent=root)
    assert root.children is not None
    root.children[sibling_key(top.name, rules)] = top

    def grow(parent: Node, tree: dict[str, object]) -> None:
        for name, sub in tree.items():
            kid = Node(name if sub is not None else name + ".txt", is_folder=sub is not None,
                       parent=parent)  # fmt: skip
            assert parent.children is not None
            key = sibling_key(kid.name, rules)
            if key in parent.children:
                continue  # a case twin: the planner renames those before the rules run
            parent.children[key] = kid
            if isinstance(sub, dict):
                grow(kid, sub)

    for i, tree in enumerate(tops):
        card = Node(f"Kaart {i}", is_folder=True, parent=top)
        assert top.children is not None
        top.children[sibling_key(card.name, rules)] = card
        grow(card, tree)
    first, _ = fix_tree(root, rules)
    assert not [v for v in first if v.severity.value == "blocking"]
    paths = sorted(path for path, _ in root.walk())
    again, _ = fix_tree(root, rules)
    assert not [v for v in again if v.severity.value != "warning"]
    assert sorted(path for path, _ in root.walk()) == paths
