"""Hand-edited or damaged plan files get a clear error that names the place, never a traceback;
``.`` and ``..`` never enter a plan as names."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cardsort.analysis import ConsensusTree
from drive_adapters.plan import PlanError, load_plan
from tests.drive_adapters.conftest import Built, node, trap_consensus

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


def _simulate(run_cli: Callable[..., object], plan_dir: Path) -> tuple[int, str]:
    result = run_cli("migrate", "simulate", str(plan_dir), "--target", "simulated:local")
    return result.exit_code, " ".join(result.stderr.split())  # type: ignore[attr-defined]


def test_items_file_with_an_unbalanced_quote(
    trap_share: Path, build: Callable[..., Built], run_cli: Callable[..., object]
) -> None:
    built = build(trap_share)
    items = built.plan_dir / "items.csv"
    lines = items.read_bytes().split(b"\r\n")
    lines[3] = b'"' + lines[3]
    items.write_bytes(b"\r\n".join(lines))
    status, err = _simulate(run_cli, built.plan_dir)
    assert status == 2
    assert re.search(r"items\.csv, line \d+", err) and "re-create the plan" in err


@pytest.mark.parametrize("target", ["..", "Onderwijs/../../etc", "Onderwijs/.", "a//b"])
def test_items_file_with_dot_names_is_refused(
    target: str, trap_share: Path, build: Callable[..., Built], run_cli: Callable[..., object]
) -> None:
    built = build(trap_share)
    items = built.plan_dir / "items.csv"
    text = items.read_text(encoding="utf-8")
    items.write_text(text.replace("Onderwijs/Vakken/Rekenen", target, 1), encoding="utf-8")
    status, err = _simulate(run_cli, built.plan_dir)
    assert status == 2
    assert "items.csv, line" in err and "cannot be a file or folder name" in err


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("folders", [12], "a path was expected, found 12"),
        ("folders", ["Onderwijs/.."], "cannot be a file or folder name"),
        ("removals", ["../buiten"], "not a path inside the share"),
        ("units", [{"id": 1}], "the entry 'source' is missing"),
    ],
)
def test_plan_yaml_edited_by_hand(
    key: str,
    value: object,
    says: str,
    trap_share: Path,
    build: Callable[..., Built],
    run_cli: Callable[..., object],
) -> None:
    built = build(trap_share)
    path = built.plan_dir / "plan.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc[key] = value
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PlanError, match=re.escape(says)):
        load_plan(built.plan_dir)
    status, err = _simulate(run_cli, built.plan_dir)
    assert status == 2 and says in err


@pytest.mark.parametrize("name", [".", "..", " .. ", "a/b"])
def test_consensus_folder_renamed_to_a_dot_name_is_refused(name: str) -> None:
    from cardsort.consensus_edits import move_card, rename_folder

    tree = trap_consensus()
    with pytest.raises(ValueError, match="cannot be a folder name"):
        rename_folder(tree, (0,), name)
    with pytest.raises(ValueError, match="cannot be a folder name"):
        move_card(tree, "taal", "Taal", None, new_folder=name)


def test_a_consensus_file_with_a_dot_folder_cannot_be_planned(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    tree = ConsensusTree((node("..", ["rekenen"]), node("Rest", ["taal"])), ())
    with pytest.raises(PlanError, match=r"The folder '\.\.' cannot be a folder name"):
        build(trap_share, consensus=tree)
