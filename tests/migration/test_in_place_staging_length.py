"""An in-place run on a cloud library builds the new tree inside its staging folder first, so
while it runs every path is that folder longer; a plan made with ``--library-url`` counts it,
and its deepest item, fitted exactly to the limit, applies in place without being set aside.

Against the fake SharePoint library (Graph over real HTTP), which refuses a path longer than
400 characters counted with the site and library (tests/fakes/graph_server.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from cardsort.analysis import ConsensusTree
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.executor import Executor
from drive_adapters.inventory import ScanEntry
from drive_adapters.journal import Journal
from drive_adapters.onedrive import open_target
from drive_adapters.plan import RENAMES_FIRST, Mode, OpKind, Plan, operations
from drive_adapters.remote.paths import library_prefix_chars
from sessions.models import Card, Snapshot, SnapshotStatus
from tests.fakes.graph_server import FakeGraphServer

from .conftest import Built, node

HOST = "school.sharepoint.com"
SITE = "/sites/" + "Bovenbouw-en-onderbouw-samen-" * 5  # a long site address (~160 characters)
LIBRARY = "Gedeelde documenten"


def _plan(adapter_entries: list[ScanEntry], url: str) -> Plan:
    cards = [Card(1, "archief", "Archief", "", 0, sources=(b"Archief",))]
    files = [e for e in adapter_entries if e.kind.value == "file"]
    snapshot = Snapshot(
        1, f"onedrive:site:{url}", b"", "onedrive", f"site:{url}", "2026-01-01", "2026-01-01",
        SnapshotStatus.COMPLETE, True, len(adapter_entries), len(files),
        len(adapter_entries) - len(files), sum(e.size for e in files), 0,
    )  # fmt: skip
    return build_plan(
        ConsensusTree((node("Organisatie", ["archief"]),), ()),
        cards,
        snapshot,
        adapter_entries,
        study="s",
        options=PlanOptions(rules="onedrive", library_url=url),
    )


def test_the_deepest_item_fitted_to_the_limit_applies_in_place(tmp_path: Path) -> None:
    with FakeGraphServer() as server:
        site = server.add_site(HOST, SITE, [LIBRARY])
        drive_id = site["drives"][0]
        url = f"https://{HOST}{SITE}/{LIBRARY.replace(' ', '%20')}"
        prefix = library_prefix_chars(url)
        root = server.state.drives[drive_id].root_id
        folder = server.add_folder(root, "Archief", drive_id=drive_id)
        # After the move the file's path is "Organisatie/Archief/<level>/verslag.docx": it fits
        # 400 without the staging folder, and is 10 characters too long with it.
        staging_chars = len("_cardsort-herindeling-12345678") + 1
        fixed = len("Organisatie/Archief/") + len("/verslag.docx")
        level = "Verslagen-en-notulen-van-het-schooljaar-" * 10  # no space where it is cut
        level = level[: 400 - prefix - fixed - staging_chars + 10].rstrip()
        assert prefix + fixed + len(level) <= 400 < prefix + staging_chars + fixed + len(level)
        deep = server.add_folder(folder, level, drive_id=drive_id)
        server.add_file(deep, "verslag.docx", b"verslag" * 30, drive_id=drive_id)
        before = {p: v["id"] for p, v in server.tree(drive_id).items()}
        adapter = open_target(f"site:{url}", {"base_url": server.url})
        assert adapter.path_prefix_chars == prefix
        try:
            plan = _plan(list(adapter.scan()), url)
            assert plan.blocking() == []
            deepest = max(("/".join(i.target) for i in plan.items if i.target), key=len)
            # Fitted exactly: library, staging folder and path make 400 characters.
            assert prefix + len(plan.staging) + 1 + len(deepest) == 400
            assert deepest.endswith("/verslag.docx")
            journal = Journal(tmp_path / "journal.sqlite")
            try:
                executor = Executor(
                    plan, adapter, Mode.IN_PLACE, journal, target_label=f"onedrive:site:{url}"
                )
                result = executor.apply(check_source=False)
                check = executor.verify()
                after = server.tree(drive_id)
                undone = executor.undo()  # the renames first, undone last
            finally:
                journal.close()
        finally:
            adapter.close()
        restored = {p: v["id"] for p, v in server.tree(drive_id).items()}
    assert not result.set_aside, result.set_aside
    assert check.ok, check.differences
    assert deepest in after and after[deepest]["size"] == len(b"verslag" * 30)
    assert not undone.set_aside and restored == before


def test_plans_made_before_renames_first_keep_their_operations(
    trap_share: Path, build: Callable[..., Built]
) -> None:
    """A new plan renames in place before anything moves; a plan made before that (no
    ``renames_first`` option) keeps its operations, so the journal of a run begun with it
    still matches them (resume and undo go on)."""
    plan = build(trap_share).plan
    assert plan.options[RENAMES_FIRST] is True
    new = operations(plan, Mode.IN_PLACE)
    old_plan = replace(plan, options={k: v for k, v in plan.options.items() if k != RENAMES_FIRST})
    old = operations(old_plan, Mode.IN_PLACE)
    first_move = min(op.seq for op in new if op.kind is OpKind.MOVE)
    renames = [op for op in new if op.kind is OpKind.RENAME]
    assert renames and all(op.seq < first_move for op in renames)
    assert all(op.src and op.src[0] != plan.staging for op in renames)  # where they are
    old_renames = [op for op in old if op.kind is OpKind.RENAME]
    assert all(op.src and op.src[0] == plan.staging for op in old_renames)  # in staging
    assert all(op.seq > first_move for op in old_renames)
    assert {op.source for op in renames} == {op.source for op in old_renames}
