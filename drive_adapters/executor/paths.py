"""Finding items on the target by their path of names, with a cache of ids.

Path-addressed adapters (local, simulated) answer a path directly; the others are walked
folder by folder. One listing of a folder remembers every sibling's id, and a cached id is used
only while its item keeps both its name and its folder.
"""

from __future__ import annotations

import contextlib
import threading
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
        self._seen: dict[tuple[str, ...], DriveItem] = {}  # folders as this run listed them
        self._finding = threading.RLock()
        #: A resumed run's listings, fetched together at its start (see :meth:`prefetch`):
        #: folders listed → {name: item}. Probes of what an interruption left behind read them.
        self._listed: dict[tuple[str, ...], dict[str, DriveItem]] = {}

    def known_folders(self, folders: dict[tuple[str, ...], str]) -> None:
        """Folders whose ids a journal recorded when this plan made them (path → id).

        A resumed run takes them as the run that made them did: as folders made this run,
        without walking their paths again, one listing per level. Should one be gone since,
        what goes into it fails on its own (not found) and is set aside, as in a fresh run.
        """
        for path, folder_id in folders.items():
            self._made.setdefault(tuple(path), folder_id)
            self._ids.setdefault(tuple(path), folder_id)

    def prefetch(self, folders: Sequence[Sequence[str]]) -> None:
        """List the folders at these paths in as few requests as the adapter can
        (:meth:`DriveAdapter.children_of_many`); folders whose id is not known yet are left
        to be looked up when they are needed. Every child is remembered as a listing would."""
        wanted: dict[str, tuple[str, ...]] = {}
        for path in folders:
            path = tuple(path)
            folder_id = self.adapter.root().id if not path else self._made.get(path)
            if folder_id is not None and path not in self._listed:
                wanted.setdefault(folder_id, path)
        if not wanted or isinstance(self.adapter, PathAddressed):
            return
        listings = self.adapter.children_of_many(list(wanted))
        for folder_id, path in wanted.items():
            names: dict[str, DriveItem] = {}
            for child in listings.get(folder_id, []):
                self._ids.setdefault((*path, child.name), child.id)
                if child.is_folder:
                    self._seen.setdefault((*path, child.name), child)
                names.setdefault(child.name, child)
            self._listed[path] = names

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
        return self._child(parent.id, path)

    def lookup(self, path: Sequence[str], *, listed: bool = False) -> DriveItem | None:
        """The item at a path, asked of the target, its folders taken from this run's cache.

        For probing what an interruption left behind: the item itself is looked up afresh, the
        folders it sits in cost one look-up per run, not one request per level per probe.
        ``listed``: a folder this run's :meth:`prefetch` listed answers from that listing.
        """
        path = tuple(path)
        if not path or isinstance(self.adapter, PathAddressed):
            return self.resolve(path)
        if listed and path[:-1] in self._listed:
            return self._listed[path[:-1]].get(path[-1])
        try:
            parent_id = self._folder_id(path[:-1], "the folder")
        except ItemNotFound:
            return None
        except DriveError:  # a folder that is not (or no longer) there: walk the path
            return self.resolve(path)
        return self._child(parent_id, path)

    def _child(
        self, parent_id: str, path: tuple[str, ...], *, listed: bool = False
    ) -> DriveItem | None:
        """The item named ``path[-1]`` in the folder ``parent_id`` (the folder at ``path[:-1]``).

        ``listed``: the caller takes an id this run's listing of the folder found as it is,
        without asking the target again (as it takes the folders this run made).
        """
        seen = self._seen.get(path)
        if listed and seen is not None and seen.parent_id == parent_id:
            return seen
        cached = self._ids.get(path)
        if cached is not None:
            with contextlib.suppress(ItemNotFound):  # gone since: look it up below
                item = self.adapter.get(cached)
                if item.name == path[-1] and item.parent_id == parent_id:
                    return item  # still where it was seen: same name, same folder
            self._ids.pop(path, None)
        found = None
        for child in self.adapter.children(parent_id):
            # Every sibling is remembered: the next op in this folder needs no listing (a
            # cached id is checked against the item's name and folder before it is used).
            self._ids.setdefault((*path[:-1], child.name), child.id)
            if child.is_folder:
                self._seen.setdefault((*path[:-1], child.name), child)
            if child.name == path[-1]:
                self._ids[path] = child.id
                found = child
        return found

    def _folder_id(self, path: Sequence[str], what: str) -> str:
        """The id of a folder the plan uses, from this run's cache when it made or used it.

        A folder not yet in the cache is found under its parent's cached id, so each folder
        costs one look-up per run: a resumed run (whose folders were made by the run before)
        does not walk every upload's path from the root again, one request per level.
        """
        path = tuple(path)
        cached = self._made.get(path)
        if cached is not None:
            return cached
        with self._finding:  # uploads side by side need the same folders: look each up once
            cached = self._made.get(path)
            if cached is not None:
                return cached
            if not path or isinstance(self.adapter, PathAddressed):
                folder = self._need(path, what)
            else:
                item = self._child(self._folder_id(path[:-1], what), path, listed=True)
                if item is None or not item.is_folder:
                    raise DriveError(f"{what} {encode_name('/'.join(path))} is not there.")
                folder = item
            self._made[path] = folder.id
            return folder.id

    def _need(self, path: Sequence[str], what: str) -> DriveItem:
        item = self.resolve(path)
        if item is None:
            raise DriveError(f"{what} {encode_name('/'.join(path))} is not there.")
        return item

    def _forget(self, path: Sequence[str]) -> None:
        prefix = tuple(path)
        for cache in (self._ids, self._made, self._seen, self._listed):
            for key in [k for k in cache if k[: len(prefix)] == prefix]:
                del cache[key]
        self._listed.pop(prefix[:-1], None)  # that folder's listing no longer holds
