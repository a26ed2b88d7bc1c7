"""The one interface every drive adapter implements, and the errors it speaks.

A migration never talks to a platform directly: the executor asks an adapter to list, create,
move, upload or remove items, and the adapter translates that into file-system calls, Graph
requests or Drive API calls. Every adapter is synchronous from the caller's point of view
(an adapter built on an async SDK runs its own event loop), thread-safe, and never overwrites:
a name that is taken raises :class:`NameConflict` carrying the item that is in the way.

Names are ``str``. The local adapter decodes byte names with ``os.fsdecode`` (surrogateescape),
so a name that is not valid UTF-8 survives the round trip byte for byte.

Every adapter can :meth:`~DriveAdapter.scan` its drive into
:class:`~drive_adapters.inventory.ScanEntry` records. A cloud adapter also keeps a change feed:
a finished scan leaves a *cursor* in :attr:`~DriveAdapter.scan_cursor` (stored with the
inventory snapshot), and :meth:`~DriveAdapter.changes_since` turns a cursor into a
:class:`ChangeFeed` (what changed, what is gone, the next cursor) at a cost in proportion to the
changes, not to the drive. Cursors are not secrets, but a OneDrive cursor holds the drive's URL:
never print one.
"""

from __future__ import annotations

import enum
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from drive_adapters.local_scan import sha256_file

if TYPE_CHECKING:
    from drive_adapters.inventory import ScanEntry
    from drive_adapters.remote.access import Access

__all__ = [
    "RESERVED_ID",
    "ChangeFeed",
    "Deferred",
    "DriveAdapter",
    "DriveError",
    "DriveItem",
    "InvalidName",
    "ItemKind",
    "ItemNotFound",
    "NameConflict",
    "NotEmpty",
    "PausedUntil",
    "Throttled",
    "UploadCheckpoint",
]


class ItemKind(enum.StrEnum):
    """What an item on a drive is."""

    FILE = "file"
    FOLDER = "folder"


@dataclass(frozen=True, slots=True)
class DriveItem:
    """One file or folder on a drive, as the adapter last saw it.

    ``id`` is the platform's stable identifier (the local adapter uses the path relative to its
    root, which changes on a move: always use the item an operation returns). ``hashes`` maps a
    hash name (``"sha256"``, ``"quickXorHash"``, ``"md5"``) to its value where the platform
    reports one. ``extra`` carries platform details worth keeping (eTag, mimeType, webUrl).
    """

    id: str
    parent_id: str | None
    name: str
    kind: ItemKind
    size: int = 0
    mtime: float | None = None
    hashes: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_folder(self) -> bool:
        """True for folders."""
        return self.kind is ItemKind.FOLDER


#: The prefix of a ``resume_token`` that carries an id from :meth:`DriveAdapter.reserve_ids`
#: rather than an upload session.
RESERVED_ID = "id:"


@dataclass(frozen=True, slots=True)
class ChangeFeed:
    """What changed on a drive since a cursor (:meth:`DriveAdapter.changes_since`).

    ``changed`` holds the latest state of every item added, edited, renamed or moved (an item
    moved out of the scanned root still appears: its new parent tells); ``removed`` the ids of
    items deleted, trashed or out of reach. ``cursor`` is where the next call starts. After
    the service refused the old cursor (Graph's ``410 resyncRequired``) the adapter enumerates
    the whole drive again and sets ``complete``: then ``changed`` is everything there is, and
    whatever it does not hold is gone.
    """

    changed: tuple[DriveItem, ...]
    removed: tuple[str, ...]
    cursor: str
    complete: bool = False


UploadCheckpoint = Callable[[str], None]
"""Called by :meth:`DriveAdapter.upload` with an opaque resume token (an upload session URL)
as soon as the platform hands one out, so the executor can journal it before sending bytes."""


class DriveError(Exception):
    """A drive refused or failed an operation. ``str(error)`` is meant for the admin."""

    #: The platform's own error code where it gave one (``nameAlreadyExists``).
    code: str | None

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.code = code


class ItemNotFound(DriveError):
    """The item or folder does not exist (any more)."""


class NameConflict(DriveError):
    """The name is already taken in the target folder; nothing was overwritten."""

    def __init__(self, message: str, *, existing: DriveItem | None = None, code: str | None = None):
        super().__init__(message, code=code)
        self.existing = existing


class InvalidName(DriveError):
    """The platform refuses the name or the path (characters, reserved names, length)."""


class NotEmpty(DriveError):
    """A folder could not be removed because it is not empty."""


