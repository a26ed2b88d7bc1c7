"""A folder copied as it is to a target, as a plan: scan the local tree, plan it unchanged.

The direct copy (``cardsort migrate copy``, and the older ``cardsort drive onedrive upload`` /
``drive gdrive upload``) is a migration like any other: the tree is scanned with the same walker
as ``cardsort scan`` (never following a symlink), planned by the same planner as ``cardsort
plan`` (:func:`cardsort.planning.build_copy_plan`: every item keeps its relative path, names the
target cannot hold are renamed by its rules and listed), and applied by the migration executor
with its journal, verify, resume and undo. Nothing here talks to a target.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from cardsort.planning import COPY_STUDY, build_copy_plan
from drive_adapters.inventory import EntryKind, ScanEntry
from drive_adapters.local_scan import ScanRootError, check_root, scan_tree
from drive_adapters.plan import Plan, PlanError
from drive_adapters.rules import RuleSet
from sessions.models import Snapshot, SnapshotStatus

__all__ = ["is_copy_plan", "plan_copy", "scan_for_copy"]


def scan_for_copy(source: Path) -> tuple[Snapshot, list[ScanEntry]]:
    """The tree below ``source`` as an in-memory snapshot (nothing is stored).

    :class:`~drive_adapters.plan.PlanError` when the folder cannot be scanned at all.
    """
    try:
        root = check_root(source)
    except ScanRootError as error:
        raise PlanError(str(error)) from error
    root = os.fsencode(os.path.abspath(root))
    entries = list(scan_tree(root))
    files = [e for e in entries if e.kind is EntryKind.FILE]
    now = datetime.now(UTC).isoformat(timespec="seconds")
    snapshot = Snapshot(
        id=0,  # never stored: a copy needs no study, so no inventory either
        root=os.fsdecode(root),
        root_bytes=root,
        source="local",
        source_ref=None,
        started_at=now,
        finished_at=now,
        status=SnapshotStatus.COMPLETE,
        hashed=False,
        entry_count=len(entries),
        file_count=len(files),
        dir_count=sum(1 for e in entries if e.kind is EntryKind.DIR),
        total_bytes=sum(e.size for e in files),
        problem_count=sum(1 for e in entries if e.problems),
    )
    return snapshot, entries


def plan_copy(
    snapshot: Snapshot, entries: Sequence[ScanEntry], rules: RuleSet, into: Sequence[str] = ()
) -> Plan:
    """The plan that copies the scanned tree unchanged into ``into`` under ``rules``."""
    return build_copy_plan(snapshot, entries, rules=rules, into=into)


def is_copy_plan(plan: Plan, source: Path) -> bool:
    """Whether ``plan`` copies ``source`` as it is (made by :func:`plan_copy`)."""
    root = os.fsencode(os.path.abspath(source))
    return (
        plan.study == COPY_STUDY
        and "copy_into" in plan.options
        and (plan.snapshot.root_bytes == root)
    )
