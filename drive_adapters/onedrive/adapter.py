"""The OneDrive / SharePoint adapter: :class:`~drive_adapters.base.DriveAdapter` on msgraph-sdk.

Synchronous and thread-safe from the caller's side: every method submits a coroutine to the
adapter's private event loop (:class:`~drive_adapters.onedrive._loop.LoopThread`) and waits.
What goes over the wire, and why:

* create folder: ``POST children`` with ``conflictBehavior: fail``. The 409 *is* the pre-check
  (a separate GET first would race); on 409 the item in the way is looked up and handed back in
  :class:`NameConflict` so the executor can adopt a folder an earlier run created.
* move / rename: one ``PATCH`` with ``parentReference`` and ``name`` and
  ``?@microsoft.graph.conflictBehavior=fail`` in the URL (the driveItem resource page: the
  annotation "should be included in the URL"), so "never overwrite" does not rest on a default;
  ids, versions and sharing stay. :meth:`move_many` and :meth:`create_folders` send independent
  operations through ``$batch`` (≤ 20, own JSON, because the SDK writes ``depends_on``).
* upload: every file with content goes through an upload session created with
  ``conflictBehavior: fail`` *and* ``fileSystemInfo`` (learn.microsoft.com/graph/api/
  driveitem-createuploadsession), then its bytes: one ``PUT`` for a file up to
  ``simple_upload_max``, fragments (multiples of 320 KiB) above. So a small file costs two
  requests and makes one version, with its modification time from the start (a ``PUT`` then a
  ``PATCH`` of the time made two versions, and a kill between them left the wrong time). Only an
  empty file, which a session cannot carry, is a ``PUT`` plus a ``PATCH``. The session URL goes
  to ``checkpoint`` before any byte is sent, and ``resume_token`` continues from
  ``nextExpectedRanges``. The returned item carries what was sent (``extra["sent_hash"]``,
  ``extra["sent_size"]``) beside what the service stored: a SharePoint library rewrites Office
  files and PDFs (it adds its metadata), and callers must compare against what it reported.
* errors: the shared pacer retries what :mod:`drive_adapters.remote.classify` says; ``423``
  comes back as :class:`~drive_adapters.base.Deferred`.
* scan and change feed: ``root/delta`` (:mod:`drive_adapters.onedrive.scan`); the scan keeps
  the ``@odata.deltaLink`` as its cursor and :meth:`changes_since` reads from it.
* access: ``GET …/permissions`` of the item and its parent, read as
  :class:`~drive_adapters.remote.access.Access`; a folder is narrowed by the library it is in,
  never by permissions of its own (why: :mod:`drive_adapters.onedrive.access`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import threading
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import quote

import httpx
from kiota_abstractions.api_error import APIError
from kiota_abstractions.base_request_configuration import RequestConfiguration
from kiota_abstractions.method import Method
from kiota_abstractions.request_information import RequestInformation
from kiota_http.middleware.options import HeadersInspectionHandlerOption
from msgraph.generated.drives.item.items.item.copy.copy_post_request_body import CopyPostRequestBody
from msgraph.generated.drives.item.items.item.create_upload_session.create_upload_session_post_request_body import (  # noqa: E501
    CreateUploadSessionPostRequestBody,
)
from msgraph.generated.models.drive_item import DriveItem as GraphDriveItem
from msgraph.generated.models.drive_item_uploadable_properties import (
    DriveItemUploadableProperties,
)
from msgraph.generated.models.file_system_info import FileSystemInfo
from msgraph.generated.models.folder import Folder
from msgraph.generated.models.item_reference import ItemReference
from msgraph.generated.models.o_data_errors.o_data_error import ODataError

from drive_adapters.base import (
    ChangeFeed,
    DriveAdapter,
    DriveError,
    DriveItem,
    ItemNotFound,
    NameConflict,
    NotEmpty,
    UploadCheckpoint,
)
from drive_adapters.inventory import ScanEntry
from drive_adapters.onedrive._loop import LoopThread
from drive_adapters.onedrive.access import (
    AccessNotLimitable,
    access_from_permissions,
    missing,
    outsiders,
)
from drive_adapters.onedrive.errors import error_from_api, error_from_json
from drive_adapters.onedrive.items import graph_name_key, item_from_json
from drive_adapters.onedrive.quickxor import quickxorhash_file
from drive_adapters.onedrive.transport import GraphClients, failure_of
from drive_adapters.remote.access import Access
from drive_adapters.remote.classify import classify
from drive_adapters.remote.paths import library_prefix_chars

__all__ = [
    "FRAGMENT_UNIT",
    "MAX_BATCH",
    "OneDriveAdapter",
]

T = TypeVar("T")
FRAGMENT_UNIT = 320 * 1024
MAX_BATCH = 20
CONFLICT_FAIL = {"@microsoft.graph.conflictBehavior": "fail"}
#: On PATCH the annotation goes in the query string (driveItem resource page, "Instance
#: attributes": "should be included in the URL instead of the body of the request").
FAIL_QUERY = "?@microsoft.graph.conflictBehavior=fail"
_ERRORS: dict[str, Any] = {"XXX": ODataError}


class _SessionGone(Exception):
    """The upload session no longer exists (finished, cancelled or expired)."""


class OneDriveAdapter(DriveAdapter):
    """One OneDrive or SharePoint document library, addressed by its drive id."""

    target: ClassVar[str] = "onedrive"
    hash_name: ClassVar[str | None] = "quickXorHash"
    supports_changes: ClassVar[bool] = True  # root/delta
    batch_requests: ClassVar[bool] = True  # move_many, create_folders: 20 a $batch request
    supports_access: bool = True  # read back; narrowed by its library (onedrive/access.py)
    #: limit_access confirms rather than changes: the audience's library narrows its folders.
    access_by_placement: ClassVar[bool] = True
    #: Whether this adapter itself sends folders to their audience's library (it does not:
    #: :class:`~drive_adapters.onedrive.libraries.AudienceLibraries` does).
    places_audiences: ClassVar[bool] = False

    def __init__(
        self, clients: GraphClients, loop: LoopThread, drive_id: str, *, description: str = "",
        simple_upload_max: int = 4 * 1024 * 1024, fragment_size: int = 32 * FRAGMENT_UNIT,
        max_fragment_failures: int = 50, concurrency: int = 4,
    ) -> None:  # fmt: skip
        if fragment_size <= 0 or fragment_size % FRAGMENT_UNIT:
            raise ValueError("fragment_size must be a positive multiple of 320 KiB")
        self._clients = clients
        self._loop = loop
        self.drive_id = drive_id
        self.description = description or drive_id
        self.simple_upload_max = simple_upload_max
        self.fragment_size = fragment_size
        self.max_fragment_failures = max_fragment_failures
        self.concurrency = max(1, concurrency)  # the shared pacer's limit, too
        self._drive = clients.graph.drives.by_drive_id(drive_id)
        self._cache: dict[str, DriveItem] = {}
        self._cache_lock = threading.Lock()
        self._root = self._call(
            self._json(self._drive.root.to_get_request_information()), "read the drive root",
            item_from_json,
        )  # fmt: skip
        self.path_prefix_chars = library_prefix_chars(self._root.extra.get("webUrl"))

    # ------------------------------------------------------------------ plumbing

    @property
    def pacer_stats(self) -> Any:
        """Requests sent, throttled answers and seconds blocked, as the shared pacer saw them."""
        return self._clients.pacer.stats

    def _run(self, coro: Awaitable[T]) -> T:
        async def wrapper() -> T:
            return await coro

        return self._loop.run(wrapper())

    def _call(self, coro: Awaitable[Any], what: str, convert: Callable[[Any], T]) -> T:
        try:
            result = self._run(coro)
        except APIError as error:
            raise error_from_api(error, what=what) from error
        except httpx.TransportError as error:
            raise DriveError(
                f"{what}: the connection to Microsoft 365 failed ({error!r})"
            ) from error
        if result is None:
            raise DriveError(f"{what}: Microsoft 365 returned nothing")
        return convert(result)

    def _url(self, item_id: str, suffix: str = "") -> str:
        """``…/drives/{drive}/items/{id}{suffix}``, rendered by us: kiota's URI-template expansion
        costs ~2 ms a request, more than the request itself against the fake."""
        base = f"{self._clients.base_url}/drives/{self.drive_id}"
        return f"{base}/items/{quote(item_id, safe='')}{suffix}"

    async def _json(self, info: RequestInformation, url: str | None = None) -> Any:
        """Send an SDK-built request and parse the JSON ourselves: msgraph-sdk's model parsing
        costs ~11 ms per driveItem (``Entity.get_field_deserializers`` runs thousands of imports),
        ten times the request itself against the fake."""
        if url is not None:
            info.url = url
        info.headers.try_add("Accept", "application/json")
        raw = await self._clients.adapter.send_primitive_async(info, "bytes", _ERRORS)
        return json.loads(raw) if raw else {}

    def _item(self, item_id: str) -> Any:
        return self._drive.items.by_drive_item_id(item_id)

    def close(self) -> None:
        """Close HTTP connections and stop the event loop."""
        if not self._loop.loop.is_closed():
            self._loop.run(self._clients.aclose())
            self._loop.close()

    # ------------------------------------------------------------------ reading

    def root(self) -> DriveItem:
        return self._root

    def _remember(self, item: DriveItem) -> DriveItem:
        with self._cache_lock:
            self._cache[item.id] = item
        return item

    def _forget(self, item_id: str) -> None:
        with self._cache_lock:
            self._cache.pop(item_id, None)

    def get(self, item_id: str, *, fresh: bool = False) -> DriveItem:
        """The item; served from what this adapter last saw of it unless ``fresh``.

        During a migration the adapter is the one writing, and it remembers every item it
        created, moved, uploaded or listed: asking Graph again for each of them doubled the
        requests of an upload migration. ``fresh=True`` always asks.
        """
        if not fresh:
            with self._cache_lock:
                cached = self._cache.get(item_id)
            if cached is not None:
                return cached
        info = self._item(item_id).to_get_request_information()
        what = f"read item {item_id}"
        try:
            item = self._call(self._json(info, self._url(item_id)), what, item_from_json)
        except ItemNotFound:
            self._forget(item_id)
            raise
        return self._remember(item)

    def children(self, folder_id: str) -> Iterator[DriveItem]:
        builder = self._item(folder_id).children
        what = f"list folder {folder_id}"
        info = builder.to_get_request_information()
        page = self._call(self._json(info, self._url(folder_id, "/children")), what, dict)
        while True:
            for data in page.get("value") or []:
                yield self._remember(item_from_json(data))
            link = page.get("@odata.nextLink")
            if not link:
                return
            info = builder.with_url(link).to_get_request_information()
            page = self._call(self._json(info), what, dict)

    def content_hash(self, item_id: str) -> str | None:
        """The stored file's quickXorHash (from the last listing when there was one)."""
        return self.get(item_id).hashes.get("quickXorHash")

    def hash_local(self, path: bytes) -> str | None:
        """The quickXorHash of a local file, to compare with :meth:`content_hash`."""
        try:
            return quickxorhash_file(Path(os.fsdecode(path)))
        except OSError:
            return None

    def same_name(self, a: str, b: str) -> bool:
        return graph_name_key(a) == graph_name_key(b)

    # ------------------------------------------------------------------ changing

    def _conflict(self, error: NameConflict, parent_id: str, name: str) -> NameConflict:
        try:
            existing = self.find_child(parent_id, name)
        except DriveError:
            existing = None
        return NameConflict(str(error), existing=existing, code=error.code)

    def create_folder(self, parent_id: str, name: str) -> DriveItem:
        body = GraphDriveItem(name=name, folder=Folder(), additional_data=dict(CONFLICT_FAIL))
        try:
            info = self._item(parent_id).children.to_post_request_information(body)
            url = self._url(parent_id, "/children")
            made = self._call(self._json(info, url), f"create folder {name!r}", item_from_json)
        except NameConflict as error:
            raise self._conflict(error, parent_id, name) from error
        return self._remember(made)

    def move(self, item_id: str, new_parent_id: str, new_name: str | None = None) -> DriveItem:
        body = GraphDriveItem(parent_reference=ItemReference(id=new_parent_id))
        if new_name is not None:
            body.name = new_name
        try:
            info = self._item(item_id).to_patch_request_information(body)
            url = self._url(item_id, FAIL_QUERY)
            moved = self._call(self._json(info, url), f"move {item_id}", item_from_json)
        except NameConflict as error:
            name = new_name if new_name is not None else self.get(item_id, fresh=True).name
            raise self._conflict(error, new_parent_id, name) from error
        except ItemNotFound:
            self._forget(item_id)
            raise
        return self._remember(moved)

    def set_mtime(self, item_id: str, mtime: float) -> DriveItem:
        """Set the file-system modification time Graph keeps for an item."""
        when = dt.datetime.fromtimestamp(mtime, dt.UTC)
        body = GraphDriveItem(file_system_info=FileSystemInfo(last_modified_date_time=when))
        info = self._item(item_id).to_patch_request_information(body)
        what = f"set time of {item_id}"
        updated = self._call(self._json(info, self._url(item_id)), what, item_from_json)
        return self._remember(updated)

    def delete(self, item_id: str) -> None:
        item = self.get(item_id)
        if item.is_folder and next(iter(self.children(item_id)), None) is not None:
            raise NotEmpty(f"The folder {item.name!r} is not empty; nothing was removed.")
        try:
            self._run(self._item(item_id).delete())
        except APIError as error:
            raise error_from_api(error, what=f"remove {item.name!r}") from error
        finally:
            self._forget(item_id)

    def copy(self, item_id: str, new_parent_id: str, new_name: str | None = None,
             *, poll_interval: float = 0.2, timeout: float = 600.0) -> DriveItem:  # fmt: skip
        """Server-side copy (Graph's async copy): waits on the monitor URL, returns the new item."""
        body = CopyPostRequestBody(
            parent_reference=ItemReference(drive_id=self.drive_id, id=new_parent_id), name=new_name
        )
        option = HeadersInspectionHandlerOption(inspect_response_headers=True)
        config: RequestConfiguration[Any] = RequestConfiguration(options=[option])
        try:
            self._run(self._item(item_id).copy.post(body, request_configuration=config))
        except APIError as error:
            raise error_from_api(error, what=f"copy {item_id}") from error
        locations = option.response_headers.get("location")
        if not locations:
            raise DriveError("Microsoft 365 accepted the copy but gave no monitor URL.")
        monitor = next(iter(locations))
        resource = self._run(self._poll_copy(monitor, poll_interval, timeout))
        return self.get(resource)

    async def _poll_copy(self, monitor: str, interval: float, timeout: float) -> str:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            response = await self._clients.bare.get(monitor)  # the monitor URL needs no token
            data = response.json() if response.content else {}
            status = data.get("status")
            if status == "completed" and data.get("resourceId"):
                return str(data["resourceId"])
            if status in ("failed", "deleteFailed") or response.status_code >= 400:
                raise error_from_json(response.status_code if response.status_code >= 400 else 400,
                                      data, what="copy")  # fmt: skip
            if asyncio.get_running_loop().time() > deadline:
                raise DriveError(f"The copy did not finish within {timeout:g} s; check {monitor}.")
            await asyncio.sleep(interval)

    # ------------------------------------------------------------------ batches

    def move_many(
        self, moves: Sequence[tuple[str, str, str | None]]
    ) -> list[DriveItem | DriveError]:
        """Move/rename many items with ``$batch`` (20 a request); one result per move, in order."""
        requests = []
        for item_id, parent_id, name in moves:
            body: dict[str, Any] = {"parentReference": {"id": parent_id}}
            if name is not None:
                body["name"] = name
            requests.append(("PATCH", f"/drives/{self.drive_id}/items/{item_id}{FAIL_QUERY}", body))
        results = self._run(self._batch(requests))
        out: list[DriveItem | DriveError] = []
        for (item_id, parent_id, name), (status, data, headers) in zip(moves, results, strict=True):
            if status < 300:
                out.append(self._remember(item_from_json(data)))
                continue
            error = error_from_json(status, data, what=f"move {item_id}", headers=headers)
            if isinstance(error, NameConflict):
                current = name or self.get(item_id, fresh=True).name
                error = self._conflict(error, parent_id, current)
            out.append(error)
        return out

    def create_folders(
        self, folders: Sequence[tuple[str, str]], *, ids: Sequence[str | None] | None = None
    ) -> list[DriveItem | DriveError]:
        """Create many folders (independent of each other) with ``$batch``; results in order.

        ``ids`` are ignored: Graph picks every item's id (:meth:`reserve_ids` hands out none)."""
        requests = [
            ("POST", f"/drives/{self.drive_id}/items/{parent}/children",
             {"name": name, "folder": {}, **CONFLICT_FAIL})
            for parent, name in folders
        ]  # fmt: skip
        results = self._run(self._batch(requests))
        out: list[DriveItem | DriveError] = []
        for (parent, name), (status, data, headers) in zip(folders, results, strict=True):
            if status < 300:
                out.append(self._remember(item_from_json(data)))
                continue
            error = error_from_json(status, data, what=f"create folder {name!r}", headers=headers)
            out.append(
                self._conflict(error, parent, name) if isinstance(error, NameConflict) else error
            )
        return out

    async def _batch(
        self, requests: Sequence[tuple[str, str, dict[str, Any] | None]]
    ) -> list[tuple[int, dict[str, Any], dict[str, str]]]:
        """Send independent requests, ≤ 20 per ``$batch``; parts the shared classifier calls
        retryable (throttled, 5xx, load-related 400) go round again after their wait."""
        results: dict[int, tuple[int, dict[str, Any], dict[str, str]]] = {}
        pending = list(range(len(requests)))
        pacer = self._clients.pacer
        for attempt in range(pacer.max_retries + 1):
            if not pending:
                break
            retry: list[int] = []
            pause = 0.0
            for start in range(0, len(pending), MAX_BATCH):
                chunk = pending[start : start + MAX_BATCH]
                payload = {"requests": [self._batch_part(i, *requests[i]) for i in chunk]}
                reply = await self._send_batch(payload)
                for part in reply.get("responses", []):
                    index = int(part["id"])
                    status = int(part.get("status", 500))
                    headers = {str(k): str(v) for k, v in (part.get("headers") or {}).items()}
                    body = part.get("body") if isinstance(part.get("body"), dict) else {}
                    results[index] = (status, body or {}, headers)
                    if status < 400:
                        continue
                    raw = json.dumps(body or {}).encode()
                    method = requests[index][0]
                    verdict = classify(failure_of(status, raw, httpx.Headers(headers), method))
                    if pacer.should_retry(verdict, attempt):
                        retry.append(index)
                        wait = pacer.wait_for(verdict, attempt)
                        if verdict.kind == "throttled":
                            pacer.block_for(wait)
                        else:
                            pause = max(pause, wait)
            pending = retry
            if pending and pause:
                await asyncio.sleep(pause)
        return [results[i] for i in range(len(requests))]

    @staticmethod
    def _batch_part(
        index: int, method: str, url: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        part: dict[str, Any] = {"id": str(index), "method": method, "url": url}
        if body is not None:
            part["body"] = body
            part["headers"] = {"Content-Type": "application/json"}
        return part

    async def _send_batch(self, payload: dict[str, Any]) -> dict[str, Any]:
        info = RequestInformation(Method.POST, "{+baseurl}/$batch", {})
        info.headers.try_add("Content-Type", "application/json")
        info.headers.try_add("Accept", "application/json")
        info.content = json.dumps(payload).encode("utf-8")
        try:
            raw = await self._clients.adapter.send_primitive_async(info, "bytes", _ERRORS)
        except APIError as error:
            raise error_from_api(error, what="$batch") from error
        data = json.loads(raw or b"{}")
        return data if isinstance(data, dict) else {}

    # ------------------------------------------------------------------ access (issue 13)

    def permissions(self, item_id: str) -> list[dict[str, Any]]:
        """The item's effective permissions as Graph lists them (every page)."""
        builder = self._item(item_id).permissions
        what = f"read who can open {item_id}"
        info = builder.to_get_request_information()
        page = self._call(self._json(info, self._url(item_id, "/permissions")), what, dict)
        out: list[dict[str, Any]] = []
        while True:
            out.extend(p for p in page.get("value") or [] if isinstance(p, dict))
            link = page.get("@odata.nextLink")
            if not link:
                return out
            page = self._call(self._json(builder.with_url(link).to_get_request_information()),
                              what, dict)  # fmt: skip

    def read_access(self, item_id: str) -> Access:
        """Who can open the item: its permissions, compared with its parent's where Graph does
        not mark inherited ones (SharePoint libraries do not)."""
        item = self.get(item_id, fresh=True)
        own = self.permissions(item.id)
        if item.parent_id is None or item.id == self._root.id:
            return access_from_permissions(own, None)
        return access_from_permissions(own, self.permissions(item.parent_id))

    def limit_access(self, item_id: str, principals: Sequence[str]) -> Access:
        """Confirm that only ``principals`` (and the library's owners) can open the item, and
        return its access; :class:`AccessNotLimitable` when others can. Nothing is changed:
        the audience's library narrows its folders (:mod:`drive_adapters.onedrive.access`)."""
        item = self.get(item_id, fresh=True)
        if not item.is_folder:
            raise AccessNotLimitable(
                f"{item.name!r} is a file; only a folder gets an audience. Nothing was changed."
            )
        before = self.read_access(item_id)
        extra, absent = outsiders(before, principals), missing(before, principals)
        if extra or absent:
            why = (
                f"can be opened by {', '.join(extra)}, who are not in its audience"
                if extra
                else f"cannot be opened by {', '.join(absent)}, its audience"
            )
            raise AccessNotLimitable(
                f"{item.name!r} in {self.description} {why} "
                f"({', '.join(principals) or 'nobody'}). Microsoft Graph cannot narrow one "
                "folder of a library; give the audience a library of its own whose members are "
                "its groups (cardsort plan --library AUDIENCE=URL), so its folders are created "
                "there. Nothing was changed."
            )
        return before

    def cannot_narrow(
        self, path: Sequence[str], parent_id: str, principals: Sequence[str]
    ) -> list[str]:
        """Who, beside ``principals`` and the owners, could open a folder made at ``path`` in
        ``parent_id`` (it inherits the parent's access; Graph cannot narrow it): the preflight
        of apply (executor/access.py), before anything changes."""
        return outsiders(self.read_access(parent_id), principals)

    def restore_access(self, item_id: str, before: Access) -> None:
        """Confirm the item is back to ``before`` (undo moved it back, so it inherits again);
        a :class:`DriveError` saying who differs when it is not."""
        now = self.read_access(item_id)
        if now.principals() == before.principals():
            return
        name = self.get(item_id).name
        raise DriveError(
            f"{name!r} in {self.description} can now be opened by "
            f"{', '.join(sorted(now.principals())) or 'nobody'}; before the migration by "
            f"{', '.join(sorted(before.principals())) or 'nobody'}. Graph cannot set this back; "
            "change it under Manage access in SharePoint."
        )

    # ------------------------------------------------------------------ upload

    def upload(
        self, source: Path, parent_id: str, name: str, *, mtime: float | None = None,
        resume_token: str | None = None, checkpoint: UploadCheckpoint | None = None,
    ) -> DriveItem:  # fmt: skip
        size = source.stat().st_size
        if mtime is None:
            mtime = source.stat().st_mtime
        if resume_token:
            try:
                return self._finish_session(source, resume_token, size, parent_id, name)
            except _SessionGone:
                adopted = self._adopt_finished(source, size, parent_id, name)
                if adopted is not None:
                    return adopted
                # The session expired before any completion: start afresh below.
        if size == 0:
            return self._simple_upload(source, parent_id, name, mtime)
        when = dt.datetime.fromtimestamp(mtime, dt.UTC)
        props = DriveItemUploadableProperties(
            additional_data=dict(CONFLICT_FAIL),
            file_system_info=FileSystemInfo(last_modified_date_time=when),
        )
        builder = self._item(f"{parent_id}:/{name}:").create_upload_session
        try:
            info = builder.to_post_request_information(
                CreateUploadSessionPostRequestBody(item=props)
            )
            url = self._url(parent_id, f":/{quote(name, safe='')}:/createUploadSession")
            session = self._call(self._json(info, url), f"start uploading {name!r}", dict)
        except NameConflict as error:
            raise self._conflict(error, parent_id, name) from error
        url = str(session["uploadUrl"])
        if checkpoint is not None:
            checkpoint(url)
        try:
            return self._finish_session(source, url, size, parent_id, name, position=0,
                                        whole=size <= self.simple_upload_max)  # fmt: skip
        except _SessionGone:
            adopted = self._adopt_finished(source, size, parent_id, name)
            if adopted is None:
                raise DriveError(f"The upload session of {name!r} vanished; try again.") from None
            return adopted

    def _simple_upload(self, source: Path, parent_id: str, name: str, mtime: float) -> DriveItem:
        """An empty file: ``PUT …/content`` + a ``PATCH`` of its time, two requests.

        Unavoidable as Graph documents it: a session's bytes go in fragments named by
        ``Content-Range: bytes first-last/total`` (driveitem-createuploadsession), and a range
        names at least one byte (RFC 9110 §14.4), so zero bytes have no fragment; the simple
        upload (driveitem-put-content) carries no ``fileSystemInfo``. (An empty file's second
        version holds no bytes, so it costs the library no storage.)"""
        data = source.read_bytes()
        url = self._url(
            parent_id, f":/{quote(name, safe='')}:/content?@microsoft.graph.conflictBehavior=fail"
        )
        builder = self._item(f"{parent_id}:/{name}:").content
        try:
            info = builder.to_put_request_information(data)
            created = self._call(self._json(info, url), f"upload {name!r}", item_from_json)
        except NameConflict as error:
            raise self._conflict(error, parent_id, name) from error
        return self._remember(_with_sent(self.set_mtime(created.id, mtime), source))

    def finished_upload(
        self, item: DriveItem, source: Path, resume_token: str, mtime: float | None
    ) -> DriveItem | None:
        """The item our session made, though its content differs (SharePoint's rewrite): the
        session is gone (it completed) and the item carries the modification time the session
        set (``fileSystemInfo`` travels with createUploadSession; nobody else writes it)."""
        if item.is_folder or mtime is None or item.mtime is None:
            return None
        if abs(item.mtime - mtime) > 1.0:
            return None
        try:
            self._run(self._position(resume_token))
        except _SessionGone:
            return _with_sent(item, source)
        except DriveError:
            return None
        return None  # the session still runs: the item is somebody else's

    def _adopt_finished(
        self, source: Path, size: int, parent_id: str, name: str
    ) -> DriveItem | None:
        """After a lost final answer: the item our session created, if it is there and intact."""
        existing = self.find_child(parent_id, name)
        if existing is None:
            return None
        if existing.size == size and existing.hashes.get("quickXorHash") == quickxorhash_file(
            source
        ):
            return existing
        raise NameConflict(
            f"{name!r} exists in the target folder with other content; nothing was overwritten.",
            existing=existing,
            code="nameAlreadyExists",
        )

    def _finish_session(
        self, source: Path, url: str, size: int, parent_id: str, name: str,
        position: int | None = None, *, whole: bool = False,
    ) -> DriveItem:  # fmt: skip
        try:
            data = self._run(self._send_fragments(source, url, size, position, whole=whole))
        except NameConflict as error:
            raise self._conflict(error, parent_id, name) from error
        return self._remember(_with_sent(item_from_json(data), source))

    async def _position(self, url: str) -> int:
        response = await self._clients.bare.get(url)
        if response.status_code == 404:
            raise _SessionGone(url)
        if response.status_code >= 400:
            raise error_from_json(response.status_code, _json(response), what="upload status")
        ranges = _json(response).get("nextExpectedRanges") or []
        if not ranges:
            raise _SessionGone(url)  # nothing more expected: the upload completed
        return int(str(ranges[0]).split("-", 1)[0])

    async def _send_fragments(
        self, source: Path, url: str, size: int, position: int | None, *, whole: bool = False
    ) -> dict[str, Any]:
        """Our own session loop: in order, multiples of 320 KiB, no Authorization header.

        ``whole``: a small file goes in one fragment (the last fragment of a session may have
        any size below 60 MiB)."""
        bare = self._clients.bare
        failures = 0
        pos = await self._position(url) if position is None else position
        with source.open("rb") as handle:
            while True:
                handle.seek(pos)
                step = size - pos if whole else min(self.fragment_size, size - pos)
                chunk = handle.read(step)
                headers = {"Content-Range": f"bytes {pos}-{pos + len(chunk) - 1}/{size}"}
                try:
                    response = await bare.put(url, content=chunk, headers=headers)
                except httpx.TransportError:
                    failures += 1
                    if failures > self.max_fragment_failures:
                        raise
                    pos = await self._position(url)  # ask the service where it stands
                    continue
                status = response.status_code
                if status in (200, 201):
                    return _json(response)
                if status == 202:
                    ranges = _json(response).get("nextExpectedRanges") or ["0-"]
                    pos = int(str(ranges[0]).split("-", 1)[0])
                elif status == 416:
                    pos = await self._position(url)
                elif status == 404:
                    raise _SessionGone(url)
                else:
                    raise error_from_json(status, _json(response), what="upload fragment")

    # ------------------------------------------------------------------ scan and changes

    @property
    def base_url(self) -> str:
        """The Graph base URL this adapter talks to (``https://graph.microsoft.com/v1.0``)."""
        return self._clients.base_url

    def scan(self) -> Iterator[ScanEntry]:
        """The whole library via delta (:mod:`drive_adapters.onedrive.scan`); the deltaLink
        becomes :attr:`scan_cursor`."""
        from drive_adapters.onedrive.scan import scan_library

        return scan_library(self)

    def changes_since(self, cursor: str) -> ChangeFeed:
        """What changed since a deltaLink (:func:`drive_adapters.onedrive.scan.changes_since`)."""
        from drive_adapters.onedrive.scan import changes_since

        return changes_since(self, cursor)

    def delta_pages(self, start: str | None) -> Iterator[dict[str, Any]]:
        """The raw pages of ``root/delta`` from ``start`` (a delta or next link; ``None``: from
        scratch), following ``@odata.nextLink``. Errors come as the SDK's ``APIError``."""
        builder = self._item(self._root.id).delta
        info = (builder.with_url(start) if start else builder).to_get_request_information()
        page = self._run(self._json(info))
        while True:
            yield page
            link = page.get("@odata.nextLink")
            if not link:
                return
            page = self._run(self._json(builder.with_url(link).to_get_request_information()))

    def download(self, item_id: str, dest: Path) -> None:
        """A file's content into the new local file ``dest`` (``GET …/content``)."""
        info = self._item(item_id).content.to_get_request_information()
        info.url = self._url(item_id, "/content")
        what = f"download item {item_id}"
        try:
            data = self._run(self._clients.adapter.send_primitive_async(info, "bytes", _ERRORS))
        except APIError as error:
            raise error_from_api(error, what=what) from error
        except httpx.TransportError as error:
            raise DriveError(
                f"{what}: the connection to Microsoft 365 failed ({error!r})"
            ) from error
        with open(dest, "xb") as out:
            out.write(data or b"")


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _with_sent(item: DriveItem, source: Path) -> DriveItem:
    """The stored item, plus what we sent: a SharePoint library may have rewritten it."""
    try:
        sent = {"sent_size": str(source.stat().st_size), "sent_hash": quickxorhash_file(source)}
    except OSError:
        return item
    return replace(item, extra={**item.extra, **sent})