class Throttled(DriveError):
    """The platform asked us to slow down and retries ran out; safe to resume later."""

    def __init__(self, message: str, *, retry_after: float, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Deferred(DriveError):
    """This one item cannot be changed right now (open in Word, checked out: Graph's ``423``).

    Not a reason to stop the run: the item is set aside and the next resume tries it again.
    ``retry_after`` is a hint in seconds.
    """

    def __init__(self, message: str, *, retry_after: float = 60.0, code: str | None = None):
        super().__init__(message, code=code)
        self.retry_after = retry_after


class PausedUntil(DriveError):
    """A platform budget is used up (Google's 750 GB a day): stop cleanly, resume later.

    ``resume_after`` is the number of seconds to wait before resuming, not a timestamp.
    """

    def __init__(self, message: str, *, resume_after: float, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.resume_after = resume_after


class DriveAdapter(ABC):
    """List and change one drive (a local folder, a OneDrive/SharePoint library, a Google drive).

    Implementations set :attr:`target` (``"local"``, ``"onedrive"``, ``"gdrive"``) and
    :attr:`hash_name`, the hash that :meth:`verify` style checks compare. An adapter whose
    calls may run from several threads at once sets :attr:`concurrency` above 1; the executor
    then runs that many uploads at a time.
    """

    target: ClassVar[str]
    hash_name: ClassVar[str | None] = None
    concurrency: int = 1
    #: Whether :meth:`move_many` and :meth:`create_folders` do many operations in one round
    #: trip (``$batch``, a batch request); the executor then sends independent ones together.
    batch_requests: ClassVar[bool] = False
    #: Whether the adapter lists a folder before it creates anything in it (a platform that
    #: allows duplicate names, where the adapter checks names itself): a resumed run then
    #: fetches the listings of the folders it will create in together (:meth:`children_of_many`).
    lists_before_create: ClassVar[bool] = False
    #: Characters the platform counts in front of every path it measures (a SharePoint
    #: library's ``/sites/x/Shared Documents/``); 0 where paths start at the adapter's root.
    path_prefix_chars: int = 0
    #: Whether :meth:`read_access`, :meth:`limit_access` and :meth:`restore_access` work here
    #: (see :mod:`drive_adapters.remote.access`). A class attribute, which an instance may
    #: override (the simulated drive has it when it stands in for a cloud).
    supports_access: bool = False
    #: Whether :meth:`changes_since` works here (a cloud drive's change feed).
    supports_changes: ClassVar[bool] = False
    #: The change-feed cursor the last finished :meth:`scan` left (``None``: no feed here, or
    #: no scan finished yet).
    scan_cursor: str | None = None

    @abstractmethod
    def root(self) -> DriveItem:
        """The folder the plan works in (the share's root, the drive root, a shared drive)."""

    @abstractmethod
    def get(self, item_id: str) -> DriveItem:
        """The item with this id; :class:`ItemNotFound` if it is gone."""

    @abstractmethod
    def children(self, folder_id: str) -> Iterator[DriveItem]:
        """The items directly inside a folder, in no particular order."""

    def children_of_many(self, folder_ids: Sequence[str]) -> dict[str, list[DriveItem]]:
        """The children of several folders: ``{folder id: [items directly inside]}``.

        For a resumed run that needs many folders' listings before it goes on. This default
        lists one folder after the other; an adapter whose platform can ask about several
        folders in one request (Drive: ``'A' in parents or 'B' in parents``) overrides it.
        """
        return {
            folder_id: list(self.children(folder_id)) for folder_id in dict.fromkeys(folder_ids)
        }

    @abstractmethod
    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        """Create a folder; :class:`NameConflict` (with ``existing``) if the name is taken."""

    @abstractmethod
    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        """Move and/or rename an item within the drive, as one server-side operation.

        Never overwrites: raises :class:`NameConflict` when the target name is taken.
        """

    def move_many(
        self, moves: Sequence[tuple[str, str, str | None]]
    ) -> list[DriveItem | DriveError]:
        """Independent moves ``(item_id, new_parent_id, new_name)``: a result per move, in order.

        This default moves one by one; adapters with a batch request override it and set
        :attr:`batch_requests`.
        """
        results: list[DriveItem | DriveError] = []
        for item_id, parent_id, name in moves:
            try:
                results.append(self.move(item_id, parent_id, name))
            except DriveError as error:
                results.append(error)
        return results

    def create_folders(
        self, folders: Sequence[tuple[str, str]], *, ids: Sequence[str | None] | None = None
    ) -> list[DriveItem | DriveError]:
        """New folders ``(parent_id, name)`` whose parents exist: a result per folder, in order.

        ``ids``: for each folder, an id from :meth:`reserve_ids` to create it under (``None``:
        the platform's choice); an adapter whose platform picks every id ignores them. This
        default creates one by one (see :meth:`move_many`).
        """
        results: list[DriveItem | DriveError] = []
        for parent_id, name in folders:
            try:
                results.append(self.create_folder(parent_id, name))
            except DriveError as error:
                results.append(error)
        return results

    def reserve_ids(self, count: int) -> list[str]:
        """Ids for ``count`` items a run will create, handed out before any of them is made.

        Where a platform lets the client choose an item's id (Drive's ``files.generateIds``),
        the executor journals each create's id before the create is sent, and creates it under
        that id however often it has to try: the platform refuses a second item with the same
        id, so a resume that cannot yet see the first one in a listing cannot make a twin. An
        upload gets its id as ``resume_token`` :data:`RESERVED_ID` + id; a folder through
        :meth:`create_folders`. ``[]`` (this default): the platform picks ids itself.
        """
        return []

    @abstractmethod
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
        """Copy a local file into a folder of this drive, keeping its modification time.

        ``resume_token`` continues an interrupted upload (as handed to ``checkpoint`` before).
        Never overwrites: :class:`NameConflict` when the name is taken.
        """

    @abstractmethod
    def delete(self, item_id: str) -> None:
        """Remove an item (to the platform's recycle bin or trash where it has one).

        Only the executor's undo calls this, and only for items the journal says it created.
        A folder that is not empty raises :class:`NotEmpty`.
        """

    def read_access(self, item_id: str) -> Access:
        """Who can open the item now, as the platform reports it."""
        raise DriveError(f"The {self.target} drive cannot show who can open an item.")

    def limit_access(self, item_id: str, principals: Sequence[str]) -> Access:
        """Let only ``principals`` (and the drive's owners) open the item; returns what its
        access was before, for the journal. Stops inheriting the parent's access; grants set on
        the item itself for anyone else are removed (they are in the access returned, so
        :meth:`restore_access` puts them back). Idempotent: limiting again changes nothing."""
        raise DriveError(f"The {self.target} drive cannot limit who can open an item.")

    def restore_access(self, item_id: str, before: Access) -> None:
        """Put back the access :meth:`limit_access` returned (undo): the item inherits again if
        it did, and holds exactly the grants it held itself. Idempotent."""
        raise DriveError(f"The {self.target} drive cannot change who can open an item.")

    def content_hash(self, item_id: str) -> str | None:
        """The stored file's hash of kind :attr:`hash_name` (``None``: the drive keeps none)."""
        return None

    def hash_local(self, path: bytes) -> str | None:
        """A local file's hash of kind :attr:`hash_name`, to compare with :meth:`content_hash`.

        ``None`` when it cannot be read or this drive has no hash a local file can match.
        """
        return sha256_file(path) if self.hash_name == "sha256" else None

    def finished_upload(
        self, item: DriveItem, source: Path, resume_token: str, mtime: float | None
    ) -> DriveItem | None:
        """After a crash: ``item`` (at the upload's name) as the upload of ``resume_token``
        finished it, when the platform can tell (its content may differ from ``source``: a
        SharePoint library rewrites Office files). ``None``: cannot tell, compare content."""
        return None

    def same_name(self, a: str, b: str) -> bool:
        """Whether two sibling names collide on this drive (exact by default)."""
        return a == b

    def find_child(self, folder_id: str, name: str) -> DriveItem | None:
        """The child of a folder whose name collides with ``name``, if any."""
        for child in self.children(folder_id):
            if self.same_name(child.name, name):
                return child
        return None

    def walk(self, folder_id: str | None = None) -> Iterator[tuple[tuple[str, ...], DriveItem]]:
        """Every item below a folder (default: the root), depth first, with its name path."""
        start = folder_id if folder_id is not None else self.root().id
        stack: list[tuple[tuple[str, ...], str]] = [((), start)]
        while stack:
            prefix, current = stack.pop()
            for child in self.children(current):
                path = (*prefix, child.name)
                yield path, child
                if child.is_folder:
                    stack.append((path, child.id))

    # -- scanning and the change feed ----------------------------------------------------------

    def scan(self) -> Iterator[ScanEntry]:
        """Every item below the root as a :class:`~drive_adapters.inventory.ScanEntry`, parents
        before children (paths relative to the root, ``/``-separated bytes).

        This default walks :meth:`children`; the cloud adapters list in fewer requests and set
        :attr:`scan_cursor` once the last entry was handed out.
        """
        from drive_adapters.inventory import entry_for_item

        for path, item in self.walk():
            yield entry_for_item(b"/".join(os.fsencode(n) for n in path), item, self.hash_name)

    def changes_since(self, cursor: str) -> ChangeFeed:
        """What changed since ``cursor`` (from :attr:`scan_cursor` or an earlier feed)."""
        raise DriveError(f"The {self.target} drive keeps no change feed; scan it again instead.")

    def download(self, item_id: str, dest: Path) -> None:
        """Write a file's content to the local file ``dest`` (made new; never overwritten)."""
        raise DriveError(f"The {self.target} drive cannot hand out file contents.")

    def close(self) -> None:  # noqa: B027 - optional hook, most adapters hold nothing
        """Release connections and threads."""
