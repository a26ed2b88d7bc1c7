"""The Google Drive adapter: :class:`~drive_adapters.base.DriveAdapter` on google-api-python-client.

How it keeps its promises on a platform where duplicate names are legal:

* **Never a duplicate.** Each folder's names are listed once (paged ``files.list``) into an
  index that the adapter keeps current with its own changes; a name that is taken raises
  :class:`NameConflict` with the item in the way. Names being created are reserved in the index
  so two threads cannot race. Every create carries an id from ``files.generateIds``, so a
  create that the library retries after a lost response answers 409 instead of making a twin.
* **Resume, do not redo.** Uploads larger than ``multipart_max`` use a resumable session; its URI
  goes to ``checkpoint`` before the first byte, and ``resume_token`` continues it (a status
  query, then the missing chunks). A resumed upload whose session is gone looks for the item it
  made: same name, same size and md5, and the ``cardsortDrive`` app property → adopted, not redone.
* **One request per card.** A move and rename is one ``files.update(addParents, removeParents)``;
  the old parent comes from what the adapter has already seen. :meth:`move_many` and
  :meth:`create_folders` send independent operations in batches (20 by default, at most 100),
  shaped to a sustained write rate: Drive counts each part of a batch against the per-user
  quota, so a batch of 100 writes is 100 writes at once.
* **Pacing.** Every request (single calls, batches, each resumable chunk and session query,
  and a batch part that failed on its own) goes through the shared pacer
  (:meth:`drive_adapters.remote.pacer.Pacer.call`) and is retried, deferred or failed as the
  shared classifier says, exactly like OneDrive's: at most ``concurrency`` in flight, one
  backoff barrier for all threads, a sustained write budget. The client library's own
  ``num_retries`` is 0, so there is one retry layer. The daily upload cap → :class:`PausedUntil`.

Every call passes ``supportsAllDrives=True``; listings also ``includeItemsFromAllDrives=True``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import mimetypes
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload

from drive_adapters.base import (
    RESERVED_ID,
    ChangeFeed,
    DriveAdapter,
    DriveError,
    DriveItem,
    ItemNotFound,
    NameConflict,
    NotEmpty,
    PausedUntil,
    Throttled,
    UploadCheckpoint,
)
from drive_adapters.gdrive.access import (
    PERMISSION_FIELDS,
    access_from,
    direct_role,
    exact_role,
    permission_body,
    principal_from,
)
from drive_adapters.gdrive.errors import error_for, failure_from
from drive_adapters.gdrive.items import (
    FILE_FIELDS,
    FOLDER_MIME,
    MARKER,
    item_from,
)
from drive_adapters.gdrive.items import rfc3339 as _rfc3339
from drive_adapters.gdrive.transport import ServiceFactory
from drive_adapters.inventory import ScanEntry
from drive_adapters.remote.access import Access, principal_of
from drive_adapters.remote.classify import Action, Failure, classify
from drive_adapters.remote.pacer import Pacer, PacerStats

__all__ = ["FOLDER_MIME", "GDriveAdapter", "UploadSettings", "md5_of"]

CHUNK_UNIT = 256 * 1024
LIST_FIELDS = f"nextPageToken,incompleteSearch,files({FILE_FIELDS})"
HASH_FRESH_SECONDS = 60.0
#: Drive's answer to a create under an id it does not take (not from ``files.generateIds``, or
#: reserved so long ago that Drive no longer honours it).
ID_NOT_USABLE = "fileIdNotUsable"
#: Longest ``q`` a many-folder listing sends. Drive documents no limit on a query's length (the
#: search guides and the files.list reference name none); 2,000 characters (about 40 folders
#: of real 33-character ids) keeps the request URL well inside what any HTTP hop accepts.
QUERY_MAX_CHARS = 2000
T = TypeVar("T")


def md5_of(path: Path, *, block: int = 1 << 20) -> str:
    """Hex md5 of a local file, read in blocks."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(block):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class UploadSettings:
    """Upload knobs. ``chunk_size`` must be a multiple of 256 KiB (Drive's rule)."""

    chunk_size: int = 8 * 1024 * 1024
    multipart_max: int = 5 * 1024 * 1024  #: at most this size: one multipart request
    cap_pause: float = 24 * 3600.0  #: how long to pause when the daily upload cap is hit

    def __post_init__(self) -> None:
        if self.chunk_size <= 0 or self.chunk_size % CHUNK_UNIT:
            raise DriveError(
                f"chunk size {self.chunk_size} is not a positive multiple of 256 KiB ({CHUNK_UNIT})"
            )


@dataclass
class _Folder:
    """What the adapter knows of one folder's children, by name."""

    names: dict[str, list[str]] = field(default_factory=dict)  # name → item ids
    pending: set[str] = field(default_factory=set)


class _CheckpointingUpload(MediaIoBaseUpload):  # type: ignore[misc]
    """A media upload that reports the session URI before the first byte is read.

    It also hands the library each chunk as ``bytes`` rather than a stream slice: httplib2
    re-sends a request once when the connection drops before the answer, and a stream slice it
    already read would then go out empty under the old Content-Length, hanging both ends until
    the timeout.
    """

    def __init__(self, fd: IO[bytes], mimetype: str, chunksize: int, on_start: Callable[[], None]):
        super().__init__(fd, mimetype, chunksize=chunksize, resumable=True)
        self._on_start: Callable[[], None] | None = on_start

    def has_stream(self) -> bool:
        return False

    def getbytes(self, begin: int, length: int) -> bytes:
        if self._on_start is not None:
            hook, self._on_start = self._on_start, None
            hook()
        return bytes(super().getbytes(begin, length))


