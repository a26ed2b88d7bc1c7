"""Scanning a OneDrive / SharePoint library, and its change feed (Graph ``delta``).

Both read the same endpoint (learn.microsoft.com/graph/api/driveitem-delta):

* a **scan** calls ``root/delta`` without a token, follows every ``@odata.nextLink`` and keeps
  the ``@odata.deltaLink`` of the last page as the snapshot's cursor;
* :func:`changes_since` calls that deltaLink, follows the pages again and returns what changed
  with the next deltaLink. The feed holds the latest state of each item, may hold one more than
  once ("use the last occurrence"), reports deleted items with the ``deleted`` facet (without a
  name on OneDrive for Business) and a renamed or moved item with its new ``parentReference``,
  never its descendants: items are tracked by id (:class:`~drive_adapters.remote.feed.ItemIndex`).
* ``410 Gone`` (``resyncRequired``: the token is too old, or the service lost track) means
  "enumerate again": the scan starts over, :func:`changes_since` enumerates the whole library and
  returns a *complete* feed (whatever it does not hold is gone).

A stored cursor is a URL and is only ever sent to this adapter's own Graph base URL and drive:
a cursor for another place would carry the school's token there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kiota_abstractions.api_error import APIError

from drive_adapters.base import ChangeFeed, DriveError, DriveItem, ItemKind
from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from drive_adapters.onedrive.errors import error_from_api
from drive_adapters.onedrive.items import item_from_json
from drive_adapters.remote.feed import ItemIndex

if TYPE_CHECKING:
    from drive_adapters.onedrive.adapter import OneDriveAdapter

__all__ = ["MAX_RESYNCS", "changes_since", "entry_for", "scan_library"]

#: How often a scan starts over after ``410`` before it gives up.
MAX_RESYNCS = 3


class _Resync(Exception):
    """Graph answered ``410``: the token is no longer valid, enumerate again."""


def entry_for(path: bytes, item: DriveItem) -> ScanEntry:
    """The scan record of one driveItem at ``path`` (relative, ``/``-separated)."""
    problems: list[Problem] = []
    if item.kind is ItemKind.FILE and item.size == 0:
        problems.append(Problem.EMPTY_FILE)
    if item.name.startswith("~$"):
        problems.append(Problem.LOCK_FILE)
    qxh = item.hashes.get("quickXorHash")
    return ScanEntry(
        path=path,
        kind=EntryKind.DIR if item.is_folder else EntryKind.FILE,
        size=0 if item.is_folder else item.size,
        mtime=item.mtime,
        problems=tuple(problems),
        hash=qxh,
        hash_name="quickXorHash" if qxh else None,
        item_id=item.id,
    )


def scan_library(
    adapter: OneDriveAdapter, *, max_resyncs: int = MAX_RESYNCS
) -> Iterator[ScanEntry]:
    """The whole library as :class:`ScanEntry` records, sorted by path; sets the adapter's
    :attr:`~drive_adapters.base.DriveAdapter.scan_cursor` to the deltaLink once done."""
    for _attempt in range(max_resyncs + 1):
        try:
            changed, _removed, link = _read(adapter, None)
        except _Resync:
            continue
        index = ItemIndex.from_items(adapter.root().id, changed)
        by_id = {item.id: item for item in changed}
        entries = [entry_for(path, by_id[i]) for i, path in index.paths().items()]
        entries.sort(key=lambda e: e.path)
        adapter.scan_cursor = link
        yield from entries
        return
    raise DriveError("The drive kept asking for a full resync; try the scan again later.")


def changes_since(adapter: OneDriveAdapter, cursor: str) -> ChangeFeed:
    """What changed since ``cursor`` (a deltaLink), and the next deltaLink.

    After ``410`` the whole library is enumerated again and the feed is ``complete``.
    """
    _check_cursor(adapter, cursor)
    try:
        changed, removed, link = _read(adapter, cursor)
        complete = False
    except _Resync:
        for _attempt in range(MAX_RESYNCS):
            try:
                changed, removed, link = _read(adapter, None)
                complete = True
                break
            except _Resync:
                continue
        else:
            raise DriveError("The drive kept asking for a full resync; try again later.") from None
    root_id = adapter.root().id
    return ChangeFeed(
        changed=tuple(i for i in changed if i.id != root_id),
        removed=tuple(removed),
        cursor=link,
        complete=complete,
    )


def _check_cursor(adapter: OneDriveAdapter, cursor: str) -> None:
    """Refuse a cursor that does not point at this adapter's own drive."""
    own = f"{adapter.base_url}/drives/{adapter.drive_id}/"
    if not cursor.startswith(own):
        raise DriveError(
            "The stored change cursor belongs to another drive or service address; scan the "
            "source again (`cardsort drive onedrive scan`)."
        )


def _read(adapter: OneDriveAdapter, start: str | None) -> tuple[list[DriveItem], list[str], str]:
    """Every page from ``start`` (a deltaLink; ``None``: enumerate from scratch): the latest
    state of each item (last occurrence wins), the ids deleted, and the new deltaLink."""
    pages = adapter.delta_pages(start)
    latest: dict[str, dict[str, Any] | None] = {}
    link = ""
    try:
        for page in pages:
            for data in page.get("value") or []:
                item_id = str(data["id"])
                latest.pop(item_id, None)  # the last occurrence counts, in feed order
                latest[item_id] = None if "deleted" in data else data
            link = str(page.get("@odata.deltaLink") or "")
    except APIError as error:
        if error.response_status_code == 410:
            raise _Resync from error
        raise error_from_api(error, what="read the changes (delta)") from error
    if not link:
        raise DriveError("Microsoft 365 ended the change list without a delta link.")
    changed = [item_from_json(d) for d in latest.values() if d is not None]
    removed = [i for i, d in latest.items() if d is None]
    return changed, removed, link
