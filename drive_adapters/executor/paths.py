"""Finding items on the target by their path of names, with a cache of ids.

Path-addressed adapters (local, simulated) answer a path directly; the others are walked
folder by folder. One listing of a folder remembers every sibling's id, and a cached id is used
only while its item keeps both its name and its folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from drive_adapters.base import DriveAdapter, DriveError, DriveItem, ItemNotFound
from drive_adapters.plan import encode_name

__all__ = ["PathAddressed", "TargetPaths"]


@runtime_checkable
class PathAddressed(Protocol):
    """Adapters that can look an item up by its path directly (local, simulated)."""

    def item_at(self, path: Sequence[str]) -> DriveItem | None: ...


class TargetPaths:
    """Resolve paths on one target; remembers ids it saw and folders it made."""

    def __init__(self, adapter: DriveAdapter) -> None:
        self.adapter = adapter
        self._ids: dict[tuple[str, ...], str] = {}
        self._made: dict[tuple[str, ...], str] = {}  # folders made or used as parents this run

    def resolve(self, path: Sequence[str]) -> DriveItem | None:
        """The item at a path of names on the target, or ``None``."""
        path = tuple(path)
        if not path:
            return self.adapter.root()
        if isinstance(self.adapter, PathAddressed):
            return self.adapter.item_at(path)
        parent = self.resolve(path[:-1])
        if parent is None or not parent.is_folder:
            return None
        cached = self._ids.get(path)
        if cached is not None:
            try:
                item = self.adapter.get(cached)
                if item.name == path[-1] and item.parent_id == parent.id:
                    return item  # still where it was seen: same name, same folder
            except ItemNotFound:
                pass
            self._ids.pop(path, None)
        found = None
        for child in self.adapter.children(parent.id):
            # Every sibling is remembered: the next op in this folder needs no listing (a
            # cached id is checked against the item's name and folder before it is used).
            self._ids.setdefault((*path[:-1], child.name), child.id)
            if child.name == path[-1]:
                self._ids[path] = child.id
                found = child
        return found

    def _folder_id(self, path: Sequence[str], what: str) -> str:
        """The id of a folder the plan uses, from this run's cache when it made it."""
        cached = self._made.get(tuple(path))
        if cached is not None:
            return cached
        folder = self._need(path, what)
        self._made[tuple(path)] = folder.id
        return folder.id

    def _need(self, path: Sequence[str], what: str) -> DriveItem:
        item = self.resolve(path)
        if item is None:
            raise DriveError(f"{what} {encode_name('/'.join(path))} is not there.")
        return item

    def _forget(self, path: Sequence[str]) -> None:
        prefix = tuple(path)
        for cache in (self._ids, self._made):
            for key in [k for k in cache if k[: len(prefix)] == prefix]:
                del cache[key]
