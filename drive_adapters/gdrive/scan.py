"""Scanning a Google drive into :class:`~drive_adapters.inventory.ScanEntry` records.

A full scan walks the tree breadth first, asking for the children of up to 50 folders in one
``files.list`` query (``'a' in parents or 'b' in parents …``) and following ``nextPageToken``, so
a drive of N items with F folders costs about ``F/50 + N/1000`` requests instead of one per
folder. Google Docs, Sheets and Slides have no size and no md5: they are recorded as files with
:attr:`Problem.CLOUD_DOCUMENT`, and shortcuts as symlinks to their target id.

The change feed (developers.google.com/drive/api/guides/manage-changes): the scan asks
``changes.getStartPageToken`` *before* the walk starts, so a change made while the walk runs is
read again later rather than missed, and keeps it as its cursor. :func:`changes_since` pages
``changes.list`` (``nextPageToken``) to the ``newStartPageToken``, the next cursor. A change
holds the file's current state; ``removed`` (deleted for good, or out of reach) and
``file.trashed`` both mean gone. On a shared drive every call carries ``driveId`` with
``supportsAllDrives`` and ``includeItemsFromAllDrives`` (…/guides/enable-shareddrives).
:func:`apply_changes` builds a new scan from an old one and such a feed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from drive_adapters.base import ChangeFeed, DriveError, DriveItem
from drive_adapters.gdrive.adapter import GDriveAdapter
from drive_adapters.gdrive.items import FILE_FIELDS, GOOGLE_APPS_PREFIX, SHORTCUT_MIME, item_from
from drive_adapters.inventory import EntryKind, Problem, ScanEntry

__all__ = [
    "FOLDERS_PER_QUERY",
    "apply_changes",
    "changes_since",
    "entry_for",
    "scan_drive",
    "walk_items",
]

FOLDERS_PER_QUERY = 50


def entry_for(path: bytes, item: DriveItem) -> ScanEntry:
    """The scan record of one Drive item at ``path`` (relative, ``/``-separated)."""
    mime = item.extra.get("mimeType", "")
    if item.is_folder:
        return ScanEntry(path, EntryKind.DIR, mtime=item.mtime, item_id=item.id)
    if mime == SHORTCUT_MIME:
        target = item.extra.get("shortcutTarget", "")
        return ScanEntry(
            path,
            EntryKind.SYMLINK,
            mtime=item.mtime,
            item_id=item.id,
            problems=(Problem.SYMLINK,),
            link_target=target.encode(),
        )
    if mime.startswith(GOOGLE_APPS_PREFIX) and "md5" not in item.hashes:
        return ScanEntry(
            path,
            EntryKind.FILE,
            size=0,
            mtime=item.mtime,
            item_id=item.id,
            problems=(Problem.CLOUD_DOCUMENT,),
        )
    problems = (Problem.EMPTY_FILE,) if item.size == 0 else ()
    # sha256 where Drive has it (what the executor compares), else md5
    hash_name = "sha256" if "sha256" in item.hashes else ("md5" if "md5" in item.hashes else None)
    return ScanEntry(
        path,
        EntryKind.FILE,
        size=item.size,
        mtime=item.mtime,
        problems=problems,
        hash=item.hashes.get(hash_name) if hash_name else None,
        hash_name=hash_name,
        item_id=item.id,
    )


def walk_items(
    adapter: GDriveAdapter, folder_id: str | None = None
) -> Iterator[tuple[bytes, DriveItem]]:
    """``(path, item)`` for every item below a folder, parents before children."""
    start = folder_id or adapter.root().id
    frontier: list[tuple[str, bytes]] = [(start, b"")]
    while frontier:
        group, frontier = frontier[:FOLDERS_PER_QUERY], frontier[FOLDERS_PER_QUERY:]
        prefix = {fid: path for fid, path in group}
        terms = " or ".join(f"'{_quote(fid)}' in parents" for fid in prefix)
        query = f"({terms}) and trashed = false"
        found: list[tuple[bytes, DriveItem]] = []
        for item in adapter.list_query(query):
            base = prefix.get(item.parent_id or "")
            if base is None:
                continue
            path = (base + b"/" if base else b"") + item.name.encode("utf-8")
            found.append((path, item))
        found.sort(key=lambda pair: pair[0])
        for path, item in found:
            yield path, item
            if item.is_folder:
                frontier.append((item.id, path))


def scan_drive(
    adapter: GDriveAdapter, folder_id: str | None = None, *, with_cursor: bool = False
) -> Iterator[ScanEntry]:
    """Every item below ``folder_id`` (default: the adapter's root), parents before children.

    ``with_cursor``: take a start page token before the walk and set it as the adapter's
    :attr:`~drive_adapters.base.DriveAdapter.scan_cursor` once the walk is done.
    """
    token = adapter.start_page_token() if with_cursor else None
    for path, item in walk_items(adapter, folder_id):
        yield entry_for(path, item)
    if token is not None:
        adapter.scan_cursor = token


def changes_since(adapter: GDriveAdapter, token: str) -> ChangeFeed:
    """Items changed and ids gone since ``token``, and the token for next time.

    A file appears once, in its latest state, however often it changed; one that changed and
    then went away is only gone.
    """
    changed: dict[str, DriveItem] = {}
    removed: set[str] = set()
    while True:
        page = adapter.changes_page(token)
        for change in page.get("changes", []):
            fid = str(change.get("fileId"))
            resource = change.get("file")
            if change.get("removed") or not resource or resource.get("trashed"):
                removed.add(fid)
                changed.pop(fid, None)
            else:
                removed.discard(fid)
                changed[fid] = item_from(resource)
        if page.get("newStartPageToken"):
            return ChangeFeed(
                tuple(changed.values()), tuple(sorted(removed)), str(page["newStartPageToken"])
            )
        if not page.get("nextPageToken"):
            raise DriveError("Google Drive ended the change list without a token for next time.")
        token = str(page["nextPageToken"])


@dataclass
class _Node:
    parent: str | None
    name: str
    entry: ScanEntry


def apply_changes(
    previous: Iterable[ScanEntry],
    root_id: str,
    changed: Iterable[DriveItem],
    removed: Iterable[str],
) -> list[ScanEntry]:
    """A new scan from an old one plus a :func:`changes_since` feed's ``changed`` and
    ``removed`` (pure function).

    Items moved out of the root disappear; items moved in appear (their subtree too, if it was
    in the old scan); paths below a moved or renamed folder are recomputed.
    """
    nodes: dict[str, _Node] = {}
    by_path: dict[bytes, str] = {b"": root_id}
    entries = [e for e in previous if e.item_id]
    for entry in entries:
        by_path[entry.path] = str(entry.item_id)
    for entry in entries:
        parent_path = entry.path.rsplit(b"/", 1)[0] if b"/" in entry.path else b""
        nodes[str(entry.item_id)] = _Node(
            by_path.get(parent_path), entry.name.decode("utf-8", "surrogateescape"), entry
        )
    for item_id in removed:
        nodes.pop(item_id, None)
    for item in changed:
        if item.id == root_id:
            continue
        nodes[item.id] = _Node(item.parent_id, item.name, entry_for(item.name.encode(), item))

    resolved: dict[str, bytes | None] = {}

    def path_of(item_id: str, seen: frozenset[str] = frozenset()) -> bytes | None:
        if item_id == root_id:
            return b""
        if item_id in resolved:
            return resolved[item_id]
        node = nodes.get(item_id)
        if node is None or node.parent is None or item_id in seen:
            resolved[item_id] = None
            return None
        base = path_of(node.parent, seen | {item_id})
        value = None if base is None else (base + b"/" if base else b"") + node.name.encode()
        resolved[item_id] = value
        return value

    out = []
    for item_id, node in nodes.items():
        path = path_of(item_id)
        if path is None:
            continue
        e = node.entry
        out.append(
            ScanEntry(
                path,
                e.kind,
                e.size,
                e.mtime,
                e.problems,
                e.hash,
                e.hash_name,
                e.item_id,
                e.link_target,
                e.error,
            )
        )
    return sorted(out, key=lambda e: e.path)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


# Re-exported for callers that read single resources themselves.
__all__ += ["FILE_FIELDS", "item_from"]
