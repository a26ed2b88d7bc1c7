"""An in-memory drive that enforces one target's rules: what ``simulate`` applies a plan to.

``simulate`` runs the very same executor as ``apply``; only the adapter differs. This one keeps
the tree in memory, refuses what the real target would refuse (invalid names with
:class:`InvalidName`, sibling collisions under the target's case and Unicode rules with
:class:`NameConflict`, depth, path length, file size and item-count limits) and never touches a
byte of the share: an upload only records the size the plan says the file has.

Moves check the moved item's own name and path, not every descendant's: descendants that break
a rule are renamed by their own plan operations, which are checked when they run.

Standing in for a cloud (``access=True``), it also keeps who can open what, the way both clouds
do: the root lets the whole drive in (:data:`~drive_adapters.remote.access.ANYONE_IN_DRIVE`),
items inherit their parent's access unless access was limited on them, and grants set on an
item travel with it; so ``simulate`` shows the access steps apply would take.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from drive_adapters.base import (
    DriveAdapter,
    DriveError,
    DriveItem,
    InvalidName,
    ItemKind,
    ItemNotFound,
    NameConflict,
    NotEmpty,
    UploadCheckpoint,
)
from drive_adapters.remote.access import ANYONE_IN_DRIVE, OWNER, Access, Grant, principal_of
from drive_adapters.rules import RuleSet, check_name, measure, sibling_key

__all__ = ["PreviewRow", "SimulatedAdapter"]


@dataclass(slots=True)
class _Entry:
    name: str
    parent: str | None
    is_folder: bool
    size: int = 0
    mtime: float | None = None
    children: dict[str, str] = field(default_factory=dict)  # sibling key -> id
    limited: bool = False  # does not take its parent's access
    grants: dict[str, str] = field(default_factory=dict)  # principal -> role, set on it


class SimulatedAdapter(DriveAdapter):
    """A drive in memory with the rules of ``rules``."""

    target: ClassVar[str] = "simulated"

    def __init__(
        self,
        rules: RuleSet,
        *,
        size_of: Callable[[Path], int] | None = None,
        access: bool = False,
    ) -> None:
        self.rules = rules
        self.supports_access = access
        root = _Entry("", None, True, grants={ANYONE_IN_DRIVE: "writer"})
        self._items: dict[str, _Entry] = {"0": root}
        self._next = 1
        self._size_of = size_of
        self.op_counts: dict[str, int] = {}
        self.uploaded_bytes = 0

    # -- building the starting state -------------------------------------------------------

    def add_existing(
        self, path: Sequence[str], *, is_folder: bool, size: int = 0, mtime: float | None = None
    ) -> str:
        """Put an item that already exists on the drive (no rule checks: it is there)."""
        parent = "0"
        for i, name in enumerate(path):
            entry = self._items[parent]
            key = self._key(name)
            found = entry.children.get(key)
            last = i == len(path) - 1
            if found is None or (last and self._items[found].name != name):
                found = self._new(
                    name,
                    parent,
                    is_folder if last else True,
                    size if last else 0,
                    mtime if last else None,
                )
                if key in entry.children:  # a case twin on the source: keep both, exactly
                    key = "\x00" + name
                entry.children[key] = found
            parent = found
        return parent

    def _new(self, name: str, parent: str, is_folder: bool, size: int, mtime: float | None) -> str:
        item_id = str(self._next)
        self._next += 1
        self._items[item_id] = _Entry(name, parent, is_folder, size, mtime)
        return item_id

    def _key(self, name: str) -> str:
        return sibling_key(name, self.rules)

    def _item(self, item_id: str) -> DriveItem:
        entry = self._items.get(item_id)
        if entry is None:
            raise ItemNotFound(f"item {item_id} does not exist", code="itemNotFound")
        kind = ItemKind.FOLDER if entry.is_folder else ItemKind.FILE
        return DriveItem(item_id, entry.parent, entry.name, kind, entry.size, entry.mtime)

    def _path(self, item_id: str) -> list[str]:
        names: list[str] = []
        current: str | None = item_id
        while current is not None and current != "0":
            entry = self._items[current]
            names.append(entry.name)
            current = entry.parent
        return names[::-1]

    def _count(self, kind: str) -> None:
        self.op_counts[kind] = self.op_counts.get(kind, 0) + 1

    def _admit(
        self, parent_id: str, name: str, is_folder: bool, size: int = 0, moving: str | None = None
    ) -> None:
        parent = self._items.get(parent_id)
        if parent is None or not parent.is_folder:
            raise ItemNotFound(f"folder {parent_id} does not exist", code="itemNotFound")
        problems = check_name(name, self.rules, is_folder=is_folder, at_root=parent_id == "0")
        if problems:
            code, message = problems[0]
            raise InvalidName(f"{name!r}: {message}", code=code)
        existing = parent.children.get(self._key(name))
        if existing is not None and existing != moving:
            raise NameConflict(
                f"{name!r} exists already in that folder",
                existing=self._item(existing),
                code="nameAlreadyExists",
            )
        path = [*self._path(parent_id), name]
        if self.rules.max_depth is not None and len(path) > self.rules.max_depth:
            raise InvalidName(f"{'/'.join(path)} is {len(path)} levels deep", code="pathTooDeep")
        for limit in self.rules.path_limits:
            length = measure("/".join(path), limit.unit) + self.rules.path_prefix_chars
            if length > limit.value:
                raise InvalidName(f"{'/'.join(path)} is too long ({length})", code="pathIsTooLong")
        if self.rules.max_file_size is not None and size > self.rules.max_file_size:
            raise DriveError(
                f"{name!r} is larger than {self.rules.max_file_size:,} bytes", code="fileTooLarge"
            )
        if (
            moving is None
            and self.rules.max_items is not None
            and len(self._items) > self.rules.max_items
        ):
            raise DriveError(
                "the drive holds the maximum number of items", code="teamDriveFileLimitExceeded"
            )

    # -- DriveAdapter --------------------------------------------------------------------------

    def root(self) -> DriveItem:
        return self._item("0")

    def get(self, item_id: str) -> DriveItem:
        return self._item(item_id)

    def item_at(self, path: Sequence[str]) -> DriveItem | None:
        """The item at exactly this path of names (``None`` if there is none)."""
        current = "0"
        for name in path:
            entry = self._items[current]
            found = entry.children.get(self._key(name))
            if found is None or self._items[found].name != name:
                found = entry.children.get("\x00" + name)
                if found is None:
                    matches = [c for c in entry.children.values() if self._items[c].name == name]
                    if not matches:
                        return None
                    found = matches[0]
            current = found
        return self._item(current)

    def children(self, folder_id: str) -> Iterator[DriveItem]:
        entry = self._items.get(folder_id)
        if entry is None:
            raise ItemNotFound(f"folder {folder_id} does not exist")
        for child in list(entry.children.values()):
            yield self._item(child)

    def same_name(self, a: str, b: str) -> bool:
        return self._key(a) == self._key(b)

    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        self._admit(parent_id, name, True)
        item_id = self._new(name, parent_id, True, 0, None)
        self._items[parent_id].children[self._key(name)] = item_id
        self._count("create_folder")
        return self._item(item_id)

    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        entry = self._items.get(item_id)
        if entry is None or entry.parent is None:
            raise ItemNotFound(f"item {item_id} does not exist", code="itemNotFound")
        name = new_name if new_name is not None else entry.name
        ancestor: str | None = new_parent_id
        while ancestor is not None:
            if ancestor == item_id:
                raise DriveError("an item cannot be moved into itself", code="invalidRequest")
            ancestor = self._items[ancestor].parent
        self._admit(new_parent_id, name, entry.is_folder, entry.size, moving=item_id)
        old_parent = self._items[entry.parent]
        for key, child in list(old_parent.children.items()):
            if child == item_id:
                del old_parent.children[key]
        entry.name, entry.parent = name, new_parent_id
        self._items[new_parent_id].children[self._key(name)] = item_id
        self._count("move")
        return self._item(item_id)

    def upload(
        self,
        source: Path,
        parent_id: str,
        name: str,
        *,
        mtime: float | None = None,
        resume_token: str | None = None,
        checkpoint: UploadCheckpoint | None = None,
    ) -> DriveItem:
        size = self._size_of(source) if self._size_of is not None else _size_if_there(source)
        self._admit(parent_id, name, False, size)
        if checkpoint is not None:
            checkpoint(f"simulated-upload-{self._next}")
        item_id = self._new(name, parent_id, False, size, mtime)
        self._items[parent_id].children[self._key(name)] = item_id
        self._count("upload")
        self.uploaded_bytes += size
        return self._item(item_id)

    def delete(self, item_id: str) -> None:
        entry = self._items.get(item_id)
        if entry is None or entry.parent is None:
            raise ItemNotFound(f"item {item_id} does not exist", code="itemNotFound")
        if entry.children:
            raise NotEmpty(f"{entry.name!r} is not empty", code="notEmpty")
        parent = self._items[entry.parent]
        for key, child in list(parent.children.items()):
            if child == item_id:
                del parent.children[key]
        del self._items[item_id]
        self._count("delete")

    # -- who can open what (when standing in for a cloud) -------------------------------------

    def _entry_for_access(self, item_id: str) -> _Entry:
        if not self.supports_access:
            raise DriveError(
                "This simulated drive stands in for a target that cannot change who opens an item."
            )
        entry = self._items.get(item_id)
        if entry is None:
            raise ItemNotFound(f"item {item_id} does not exist", code="itemNotFound")
        return entry

    def read_access(self, item_id: str) -> Access:
        entry = self._entry_for_access(item_id)
        grants = [Grant(p, r) for p, r in entry.grants.items()]
        blocked = entry.limited
        current = entry.parent
        while current is not None:
            parent = self._items[current]
            grants.extend(
                Grant(p, r, inherited=True)
                for p, r in parent.grants.items()
                if not blocked or r == OWNER
            )
            blocked = blocked or parent.limited
            current = parent.parent
        return Access.of(entry.limited, grants)

    def limit_access(self, item_id: str, principals: Sequence[str]) -> Access:
        entry = self._entry_for_access(item_id)
        if not entry.is_folder:
            raise DriveError("Only folders can have limited access.", code="notAFolder")
        wanted = {principal_of(p) for p in principals}
        if not wanted:
            raise DriveError("Name at least one group or person who may open the folder.")
        before = self.read_access(item_id)
        entry.limited = True
        for principal in wanted:
            entry.grants.setdefault(principal, "writer")
        for principal, role in list(entry.grants.items()):
            if principal not in wanted and role != OWNER:
                del entry.grants[principal]
        self._count("limit_access")
        return before

    def restore_access(self, item_id: str, before: Access) -> None:
        entry = self._entry_for_access(item_id)
        entry.grants = {g.principal: g.role for g in before.direct()}
        entry.limited = before.limited
        self._count("restore_access")

    # -- for the report --------------------------------------------------------------------

    def preview(self, *, depth: int = 2, width: int = 12) -> list[str]:
        """The resulting tree, a few levels deep, with file counts and sizes per folder."""
        lines: list[str] = []
        for row in self.preview_rows(depth=depth, width=width):
            indent = "  " * row.level
            if row.more:
                lines.append(f"{indent}… {row.more} more")
            elif row.is_folder:
                lines.append(f"{indent}{row.name}/  ({row.files} files, {row.size:,} bytes)")
            else:
                lines.append(f"{indent}{row.name}  ({row.size:,} bytes)")
        return lines

    def preview_rows(self, *, depth: int = 2, width: int = 12) -> list[PreviewRow]:
        """:meth:`preview` as data, for the CLI to word in the admin's language."""
        totals: dict[str, tuple[int, int]] = {}

        def total(item_id: str) -> tuple[int, int]:
            if item_id in totals:
                return totals[item_id]
            entry = self._items[item_id]
            if not entry.is_folder:
                return 1, entry.size
            files = size = 0
            stack = [item_id]
            while stack:
                current = self._items[stack.pop()]
                for child in current.children.values():
                    c = self._items[child]
                    if c.is_folder:
                        stack.append(child)
                    else:
                        files += 1
                        size += c.size
            totals[item_id] = (files, size)
            return files, size

        rows: list[PreviewRow] = []

        def render(item_id: str, level: int) -> None:
            kids = sorted(
                self._items[item_id].children.values(),
                key=lambda c: (not self._items[c].is_folder, self._items[c].name.casefold()),
            )
            for i, child in enumerate(kids):
                if i == width:
                    rows.append(PreviewRow(level, "", False, 0, 0, more=len(kids) - width))
                    break
                entry = self._items[child]
                if entry.is_folder:
                    files, size = total(child)
                    rows.append(PreviewRow(level, entry.name, True, files, size))
                    if level + 1 < depth:
                        render(child, level + 1)
                else:
                    rows.append(PreviewRow(level, entry.name, False, 1, entry.size))

        render("0", 0)
        return rows


@dataclass(frozen=True)
class PreviewRow:
    """One line of :meth:`SimulatedAdapter.preview_rows`: an item (or ``more`` items left out)
    at ``level``, with the files and bytes below it."""

    level: int
    name: str
    is_folder: bool
    files: int
    size: int
    more: int = 0


def _size_if_there(source: Path) -> int:
    """The size of a source that exists (the adapter contract: an upload keeps its size); 0 for a
    planned file that is not on this machine (simulating a plan without its share)."""
    try:
        return source.stat().st_size
    except OSError:
        return 0
