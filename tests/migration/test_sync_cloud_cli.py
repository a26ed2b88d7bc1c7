"""``cardsort migrate apply/sync --source`` for a plan made from a OneDrive scan: the library is
scanned (its delta link kept with the snapshot), planned, copied into a new structure, and after
a week of work caught up from the change feed, all from the command line against the fake
Graph server."""

from __future__ import annotations

from pathlib import Path

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from cardsort.planning import PlanOptions, build_plan
from drive_adapters.onedrive import open_target
from drive_adapters.plan import save_plan
from sessions.cards import NewCard, cards_of
from sessions.inventory import iter_entries, latest_snapshot
from sessions.store import Store
from sessions.studies import create_study
from tests.fakes.graph_server import FakeGraphServer

from .conftest import node

MONDAY = 1_760_000_000.0
FRIDAY = MONDAY + 4 * 86400


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    return " ".join(capsys.readouterr().out.split())


def test_a_onedrive_source_is_copied_and_caught_up_from_the_command_line(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeGraphServer() as server:
        rekenen = server.add_folder(server.me.root_id, "rekenen")
        taal = server.add_folder(server.me.root_id, "taal")
        tafels = server.add_file(rekenen, "tafels.docx", b"tafels", mtime=MONDAY)
        breuken = server.add_file(rekenen, "breuken.xlsx", b"breuken", mtime=MONDAY)
        dictee = server.add_file(taal, "dictee.docx", b"dictee", mtime=MONDAY)
        assert main(["drive", "onedrive", "scan", "me", "--base-url", server.url]) == 0
        snapshot = latest_snapshot(store)
        assert snapshot.change_cursor and snapshot.change_cursor.startswith(server.url)
        assert snapshot.change_cursor not in _out(capsys)  # a cursor is never printed
        cards = [
            NewCard("Rekenen", sources=(b"rekenen",), key="rekenen"),
            NewCard("Taal", sources=(b"taal",), key="taal"),
        ]
        study = create_study(store, "s", cards, snapshot_id=snapshot.id)
        plan = build_plan(
            ConsensusTree((node("Vakken", ["rekenen", "taal"]),), ()),
            cards_of(store, study_id=study.id),
            snapshot,
            iter_entries(store, snapshot.id),
            study="s",
            options=PlanOptions(rules="local"),
        )
        plan_dir = tmp_path / "plan"
        save_plan(plan, plan_dir)
        where = {i.source: "/".join(i.target) for i in plan.items if i.target}
        copy = tmp_path / "kopie"
        target = f"local-copy:{copy}"
        source = f"onedrive:me?base_url={server.url}"
        assert main(["migrate", "apply", str(plan_dir), "--target", target,
                     "--source", source]) == 0  # fmt: skip
        assert (copy / where[b"rekenen/tafels.docx"]).read_bytes() == b"tafels"

        # A week of work in the library, and one edit in the copy.
        server.add_file(taal, "verhaal.docx", b"er was eens", mtime=FRIDAY)
        server.edit_file(tafels, b"tafels tot 12", mtime=FRIDAY)
        server.edit_file(breuken, b"breuken, juf", mtime=FRIDAY)
        (copy / where[b"rekenen/breuken.xlsx"]).write_bytes(b"breuken, in de kopie")
        adapter = open_target("me", {"base_url": server.url})
        adapter.delete(dictee)
        adapter.close()

        sync = ["migrate", "sync", str(plan_dir), "--target", target, "--source", source,
                "--deleted", "mirror"]  # fmt: skip
        capsys.readouterr()
        assert main([*sync, "--simulate"]) == 0
        preview = _out(capsys)
        assert "new: 1" in preview and "update: 1" in preview and "remove: 1" in preview
        assert not (copy / where[b"taal"] / "verhaal.docx").exists()  # simulate changes nothing
        before = server.total_requests()
        assert main(sync) == ExitStatus.SET_ASIDE  # the conflict is listed
        out = _out(capsys)
        assert "breuken.xlsx: changed in the source and edited in the target" in out
        assert server.counts().get("GET delta", 0) >= 1
        assert server.total_requests() - before < 20  # the feed and the changed files only
        assert (copy / where[b"taal"] / "verhaal.docx").read_bytes() == b"er was eens"
        assert (copy / where[b"rekenen/tafels.docx"]).read_bytes() == b"tafels tot 12"
        assert (copy / where[b"rekenen/breuken.xlsx"]).read_bytes() == b"breuken, in de kopie"
        assert not (copy / where[b"taal/dictee.docx"]).exists()
        assert main(sync) == ExitStatus.SET_ASIDE
        assert _out(capsys).startswith("Catch-up: nothing.")  # a second sync does nothing
        assert main(["migrate", "verify", str(plan_dir), "--target", target,
                     "--source", source]) == ExitStatus.DIFFERENCES  # fmt: skip
        assert "1 difference:" in _out(capsys)  # the unresolved conflict
        before = server.counts().get("GET download", 0)
        assert main(["migrate", "verify", str(plan_dir), "--target", target, "--content",
                     "--source", source]) == ExitStatus.DIFFERENCES  # fmt: skip
        out = _out(capsys)
        assert "1 difference:" in out and "breuken.xlsx" in out
        assert server.counts().get("GET download", 0) > before  # compared with the source's bytes


def test_a_source_that_is_not_the_scanned_drive_is_refused(
    tmp_path: Path, store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeGraphServer() as server:
        server.add_folder(server.me.root_id, "rekenen")
        other = server.add_user("juf.anna@school.example")
        assert other
        assert main(["drive", "onedrive", "scan", "me", "--base-url", server.url]) == 0
        snapshot = latest_snapshot(store)
        cards = [NewCard("Rekenen", sources=(b"rekenen",), key="rekenen")]
        study = create_study(store, "s", cards, snapshot_id=snapshot.id)
        plan = build_plan(
            ConsensusTree((node("Vakken", ["rekenen"]),), ()),
            cards_of(store, study_id=study.id),
            snapshot,
            iter_entries(store, snapshot.id),
            study="s",
            options=PlanOptions(rules="local"),
        )
        save_plan(plan, tmp_path / "plan")
        capsys.readouterr()
        status = main(["migrate", "apply", str(tmp_path / "plan"), "--target",
                       f"local-copy:{tmp_path / 'kopie'}", "--source",
                       f"onedrive:user:juf.anna@school.example?base_url={server.url}"])  # fmt: skip
        assert status == ExitStatus.USAGE
        said = capsys.readouterr()
        assert "is not the drive this plan was scanned from" in " ".join(
            (said.out + said.err).split()
        )
        assert not (tmp_path / "kopie").exists() or not any((tmp_path / "kopie").iterdir())
