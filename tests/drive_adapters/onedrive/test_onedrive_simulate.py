"""``simulate`` (the OneDrive rule check of a plan) against the strict fake: every plan the fake
refuses to carry out, the rule check must have flagged first. The fake's rule book is its own
(tests/fakes/graph_server.py), written apart from drive_adapters.rules."""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import pytest

from drive_adapters.base import DriveAdapter, DriveError
from drive_adapters.executor import ExecutionError, Executor, check_target_rules
from drive_adapters.journal import Journal
from drive_adapters.onedrive import open_target
from drive_adapters.plan import Action, Mode, Plan, PlanItem, SnapshotRef
from drive_adapters.rules.catalog import get_ruleset
from tests.fakes.graph_server import FakeGraphServer

RULES = get_ruleset("onedrive")
NASTY = [
    "Kerst: draaiboek", "vraag?", "a*b", "pijp|lijn", "<tag>", 'aanhalingsteken"', "back\\slash",
    "CON", "nul", "COM1", "LPT9", "desktop.ini", ".lock", "~$notulen.docx", "x_vti_y",
    "spatie ", " spatie", "punt.", "forms", "~tijdelijk", "pagina_files", "tab\tnaam",
    "a" * 256, "Groep 7", "Café", "#1 notulen", "100% kaart", "rapport (2).docx",
]  # fmt: skip


def _plan(share: Path, folder: tuple[str, ...], file_name: str) -> Plan:
    src = share / "kaart" / "stuk.txt"
    st = src.stat()
    items = [
        PlanItem(b"kaart", "dir", 0, None, Action.MOVE, folder, 1, "kaart"),
        PlanItem(b"kaart/stuk.txt", "file", st.st_size, st.st_mtime, Action.WITH_FOLDER,
                 (*folder, file_name), 1, "kaart"),
    ]  # fmt: skip
    folders = [folder[: i + 1] for i in range(len(folder))]
    snapshot = SnapshotRef(1, str(share), os.fsencode(share), "local", None, "fp", 2)
    return Plan("sim", "2026-11-28T00:00:00Z", "t", snapshot, "onedrive", "Ongesorteerd",
                "_cardsort_staging", folders, [], [], items)  # fmt: skip


def _cases() -> list[tuple[tuple[str, ...], str]]:
    cases: list[tuple[tuple[str, ...], str]] = []
    for name in NASTY:
        cases.append((("Groep", name), "stuk.txt"))  # as a folder
        cases.append((("Groep", "Kaart"), name))  # as a file
    deep = tuple(f"map {i} " + "x" * 40 for i in range(8))
    cases.append((deep, "y" * 30 + ".txt"))  # a path over 400 characters
    cases.append((deep[:7], "kort.txt"))
    return cases


@pytest.mark.parametrize("chunk", range(4))
def test_everything_the_fake_refuses_was_flagged_by_simulate(tmp_path: Path, chunk: int) -> None:
    share = tmp_path / "share"
    (share / "kaart").mkdir(parents=True)
    (share / "kaart" / "stuk.txt").write_bytes(b"werkstuk")
    cases = _cases()[chunk::4]
    with FakeGraphServer() as server:
        adapter = open_target("me", {"base_url": server.url})
        refusals = 0
        try:
            for n, (folder, file_name) in enumerate(cases):
                top = adapter.create_folder(adapter.root().id, f"run {n}")
                plan = _plan(share, folder, file_name)
                flagged = check_target_rules(plan, RULES, Mode.COPY)
                journal = Journal(tmp_path / f"journal-{n}.sqlite")
                under = cast(DriveAdapter, _Under(adapter, top.id))  # duck-typed wrapper
                executor = Executor(plan, under, Mode.COPY, journal,
                                    target_label="onedrive:me")  # fmt: skip
                try:
                    executor.apply(check_source=False)
                    refused = not executor.verify().ok
                except (ExecutionError, DriveError):
                    refused = True
                finally:
                    journal.close()
                if refused:
                    refusals += 1
                    assert flagged, (
                        f"the server refused {folder}/{file_name} but simulate passed it"
                    )
        finally:
            adapter.close()
    assert refusals >= len(cases) // 2  # most cases are refused: the test is not vacuous


class _Under:
    """The adapter with its root moved to a folder, so each case starts in an empty place."""

    def __init__(self, adapter: object, root_id: str) -> None:
        self._adapter = adapter
        self._root_id = root_id

    def __getattr__(self, name: str) -> object:
        return getattr(self._adapter, name)

    def root(self) -> object:
        return self._adapter.get(self._root_id)  # type: ignore[attr-defined]
