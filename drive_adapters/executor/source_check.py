"""Compare the live source with the inventory a plan was built from.

A fresh apply refuses to start when the source changed since the scan (missing, new or
changed items); unreadable folders the scan recorded are left out of the comparison.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from drive_adapters.base import DriveAdapter, DriveError, DriveItem
from drive_adapters.executor.results import said
from drive_adapters.plan import UNREADABLE_NOTE, Plan, PlanItem, encode_path

__all__ = ["MTIME_TOLERANCE", "compare_source"]

#: Seconds two modification times may differ and still count as the same (FAT, SMB rounding).
MTIME_TOLERANCE = 1.0


def _walk(
    adapter: DriveAdapter, skip: set[str], closed: set[bytes], unlistable: list[str]
) -> Iterator[tuple[tuple[str, ...], DriveItem]]:
    """Every item below the root; folders in ``closed`` (the scan could not read them) are not
    entered, and a folder that cannot be listed now is recorded in ``unlistable``."""
    root = adapter.root()
    stack: list[tuple[tuple[str, ...], str]] = [((), root.id)]
    while stack:
        prefix, folder_id = stack.pop()
        raw = b"/".join(os.fsencode(n) for n in prefix)
        if prefix and raw in closed:
            continue
        try:
            children = adapter.children(folder_id)
        except DriveError as error:
            unlistable.append(said("changes.unreadable", detail=str(error), path=encode_path(raw)))
            continue
        for child in children:
            path = (*prefix, child.name)
            if not prefix and child.name in skip:
                continue
            yield path, child
            if child.is_folder:
                stack.append((path, child.id))


def compare_source(
    plan: Plan, adapter: DriveAdapter, *, skip: set[str] | None = None, limit: int = 200
) -> list[str]:
    """What changed on the live source since the scan: missing, new and changed items."""
    expected: dict[bytes, PlanItem] = {i.source: i for i in plan.items if i.kind != "error"}
    changes: list[str] = []
    seen: set[bytes] = set()
    closed = set(_unreadable(plan))
    for path, item in _walk(adapter, skip or set(), closed, changes):
        raw = b"/".join(os.fsencode(n) for n in path)
        seen.add(raw)
        was = expected.get(raw)
        shown = encode_path(raw)
        if was is None:
            if any(raw.startswith(e + b"/") for e in _unreadable(plan)):
                continue
            changes.append(said("changes.new", path=shown))
        else:
            kind = "dir" if item.is_folder else ("symlink" if item.extra.get("link") else "file")
            if was.kind in ("other",) and kind == "file":
                continue
            if kind != was.kind:
                changes.append(said("changes.kind", was=was.kind, now=kind, path=shown))
            elif kind == "file" and item.size != was.size:
                changes.append(
                    said("changes.size", was=f"{was.size:,}", now=f"{item.size:,}", path=shown)
                )
            elif (
                kind == "file"
                and was.mtime is not None
                and item.mtime is not None
                and abs(item.mtime - was.mtime) > MTIME_TOLERANCE
            ):
                changes.append(said("changes.modified", path=shown))
        if len(changes) >= limit:
            changes.append(said("changes.more"))
            return changes
    for raw in sorted(set(expected) - seen):
        if any(raw.startswith(e + b"/") for e in _unreadable(plan)):
            continue
        changes.append(said("changes.gone", path=encode_path(raw)))
        if len(changes) >= limit:
            changes.append(said("changes.more"))
            break
    return changes


def _unreadable(plan: Plan) -> list[bytes]:
    """What the scan could not read: its content is unknown, so it is not compared."""
    return [
        i.source
        for i in plan.items
        if i.kind == "error" or (i.kind == "dir" and i.note.startswith(UNREADABLE_NOTE))
    ]
