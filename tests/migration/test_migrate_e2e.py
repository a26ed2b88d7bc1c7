"""End to end: plan → simulate → apply → verify → undo on shares full of traps, both modes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from drive_adapters.executor import ExecutionError
from drive_adapters.plan import Action, Mode

from .conftest import Built, contents, manifest, open_executor


def test_in_place_apply_verify_undo_is_byte_for_byte(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    before = manifest(trap_share)
    outside_before = manifest(tmp_path / "outside")
    built = build(trap_share)
    ex = open_executor(built.plan_dir, f"local:{trap_share}")
    result = ex.apply()
    after = manifest(trap_share)
    # Every file is still there exactly once, same content and mtime, under its new path.
    assert contents(after) == contents(before)
    top = sorted(os.listdir(trap_share))
    # An old folder holding only an excluded lock file stays, with just that file.
    assert top == [
        "Groep 8",
        "Leerlingzorg",
        "Nog indelen",
        "Onderwijs",
        "Organisatie",
        "~$lock.docx",
    ]
    assert os.listdir(trap_share / "Groep 8") == ["~$2024.docx"]
    # Coarse moves: a card that is a folder moves in one operation, whatever it holds.
    assert result.by_kind["move"] < 20
    assert after[b"Onderwijs/Vakken/Rekenen/blok 1.docx"][0] == "file"
    # Two "Notulen" folders merged recursively; the colliding file got a counter.
    assert (
        after[b"Organisatie/Notulen/Notulen/2023.docx"][3]
        != after[b"Organisatie/Notulen/Notulen/2023 (2).docx"][3]
    )
    assert b"Organisatie/Notulen/Notulen/Archief/oud.docx" in after
    # Rule fixes happened as planned; twins kept apart.
    assert b"Organisatie/Oud spul/Kerst_ draaiboek_.docx" in after
    assert b"Organisatie/Oud spul/Rapport.docx" in after
    assert b"Organisatie/Oud spul/rapport (2).docx" in after
    assert b"Organisatie/Oud spul/CON_.txt" in after
    # Unclaimed items and unsorted cards are in "Nog indelen", under their old path.
    assert b"Nog indelen/Groep 7/losse aantekening.txt" in after
    assert b"Nog indelen/Leeg" in after
    # The link out of the share travelled as a link and was never followed.
    assert after[b"Organisatie/Oud spul/naar buiten"][0] == "link"
    assert manifest(tmp_path / "outside") == outside_before
    verified = ex.verify()
    assert verified.ok, verified.differences
    assert verified.checked_files == len([i for i in built.plan.placed_files()])
    # Re-running a finished plan does nothing.
    again = ex.apply()
    assert again.nothing_to_do
    assert manifest(trap_share) == after
    ex.undo()
    assert manifest(trap_share) == before


def test_copy_mode_keeps_the_share_and_copies_content_and_mtimes(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    before = manifest(trap_share)
    built = build(trap_share)
    copy = tmp_path / "nieuw"
    ex = open_executor(built.plan_dir, f"local-copy:{copy}")
    ex.apply()
    assert manifest(trap_share) == before
    copied = manifest(copy)
    placed = [i for i in built.plan.placed_files()]
    assert len([v for v in copied.values() if v[0] == "file"]) == len(placed)
    assert not any(v[0] == "link" for v in copied.values())  # links are never copied
    for item in placed:
        assert item.target is not None
        original = before[item.source]
        target = copied[os.fsencode("/".join(item.target))]
        assert target[1:] == original[1:]  # size, mtime_ns, sha256
    verified = ex.verify(content=True)
    assert verified.ok and verified.hashed == len(placed)
    ex.undo()
    assert os.listdir(copy) == []
    assert manifest(trap_share) == before


def test_verify_finds_missing_changed_and_extra_files(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    built = build(trap_share)
    ex = open_executor(built.plan_dir, f"local:{trap_share}")
    ex.apply()
    (trap_share / "Onderwijs/Vakken/Rekenen/blok 2.docx").unlink()
    (trap_share / "Onderwijs/Vakken/Taal/dictee.docx").write_bytes(b"changed, longer content\n")
    (trap_share / "Organisatie/extra.txt").write_bytes(b"?")
    result = ex.verify()
    text = "\n".join(result.differences)
    assert "missing: Onderwijs/Vakken/Rekenen/blok 2.docx" in text
    assert "size differs" in text and "dictee.docx" in text
    assert "not in the plan: Organisatie/extra.txt" in text


def test_apply_stops_with_the_list_when_the_source_changed(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    built = build(trap_share)
    (trap_share / "Groep 7/Taal/nieuw.docx").write_bytes(b"new")
    (trap_share / "schoolgids.pdf").write_bytes(b"other size")
    (trap_share / "Oud/leeg.txt").unlink()
    before = manifest(trap_share)
    ex = open_executor(built.plan_dir, f"local:{trap_share}")
    with pytest.raises(ExecutionError) as caught:
        ex.apply()
    details = "\n".join(caught.value.details)
    assert "new since the scan: Groep 7/Taal/nieuw.docx" in details
    assert "changed size" in details and "schoolgids.pdf" in details
    assert "gone since the scan: Oud/leeg.txt" in details
    assert manifest(trap_share) == before  # nothing changed


def test_undo_leaves_copies_that_changed_after_the_copy(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    built = build(trap_share)
    copy = tmp_path / "nieuw"
    ex = open_executor(built.plan_dir, f"local-copy:{copy}")
    ex.apply()
    edited = copy / "Onderwijs" / "schoolgids.pdf"
    edited.write_bytes(b"a teacher edited the copy")
    result = ex.undo()
    assert edited.read_bytes() == b"a teacher edited the copy"
    assert any("schoolgids.pdf" in s and "changed since" in s for s in result.skipped)


def test_cli_simulate_reports_traps_for_each_target(
    trap_share: Path, build: Callable[..., Built], run_cli: Callable[..., object]
) -> None:
    built = build(trap_share)
    outputs = {}
    for target in ("onedrive", "gdrive", "local"):
        result = run_cli(
            "migrate", "simulate", str(built.plan_dir), "--target", f"simulated:{target}"
        )
        assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
        outputs[target] = result.output  # type: ignore[attr-defined]
    onedrive = outputs["onedrive"]
    for expected in (
        "Kerst_ draaiboek_.docx",
        "rapport (2).docx",
        "CON_.txt",
        "caf",
        "Café (2).docx",
        "folders to create",
        "Estimated duration",
        "Resulting tree",
    ):
        assert expected in onedrive, expected
    assert "files to copy/upload" in onedrive  # a local scan goes to OneDrive by upload
    assert "moves (whole folders/files)" in outputs["local"]  # in place: moves
    assert "fits in one day's 750 GB upload budget" in outputs["gdrive"]
    assert "Excluded and listed" in onedrive and "symlink" in onedrive


def test_cli_plan_apply_verify_undo(
    trap_share: Path, build: Callable[..., Built], run_cli: Callable[..., object]
) -> None:
    before = manifest(trap_share)
    built = build(trap_share)
    plan_dir = str(built.plan_dir)
    target = f"local:{trap_share}"
    applied = run_cli("migrate", "apply", plan_dir, "--target", target)
    assert applied.exit_code == 0, applied.output  # type: ignore[attr-defined]
    report = (built.plan_dir / "report-apply.csv").read_text(encoding="utf-8")
    assert report.count("\n") == len(built.plan.items) + 1
    assert (
        "Groep 7/Rekenen/blok 1.docx,Onderwijs/Vakken/Rekenen/blok 1.docx,with-folder,done"
        in report
    )
    verified = run_cli("migrate", "verify", plan_dir, "--target", target)
    assert verified.exit_code == 0 and "matches the plan" in verified.output  # type: ignore[attr-defined]
    again = run_cli("migrate", "apply", plan_dir, "--target", target)
    assert "nothing changed" in again.output  # type: ignore[attr-defined]
    undone = run_cli("migrate", "undo", plan_dir, "--target", target)
    assert undone.exit_code == 0, undone.output  # type: ignore[attr-defined]
    assert manifest(trap_share) == before
    refused = run_cli("migrate", "apply", plan_dir, "--target", target)
    assert refused.exit_code == 3 and "undone" in refused.output  # type: ignore[attr-defined]


def test_cli_simulate_blocks_a_plan_fixed_for_other_rules(
    trap_share: Path, build: Callable[..., Built], run_cli: Callable[..., object]
) -> None:
    from cardsort.planning import PlanOptions

    built = build(trap_share, options=PlanOptions(rules="local"))
    result = run_cli("migrate", "simulate", str(built.plan_dir), "--target", "simulated:onedrive")
    assert result.exit_code == 3  # type: ignore[attr-defined]
    assert "re-plan with --rules onedrive" in result.output  # type: ignore[attr-defined]
    assert "Kerst: draaiboek?.docx" in result.output  # type: ignore[attr-defined]


def test_cli_errors_are_clear(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path, run_cli: Callable[..., object]
) -> None:
    built = build(trap_share)
    missing = run_cli("migrate", "apply", str(tmp_path / "nope"), "--target", "local:/x")
    assert missing.exit_code == 2 and "There is no plan" in missing.stderr  # type: ignore[attr-defined]
    other = run_cli("migrate", "apply", str(built.plan_dir), "--target", f"local:{tmp_path}")
    assert other.exit_code == 2 and "local-copy" in other.stderr  # type: ignore[attr-defined]
    cloud = run_cli("migrate", "apply", str(built.plan_dir), "--target", "nowhere:x")
    assert cloud.exit_code == 2 and "Unknown target" in cloud.stderr  # type: ignore[attr-defined]
    resume = run_cli("migrate", "resume", str(built.plan_dir), "--target", f"local:{trap_share}")
    assert resume.exit_code == 2 and "never applied" in resume.stderr  # type: ignore[attr-defined]


@pytest.mark.slow
def test_demo_share_both_modes(
    demo_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    """The lead's demo share: cards = its top-level folders, grouped in three folders."""
    from sessions.cards import NewCard

    from .conftest import node

    names = sorted(os.listdir(os.fsencode(demo_share)))
    cards = [
        NewCard(os.fsdecode(n), sources=(n,), key=f"k{i}")
        for i, n in enumerate(names)
        if not os.path.islink(os.path.join(os.fsencode(demo_share), n))
        and not n.startswith((b"~$", b"Thumbs", b"desktop"))
    ]
    keys = [c.key for c in cards if c.key]
    from cardsort.analysis import ConsensusTree

    consensus = ConsensusTree(
        (node("A", keys[: len(keys) // 3]), node("B", keys[len(keys) // 3 : 2 * len(keys) // 3])),
        tuple(keys[2 * len(keys) // 3 :]),
    )
    before = manifest(demo_share)
    built = build(demo_share, cards=cards, consensus=consensus)
    assert built.plan.counts()["blocking"] == 0
    excluded = {i.source for i in built.plan.items if i.action is Action.EXCLUDE}
    assert b"ICT/Systeemmap" in excluded  # the link to /etc
    # Every trap of the demo share is reported with what the plan does about it.
    reported = {(v["code"], v["path"].rsplit("/", 1)[-1]) for v in built.plan.violations}
    for code, name in [
        ("invalid-char", "Kerst: draaiboek?.docx"),
        ("not-utf8", "Verslag ouderavond caf\\xe9 2012.doc"),
        ("name-collision", "notulen.docx"),
        ("zero-byte", "Scan_leeg.pdf"),
    ]:
        assert (code, name) in reported, (code, name)
    ex = open_executor(built.plan_dir, f"local-copy:{tmp_path / 'kopie'}", tmp_path / "j1.sqlite")
    ex.apply()
    assert ex.verify(content=True).ok
    ex.undo()
    ex2 = open_executor(built.plan_dir, f"local:{demo_share}", tmp_path / "j2.sqlite")
    result = ex2.apply()
    assert ex2.mode is Mode.IN_PLACE
    assert result.by_kind["move"] <= len(cards) + 10  # scales with cards, not files
    assert ex2.verify().ok
    assert contents(manifest(demo_share)) == contents(before)
    ex2.undo()
    assert manifest(demo_share) == before
