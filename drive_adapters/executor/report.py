"""The per-item report: one CSV row per inventory item with what happened to it.

After an undo, an item whose undo was set aside reads ``done, undo set aside`` with the reason
(what is left on the target, and why); running undo again retries it.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from drive_adapters.executor.run_state import RunState
from drive_adapters.journal import OpStatus
from drive_adapters.plan import Action, Mode, Op, encode_name, encode_path
from sessions.private_files import open_private

__all__ = ["Reporting"]

#: An undo that failed on one item set it aside (run undo again to retry it).
_UNDO_STATUS = {OpStatus.FAILED: "set aside"}


class Reporting(RunState):
    """Write the per-item report from the journal."""

    def write_report(self, path: Path) -> Path:
        """One row per inventory item: source, target, action, status, message."""
        rows = self.journal.rows()
        by_source: dict[bytes, Op] = {op.source: op for op in self.ops if op.source is not None}
        unit_source = {u.id: u.source for u in self.plan.units}
        tmp = path.with_name(path.name + ".tmp")
        with open_private(tmp, "w", encoding="utf-8", newline="") as handle:
            # RFC 4180 line ends: a field holding a carriage return or a line feed is quoted.
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(("source", "target", "action", "status", "message"))
            for item in self.plan.items:
                op = by_source.get(item.source)
                if op is None and item.unit:
                    op = by_source.get(unit_source.get(item.unit, b""))
                if item.action is Action.EXCLUDE:
                    status = (
                        "travels with its folder"
                        if item.target and self.mode is Mode.IN_PLACE and op is not None
                        else "excluded"
                    )
                    message = item.note
                elif op is None:
                    status, message = ("kept" if item.action is Action.KEEP else "n/a"), item.note
                else:
                    row = rows[op.seq]
                    status = "set aside" if row.status is OpStatus.FAILED else row.status.value
                    message = row.message or ""
                    if row.undo_status is not OpStatus.PENDING:
                        undo = row.undo_status
                        status = f"{status}, undo {_UNDO_STATUS.get(undo, undo.value)}"
                        if undo in (OpStatus.FAILED, OpStatus.SKIPPED) and row.undo_message:
                            message = row.undo_message  # what is left after the undo, and why
                        message = message or row.undo_message or ""
                writer.writerow(
                    (
                        encode_path(item.source),
                        "" if item.target is None else encode_name("/".join(item.target)),
                        item.action.value,
                        status,
                        message,
                    )
                )
        os.replace(tmp, path)
        return path
