"""The offline round trip: pack a test file, take it away from the store, import the result."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.treetest_offline import open_test_file, write_result
from cardsort.tui.treetest.app import TreeTestApp
from sessions.store import Store, StoreError
from sessions.treetests import answers_of, get_treetest, treetest_participants

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


async def test_pack_take_offline_and_import_the_result(
    school: Store, run_cli: Callable[..., object], tmp_path: Path
) -> None:
    run_cli("treetest", "create", "ab", "--study", "school", "--compare", "1")  # type: ignore[misc]
    assert (
        "two different versions"
        in run_cli(  # type: ignore[attr-defined]
            "treetest", "create", "ab", "--study", "school", "--compare", "1"
        ).stderr
    )
    run_cli("consensus", "rename", "school", "Zorg", "Leerlingzorg")
    run_cli("treetest", "create", "ab", "--study", "school", "--version", "1", "--compare", "2")
    run_cli("treetest", "tasks", "add", "ab", "--nl", "Groepsplannen?", "--correct", "c7")
    test_file = tmp_path / "toets.json"
    packed = run_cli("treetest", "pack", "ab", str(test_file), "--version", "B")
    assert "version B" in packed.output  # type: ignore[attr-defined]

    store, name, variant = open_test_file(test_file)
    try:
        assert (name, variant) == ("ab", "B")
        app = TreeTestApp(store, name, participant="Thuis", lang="nl", variant=variant)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("down", "down", "enter", "enter", "h")
            await pilot.pause()
        result = write_result(store, name, test_file)
    finally:
        store.close()
    assert result.read_text("utf-8").splitlines()[1] == (
        "Thuis,B,t1,Leerlingzorg > Groepsplannen,Leerlingzorg/Groepsplannen,"
        + result.read_text("utf-8").splitlines()[1].rsplit(",", 1)[1]
    )

    imported = run_cli("treetest", "import", "ab", str(result))
    assert "Imported 1 answers" in imported.output  # type: ignore[attr-defined]
    record = get_treetest(school, "ab")
    (person,) = treetest_participants(school, record.id)
    assert (person.name, person.variant) == ("Thuis", "B")
    (answer,) = answers_of(school, record.id)
    assert answer.chosen == "c:c7"


def test_a_file_that_is_not_a_tree_test_is_refused(tmp_path: Path) -> None:
    wrong = tmp_path / "x.json"
    wrong.write_text('{"format": "something else"}', "utf-8")
    with pytest.raises(StoreError, match="not a tree-test file"):
        open_test_file(wrong)
    assert not (tmp_path / "x.treetest.sqlite").exists()
