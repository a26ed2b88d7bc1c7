"""Target rules: each platform's refusals, and fixes that are deterministic, idempotent and
never create a collision (property tests over arbitrary names and trees)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drive_adapters.rules import (
    GDRIVE,
    LOCAL,
    ONEDRIVE,
    PORTABLE,
    SMB,
    Node,
    RuleSet,
    Severity,
    check_name,
    fix_tree,
    name_ok,
    node_key,
    sanitize_name,
    sibling_key,
    validate_tree,
)

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


ALL = [ONEDRIVE, GDRIVE, LOCAL, SMB, PORTABLE]

# Names full of the things that trip platforms: reserved words, odd characters, dots, spaces,
# case and normalisation twins, undecodable bytes (lone surrogates), long runs.
_pieces = st.sampled_from(
    [
        "CON",
        "con",
        "Com0",
        "LPT9",
        "nul",
        "aux.txt",
        ".lock",
        "desktop.ini",
        "~$",
        "~",
        "_vti_",
        "forms",
        "_files",
        "_bestanden",
        "-Dateien",
        ":",
        "*",
        "?",
        "|",
        "<",
        ">",
        '"',
        "\\",
        "/",
        "\x00",
        "\x07",
        "\x9f",
        " ",
        ".",
        "..",
        "é",
        "e\u0301",
        "É",
        "ß",
        "SS",
        "\udce9",
        "\udc80",
        "Rapport",
        "rapport",
        ".docx",
        "Notulen",
        "😀",
        "a" * 60,
        "ü" * 40,
    ]
)
names = st.lists(st.one_of(_pieces, st.text(min_size=1, max_size=8)), min_size=1, max_size=8).map(
    "".join
)
rulesets = st.sampled_from(ALL)


@given(name=names, rules=rulesets, is_folder=st.booleans(), at_root=st.booleans())
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_a_sanitised_name_passes_and_sanitising_again_changes_nothing(
    name: str, rules: RuleSet, is_folder: bool, at_root: bool
) -> None:
    fixed = sanitize_name(name, rules, is_folder=is_folder, at_root=at_root)
    assert check_name(fixed, rules, is_folder=is_folder, at_root=at_root) == []
    assert sanitize_name(fixed, rules, is_folder=is_folder, at_root=at_root) == fixed


@given(name=names, rules=rulesets, is_folder=st.booleans(), at_root=st.booleans())
def test_the_fast_check_agrees_with_the_full_check(
    name: str, rules: RuleSet, is_folder: bool, at_root: bool
) -> None:
    full = check_name(name, rules, is_folder=is_folder, at_root=at_root)
    assert name_ok(name, rules, is_folder=is_folder, at_root=at_root) == (full == [])


@given(name=names, rules=rulesets, is_folder=st.booleans())
def test_a_valid_name_is_left_alone(name: str, rules: RuleSet, is_folder: bool) -> None:
    if not check_name(name, rules, is_folder=is_folder, at_root=False):
        assert sanitize_name(name, rules, is_folder=is_folder) == name


def _tree(spec: list[tuple[str, bool, list[tuple[str, bool]]]]) -> Node:
    root = Node("", is_folder=True)
    for name, is_folder, kids in spec:
        node = Node(name, is_folder=is_folder or bool(kids), parent=root)
        assert root.children is not None
        root.children["\x01" + str(len(root.children))] = node  # raw: collisions allowed in
        for kid_name, kid_folder in kids:
            kid = Node(kid_name, is_folder=kid_folder, parent=node)
            assert node.children is not None
            node.children["\x01" + str(len(node.children))] = kid
    return root


trees = st.lists(
    st.tuples(names, st.booleans(), st.lists(st.tuples(names, st.booleans()), max_size=6)),
    min_size=1,
    max_size=8,
)


@given(spec=trees, rules=rulesets)
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
def test_fixing_a_tree_leaves_no_name_problem_and_no_collision(
    spec: list[tuple[str, bool, list[tuple[str, bool]]]], rules: RuleSet
) -> None:
    root = _tree(spec)
    # Start from a tree that only breaks naming rules: keep the first of each colliding group
    # (the plan builder resolves source twins before the rules run).
    for folder in [root, *[n for _, n in root.walk() if n.is_folder]]:
        assert folder.children is not None
        keep: dict[str, Node] = {}
        for kid in folder.kids():
            keep.setdefault(node_key(kid.name, rules), kid)
        folder.children = keep
    total_before = sum(1 for _ in root.walk())
    violations, _ = fix_tree(root, rules)
    assert sum(1 for _ in root.walk()) == total_before  # nothing lost
    remaining = [
        v
        for v in violations
        if v.severity is Severity.BLOCKING
        and v.code not in ("path-too-long", "too-deep", "file-too-big")
    ]
    assert remaining == []
    for folder in [root, *[n for _, n in root.walk() if n.is_folder]]:
        keys = [sibling_key(k.name, rules) for k in folder.kids()]
        assert len(keys) == len(set(keys))  # never a collision
    again, _ = fix_tree(root, rules)
    assert [v for v in again if v.severity is Severity.FIXED] == []  # idempotent


@pytest.mark.parametrize(
    ("rules", "name", "is_folder", "at_root", "fixed"),
    [
        (ONEDRIVE, "COM0", False, False, "COM0_"),
        (ONEDRIVE, "lpt0.txt", False, False, "lpt0_.txt"),
        (ONEDRIVE, "forms", True, True, "forms_"),
        (ONEDRIVE, "forms", True, False, "forms"),
        (ONEDRIVE, "Verslag_files", True, False, "Verslag files"),
        (ONEDRIVE, "Verslag_files", False, False, "Verslag_files"),
        (ONEDRIVE, "Rooster versie 2.", False, False, "Rooster versie 2"),
        (ONEDRIVE, " spatie ", False, False, "spatie"),
        (ONEDRIVE, "~$open.docx", False, False, "_$open.docx"),
        (ONEDRIVE, "x_vti_y", False, False, "x_vti-y"),
        (ONEDRIVE, "~map", True, False, "_map"),
        (ONEDRIVE, "caf\udce9.doc", False, False, "café.doc"),
        (GDRIVE, "a:b?.docx", False, False, "a:b?.docx"),
        (GDRIVE, "caf\udce9.doc", False, False, "café.doc"),
        (LOCAL, "caf\udce9.doc", False, False, "caf\udce9.doc"),
        (LOCAL, "a:b?", False, False, "a:b?"),
        (SMB, "a:b?", False, False, "a_b_"),
    ],
)
def test_platform_rules(
    rules: RuleSet, name: str, is_folder: bool, at_root: bool, fixed: str
) -> None:
    assert sanitize_name(name, rules, is_folder=is_folder, at_root=at_root) == fixed


def test_segment_limits_count_the_way_each_platform_counts() -> None:
    long_chars = "é" * 200 + ".docx"  # 205 characters, 405 UTF-8 bytes
    assert sanitize_name(long_chars, ONEDRIVE, is_folder=False) == long_chars
    fixed = sanitize_name(long_chars, LOCAL, is_folder=False)
    assert fixed.endswith(".docx") and len(fixed.encode()) <= 255


def test_case_and_normalisation_twins_collide_only_where_the_platform_says_so() -> None:
    nfc, nfd = unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "Café")
    assert sibling_key(nfc, ONEDRIVE) == sibling_key(nfd, ONEDRIVE)
    assert sibling_key("Rapport", ONEDRIVE) == sibling_key("rapport", ONEDRIVE)
    assert sibling_key("Rapport", LOCAL) != sibling_key("rapport", LOCAL)
    assert sibling_key(nfc, GDRIVE) != sibling_key(nfd, GDRIVE)


def test_a_400_character_path_is_shortened_folder_first_and_limits_are_reported() -> None:
    root = Node("", is_folder=True)
    folder = Node("m" * 200, is_folder=True, parent=root)
    assert root.children is not None and folder.children is not None
    root.children["m"] = folder
    leaf = Node("verslag " + "x" * 240 + ".docx", is_folder=False, parent=folder, size=0)
    folder.children["v"] = leaf
    big = Node("film.mp4", is_folder=False, parent=folder, size=300 * 2**30)
    folder.children["f"] = big
    violations, _ = fix_tree(root, ONEDRIVE)
    # The folder gives way first (deepest first); the file keeps its whole name.
    assert len(folder.name + "/" + leaf.name) <= 400 and leaf.name == leaf.original
    assert 12 <= len(folder.name) < 200
    codes = {v.code for v in violations}
    assert "file-too-big" in codes and "zero-byte" in codes
    assert any(v.severity is Severity.FIXED and "path-too-long" in v.code for v in violations)


def test_google_limits_depth_and_item_count() -> None:
    root = Node("", is_folder=True)
    node = root
    for level in range(102):
        child = Node(f"n{level}", is_folder=True, parent=node)
        assert node.children is not None
        node.children[child.name] = child
        node = child
    found, stats = validate_tree(root, GDRIVE)
    assert stats.max_depth == 102
    assert [v.code for v in found].count("too-deep") == 2
