"""A folder copied to a target the way ``cardsort migrate copy`` copies it, without the CLI.

The tests and benchmarks that load a fake drive with a share use this: the same scan and copy
plan (:mod:`cardsort.copying`), the same executor, journal and verify as the command, with the
adapter they opened themselves (their fake's options) and a journal where they want it.
"""

from __future__ import annotations

from pathlib import Path

from cardsort.copying import plan_copy, scan_for_copy
from drive_adapters.base import DriveAdapter
from drive_adapters.executor import Executor
from drive_adapters.journal import Journal
from drive_adapters.plan import Mode, Plan, save_plan
from drive_adapters.remote.paths import rules_with_prefix
from drive_adapters.rules import get_ruleset

__all__ = ["copy_executor", "copy_plan"]


def copy_plan(
    source: Path, adapter: DriveAdapter, rules: str, into: tuple[str, ...] = (),
    save_to: Path | None = None,
) -> Plan:  # fmt: skip
    """The copy plan of ``source`` for this adapter's rules (with its path prefix)."""
    snapshot, entries = scan_for_copy(source)
    ruleset = rules_with_prefix(get_ruleset(rules), adapter.path_prefix_chars)
    plan = plan_copy(snapshot, entries, ruleset, into)
    if save_to is not None:
        save_plan(plan, save_to)
    return plan


def copy_executor(
    plan: Plan, adapter: DriveAdapter, journal: Path | None = None, *,
    label: str = "onedrive:me", workers: int | None = None,
) -> Executor:  # fmt: skip
    """An executor that copies ``plan`` onto ``adapter`` (an in-memory journal by default)."""
    book = Journal.memory() if journal is None else Journal(journal)
    return Executor(plan, adapter, Mode.COPY, book, target_label=label, workers=workers)
