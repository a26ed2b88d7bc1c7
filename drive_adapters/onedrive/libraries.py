"""Folders of a narrower audience go to that audience's SharePoint library.

The plan gives folders an audience (``audiences``: folder path → audience) and, for SharePoint,
an audience a library of its own (``audience_libraries``: audience → ``site:URL`` of a library
whose members are the audience; why a library and not folder permissions:
:mod:`drive_adapters.onedrive.access`). :class:`AudienceLibraries` is the one adapter the
executor sees: it works in the main library, except that creating a folder whose plan path has
such an audience creates it at the root of that audience's library instead; everything made
inside it follows (uploads, sub-folders, moves within it). Item ids are the libraries' own, and
the adapter remembers which library each id it handed out belongs to.

A move between two libraries is refused: Graph moves only within a drive ("Items cannot be
moved between Drives using this request", learn.microsoft.com/graph/api/driveitem-move), and
copying care files then deleting the originals is a different, not yet supported, operation.
So an in-place restructure of a library cannot send folders to another library; an upload
from the school's share can.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from drive_adapters.base import (
    DriveAdapter,
    DriveError,
    DriveItem,
    ItemNotFound,
    NameConflict,
    UploadCheckpoint,
)
from drive_adapters.onedrive.access import access_from_permissions, outsiders
from drive_adapters.onedrive.adapter import OneDriveAdapter
from drive_adapters.onedrive.items import graph_name_key
from drive_adapters.remote.access import Access

__all__ = ["AudienceLibraries", "routed_folders"]

T = TypeVar("T")


def routed_folders(
    audiences: Mapping[str, str], libraries: Mapping[str, str]
) -> dict[tuple[str, ...], str]:
    """Plan folder paths (as tuples) whose audience has a library → that library's spec.

    A folder below one that is routed goes along with its parent, so only the highest routed
    folder of each branch is listed."""
    routed = {
        tuple(p for p in path.split("/") if p): libraries[audience]
        for path, audience in audiences.items()
        if audience in libraries and path.strip("/")
    }
    return {
        path: spec
        for path, spec in routed.items()
        if not any(path[:i] in routed for i in range(1, len(path)))
    }


def _key(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(graph_name_key(p) for p in path)


class AudienceLibraries(DriveAdapter):
    """The main library plus a library per narrower audience, as one adapter."""

    target: ClassVar[str] = "onedrive"
    hash_name: ClassVar[str | None] = "quickXorHash"
    supports_access: bool = True
    access_by_placement: ClassVar[bool] = True
    places_audiences: ClassVar[bool] = True  # folders of an audience go to its library
    #: Several libraries have no one change feed: a scan walks them (base ``scan``), and
    #: ``changes_since`` refuses, so a catch-up scans again.
    supports_changes: ClassVar[bool] = False

    def __init__(
        self, main: OneDriveAdapter, routes: Mapping[tuple[str, ...], OneDriveAdapter]
    ) -> None:
        self.main = main
        self._routes = {_key(path): lib for path, lib in routes.items()}
        self._owner: dict[str, OneDriveAdapter] = {}
        self._paths: dict[str, tuple[str, ...]] = {main.root().id: ()}
        #: A folder placed in an audience's library → the main-library folder it stands in.
        self._placed_in: dict[str, str] = {}
        self.concurrency = main.concurrency
        self.path_prefix_chars = max(
            [main.path_prefix_chars, *(lib.path_prefix_chars for lib in routes.values())]
        )
        self.description = main.description

    def libraries(self) -> list[OneDriveAdapter]:
        """Every library other than the main one, once."""
        seen: dict[int, OneDriveAdapter] = {}
        for lib in self._routes.values():
            seen.setdefault(id(lib), lib)
        return list(seen.values())

    def _of(self, item_id: str) -> OneDriveAdapter:
        """The library an id belongs to; an id this adapter has not handed out (a journal's,
        after a restart) is looked up, main library first."""
        known = self._owner.get(item_id)
        if known is not None:
            return known
        for adapter in (self.main, *self.libraries()):
            try:
                adapter.get(item_id)
            except ItemNotFound:
                continue
            self._owner[item_id] = adapter
            return adapter
        return self.main  # gone everywhere: the main library says so

    def _own(self, adapter: OneDriveAdapter, item: DriveItem) -> DriveItem:
        self._owner[item.id] = adapter
        return item

    def _adopting(self, adapter: OneDriveAdapter, call: Callable[[], DriveItem]) -> DriveItem:
        """Run a create; the item in the way of a :class:`NameConflict` belongs to ``adapter``."""
        try:
            return self._own(adapter, call())
        except NameConflict as error:
            if error.existing is not None:
                self._own(adapter, error.existing)
            raise

    # ---- reading

    def root(self) -> DriveItem:
        return self.main.root()

    def get(self, item_id: str) -> DriveItem:
        return self._of(item_id).get(item_id)

    def children(self, folder_id: str) -> Iterator[DriveItem]:
        """A folder's children; in the main library, a folder placed in an audience's library
        is listed where the plan has it (and hides a main-library folder of the same name)."""
        adapter = self._of(folder_id)
        placed = self._placed_children(folder_id) if adapter is self.main else []
        taken = {graph_name_key(p.name) for p in placed}
        yield from placed
        for child in adapter.children(folder_id):
            if graph_name_key(child.name) in taken:
                continue
            if folder_id in self._paths and adapter is self.main:
                self._paths.setdefault(child.id, (*self._paths[folder_id], child.name))
            yield self._own(adapter, child)

    def _placed_children(self, folder_id: str) -> list[DriveItem]:
        path = self._paths.get(folder_id)
        if path is None:
            return []
        out = []
        for routed, library in self._routes.items():
            if len(routed) != len(path) + 1 or routed[:-1] != _key(path):
                continue
            found = next(
                (c for c in library.children(library.root().id)
                 if graph_name_key(c.name) == routed[-1]),
                None,
            )  # fmt: skip
            if found is not None:
                self._paths[found.id] = (*path, found.name)
                self._placed_in[found.id] = folder_id
                out.append(self._own(library, found))
        return out

    def content_hash(self, item_id: str) -> str | None:
        return self._of(item_id).content_hash(item_id)

    def hash_local(self, path: bytes) -> str | None:
        return self.main.hash_local(path)

    def same_name(self, a: str, b: str) -> bool:
        return self.main.same_name(a, b)

    def finished_upload(
        self, item: DriveItem, source: Path, resume_token: str, mtime: float | None
    ) -> DriveItem | None:
        return self._of(item.id).finished_upload(item, source, resume_token, mtime)

    # ---- changing

    def where(self, parent_id: str, name: str) -> OneDriveAdapter | None:
        """The audience library a new folder ``name`` in ``parent_id`` goes to, if any."""
        if self._of(parent_id) is not self.main or parent_id not in self._paths:
            return None
        return self._routes.get(_key((*self._paths[parent_id], name)))

    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        library = self.where(parent_id, name)
        if library is not None:
            made = self._adopting(library, lambda: library.create_folder(library.root().id, name))
            self._paths[made.id] = (*self._paths[parent_id], name)
            self._placed_in[made.id] = parent_id
            return made
        adapter = self._of(parent_id)
        made = self._adopting(adapter, lambda: adapter.create_folder(parent_id, name))
        if parent_id in self._paths and adapter is self.main:
            self._paths[made.id] = (*self._paths[parent_id], name)
        return made

    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        adapter, target = self._of(item_id), self._of(new_parent_id)
        if adapter is not target:
            raise DriveError(
                f"Moving {item_id} from {adapter.description} to {target.description} would be "
                "a copy between libraries, which this tool does not do; nothing was moved. "
                "Upload from the school's share into the audience's library instead."
            )
        return self._own(adapter, adapter.move(item_id, new_parent_id, new_name))

    def upload(
        self, source: Path, parent_id: str, name: str, *, mtime: float | None = None,
        resume_token: str | None = None, checkpoint: UploadCheckpoint | None = None,
    ) -> DriveItem:  # fmt: skip
        adapter = self._of(parent_id)
        return self._adopting(
            adapter,
            lambda: adapter.upload(
                source,
                parent_id,
                name,
                mtime=mtime,
                resume_token=resume_token,
                checkpoint=checkpoint,
            ),
        )

    def delete(self, item_id: str) -> None:
        self._of(item_id).delete(item_id)

    def download(self, item_id: str, dest: Path) -> None:
        self._of(item_id).download(item_id, dest)

    # ---- access: each library answers for its own items

    def read_access(self, item_id: str) -> Access:
        """Who can open the item. A folder placed in an audience's library is compared with
        the folder it stands in (in the main library): it does not take that one's access, so
        it is ``limited`` although inside its library it inherits."""
        adapter = self._of(item_id)
        stands_in = self._placed_in.get(item_id)
        if stands_in is None:
            return adapter.read_access(item_id)
        return access_from_permissions(
            adapter.permissions(item_id), self.main.permissions(stands_in)
        )

    def limit_access(self, item_id: str, principals: Sequence[str]) -> Access:
        """The library confirms (or refuses); the access returned is as :meth:`read_access`
        reads it, so the journal and a later read compare equal."""
        self._of(item_id).limit_access(item_id, principals)
        return self.read_access(item_id)

    def cannot_narrow(
        self, path: Sequence[str], parent_id: str, principals: Sequence[str]
    ) -> list[str]:
        """A folder the plan sends to an audience's library: who else its library lets in (a
        library set up wrongly is found before anything moves); any other folder: as the main
        library says."""
        key = _key(tuple(path))
        routed = next((lib for r, lib in self._routes.items() if key[: len(r)] == r), None)
        if routed is None:
            return self.main.cannot_narrow(path, parent_id, principals)
        return outsiders(routed.read_access(routed.root().id), principals)

    def restore_access(self, item_id: str, before: Access) -> None:
        self._of(item_id).restore_access(item_id, before)

    def close(self) -> None:
        for lib in self.libraries():
            lib.close()
        self.main.close()

    def __getattr__(self, name: str) -> Any:
        """Anything else a OneDrive adapter offers (pacer_stats…) is the main library's."""
        return getattr(self.main, name)
