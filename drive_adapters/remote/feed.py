"""A cloud drive's items by id, kept current from its change feed (pure, no I/O).

A change feed (Graph's delta, Drive's ``changes.list``) reports items by id with their parent
id and name, never with a path: renaming a folder reports the folder only, not what is inside
it (learn.microsoft.com/graph/api/driveitem-delta, Remarks: "When using delta you should always
track items by id"). :class:`ItemIndex` holds what is known of every item (parent, name, kind,
size, time), applies a :class:`~drive_adapters.base.ChangeFeed` and derives paths below the
root on demand. An item whose parent chain does not reach the root (moved out of the scanned
drive, or below a removed folder) has no path and counts as gone. A *document* is a file with no
bytes to copy (a Google Doc, Sheet or Slides: ``DriveItem.extra["document"]``, a scan's
``cloud-document`` problem); :meth:`ItemIndex.files` leaves documents out and
:meth:`ItemIndex.documents` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from drive_adapters.base import ChangeFeed, DriveItem
from drive_adapters.inventory import EntryKind, Problem, ScanEntry

__all__ = ["ItemIndex", "Node", "Row"]

Row = tuple[str, str | None, str, int, int, float | None, int]


@dataclass(frozen=True, slots=True)
class Node:
    """What the index knows of one item."""

    parent: str | None
    name: str
    folder: bool
    size: int = 0
    mtime: float | None = None
    document: bool = False  # no bytes to copy (Google Docs, Sheets, Slides)


def _node(item: DriveItem) -> Node:
    document = not item.is_folder and item.extra.get("document") == "1"
    return Node(item.parent_id, item.name, item.is_folder, item.size, item.mtime, document)


class ItemIndex:
    """Every item below ``root_id`` by id; :meth:`apply` a feed, then ask for :meth:`files`."""

    def __init__(self, root_id: str, nodes: dict[str, Node] | None = None) -> None:
        self.root_id = root_id
        self.nodes: dict[str, Node] = dict(nodes or {})

    @classmethod
    def from_items(cls, root_id: str, items: Iterable[DriveItem]) -> ItemIndex:
        """An index of listed items (the root itself is left out)."""
        return cls(root_id, {i.id: _node(i) for i in items if i.id != root_id})

    @classmethod
    def from_entries(cls, root_id: str, entries: Iterable[ScanEntry]) -> ItemIndex:
        """An index of a stored cloud scan: parents are found by path (entries without an id,
        which a cloud scan never makes, are left out)."""
        ids: dict[bytes, str] = {b"": root_id}
        known = [e for e in entries if e.item_id and e.kind in (EntryKind.FILE, EntryKind.DIR)]
        for entry in known:
            ids[entry.path] = str(entry.item_id)
        nodes: dict[str, Node] = {}
        for entry in known:
            parent_path = entry.path.rpartition(b"/")[0]
            nodes[str(entry.item_id)] = Node(
                ids.get(parent_path),
                entry.name.decode("utf-8", "surrogateescape"),
                entry.kind is EntryKind.DIR,
                entry.size,
                entry.mtime,
                Problem.CLOUD_DOCUMENT in entry.problems,
            )
        return cls(root_id, nodes)

    def apply(self, feed: ChangeFeed) -> None:
        """Bring the index up to the feed's state (a complete feed replaces it)."""
        if feed.complete:
            self.nodes = {}
        for item_id in feed.removed:
            self.nodes.pop(item_id, None)
        for item in feed.changed:
            if item.id != self.root_id:
                self.nodes[item.id] = _node(item)

    def paths(self) -> dict[str, bytes]:
        """The path below the root of every item that has one (UTF-8 names, ``/``-joined)."""
        out: dict[str, bytes] = {}
        for start in self.nodes:
            if start in out:
                continue
            chain: list[str] = []
            seen: set[str] = set()
            current: str | None = start
            base: bytes | None = None
            while current is not None:
                if current == self.root_id:
                    base = b""
                    break
                if current in out:
                    base = out[current]
                    break
                node = self.nodes.get(current)
                if node is None or current in seen:
                    break  # outside the root, below something removed, or a cycle
                seen.add(current)
                chain.append(current)
                current = node.parent
            if base is None:
                continue
            for item_id in reversed(chain):
                name = self.nodes[item_id].name.encode("utf-8", "surrogateescape")
                base = base + b"/" + name if base else name
                out[item_id] = base
        return out

    def files(self) -> dict[bytes, tuple[str, int, float | None]]:
        """Every file below the root with bytes to copy: path → (id, size, modification time)."""
        out: dict[bytes, tuple[str, int, float | None]] = {}
        for item_id, path in self.paths().items():
            node = self.nodes[item_id]
            if not node.folder and not node.document:
                out[path] = (item_id, node.size, node.mtime)
        return out

    def documents(self) -> set[bytes]:
        """The paths of documents below the root (files without bytes to copy)."""
        return {p for i, p in self.paths().items() if self.nodes[i].document}

    def rows(self) -> Iterator[Row]:
        """The index as rows ``(id, parent, name, folder, size, mtime, document)``."""
        for item_id, n in self.nodes.items():
            yield item_id, n.parent, n.name, int(n.folder), n.size, n.mtime, int(n.document)

    @classmethod
    def from_rows(cls, root_id: str, rows: Iterable[Row]) -> ItemIndex:
        """The index :meth:`rows` wrote."""
        return cls(
            root_id,
            {
                i: Node(p, name, bool(f), size, mtime, bool(doc))
                for i, p, name, f, size, mtime, doc in rows
            },
        )
