"""Plan building: every item accounted for, merges, carving, restricted cards, plan files."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cardsort.analysis import ConsensusTree
from cardsort.planning import PlanOptions
from drive_adapters.plan import (
    Action,
    Mode,
    OpKind,
    PlanError,
    decode_name,
    encode_name,
    load_plan,
    operations,
)
from sessions.cards import NewCard
from tests.drive_adapters.conftest import TRAP_CARDS, Built, node

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


def test_every_item_is_accounted_for_exactly_once(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    built = build(trap_share)
    sources = [i.source for i in built.plan.items]
    assert len(sources) == len(set(sources)) == built.plan.snapshot.entries
    by_source = {i.source: i for i in built.plan.items}
    assert by_source[b"Groep 7/losse aantekening.txt"].target == (
        "Nog indelen",
        "Groep 7",
        "losse aantekening.txt",
    )
    assert by_source[b"Leeg"].target == ("Nog indelen", "Leeg")  # unassigned card
    assert by_source[b"Groep 7"].action is Action.REMOVE_EMPTY
    assert by_source[b"Groep 8"].action is Action.KEEP  # holds a lock file that stays
    lock = by_source[b"Groep 8/~$2024.docx"]
    assert lock.action is Action.EXCLUDE and lock.target is None and "lock" in lock.note
    link = by_source[b"Oud/naar buiten"]
    assert link.action is Action.EXCLUDE and "symlink" in link.note
    targets = [i.target for i in built.plan.items if i.target is not None]
    assert len(targets) == len(set(targets))  # nothing lands twice on one path


def test_merging_two_folders_renames_only_the_colliding_file(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    built = build(trap_share)
    by_source = {i.source: i for i in built.plan.items}
    first = by_source[b"Groep 7/Notulen/2023.docx"].target
    second = by_source[b"Groep 8/Notulen/2023.docx"].target
    assert first == ("Organisatie", "Notulen", "Notulen", "2023.docx")
    assert second == ("Organisatie", "Notulen", "Notulen", "2023 (2).docx")
    assert by_source[b"Groep 8/Notulen/2024.docx"].target == (
        "Organisatie",
        "Notulen",
        "Notulen",
        "2024.docx",
    )
    assert any(v["code"] == "merge-collision" for v in built.plan.violations)
    # Both old Notulen folders were dissolved into one created folder, removed when empty.
    assert b"Groep 7/Notulen" in built.plan.removals
    assert b"Groep 8/Notulen" in built.plan.removals


def test_a_card_nested_in_another_cards_folder_is_carved_out_first(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    cards = [
        *TRAP_CARDS,
        NewCard("Archief notulen", sources=(b"Juf Anja/Nieuwe map 1",), key="archief"),
    ]
    consensus = ConsensusTree(
        (
            node("Onderwijs", ["gids", "rekenen", "taal"]),
            node("Organisatie", ["notulen", "oud", "anja"]),
            node("Leerlingzorg", ["zorg"]),
            node("Archief", ["archief"]),
        ),
        ("leeg",),
    )
    built = build(trap_share, cards=cards, consensus=consensus)
    by_source = {i.source: i for i in built.plan.items}
    deep = b"Juf Anja/Nieuwe map 1/Nieuwe map 2"
    assert by_source[deep].target == ("Archief", "Archief notulen", "Nieuwe map 2")
    assert by_source[deep].action is Action.WITH_FOLDER
    assert by_source[b"Juf Anja/snelkoppeling"].target == (
        "Organisatie",
        "Juf Anja",
        "snelkoppeling",
    )
    ops = operations(built.plan, Mode.IN_PLACE)
    moves = [op for op in ops if op.kind is OpKind.MOVE and op.source]
    order = [op.source for op in moves]
    assert order.index(b"Juf Anja/Nieuwe map 1") < order.index(b"Juf Anja")


def test_in_place_operations_scale_with_cards_not_files(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    share = tmp_path / "big"
    for card in range(4):
        folder = share / f"Map {card}"
        folder.mkdir(parents=True)
        for i in range(300):
            (folder / f"bestand {i}.txt").write_bytes(b"x")
    cards = [NewCard(f"Map {c}", sources=(f"Map {c}".encode(),), key=f"m{c}") for c in range(4)]
    consensus = ConsensusTree((node("Alles", ["m0", "m1"]), node("Rest", ["m2", "m3"])), ())
    built = build(share, cards=cards, consensus=consensus, hashes=False)
    ops = operations(built.plan, Mode.IN_PLACE)
    assert len(ops) < 20
    assert sum(op.files for op in ops) == 1200
    assert len(operations(built.plan, Mode.COPY)) == 1200 + 2 + 4


def test_restricted_card_in_a_shared_folder_is_refused_unless_acknowledged(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    consensus = ConsensusTree(
        (node("Alles", ["gids", "rekenen", "taal", "notulen", "oud", "anja", "zorg"]),),
        ("leeg",),
    )
    with pytest.raises(PlanError, match=r"card zorg .* is restricted but lands in .Alles."):
        build(trap_share, consensus=consensus)
    built = build(
        trap_share, consensus=consensus, options=PlanOptions(acknowledged=frozenset({"zorg"}))
    )
    placement = next(c for c in built.plan.cards if c.key == "zorg")
    assert placement.acknowledged and placement.folder == ("Alles", "Zorg")


def test_a_restricted_card_nobody_sorted_is_refused_too(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    consensus = ConsensusTree((node("Onderwijs", ["gids", "rekenen", "taal"]),), ())
    with pytest.raises(PlanError, match="not yet sorted"):
        build(trap_share, consensus=consensus)


def test_unknown_cards_and_stale_sources_are_clear_errors(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    consensus = ConsensusTree((node("X", ["nope"]),), ())
    with pytest.raises(PlanError, match="cards this study does not have: nope"):
        build(trap_share, consensus=consensus)
    cards = [*TRAP_CARDS, NewCard("Weg", sources=(b"bestaat niet",), key="weg")]
    with pytest.raises(PlanError, match="which the scan did not see"):
        build(trap_share, cards=cards)


def test_plan_files_round_trip_byte_exact_and_refuse_hand_edits(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    built = build(trap_share, options=PlanOptions(rules="local"))
    loaded = load_plan(built.plan_dir)
    assert loaded.items == built.plan.items
    assert loaded.units == built.plan.units
    assert operations(loaded, Mode.IN_PLACE) == operations(built.plan, Mode.IN_PLACE)
    latin = next(i for i in loaded.items if i.source == b"Oud/Verslag caf\xe9 2012.doc")
    assert latin.target is not None and os.fsencode(latin.target[-1]) == b"Verslag caf\xe9 2012.doc"
    doc = yaml.safe_load((built.plan_dir / "plan.yaml").read_text(encoding="utf-8"))
    assert doc["snapshot"]["fingerprint"] == built.plan.snapshot.fingerprint
    assert doc["cardsort_plan"] == 1 and doc["summary"]["items"] == len(built.plan.items)
    items = built.plan_dir / "items.csv"
    items.write_text(
        items.read_text(encoding="utf-8").replace("with-folder", "move", 1), encoding="utf-8"
    )
    with pytest.raises(PlanError, match="changed after the plan was made"):
        load_plan(built.plan_dir)


@pytest.mark.parametrize("name", ["plain", "back\\slash", "caf\udce9", "\\x41 literal", "\\\\"])
def test_name_encoding_round_trips(name: str) -> None:
    assert decode_name(encode_name(name)) == name


def test_cli_plan_from_a_consensus_file(
    trap_share: Path, build: Callable[..., Built], run_cli: Callable[..., object], tmp_path: Path
) -> None:
    import json

    built = build(trap_share)  # scans and creates the study s1 in this test's store
    consensus = tmp_path / "consensus.json"
    from tests.drive_adapters.conftest import trap_consensus

    consensus.write_text(json.dumps(trap_consensus().to_dict()), encoding="utf-8")
    out = tmp_path / "cli-plan"
    result = run_cli("plan", built.plan.study, "--out", str(out), "--consensus", str(consensus))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "items accounted for" in result.output  # type: ignore[attr-defined]
    assert load_plan(out).counts() == built.plan.counts()
    again = run_cli("plan", built.plan.study, "--out", str(out), "--consensus", str(consensus))
    assert again.exit_code == 2 and "--force" in again.stderr  # type: ignore[attr-defined]
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    broken = run_cli(
        "plan", built.plan.study, "--out", str(tmp_path / "x"), "--consensus", str(bad)
    )
    assert broken.exit_code == 2 and "not a consensus tree" in broken.stderr  # type: ignore[attr-defined]


def test_card_folders_source_keeps_source_names_and_merges_them(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    built = build(trap_share, options=PlanOptions(card_folders="source"))
    by_source = {i.source: i for i in built.plan.items}
    assert by_source[b"Oud/Rapport.docx"].target == ("Organisatie", "Oud", "Rapport.docx")
    assert by_source[b"Groep 8/Notulen/2023.docx"].target == (
        "Organisatie",
        "Notulen",
        "2023 (2).docx",
    )
    assert by_source[b"schoolgids.pdf"].target == ("Onderwijs", "schoolgids.pdf")


def test_cli_plan_without_a_consensus_says_what_to_do(
    trap_share: Path, build: Callable[..., Built], run_cli: Callable[..., object], tmp_path: Path
) -> None:
    built = build(trap_share)
    result = run_cli("plan", built.plan.study, "--out", str(tmp_path / "p"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "has no consensus tree yet" in result.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "p").exists()