class GDriveAdapter(DriveAdapter):
    """One Google drive (a shared drive or a My Drive), seen from the folder ``root_id``."""

    target = "gdrive"
    #: Drive reports md5Checksum and sha256Checksum for stored files; the executor compares
    #: sha256 (what the local adapter and its source checks use).
    hash_name = "sha256"
    batch_requests = True  # move_many, create_folders: ≤ batch_size a batch request
    lists_before_create = True  # duplicate names are legal on Drive: _reserve checks them
    supports_changes = True  # changes.getStartPageToken / changes.list

    def __init__(
        self,
        services: ServiceFactory,
        *,
        root_id: str,
        drive_id: str | None,
        spec: str,
        upload: UploadSettings | None = None,
        concurrency: int = 4,
        batch_size: int = 20,
        id_batch: int = 100,
        writes_per_second: float = 10.0,
        retry_scale: float = 1.0,
        pacer: Pacer | None = None,
    ) -> None:
        if not 1 <= batch_size <= 100:
            raise DriveError("Drive batches hold at most 100 calls")
        self.services = services
        self.root_id = root_id
        self.drive_id = drive_id
        self.spec = spec  #: the resolved target spec to store in a plan (``shared:<id>``)
        self.upload_settings = upload or UploadSettings()
        self.concurrency = max(1, concurrency)
        self.batch_size = batch_size
        self.id_batch = id_batch
        #: Drive throttles *sustained* writes per user and counts every part of a batch
        #: (developers.google.com/drive/api/guides/limits, …/guides/performance#batch): writes
        #: draw from the shared pacer's budget before they go out, a batch as many as it holds.
        #: ``pacer`` lets adapters on the same account share one (``open_target`` does).
        self.pacer = pacer or Pacer(
            self.concurrency, time_scale=retry_scale,
            writes_per_second=writes_per_second or None, write_burst=batch_size,
        )  # fmt: skip
        self._lock = threading.RLock()
        self._folders: dict[str, _Folder] = {}
        self._folder_locks: dict[str, threading.Lock] = {}
        self._items: dict[str, DriveItem] = {}
        self._ids: list[str] = []
        self._root: DriveItem | None = None
        #: what the adapter did that a caller may want to report (adoptions, pauses)
        self.stats: Counter[str] = Counter()
        self._own: set[str] = set()  # ids whose current state this adapter set itself
        self._seen_at: dict[str, float] = {}  # id → when Drive last told us about it

    # ------------------------------------------------------------------ calling the API
    @property
    def pacer_stats(self) -> PacerStats:
        """Requests sent, retries by kind and seconds blocked, as the shared pacer saw them."""
        return self.pacer.stats

    def _files(self) -> Any:
        return self.services.files()

    def _send(self, send: Callable[[], T], *, upload: bool = False, writes: int = 0) -> T:
        """Send one request through the shared pacer (retries as the classifier says)."""
        return self.pacer.call(send, functools.partial(failure_from, upload=upload), writes=writes)

    def _error(self, error: BaseException, what: str, *, upload: bool = False) -> BaseException:
        """The adapter error for a request whose retries are spent (or that is not retried)."""
        failure = failure_from(error, upload=upload)
        if failure is None:
            return error
        if classify(failure).action is Action.PAUSE:
            return self._paused(what)
        return error_for(failure, what)

    def _execute(self, make: Callable[[], Any], what: str, *, upload: bool = False) -> Any:
        """Run one API call through the pacer; a clear adapter error when it fails for good.

        A write (any method but GET) draws one token from the write budget per try."""
        request = make()
        writes = 0 if request.method == "GET" else 1
        try:
            return self._send(
                lambda: request.execute(http=self.services.http(), num_retries=0),
                upload=upload, writes=writes,
            )  # fmt: skip
        except Exception as error:
            raise self._error(error, what, upload=upload) from error

    def _paused(self, what: str) -> PausedUntil:
        # resume_after is a wait in seconds, as the executor reads it (like Throttled.retry_after)
        wait = self.upload_settings.cap_pause
        stamp = datetime.fromtimestamp(time.time() + wait, tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.stats["upload_cap_pauses"] += 1
        return PausedUntil(
            f"{what}: Google's upload limit (750 GB per user per day) is reached. Nothing is "
            f"lost; run resume after {stamp}.",
            resume_after=wait,
            code="uploadLimitExceeded",
        )

    def _list_pages(self, what: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every file resource of a ``files.list`` query, page after page."""
        params.setdefault("pageSize", 1000)
        params.setdefault("fields", LIST_FIELDS)
        params.update(supportsAllDrives=True, includeItemsFromAllDrives=True)
        if self.drive_id:
            params.update(corpora="drive", driveId=self.drive_id)
        token: str | None = None
        while True:
            page_params = dict(params, pageToken=token) if token else params
            page = self._execute(functools.partial(self._call, "list", page_params), what)
            yield from page.get("files", [])
            token = page.get("nextPageToken")
            if not token:
                return

    def _call(self, method: str, params: dict[str, Any]) -> Any:
        """A ``files.<method>(**params)`` request built on this thread's service."""
        return getattr(self._files(), method)(**params)

    def _changes_call(self, params: dict[str, Any]) -> Any:
        return self.services.service().changes().list(**params)

    def reserve_ids(self, count: int) -> list[str]:
        """``count`` ids from ``files.generateIds`` (at most 1,000 a request, as Drive allows),
        for creates the executor journals before it sends them (see the base class)."""
        out: list[str] = []
        while len(out) < count:
            want = min(1000, count - len(out))
            got = self._execute(
                functools.partial(
                    lambda n: self._files().generateIds(count=n, space="drive", type="files"),
                    want,
                ),
                "reserve ids for new items",
            )
            ids = [str(i) for i in got.get("ids", [])]
            if not ids:
                raise DriveError("Google Drive handed out no ids for new items")
            out.extend(ids)
        return out[:count]

    def _new_id(self) -> str:
        """A client-side id for the next create (fetched ``id_batch`` at a time)."""
        with self._lock:
            if self._ids:
                return self._ids.pop()
        got = self._execute(
            lambda: self._files().generateIds(count=self.id_batch, space="drive", type="files"),
            "reserve ids for new items",
        )
        ids = [str(i) for i in got.get("ids", [])]
        if not ids:
            raise DriveError("Google Drive handed out no ids for new items")
        with self._lock:
            self._ids.extend(ids[1:])
        return ids[0]

    # ------------------------------------------------------------------ what we know
    def _remember(self, item: DriveItem) -> DriveItem:
        with self._lock:
            old = self._items.get(item.id)
            if old is not None and old.parent_id in self._folders:
                ids = self._folders[old.parent_id].names.get(old.name, [])
                if item.id in ids and (old.name != item.name or old.parent_id != item.parent_id):
                    ids.remove(item.id)
                    if not ids:
                        del self._folders[old.parent_id].names[old.name]
            self._items[item.id] = item
            self._seen_at[item.id] = time.monotonic()
            if item.parent_id in self._folders:
                ids = self._folders[item.parent_id].names.setdefault(item.name, [])
                if item.id not in ids:
                    ids.append(item.id)
        return item

    def _mine(self, item: DriveItem) -> DriveItem:
        """Remember an item whose state this adapter just set (served by :meth:`get`)."""
        with self._lock:
            self._own.add(item.id)
        return self._remember(item)

    def _forget(self, item_id: str) -> None:
        with self._lock:
            self._own.discard(item_id)
            old = self._items.pop(item_id, None)
            if old is not None and old.parent_id in self._folders:
                ids = self._folders[old.parent_id].names.get(old.name, [])
                if item_id in ids:
                    ids.remove(item_id)
                if not ids:
                    self._folders[old.parent_id].names.pop(old.name, None)
            self._folders.pop(item_id, None)

    def _folder(self, folder_id: str) -> _Folder:
        """The name index of a folder, listing it once if needed."""
        with self._lock:
            if folder_id in self._folders:
                return self._folders[folder_id]
            load_lock = self._folder_locks.setdefault(folder_id, threading.Lock())
        with load_lock:
            with self._lock:
                if folder_id in self._folders:
                    return self._folders[folder_id]
            items = list(self._fetch_children(folder_id))
            with self._lock:
                index = _Folder()
                self._folders[folder_id] = index
                for item in items:
                    self._remember(item)
                return index

    def _fetch_children(self, folder_id: str) -> Iterator[DriveItem]:
        query = f"'{_quote(folder_id)}' in parents and trashed = false"
        for resource in self._list_pages(f"list folder {folder_id}", q=query):
            yield item_from(resource)

    def _taken(self, folder_id: str, name: str, *, ignore: str | None = None) -> DriveItem | None:
        index = self._folder(folder_id)
        with self._lock:
            for item_id in index.names.get(name, []):
                if item_id != ignore and item_id in self._items:
                    return self._items[item_id]
        return None

    def _reserve(self, folder_id: str, name: str, what: str) -> None:
        """Claim ``name`` in a folder for a create/move, or raise :class:`NameConflict`."""
        existing = self._taken(folder_id, name)
        with self._lock:
            index = self._folders[folder_id]
            if existing is None and name in index.pending:
                raise NameConflict(f"{what}: {name!r} is being created right now")
            if existing is None:
                # re-check under the lock: another thread may have finished meanwhile
                ids = [i for i in index.names.get(name, []) if i in self._items]
                existing = self._items[ids[0]] if ids else None
            if existing is not None:
                raise NameConflict(
                    f"{what}: {name!r} already exists in that folder (id {existing.id})",
                    existing=existing,
                    code="nameAlreadyExists",
                )
            index.pending.add(name)

    def _release(self, folder_id: str, name: str) -> None:
        with self._lock:
            index = self._folders.get(folder_id)
            if index is not None:
                index.pending.discard(name)

    # ------------------------------------------------------------------ DriveAdapter
    def root(self) -> DriveItem:
        if self._root is None:
            self._root = self.get(self.root_id)
        return self._root

    def get(self, item_id: str) -> DriveItem:
        """The item; served from memory when this adapter itself made or moved it."""
        with self._lock:
            if item_id in self._own and item_id in self._items:
                return self._items[item_id]
        return self.fetch(item_id)

    def fetch(self, item_id: str) -> DriveItem:
        """The item as Drive has it now (always a request)."""
        resource = self._execute(
            lambda: self._files().get(fileId=item_id, fields=FILE_FIELDS, supportsAllDrives=True),
            f"look up {item_id}",
        )
        if resource.get("trashed"):
            self._forget(item_id)
            raise ItemNotFound(f"{item_id} is in the trash", code="trashed")
        return self._remember(item_from(resource))

    def content_hash(self, item_id: str) -> str | None:
        """Drive's sha256 of a stored file (``None`` for Google Docs and folders).

        A listing or answer from the last :attr:`HASH_FRESH_SECONDS` is trusted (a verify walks
        the tree with ``children`` and then asks for each file's hash); older ones are fetched.
        """
        with self._lock:
            item = self._items.get(item_id)
            seen = self._seen_at.get(item_id, 0.0)
        if (
            item is not None
            and "sha256" in item.hashes
            and time.monotonic() - seen < HASH_FRESH_SECONDS
        ):
            return item.hashes["sha256"]
        return self.fetch(item_id).hashes.get("sha256")

    def children(self, folder_id: str) -> Iterator[DriveItem]:
        items = list(self._fetch_children(folder_id))
        with self._lock:
            self._folders[folder_id] = _Folder(
                pending=self._folders[folder_id].pending if folder_id in self._folders else set()
            )
            for item in items:
                self._remember(item)
        return iter(items)

    def children_of_many(self, folder_ids: Sequence[str]) -> dict[str, list[DriveItem]]:
        """The children of many folders in few ``files.list`` requests.

        Drive's query language joins terms with ``or`` (developers.google.com/drive/api/guides/
        ref-search-terms: ``'A' in parents or 'B' in parents``), so the folders go out
        :data:`QUERY_MAX_CHARS` of query at a time and the answer is split by parent. Each
        folder's name index is then current, as after :meth:`children`: a resumed run checks
        the names it uploads into without a listing per folder.
        """
        wanted = list(dict.fromkeys(folder_ids))
        out: dict[str, list[DriveItem]] = {folder_id: [] for folder_id in wanted}
        for chunk in _query_chunks(wanted):
            clauses = " or ".join(f"'{_quote(folder_id)}' in parents" for folder_id in chunk)
            query = f"({clauses}) and trashed = false"
            for resource in self._list_pages(f"list {len(chunk)} folders", q=query):
                item = item_from(resource)
                if item.parent_id in out:
                    out[item.parent_id].append(item)
            with self._lock:
                for folder_id in chunk:
                    self._folders[folder_id] = _Folder(
                        pending=self._folders[folder_id].pending
                        if folder_id in self._folders
                        else set()
                    )
                for folder_id in chunk:
                    for item in out[folder_id]:
                        self._remember(item)
        return out

    def find_child(self, folder_id: str, name: str) -> DriveItem | None:
        return self._taken(folder_id, name)

    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        """Create a folder; :class:`NameConflict` (``existing``) if the name is taken.

        ``existing.extra["cardsort_created"] == "1"`` marks a folder this tool made, so an
        executor resuming an interrupted create can adopt it instead of failing.
        """
        what = f"create folder {name!r}"
        self._reserve(parent_id, name, what)
        try:
            new_id = self._new_id()
            body = _created(new_id, name, parent_id, mime=FOLDER_MIME)
            item = self._create_with_id(
                new_id,
                lambda: self._files().create(body=body, fields=FILE_FIELDS, supportsAllDrives=True),
                what,
            )
            with self._lock:
                self._folders.setdefault(item.id, _Folder())  # a new folder is empty
            return item
        finally:
            self._release(parent_id, name)

    def _create_with_id(
        self, new_id: str, make: Callable[[], Any], what: str, **kw: Any
    ) -> DriveItem:
        try:
            resource = self._execute(make, what, **kw)
        except NameConflict:
            # 409 for our own pre-generated id: an earlier attempt did create it.
            return self.get(new_id)
        return self._mine(item_from(resource))

    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        """Move and/or rename in one ``files.update`` request (no overwrite)."""
        current = self._items.get(item_id) or self.get(item_id)
        name = new_name if new_name is not None else current.name
        if current.parent_id == new_parent_id and current.name == name:
            return current
        what = f"move {current.name!r} to {name!r}"
        self._reserve(new_parent_id, name, what)
        try:
            params: dict[str, Any] = {
                "fileId": item_id,
                "fields": FILE_FIELDS,
                "supportsAllDrives": True,
            }
            if new_parent_id != current.parent_id:
                params["addParents"] = new_parent_id
                if current.parent_id:
                    params["removeParents"] = current.parent_id
            params["body"] = {"name": name} if name != current.name else {}
            try:
                resource = self._execute(lambda: self._files().update(**params), what)
            except (ItemNotFound, NameConflict):
                raise
            except DriveError as error:
                # A retried update whose first attempt did land, or a parent we knew from an
                # older listing: look at the item as it is now before calling it a failure.
                fresh = self.fetch(item_id)
                if (fresh.parent_id, fresh.name) == (new_parent_id, name):
                    return self._mine(fresh)
                if fresh.parent_id == current.parent_id or isinstance(error, Throttled):
                    raise
                if fresh.parent_id:
                    params["removeParents"] = fresh.parent_id
                resource = self._execute(lambda: self._files().update(**params), what)
            return self._mine(item_from(resource))
        finally:
            self._release(new_parent_id, name)

    def delete(self, item_id: str) -> None:
        """Remove an item; a non-empty folder refuses.

        A copy this adapter made in a shared drive is deleted for good (trash counts against the
        drive's item cap); anything else goes to Drive's trash (restorable for 30 days).
        ``stats["trashed"]`` says how many went to the trash after all."""
        item = self._items.get(item_id) or self.get(item_id)
        if item.is_folder:
            query = f"'{_quote(item_id)}' in parents and trashed = false"
            page = self._execute(
                lambda: self._files().list(
                    q=query,
                    pageSize=1,
                    fields="files(id)",
                    supportsAllDrives=True,
                    includeItemsFromAllDrives=True,
                    **({"corpora": "drive", "driveId": self.drive_id} if self.drive_id else {}),
                ),
                f"check {item.name!r} is empty",
            )
            if page.get("files"):
                raise NotEmpty(f"{item.name!r} is not empty; nothing was removed")
        if self.drive_id and item.extra.get("cardsort_created"):
            # A copy this tool made in a shared drive: the trash would keep counting against the
            # drive's 500,000 items for 30 days (support.google.com/a/users/answer/7338880), and
            # the journal can make the copy again from the source. Permanent deletion needs the
            # organizer role (files.delete reference); without it, fall back to the trash.
            try:
                self._execute(
                    lambda: self._files().delete(fileId=item_id, supportsAllDrives=True),
                    f"remove the copy {item.name!r}",
                )
                self.stats["deleted"] += 1
                self._forget(item_id)
                return
            except DriveError as error:
                if error.code not in ("insufficientFilePermissions", "403"):
                    raise
        self._execute(
            lambda: self._files().update(
                fileId=item_id, body={"trashed": True}, fields="id", supportsAllDrives=True
            ),
            f"move {item.name!r} to the trash",
        )
        self.stats["trashed"] += 1
        self._forget(item_id)

    # ------------------------------------------------------------------ uploads
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
        size = source.stat().st_size
        what = f"upload {name!r}"
        reserved = None
        if resume_token and resume_token.startswith(RESERVED_ID):
            reserved, resume_token = resume_token.removeprefix(RESERVED_ID), None
        if resume_token:
            done = self._resume(source, size, resume_token, parent_id, name, checkpoint, what)
            if done is not None:
                return done
        try:
            self._reserve(parent_id, name, what)
        except NameConflict as conflict:
            if reserved is not None and conflict.existing and conflict.existing.id == reserved:
                return conflict.existing  # the earlier attempt under this id did arrive
            adopted = self._adopt(conflict.existing, source, size)
            if adopted is None:
                raise
            return adopted
        try:
            # An id reserved (and journalled) before the first attempt: a listing that does not
            # show that attempt's file yet cannot lead to a twin, Drive refuses the id (409)
            # and _create_with_id hands back the file it names.
            new_id = reserved or self._new_id()
            meta = _created(new_id, name, parent_id)
            when = mtime if mtime is not None else source.stat().st_mtime
            meta["modifiedTime"] = _rfc3339(when)
            mime = mimetypes.guess_type(name)[0] or "application/octet-stream"

            def send() -> DriveItem:
                if size > self.upload_settings.multipart_max:
                    return self._resumable(source, size, meta, mime, None, checkpoint, what)
                media = MediaIoBaseUpload(io.BytesIO(source.read_bytes()), mime, resumable=False)
                return self._create_with_id(
                    meta["id"],
                    lambda: self._files().create(
                        body=meta, media_body=media, fields=FILE_FIELDS, supportsAllDrives=True
                    ),
                    what,
                    upload=True,
                )

            try:
                return send()
            except DriveError as error:
                if reserved is None or error.code != ID_NOT_USABLE:
                    raise
                # Drive no longer takes the id reserved in an earlier run. No item holds it
                # (that answers 409), so nothing can be doubled: a fresh id is as safe.
                meta["id"] = self._new_id()
                return send()
        finally:
            self._release(parent_id, name)

    def _adopt(self, existing: DriveItem | None, source: Path, size: int) -> DriveItem | None:
        """An item this tool made earlier with exactly these bytes: the interrupted upload."""
        if existing is None or existing.extra.get("cardsort_created") != "1":
            return None
        if existing.size != size or existing.hashes.get("md5") != md5_of(source):
            return None
        self.stats["uploads_adopted"] += 1
        return existing

    def _resume(
        self,
        source: Path,
        size: int,
        token: str,
        parent_id: str,
        name: str,
        checkpoint: UploadCheckpoint | None,
        what: str,
    ) -> DriveItem | None:
        """Continue a session; ``None`` when it is gone and a fresh upload is needed."""
        status = self._session_status(token, size, what)
        if status is None:
            return None
        if isinstance(status, DriveItem):
            return self._mine(status)
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return self._resumable(source, size, {}, mime, (token, status), checkpoint, what)

    def _session_status(self, token: str, size: int, what: str) -> DriveItem | int | None:
        """Ask a session how far it got: the finished item, the bytes received, or gone."""

        def query() -> tuple[Any, bytes]:
            resp, content = self.services.http().request(
                token, "PUT", headers={"Content-Range": f"bytes */{size}", "Content-Length": "0"}
            )
            if int(resp.status) not in (200, 201, 308, 404, 410):
                # no uri: the session URL is pre-authenticated and stays out of messages
                raise HttpError(resp, content)
            return resp, content

        try:
            resp, content = self._send(query, upload=True)
        except Exception as error:
            raise self._error(error, what, upload=True) from error
        status = int(resp.status)
        if status in (200, 201):
            return item_from(json.loads(content))
        if status == 308:
            got = resp.get("range")
            return int(got.split("-")[1]) + 1 if got else 0
        return None  # 404/410: the session is gone

    def _resumable(
        self,
        source: Path,
        size: int,
        meta: dict[str, Any],
        mime: str,
        resume: tuple[str, int] | None,
        checkpoint: UploadCheckpoint | None,
        what: str,
    ) -> DriveItem:
        """Send a file through a resumable session in chunks of ``chunk_size``."""
        with source.open("rb") as handle:
            holder: dict[str, Any] = {}

            def started() -> None:
                if checkpoint is not None and resume is None:
                    checkpoint(str(holder["request"].resumable_uri))

            media = _CheckpointingUpload(handle, mime, self.upload_settings.chunk_size, started)
            request = self._files().create(
                body=meta, media_body=media, fields=FILE_FIELDS, supportsAllDrives=True
            )
            holder["request"] = request
            if resume is not None:
                request.resumable_uri, request.resumable_progress = resume
            response = None
            while response is None:
                # After a failed chunk the library asks the session where to go on first.
                # Starting the session is the write Drive counts; its chunks are not.
                writes = 0 if request.resumable_uri else 1
                try:
                    _status, response = self._send(
                        lambda: request.next_chunk(http=self.services.http(), num_retries=0),
                        upload=True, writes=writes,
                    )  # fmt: skip
                except HttpError as error:
                    if error.status_code in (404, 410) and request.resumable_uri:
                        raise DriveError(
                            f"{what}: the upload session expired; upload again",
                            code="sessionExpired",
                        ) from error
                    raise self._error(error, what, upload=True) from error
                except Exception as error:
                    raise self._error(error, what, upload=True) from error
        return self._mine(item_from(response))

    # ------------------------------------------------------------------ batches
    def _run_batch(
        self, makers: Sequence[Callable[[], Any]], what: str
    ) -> list[dict[str, Any] | DriveError]:
        """Independent calls in batches of ≤ ``batch_size``, each batch one paced request.

        Drive answers each part on its own: a part that failed is classified like any request
        and, if the pacer says so, goes into the next round (after the longest wait a failed
        part asked for). A batch that fails as a whole, retries spent, fails its parts.
        """
        results: list[dict[str, Any] | DriveError | None] = [None] * len(makers)
        todo = list(range(len(makers)))
        attempt = 0
        while todo:
            retry_next: list[int] = []
            longest = 0.0
            for start in range(0, len(todo), self.batch_size):
                chunk = todo[start : start + self.batch_size]
                answers: dict[str, tuple[Any, Any]] = {}

                def collect(
                    request_id: str,
                    response: Any,
                    exception: Any,
                    answers: dict[str, tuple[Any, Any]] = answers,
                ) -> None:
                    answers[request_id] = (response, exception)

                def send(chunk: list[int] = chunk, collect: Any = collect) -> None:
                    batch = self.services.batch(collect)
                    for index in chunk:
                        batch.add(makers[index](), request_id=str(index))
                    batch.execute(http=self.services.http())

                try:
                    self._send(send, writes=len(chunk))
                except Exception as error:
                    failed = self._error(error, what)
                    if not isinstance(failed, DriveError):
                        raise
                    for index in chunk:
                        results[index] = failed
                    continue
                for index in chunk:
                    response, exception = answers.get(str(index), (None, None))
                    if exception is None and response is not None:
                        results[index] = response
                        continue
                    failure = failure_from(exception) if exception is not None else None
                    if failure is None:  # no answer for this part: as if the line dropped
                        failure = Failure(0, message="no answer for this part of the batch")
                    self.pacer.note(failure.status)
                    wait = self.pacer.after(failure, attempt)
                    if wait is None:
                        results[index] = error_for(failure, what)
                    else:
                        retry_next.append(index)
                        longest = max(longest, wait)
            todo = retry_next
            if todo:
                time.sleep(longest)
                attempt += 1
        return [r if r is not None else DriveError(f"{what}: no answer") for r in results]

    def move_many(
        self, moves: Sequence[tuple[str, str, str | None]]
    ) -> list[DriveItem | DriveError]:
        """Independent moves/renames ``(item_id, new_parent_id, new_name)`` in batches of ≤ 100.

        Each move is one call; name conflicts are checked first (nothing is sent for them).
        """
        plans: list[tuple[int, dict[str, Any], str, str]] = []
        out: list[DriveItem | DriveError] = [DriveError("not run")] * len(moves)
        for index, (item_id, parent, new_name) in enumerate(moves):
            current = self._items.get(item_id) or self.get(item_id)
            name = new_name if new_name is not None else current.name
            if current.parent_id == parent and current.name == name:
                out[index] = current
                continue
            what = f"move {current.name!r} to {name!r}"
            try:
                self._reserve(parent, name, what)
            except NameConflict as conflict:
                out[index] = conflict
                continue
            params: dict[str, Any] = {
                "fileId": item_id,
                "fields": FILE_FIELDS,
                "supportsAllDrives": True,
                "body": {},
            }
            if parent != current.parent_id:
                params["addParents"] = parent
                if current.parent_id:
                    params["removeParents"] = current.parent_id
            if name != current.name:
                params["body"] = {"name": name}
            plans.append((index, params, parent, name))
        try:
            answers = self._run_batch(
                [functools.partial(self._call, "update", p) for _, p, _, _ in plans], "move items"
            )
        finally:
            for _, _, parent, name in plans:
                self._release(parent, name)
        for (index, _, _, _), answer in zip(plans, answers, strict=True):
            out[index] = answer if isinstance(answer, DriveError) else self._mine(item_from(answer))
        return out

    def create_folders(
        self, requests: Sequence[tuple[str, str]], *, ids: Sequence[str | None] | None = None
    ) -> list[DriveItem | DriveError]:
        """Create folders ``(parent_id, name)`` in batches of ≤ 100 (parents must already exist).

        ``ids``: ids from :meth:`reserve_ids` to create them under; a folder that already holds
        its id (an earlier attempt made it) is handed back as made, not conflicting."""
        out: list[DriveItem | DriveError] = [DriveError("not run")] * len(requests)
        plans: list[tuple[int, str, dict[str, Any], str, str]] = []
        unusable: list[int] = []
        for index, (parent, name) in enumerate(requests):
            reserved = ids[index] if ids is not None else None
            try:
                self._reserve(parent, name, f"create folder {name!r}")
            except NameConflict as conflict:
                if reserved is not None and conflict.existing and conflict.existing.id == reserved:
                    out[index] = conflict.existing  # made by the attempt that reserved the id
                else:
                    out[index] = conflict
                continue
            new_id = reserved or self._new_id()
            body = _created(new_id, name, parent, mime=FOLDER_MIME)
            plans.append((index, new_id, body, parent, name))
        try:
            answers = self._run_batch(
                [
                    functools.partial(
                        self._call,
                        "create",
                        {"body": b, "fields": FILE_FIELDS, "supportsAllDrives": True},
                    )
                    for _, _, b, _, _ in plans
                ],
                "create folders",
            )
            for (index, new_id, _, _, _), answer in zip(plans, answers, strict=True):
                if isinstance(answer, NameConflict):  # our id already used: made by a retry
                    out[index] = self.get(new_id)
                elif isinstance(answer, DriveError) and answer.code == ID_NOT_USABLE and ids:
                    unusable.append(index)  # an id reserved long ago: see upload
                elif isinstance(answer, DriveError):
                    out[index] = answer
                else:
                    item = self._mine(item_from(answer))
                    with self._lock:
                        self._folders.setdefault(item.id, _Folder())
                    out[index] = item
        finally:
            for _, _, _, parent, name in plans:
                self._release(parent, name)
        if unusable:
            again = self.create_folders([requests[i] for i in unusable])
            for index, made in zip(unusable, again, strict=True):
                out[index] = made
        return out

    # ------------------------------------------------------------------ incremental
    def start_page_token(self) -> str:
        """A changes token for "from now on" (store it with an inventory snapshot)."""
        params: dict[str, Any] = {"supportsAllDrives": True}
        if self.drive_id:
            params["driveId"] = self.drive_id
        got = self._execute(
            lambda: self.services.service().changes().getStartPageToken(**params),
            "start watching changes",
        )
        return str(got["startPageToken"])

    def changes_page(self, token: str) -> dict[str, Any]:
        """One page of ``changes.list`` from ``token`` (see :mod:`drive_adapters.gdrive.scan`)."""
        params: dict[str, Any] = {
            "pageToken": token,
            "supportsAllDrives": True,
            "includeItemsFromAllDrives": True,
            "includeRemoved": True,
            "pageSize": 1000,
            "fields": f"nextPageToken,newStartPageToken,"
            f"changes(fileId,removed,file({FILE_FIELDS}))",
        }
        if self.drive_id:
            params["driveId"] = self.drive_id
        page: dict[str, Any] = self._execute(
            functools.partial(self._changes_call, params), "read changes"
        )
        return page

    def scan(self) -> Iterator[ScanEntry]:
        """The drive below the root (:func:`drive_adapters.gdrive.scan.scan_drive`); the start
        page token taken before the walk becomes :attr:`scan_cursor`."""
        from drive_adapters.gdrive.scan import scan_drive

        return scan_drive(self, with_cursor=True)

    def changes_since(self, cursor: str) -> ChangeFeed:
        """What changed since a page token (:func:`drive_adapters.gdrive.scan.changes_since`)."""
        from drive_adapters.gdrive.scan import changes_since

        return changes_since(self, cursor)

    def download(self, item_id: str, dest: Path) -> None:
        """A stored file's bytes into the new local file ``dest`` (``files.get alt=media``)."""
        data = self._execute(
            lambda: self._files().get_media(fileId=item_id, supportsAllDrives=True),
            f"download {item_id}",
        )
        with open(dest, "xb") as out:
            out.write(data or b"")

    def list_query(self, query: str) -> Iterator[DriveItem]:
        """Items matching a Drive ``q`` query within this drive (paged)."""
        for resource in self._list_pages(f"search {query}", q=query):
            yield item_from(resource)

    # ------------------------------------------------------------------ who can open what
    # Folders with limited access (developers.google.com/drive/api/guides/limited-expansive-
    # access) plus permissions for the audience's groups; conversions in gdrive/access.py.
    supports_access = True

    def _permission_list(self, item_id: str) -> list[dict[str, Any]]:
        """Every permission of an item (``permissions.list``, paged)."""
        out: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            params: dict[str, Any] = {
                "fileId": item_id, "supportsAllDrives": True, "fields": PERMISSION_FIELDS,
                "pageSize": 100, **({"pageToken": token} if token else {}),
            }  # fmt: skip
            page = self._execute(
                functools.partial(self._permissions_call, "list", params),
                f"read who can open {self._called(item_id)}",
            )
            out.extend(page.get("permissions", []))
            token = page.get("nextPageToken")
            if not token:
                return out

    def _called(self, item_id: str) -> str:
        """An item in a message: its name when the adapter has seen it, else its id."""
        with self._lock:
            item = self._items.get(item_id)
        return f"‘{item.name}’" if item is not None else item_id

    def _permissions_call(self, method: str, params: dict[str, Any]) -> Any:
        return getattr(self.services.service().permissions(), method)(**params)

    def _limited(self, item_id: str) -> tuple[bool, bool]:
        """(is a folder, has limited access) of an item, as Drive has it now."""
        got = self._execute(
            lambda: self._files().get(
                fileId=item_id, fields="mimeType,inheritedPermissionsDisabled",
                supportsAllDrives=True,
            ),
            f"look up {item_id}",
        )  # fmt: skip
        return got.get("mimeType") == FOLDER_MIME, bool(got.get("inheritedPermissionsDisabled"))

    def _set_limited(self, item_id: str, limited: bool) -> None:
        body = {"inheritedPermissionsDisabled": limited}
        self._execute(
            lambda: self._files().update(
                fileId=item_id, body=body, fields="id", supportsAllDrives=True
            ),
            f"{'limit' if limited else 'open up'} access to {self._called(item_id)}",
        )

    def _grant(self, item_id: str, principal: str, role: str) -> None:
        params = {
            "fileId": item_id, "body": permission_body(principal, role),
            "supportsAllDrives": True, "sendNotificationEmail": False, "fields": "id",
        }  # fmt: skip
        self._execute(
            functools.partial(self._permissions_call, "create", params),
            f"let {principal} open {self._called(item_id)}",
        )

    def _revoke(self, item_id: str, permission: dict[str, Any]) -> None:
        params = {"fileId": item_id, "permissionId": permission["id"], "supportsAllDrives": True}
        self._execute(
            functools.partial(self._permissions_call, "delete", params),
            f"stop {principal_from(permission)} opening {self._called(item_id)}",
        )

    def read_access(self, item_id: str) -> Access:
        """Who can open the item: its permissions and whether it is a limited-access folder."""
        _folder, limited = self._limited(item_id)
        return access_from(limited, self._permission_list(item_id))

    def limit_access(self, item_id: str, principals: Sequence[str]) -> Access:
        """Make the folder one with limited access, let ``principals`` in as writers, and
        remove what was set on it for anyone else (recorded in the access returned).

        In that order, so nobody outside the audience can open it at any moment in between.
        A permission that could not be put back exactly (``fileOrganizer``, ``commenter``) is
        never removed: the folder is left as it was and the message says what to do.
        """
        folder, limited = self._limited(item_id)
        if not folder:
            raise DriveError(
                "Only folders can have limited access on Google Drive; "
                f"{self._called(item_id)} is a file.",
                code="notAFolder",
            )
        wanted = {principal_of(p) for p in principals}
        if not wanted:
            raise DriveError("Name at least one group or person who may open the folder.")
        permissions = self._permission_list(item_id)
        before = access_from(limited, permissions)
        extra = [
            p for p in permissions
            if direct_role(p) not in (None, "owner", "organizer")
            and principal_from(p) not in wanted
        ]  # fmt: skip
        stuck = sorted(principal_from(p) for p in extra if not exact_role(direct_role(p)))
        if stuck:
            raise DriveError(
                f"{', '.join(stuck)} can open {self._called(item_id)} with a role that cannot be "
                "put back exactly after an undo (file organiser or commenter); change or remove "
                "that permission in Google Drive, then run resume.",
                code="roleNotRestorable",
            )
        if not limited:
            self._set_limited(item_id, True)
        have = {principal_from(p) for p in permissions if direct_role(p) is not None}
        for principal in sorted(wanted - have):
            self._grant(item_id, principal, "writer")
        for permission in extra:
            self._revoke(item_id, permission)
        return before

    def restore_access(self, item_id: str, before: Access) -> None:
        """Put back the permissions set on the item and whether it inherits (undo)."""
        _folder, limited = self._limited(item_id)
        permissions = self._permission_list(item_id)
        wanted = {g.principal: g.role for g in before.direct() if g.role != "owner"}
        now = {principal_from(p): p for p in permissions if direct_role(p) is not None}
        for principal, role in sorted(wanted.items()):
            if principal not in now:
                self._grant(item_id, principal, role)
        for principal, permission in sorted(now.items()):
            if principal not in wanted and direct_role(permission) not in ("owner", "organizer"):
                self._revoke(item_id, permission)
        if limited != before.limited:
            self._set_limited(item_id, before.limited)

    def close(self) -> None:
        with self._lock:
            self._folders.clear()
            self._items.clear()


def _created(new_id: str, name: str, parent_id: str, *, mime: str | None = None) -> dict[str, Any]:
    """The metadata of an item the adapter creates: under the id it reserved, marked as its own."""
    meta: dict[str, Any] = {"id": new_id, "name": name}
    if mime is not None:
        meta["mimeType"] = mime
    meta["parents"] = [parent_id]
    meta["appProperties"] = {MARKER: "1"}
    return meta


def _query_chunks(folder_ids: Sequence[str]) -> Iterator[list[str]]:
    """Folder ids in groups whose ``'id' in parents or …`` query stays within
    :data:`QUERY_MAX_CHARS` (always at least one id a group)."""
    chunk: list[str] = []
    length = len("() and trashed = false")
    for folder_id in folder_ids:
        clause = len(f"'{_quote(folder_id)}' in parents or ")
        if chunk and length + clause > QUERY_MAX_CHARS:
            yield chunk
            chunk, length = [], len("() and trashed = false")
        chunk.append(folder_id)
        length += clause
    if chunk:
        yield chunk


def _quote(value: str) -> str:
    """Escape a value for a single-quoted string in Drive's query language."""
    return value.replace("\\", "\\\\").replace("'", "\\'")
