"""A fake Microsoft Graph drive service on loopback HTTP, for the unmodified msgraph-sdk.

It keeps a real, stateful drive (ids, parents, eTags, content, quickXorHash) and answers the
subset of Graph that cardsort-drive uses, with Graph's status codes and error bodies:

* drives: ``/me/drive``, ``/users/{upn}/drive``, ``/sites/{host}:/{path}``, ``/sites/{id}/drives``,
  ``/drives/{id}``, ``/drives/{d}/root``;
* items: get (by id or ``{id}:/path:``), children (paged), create folder (conflictBehavior),
  ``PATCH`` move/rename (``If-Match``), ``DELETE`` (recursive, like Graph), simple ``PUT``
  upload, content download, async ``copy`` with a monitor URL;
* upload sessions: ``createUploadSession`` and the session URL (``PUT`` fragments with
  ``Content-Range``, 320 KiB rule, ``nextExpectedRanges``, 416, ``GET`` status, ``DELETE``);
  fragment requests carrying an ``Authorization`` header are refused, as Graph may;
* ``$batch`` (at most 20 requests, ``dependsOn`` with 424 for failed dependencies);
* delta on the root with ``@odata.nextLink`` paging, tombstones and ``410`` resync.

Names are compared case-insensitively after NFC normalisation. Strict mode (the default)
refuses every name and path OneDrive refuses; its rules are written here from the platform notes,
independently of ``drive_adapters.rules``, so that tests can hold the two against each other.

Chaos (:class:`Chaos`): a seeded share of requests answered 429 or 503 with ``Retry-After``,
500/502/504, SharePoint's load-related ``400 invalidRequest``, dropped connections in the middle
of upload fragments, and added latency. Faults are decided by
:class:`tests.fakes.plumbing.Dice` from the seed and each request's identity (ids and session
tokens replaced by the names they stand for), never by a shared generator that racing threads
draw from, so a seed gives the same faults whatever the thread timing. Every request is counted
per endpoint (:meth:`FakeGraphServer.counts`) for tests and benchmarks.

Library behaviour (:class:`Library`, each switch documented with its source): a SharePoint
document library that rewrites Office files and PDFs after upload, versions counted per item,
``423`` on items someone has open, and what a ``PATCH`` does on a name clash without
``conflictBehavior=fail``.

Run it alone: ``python -m tests.fakes.graph_server --port 0 --print-url`` prints the base URL
(``http://127.0.0.1:PORT/v1.0``) and serves until interrupted.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import functools
import itertools
import json
import operator
import random
import re
import secrets
import signal
import socket
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from tests.fakes.graph_permissions import Identity, PermissionBook, Sharing
from tests.fakes.plumbing import Counters, Dice

__all__ = [
    "Chaos",
    "FakeGraphServer",
    "GraphFault",
    "Library",
    "name_problem",
    "quick_xor_hash",
]

FRAGMENT_UNIT = 320 * 1024
MAX_FRAGMENT = 60 * 1024 * 1024
MAX_BATCH = 20
MAX_PATH = 400
MAX_SEGMENT = 255
_ILLEGAL = set('"*:<>?/\\|') | {chr(c) for c in range(0x20)} | {chr(c) for c in range(0x7F, 0xA0)}
_RESERVED = {
    ".lock", "con", "prn", "aux", "nul", "desktop.ini",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}  # fmt: skip


# --------------------------------------------------------------------------- hashing and names


def quick_xor_hash(data: bytes) -> str:
    """QuickXorHash, written plainly (lane by lane) and independently of the adapter's version."""
    import base64

    state = 0
    for lane in range(min(160, len(data))):
        folded = functools.reduce(operator.xor, data[lane::160], 0)
        shift = (lane * 11) % 160
        value = folded << shift
        state ^= (value & ((1 << 160) - 1)) | (value >> 160)
    raw = bytearray(state.to_bytes(20, "little"))
    for i, b in enumerate(len(data).to_bytes(8, "little")):
        raw[12 + i] ^= b
    return base64.b64encode(bytes(raw)).decode()


def name_key(name: str) -> str:
    """How OneDrive compares sibling names: NFC, case-insensitive."""
    return unicodedata.normalize("NFC", name).casefold()


def name_problem(name: str, *, is_folder: bool, at_root: bool) -> str | None:
    """Why OneDrive would refuse this name, or None. The fake's own rule book."""
    if not name:
        return "The name is empty."
    bad = sorted({c for c in name if c in _ILLEGAL})
    if bad:
        return f"The name contains characters that are not allowed: {''.join(bad)!r}."
    if name[0] == " " or name[-1] == " ":
        return "The provided name cannot contain leading, or trailing, spaces."
    if name.endswith("."):
        return "The name cannot end with a period."
    lowered = name.casefold()
    if lowered in _RESERVED:
        return f"{name!r} is a reserved name."
    if name.startswith("~$"):
        return "Names starting with '~$' are not allowed."
    if "_vti_" in lowered:
        return "Names containing '_vti_' are not allowed."
    if len(name) > MAX_SEGMENT:
        return f"The name is longer than {MAX_SEGMENT} characters."
    if is_folder:
        if at_root and lowered == "forms":
            return "Name is reserved for list forms folder."
        if name.startswith("~"):
            return "Folder names starting with '~' are not allowed."
        if lowered.endswith(("_files", "_file")):
            return "Folder names ending in '_files' or '_file' are not supported."
    return None


def rewrite_office(content: bytes) -> bytes:
    """What a SharePoint library stores for an uploaded Office file or PDF: the document with
    the library's properties written into it (here: a trailer), so size and hash change."""
    return content + b"\n<!-- SharePoint library properties: ContentType=Document -->\n"


# --------------------------------------------------------------------------- state


class GraphFault(Exception):
    """An error response: status, Graph error code, message, optional inner code."""

    def __init__(
        self, status: int, code: str, message: str, inner: str | None = None, **headers: str
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.inner = status, code, message, inner
        self.headers = headers

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.inner:
            error["innerError"] = {"code": self.inner}
        return {"error": error}


@dataclass
class Item:
    id: str
    drive_id: str
    name: str
    parent_id: str | None
    folder: bool
    content: bytes = b""
    qxh: str = ""
    version: int = 1
    created: float = 0.0
    modified: float = 0.0
    fs_created: float = 0.0
    fs_modified: float = 0.0
    seq: int = 0
    deleted: bool = False
    versions: int = 1  #: stored versions (each counts against the site's storage)
    sent_hash: str = ""  #: quickXorHash of the bytes the client sent, before any rewrite


@dataclass
class Drive:
    id: str
    name: str
    root_id: str
    path_prefix: str  # the decoded URL path of the library, counted in the 400-character limit
    web_url: str
    owner: str


@dataclass
class Session:
    id: str
    drive_id: str
    parent_id: str
    name: str
    conflict: str
    fs_modified: float | None
    fs_created: float | None
    expires: float
    data: bytearray = field(default_factory=bytearray)
    total: int | None = None


@dataclass
class Chaos:
    """Misbehaviour to inject. Rates are shares of requests (0..1); seeded, so reproducible."""

    rate_429: float = 0.0
    rate_503: float = 0.0
    drop_fragment_rate: float = 0.0  # upload-session PUTs that lose their connection mid-way
    latency: float = 0.0  # seconds added to every response
    retry_after: str = "1"  # Graph sends whole seconds; tests use fractions to stay fast
    seed: int = 7
    #: 500/502/504 (generalException, bad gateway, gateway timeout; learn.microsoft.com/graph/
    #: errors): transient server errors any request may meet.
    rate_5xx: float = 0.0
    #: SharePoint's load-related ``400 invalidRequest`` with no inner code (issue 11: seen on
    #: real libraries under load; not in Microsoft's pages).
    rate_load_400: float = 0.0
    #: POST/PATCH requests that are carried out but whose answer never arrives (the client
    #: sees a timeout or a dropped connection and cannot know whether the write happened).
    lost_answer_rate: float = 0.0


#: Extensions SharePoint rewrites on upload (it writes library metadata into the document):
#: rclone's OneDrive docs, "Unexpected file size/hash differences on Sharepoint": SharePoint
#: "silently modifies uploaded files, mainly Office files (.docx, .xlsx, etc.), causing file
#: size and hash checks to fail"; PDFs get the same property promotion.
REWRITTEN = (".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt", ".pdf")


@dataclass
class Library:
    """How the library behaves beyond the happy path; every switch off means plain OneDrive."""

    #: Rewrite Office files and PDFs after upload (size and quickXorHash change). See REWRITTEN.
    rewrite_office: bool = False
    #: A ``PATCH`` of ``fileSystemInfo`` alone makes a new version too (rclone#1716: setting the
    #: time after an upload leaves two versions; learn.microsoft.com/sharepoint/
    #: versioning: every change of an item in a versioned library is a version).
    version_on_metadata: bool = True
    #: What a ``PATCH`` move/rename onto a taken name does when the request does not carry
    #: ``@microsoft.graph.conflictBehavior=fail``: Microsoft documents no default for PATCH
    #: (driveItem resource: the annotation is for "actions that create a new item"), so a test
    #: can make it ``"replace"`` to prove the adapter never relies on the default.
    patch_default_conflict: str = "fail"


@dataclass
class Reply:
    status: int
    body: Any = None  # dict → JSON, bytes → raw, None → empty
    headers: dict[str, str] = field(default_factory=dict)


def _iso(ts: float) -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _iso_or_none(text: str | None) -> float | None:
    return None if text is None else _parse_iso(text)


def _parse_iso(text: str) -> float:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class GraphState:
    """The drives and everything in them. All access holds :attr:`lock`."""

    def __init__(self, *, strict: bool = True, page_size: int = 200) -> None:
        self.lock = threading.RLock()
        self.strict = strict
        self.page_size = page_size
        self.items: dict[str, Item] = {}
        self.children: dict[str, dict[str, str]] = collections.defaultdict(dict)
        self.drives: dict[str, Drive] = {}
        self.user_drives: dict[str, str] = {}
        self.sites: dict[str, dict[str, Any]] = {}  # "host:/sites/x" → {"id", "name", "drives"}
        self.sessions: dict[str, Session] = {}
        self.copies: dict[str, dict[str, Any]] = {}
        self.delta_pages: dict[str, tuple[list[str], int, int]] = {}
        self.seq = 0
        self.delta_generation = 0
        self.downloads: dict[str, tuple[str, str]] = {}  # pre-authenticated URL token → item
        self._ids = itertools.count(1)
        self.origin = ""
        self.library = Library()
        self.perms = PermissionBook(self)  # who can open what (tests.fakes.graph_permissions)

    # ---- setup

    def new_id(self) -> str:
        return f"01FAKE{next(self._ids):08d}{secrets.token_hex(3).upper()}"

    def add_drive(
        self, name: str = "OneDrive", *, owner: str = "admin@school.example", drive_id: str = ""
    ) -> Drive:
        with self.lock:
            drive_id = drive_id or "b!" + secrets.token_hex(8)
            root = Item(self.new_id(), drive_id, "root", None, True)
            root.created = root.modified = root.fs_created = root.fs_modified = time.time()
            self.items[root.id] = root
            user_part = owner.replace("@", "_").replace(".", "_")
            prefix = f"/personal/{user_part}/Documents"
            drive = Drive(
                drive_id, name, root.id, prefix, f"https://school-my.sharepoint.com{prefix}", owner
            )
            self.drives[drive_id] = drive
            # A OneDrive's root: its owner, with the owner role (driveItem-list-permissions).
            self.perms.set_own(root.id, [(self.perms.user(owner), "owner")])
            return drive

    def add_site(self, host: str, site_path: str, libraries: list[str]) -> dict[str, Any]:
        with self.lock:
            site_id = f"{host},{secrets.token_hex(4)},{secrets.token_hex(4)}"
            site: dict[str, Any] = {
                "id": site_id,
                "name": site_path.rsplit("/", 1)[-1],
                "drives": [],
            }
            for library in libraries:
                drive = self.add_drive(library, owner=site_path)
                drive.path_prefix = f"{site_path}/{library}"
                drive.web_url = f"https://{host}{site_path}/{quote(library)}"
                site["drives"].append(drive.id)
                # A library of a site: the site's Owners, Members and Visitors groups (learn.
                # microsoft.com/sharepoint/modern-experience-sharing-permissions).
                name = site["name"]
                self.perms.set_own(self.drives[drive.id].root_id, [
                    (self.perms.site_group(f"{name} Owners"), "owner"),
                    (self.perms.site_group(f"{name} Members"), "write"),
                    (self.perms.site_group(f"{name} Visitors"), "read"),
                ])  # fmt: skip
            self.sites[f"{host}:{site_path}".casefold()] = site
            self.sites[site_id] = site
            return site

    # ---- tree helpers

    def parent_of(self, item_id: str) -> str | None:
        return self.items[item_id].parent_id

    def drive_of(self, item_id: str) -> str:
        return self.items[item_id].drive_id

    def ref(self, item_id: str) -> dict[str, Any]:
        """An itemReference (``inheritedFrom``): drive, id and path."""
        item = self.items[item_id]
        path = "/".join(self.path_of(item))
        where = f"/drives/{item.drive_id}/root:" + (f"/{path}" if path else "")
        return {"driveId": item.drive_id, "id": item.id, "path": where}

    def drive(self, drive_id: str) -> Drive:
        try:
            return self.drives[drive_id]
        except KeyError:
            raise GraphFault(404, "itemNotFound", "The drive does not exist.") from None

    def item(self, drive_id: str, item_id: str) -> Item:
        drive = self.drive(drive_id)
        if item_id == "root":
            item_id = drive.root_id
        item = self.items.get(item_id)
        if item is None or item.deleted or item.drive_id != drive_id:
            raise GraphFault(404, "itemNotFound", "The resource could not be found.")
        return item

    def path_of(self, item: Item) -> list[str]:
        parts: list[str] = []
        while item.parent_id is not None:
            parts.append(item.name)
            item = self.items[item.parent_id]
        return parts[::-1]

    def resolve_path(self, base: Item, path: str) -> Item:
        current = base
        for part in [p for p in path.split("/") if p]:
            child_id = self.children[current.id].get(name_key(part))
            if child_id is None:
                raise GraphFault(404, "itemNotFound", "The resource could not be found.")
            current = self.items[child_id]
        return current

    def touch(self, item: Item) -> None:
        self.seq += 1
        item.seq = self.seq
        item.version += 1
        item.modified = time.time()

    def check_name(self, drive: Drive, parent: Item, name: str, *, folder: bool) -> None:
        if not name or "/" in name or ":" in name or "\\" in name:
            raise GraphFault(400, "invalidRequest", "The name is not valid.", "invalidPath")
        if not self.strict:
            return
        problem = name_problem(name, is_folder=folder, at_root=parent.parent_id is None)
        if problem:
            raise GraphFault(400, "invalidRequest", problem, "invalidPath")
        full = "/".join([drive.path_prefix.rstrip("/"), *self.path_of(parent), name])
        if len(full) > MAX_PATH:
            raise GraphFault(
                400,
                "invalidRequest",
                f"The path is longer than {MAX_PATH} characters.",
                "pathIsTooLong",
            )

    def check_subtree_paths(
        self, drive: Drive, item: Item, new_parent: Item, new_name: str
    ) -> None:
        if not self.strict:
            return
        base = len("/".join([drive.path_prefix.rstrip("/"), *self.path_of(new_parent), new_name]))
        longest = base + self._deepest_suffix(item)
        if longest > MAX_PATH:
            raise GraphFault(
                400, "invalidRequest", f"A path would be longer than {MAX_PATH} characters.",
                "pathIsTooLong",
            )  # fmt: skip

    def _deepest_suffix(self, item: Item) -> int:
        best = 0
        for child_id in self.children[item.id].values():
            child = self.items[child_id]
            best = max(best, 1 + len(child.name) + self._deepest_suffix(child))
        return best

    def existing(self, parent: Item, name: str) -> Item | None:
        child_id = self.children[parent.id].get(name_key(name))
        return self.items[child_id] if child_id else None

    def conflict(self, drive: Drive, parent: Item, name: str) -> GraphFault:
        return GraphFault(
            409, "nameAlreadyExists", "The specified item name already exists in the destination.",
        )  # fmt: skip

    def free_name(self, parent: Item, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        for n in itertools.count(1):
            candidate = f"{stem} {n}{'.' + ext if ext else ''}"
            if self.existing(parent, candidate) is None:
                return candidate
        raise AssertionError("unreachable")

    def link(self, item: Item) -> None:
        assert item.parent_id is not None
        self.children[item.parent_id][name_key(item.name)] = item.id

    def unlink(self, item: Item) -> None:
        assert item.parent_id is not None
        self.children[item.parent_id].pop(name_key(item.name), None)

    def create(
        self, drive: Drive, parent: Item, name: str, *, folder: bool, conflict: str = "fail",
        content: bytes = b"", fs_modified: float | None = None, fs_created: float | None = None,
    ) -> tuple[Item, bool]:  # fmt: skip
        """Create an item; returns (item, created). ``replace`` of a file keeps its id."""
        if not parent.folder:
            raise GraphFault(400, "invalidRequest", "The parent is not a folder.")
        self.check_name(drive, parent, name, folder=folder)
        existing = self.existing(parent, name)
        if existing is not None:
            if conflict == "rename":
                name = self.free_name(parent, name)
            elif conflict == "replace" and not existing.folder and not folder:
                existing.content = content
                existing.qxh = quick_xor_hash(content)
                existing.versions += 1
                if fs_modified is not None:
                    existing.fs_modified = fs_modified
                self.touch(existing)
                return existing, False
            elif conflict == "replace" and existing.folder and folder:
                return existing, False
            else:
                raise self.conflict(drive, parent, name)
        now = time.time()
        sent = content
        if not folder and self.library.rewrite_office and name.casefold().endswith(REWRITTEN):
            content = rewrite_office(content)
        item = Item(self.new_id(), drive.id, name, parent.id, folder, content=content)
        item.qxh = "" if folder else quick_xor_hash(content)
        item.sent_hash = "" if folder else quick_xor_hash(sent)
        item.created = item.modified = now
        item.fs_created = fs_created if fs_created is not None else now
        item.fs_modified = fs_modified if fs_modified is not None else now
        self.items[item.id] = item
        self.link(item)
        self.touch(item)
        item.version = 1
        self.touch(parent)
        return item, True

    def remove(self, item: Item) -> None:
        for child_id in list(self.children[item.id].values()):
            self.remove(self.items[child_id])
        if item.parent_id is not None:
            self.unlink(item)
        item.deleted = True
        self.seq += 1
        item.seq = self.seq

    def copy_tree(self, drive: Drive, item: Item, parent: Item, name: str) -> Item:
        new, _ = self.create(
            drive, parent, name, folder=item.folder, content=item.content,
            fs_modified=item.fs_modified, fs_created=item.fs_created,
        )  # fmt: skip
        for child_id in list(self.children[item.id].values()):
            child = self.items[child_id]
            self.copy_tree(drive, child, new, child.name)
        return new

    def json(self, item: Item) -> dict[str, Any]:
        drive = self.drives[item.drive_id]
        out: dict[str, Any] = {
            "id": item.id,
            "name": item.name,
            "eTag": f'"{{{item.id}}},{item.version}"',
            "cTag": f'"c:{{{item.id}}},{item.version}"',
            "createdDateTime": _iso(item.created),
            "lastModifiedDateTime": _iso(item.modified),
            "fileSystemInfo": {
                "createdDateTime": _iso(item.fs_created),
                "lastModifiedDateTime": _iso(item.fs_modified),
            },
            "size": self.size(item),
            "webUrl": drive.web_url + "/" + quote("/".join(self.path_of(item))),
        }
        if item.parent_id is None:
            out["root"] = {}
            out["name"] = "root"
            out["parentReference"] = {"driveId": drive.id, "driveType": "business"}
        else:
            parent = self.items[item.parent_id]
            path = "/".join(self.path_of(parent))
            out["parentReference"] = {
                "driveId": drive.id,
                "driveType": "business",
                "id": parent.id,
                "path": f"/drives/{drive.id}/root:" + (f"/{path}" if path else ""),
            }
        if item.folder:
            out["folder"] = {"childCount": len(self.children[item.id])}
        else:
            out["file"] = {
                "mimeType": "application/octet-stream",
                "hashes": {"quickXorHash": item.qxh},
            }
        return out

    def size(self, item: Item) -> int:
        if not item.folder:
            return len(item.content)
        return sum(self.size(self.items[c]) for c in self.children[item.id].values())

    def drive_json(self, drive: Drive) -> dict[str, Any]:
        return {
            "id": drive.id,
            "name": drive.name,
            "driveType": "business",
            "webUrl": drive.web_url,
            "owner": {"user": {"displayName": drive.owner}},
        }


# --------------------------------------------------------------------------- routing

_ITEM_RE = re.compile(
    r"^/drives/(?P<drive>[^/]+)/(?:items/(?P<item>[^/:]+)|(?P<root>root))"
    r"(?::(?P<path>/[^:]*):?)?(?P<rest>/.*)?$"
)


def endpoint_label(method: str, path: str) -> str:
    """The endpoint a request counts under: ``"PATCH item"``, ``"PUT upload"``, ``"GET delta"``…"""
    if path.startswith("/upload/"):
        return f"{method} upload"
    if path.startswith("/monitor/"):
        return f"{method} monitor"
    if path.startswith("/download/"):
        return f"{method} download"
    path = path.removeprefix("/v1.0")
    if path == "/$batch":
        return f"{method} $batch"
    if path.startswith("/sites/"):
        return f"{method} site drives" if path.endswith("/drives") else f"{method} site"
    match = _ITEM_RE.match(path)
    if not match:
        return f"{method} drive"
    rest = (match.group("rest") or "").rstrip("/")
    kind = {"": "item", "/children": "children", "/content": "content", "/copy": "copy",
            "/createUploadSession": "createUploadSession", "/delta": "delta",
            "/delta()": "delta", "/invite": "invite"}.get(rest, rest)  # fmt: skip
    if rest.startswith("/permissions"):
        kind = "permissions"
    return f"{method} {kind}"


class FakeGraphServer:
    """The fake service: state + a threaded loopback HTTP server. Use as a context manager."""

    def __init__(
        self, *, strict: bool = True, chaos: Chaos | None = None, page_size: int = 200,
        host: str = "127.0.0.1", port: int = 0, me: str = "admin@school.example",
        library: Library | None = None,
    ) -> None:  # fmt: skip
        self.state = GraphState(strict=strict, page_size=page_size)
        self.chaos = chaos or Chaos()
        self.library = library or Library()
        self.state.library = self.library
        self._dice = Dice(self.chaos.seed)
        self._counters = Counters()
        self._count_lock = threading.Lock()
        self.locked: set[str] = set()  #: ids of items someone has open (423 on change)
        self.before_request: Callable[[int], None] | None = None
        self.user_agents: set[str] = set()
        self.authorized: collections.Counter[str] = collections.Counter()  # by first path part
        self.fragment_sizes: list[int] = []  # every upload-session fragment accepted
        self.me = self.state.add_drive("OneDrive", owner=me)
        self.state.user_drives[me.casefold()] = self.me.id
        self._httpd = _QuietServer((host, port), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.origin = f"http://{host}:{self._httpd.server_address[1]}"
        self.state.origin = self.origin

    # ---- lifecycle

    @property
    def url(self) -> str:
        """The Graph base URL to give the SDK (``…/v1.0``)."""
        return self.origin + "/v1.0"

    def start(self) -> FakeGraphServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeGraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- test helpers (no HTTP, not counted)

    def set_chaos(self, chaos: Chaos) -> None:
        with self._count_lock:
            self.chaos = chaos
            self._dice = Dice(chaos.seed)

    def open_in_word(self, item_id: str, *, is_open: bool = True) -> None:
        """Somebody has the file open (or checked out): changes answer ``423 resourceLocked``."""
        with self.state.lock:
            (self.locked.add if is_open else self.locked.discard)(item_id)

    def versions(self, drive_id: str | None = None) -> dict[str, int]:
        """Stored versions per live file path (``"a/b.docx" → 1``)."""
        tree = self.tree(drive_id)
        with self.state.lock:
            items = self.state.items
            return {p: items[v["id"]].versions for p, v in tree.items() if not v["folder"]}

    def add_user(self, upn: str) -> str:
        drive = self.state.add_drive("OneDrive", owner=upn)
        self.state.user_drives[upn.casefold()] = drive.id
        return drive.id

    def add_site(self, host: str, site_path: str, libraries: list[str]) -> dict[str, Any]:
        return self.state.add_site(host, site_path, libraries)

    def add_folder(self, parent_id: str, name: str, drive_id: str | None = None) -> str:
        with self.state.lock:
            drive = self.state.drive(drive_id or self.me.id)
            parent = self.state.item(drive.id, parent_id)
            return self.state.create(drive, parent, name, folder=True)[0].id

    def add_file(
        self, parent_id: str, name: str, content: bytes, mtime: float | None = None,
        drive_id: str | None = None,
    ) -> str:  # fmt: skip
        with self.state.lock:
            drive = self.state.drive(drive_id or self.me.id)
            parent = self.state.item(drive.id, parent_id)
            return self.state.create(
                drive, parent, name, folder=False, content=content, fs_modified=mtime
            )[0].id

    def edit_file(
        self, item_id: str, content: bytes, drive_id: str | None = None,
        mtime: float | None = None,
    ) -> None:  # fmt: skip
        """Somebody changes a file in the cloud (new content, new hash and eTag; ``mtime``: the
        new ``fileSystemInfo.lastModifiedDateTime`` a client such as Word sets)."""
        with self.state.lock:
            item = self.state.item((drive_id or self.me.id), item_id)
            item.content = content
            item.qxh = quick_xor_hash(content)
            if mtime is not None:
                item.fs_modified = mtime
            self.state.touch(item)

    def tree(self, drive_id: str | None = None) -> dict[str, dict[str, Any]]:
        """Every live item below the root: ``"a/b.txt" → {id, parent, folder, size, hash…}``."""
        with self.state.lock:
            drive = self.state.drive(drive_id or self.me.id)
            out: dict[str, dict[str, Any]] = {}
            stack = [(drive.root_id, "")]
            while stack:
                folder_id, prefix = stack.pop()
                for child_id in self.state.children[folder_id].values():
                    child = self.state.items[child_id]
                    path = f"{prefix}{child.name}"
                    out[path] = {
                        "id": child.id, "parent": folder_id, "folder": child.folder,
                        "size": len(child.content), "hash": child.qxh, "mtime": child.fs_modified,
                    }  # fmt: skip
                    if child.folder:
                        stack.append((child.id, path + "/"))
            return out

    def live_item_count(self, drive_id: str | None = None) -> int:
        return len(self.tree(drive_id))

    def expire_delta_tokens(self) -> None:
        """Make every outstanding delta token and page answer 410 (a forced resync)."""
        with self.state.lock:
            self.state.delta_generation += 1

    def counts(self) -> dict[str, int]:
        """Requests served per endpoint (``"PATCH item"``, ``"batch:PATCH item"``, …)."""
        return self._counters.counts()

    def total_requests(self) -> int:
        """HTTP requests received (a ``$batch`` counts once)."""
        return self._counters.total()

    def reset_counts(self) -> None:
        self._counters.reset()

    # ---- request handling

    def _count(self, label: str, *, http: bool) -> int:
        return self._counters.count(label, http=http)

    _ID_RE = re.compile(r"01FAKE[0-9A-F]{14}")
    _DRIVE_RE = re.compile(r"b![0-9a-f]{16}")

    def identity(self, method: str, path: str, content_range: str = "", body: bytes = b"") -> str:
        """What a request is about, stable across runs: item ids and upload-session tokens are
        replaced by the paths they stand for (ids differ from run to run; names do not)."""
        st = self.state
        with st.lock:

            def named(match: re.Match[str]) -> str:
                item = st.items.get(match.group(0))
                return "/".join(st.path_of(item)) if item is not None else "?"

            text = unquote(path)
            if text.startswith("/upload/"):
                session = st.sessions.get(text[len("/upload/") :])
                parent = st.items.get(session.parent_id) if session else None
                where = "/".join(st.path_of(parent)) if parent is not None else "?"
                text = f"/upload/{where}/{session.name}" if session else "/upload/?"
            text = self._DRIVE_RE.sub("drive", self._ID_RE.sub(named, text))
            if body and not text.startswith("/upload/"):
                text += "|" + self._DRIVE_RE.sub(
                    "drive", self._ID_RE.sub(named, body.decode("utf-8", "replace"))
                )
        return f"{method} {text} {content_range}"

    def chaos_reply(self, identity: str, occurrence: int) -> Reply | None:
        """A fault for this request, if the dice say so (same request, same answer)."""
        chaos = self.chaos
        dice = self._dice
        roll = dice.roll(identity, occurrence, "fault")
        edge = chaos.rate_429
        if roll < edge:
            fault = GraphFault(
                429, "activityLimitReached", "The request has been throttled.", "throttledRequest"
            )
            return Reply(429, fault.body(), {"Retry-After": chaos.retry_after})
        edge += chaos.rate_503
        if roll < edge:
            fault = GraphFault(503, "serviceNotAvailable", "The service is not available.")
            return Reply(503, fault.body(), {"Retry-After": chaos.retry_after})
        edge += chaos.rate_5xx
        if roll < edge:
            status = (500, 502, 504)[dice.pick(identity, occurrence, "5xx", 3)]
            fault = GraphFault(status, "generalException", "An unspecified error occurred.")
            return Reply(status, fault.body())
        edge += chaos.rate_load_400
        if roll < edge:
            return Reply(400, GraphFault(400, "invalidRequest", "Invalid request").body())
        return None

    def should_drop(self, identity: str, occurrence: int) -> str | None:
        """For an upload fragment: drop 'before' storing it, 'after' storing it, or not at all."""
        if not self.chaos.drop_fragment_rate:
            return None
        if self._dice.roll(identity, occurrence, "drop") >= self.chaos.drop_fragment_rate:
            return None
        return ("before", "after")[self._dice.pick(identity, occurrence, "when", 2)]

    def dispatch(
        self, method: str, raw_path: str, query: dict[str, str], headers: dict[str, str],
        body: bytes,
        *, in_batch: bool = False,
    ) -> tuple[str, Reply]:  # fmt: skip
        """Route one request; returns (endpoint label, reply)."""
        path = unquote(raw_path)
        label = endpoint_label(method, path)
        try:
            with self.state.lock:
                _, reply = self._route(method, path, query, headers, body, in_batch)
        except GraphFault as fault:
            reply = Reply(fault.status, fault.body(), dict(fault.headers))
        return label, reply

    def _route(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes,
        in_batch: bool,
    ) -> tuple[str, Reply]:  # fmt: skip
        st = self.state
        if path.startswith("/upload/"):
            if in_batch:
                raise GraphFault(400, "invalidRequest", "Upload sessions cannot be batched.")
            return f"{method} upload", self._upload(method, path[len("/upload/") :], headers, body)
        if path.startswith("/monitor/"):
            return "GET monitor", self._monitor(path[len("/monitor/") :])
        if path.startswith("/download/") and method == "GET":
            return "GET download", self._download(path[len("/download/") :])
        if not path.startswith("/v1.0/"):
            raise GraphFault(404, "invalidRequest", f"Unknown path {path}")
        path = path[len("/v1.0") :]
        if path == "/$batch" and method == "POST":
            if in_batch:
                raise GraphFault(400, "invalidRequest", "Nested batches are not allowed.")
            return "POST $batch", self._batch(body)
        if path in ("/me/drive", "/me/drive/") and method == "GET":
            return "GET drive", Reply(200, st.drive_json(self.me))
        match = re.fullmatch(r"/users/([^/]+)/drive", path)
        if match and method == "GET":
            drive_id = st.user_drives.get(match.group(1).casefold())
            if drive_id is None:
                raise GraphFault(404, "itemNotFound", "The user or their OneDrive does not exist.")
            return "GET drive", Reply(200, st.drive_json(st.drives[drive_id]))
        match = re.fullmatch(r"/sites/([^/]+?)(?::(/[^:]*):?)?(/drives)?", path)
        if match and method == "GET":
            key = match.group(1) + (":" + match.group(2).rstrip("/") if match.group(2) else "")
            site = st.sites.get(key.casefold()) or st.sites.get(key)
            if site is None:
                raise GraphFault(404, "itemNotFound", "Requested site could not be found.")
            if match.group(3):
                return "GET site drives", Reply(
                    200, {"value": [st.drive_json(st.drives[d]) for d in site["drives"]]}
                )
            return "GET site", Reply(200, {"id": site["id"], "name": site["name"]})
        match = re.fullmatch(r"/drives/([^/]+)/?", path)
        if match and method == "GET":
            return "GET drive", Reply(200, st.drive_json(st.drive(match.group(1))))
        match = _ITEM_RE.match(path)
        if not match:
            raise GraphFault(400, "invalidRequest", f"Unsupported path {path}")
        drive = st.drive(match.group("drive"))
        base = st.item(drive.id, match.group("item") or "root")
        rel_path = match.group("path")
        rest = (match.group("rest") or "").rstrip("/")
        if rest in ("/delta", "/delta()"):
            if rel_path:
                base = st.resolve_path(base, rel_path)
            return "GET delta", self._delta(drive, base, query, headers)
        if rel_path and rest in ("/content", "/createUploadSession") and method in ("PUT", "POST"):
            parent_path, _, name = rel_path.rstrip("/").rpartition("/")
            parent = st.resolve_path(base, parent_path)
            if rest == "/content":
                return "PUT content", self._simple_upload(drive, parent, name, query, body)
            return "POST createUploadSession", self._create_session(drive, parent, name, body)
        item = st.resolve_path(base, rel_path) if rel_path else base
        if rest == "":
            if method == "GET":
                return "GET item", Reply(200, st.json(item))
            if method == "PATCH":
                return "PATCH item", self._patch(drive, item, headers, body, query)
            if method == "DELETE":
                return "DELETE item", self._delete(item, headers)
        if rest == "/children":
            if method == "GET":
                return "GET children", self._children(drive, item, query)
            if method == "POST":
                return "POST children", self._create_folder(drive, item, body, query)
        if rest == "/content":
            if method == "GET":
                return "GET content", self._content_redirect(item)
            if method == "PUT":
                if item.folder:
                    raise GraphFault(400, "invalidRequest", "Cannot write content to a folder.")
                self._check_lock(item)
                item.versions += 1
                item.content = body
                item.qxh = quick_xor_hash(body)
                st.touch(item)
                return "PUT content", Reply(200, st.json(item))
        if rest == "/copy" and method == "POST":
            return "POST copy", self._copy(drive, item, body, query)
        if rest == "/invite" or rest.startswith("/permissions"):
            return f"{method} {rest.split('/')[1]}", self._sharing(method, item, rest, body)
        raise GraphFault(405, "invalidRequest", f"{method} {path} is not supported by the fake.")

    # ---- endpoints

    @staticmethod
    def _json_body(body: bytes) -> dict[str, Any]:
        try:
            parsed = json.loads(body or b"{}")
        except ValueError:
            raise GraphFault(400, "invalidRequest", "The request body is not valid JSON.") from None
        if not isinstance(parsed, dict):
            raise GraphFault(400, "invalidRequest", "The request body must be a JSON object.")
        return parsed

    def _children(self, drive: Drive, item: Item, query: dict[str, str]) -> Reply:
        st = self.state
        if not item.folder:
            return Reply(200, {"value": []})
        top = int(query.get("$top", st.page_size))
        skip = int(query.get("$skiptoken", "0"))
        ids = sorted(st.children[item.id].values())
        page = [st.json(st.items[i]) for i in ids[skip : skip + top]]
        out: dict[str, Any] = {"value": page}
        if skip + top < len(ids):
            out["@odata.nextLink"] = (
                f"{self.url}/drives/{drive.id}/items/{item.id}/children"
                f"?$top={top}&$skiptoken={skip + top}"
            )
        return Reply(200, out)

    def _create_folder(
        self, drive: Drive, parent: Item, body: bytes, query: dict[str, str]
    ) -> Reply:
        data = self._json_body(body)
        name = data.get("name")
        if not isinstance(name, str) or "folder" not in data:
            raise GraphFault(400, "invalidRequest", "A folder needs a name and a 'folder' facet.")
        conflict = data.get("@microsoft.graph.conflictBehavior") or query.get(
            "@microsoft.graph.conflictBehavior", "rename"
        )
        fs = data.get("fileSystemInfo") or {}
        item, created = self.state.create(
            drive, parent, name, folder=True, conflict=conflict,
            fs_modified=_iso_or_none(fs.get("lastModifiedDateTime")),
        )  # fmt: skip
        return Reply(201 if created else 200, self.state.json(item))

    def _check_etag(self, item: Item, headers: dict[str, str]) -> None:
        wanted = headers.get("if-match")
        if wanted and wanted != "*" and wanted != f'"{{{item.id}}},{item.version}"':
            raise GraphFault(
                412, "preconditionFailed", "ETag does not match current item's value",
                "entityTagDoesNotMatch",
            )  # fmt: skip

    def _check_lock(self, item: Item) -> None:
        """``423 Locked`` (learn.microsoft.com/graph/errors: "The resource that is being
        accessed is locked"): the file is open in an Office app or checked out."""
        if item.id in self.locked:
            raise GraphFault(
                423, "resourceLocked", f"The file {item.name!r} is locked for shared use."
            )

    def _patch(
        self, drive: Drive, item: Item, headers: dict[str, str], body: bytes,
        query: dict[str, str] | None = None,
    ) -> Reply:  # fmt: skip
        st = self.state
        data = self._json_body(body)
        self._check_etag(item, headers)
        self._check_lock(item)
        conflict = (query or {}).get("@microsoft.graph.conflictBehavior") or data.get(
            "@microsoft.graph.conflictBehavior", self.library.patch_default_conflict
        )
        if item.parent_id is None and ("name" in data or "parentReference" in data):
            raise GraphFault(400, "invalidRequest", "The root cannot be moved or renamed.")
        new_name = data.get("name", item.name)
        new_parent = st.items[item.parent_id] if item.parent_id else item
        ref = data.get("parentReference") or {}
        if ref.get("driveId") and ref["driveId"] != drive.id:
            raise GraphFault(
                400, "invalidRequest", "Items cannot be moved between Drives using this request."
            )
        if ref.get("id"):
            if ref["id"] == "root":
                raise GraphFault(400, "invalidRequest", "Use the root's id, not 'root'.")
            new_parent = st.item(drive.id, ref["id"])
            if not new_parent.folder:
                raise GraphFault(400, "invalidRequest", "The new parent is not a folder.")
            walk: Item | None = new_parent
            while walk is not None:
                if walk.id == item.id:
                    raise GraphFault(400, "invalidRequest", "Cannot move a folder into itself.")
                walk = st.items[walk.parent_id] if walk.parent_id else None
        if new_name != item.name or new_parent.id != item.parent_id:
            if not isinstance(new_name, str):
                raise GraphFault(400, "invalidRequest", "The name must be a string.")
            st.check_name(drive, new_parent, new_name, folder=item.folder)
            st.check_subtree_paths(drive, item, new_parent, new_name)
            other = st.existing(new_parent, new_name)
            if other is not None and other.id != item.id:
                if conflict != "replace":
                    raise st.conflict(drive, new_parent, new_name)
                st.remove(other)  # what "replace" means: the item in the way is gone
            old_parent = st.items[item.parent_id] if item.parent_id else None
            if new_parent.id != item.parent_id:
                st.perms.before_move(item.id)
            st.unlink(item)
            item.name = new_name
            item.parent_id = new_parent.id
            st.link(item)
            if old_parent is not None:
                st.touch(old_parent)
            st.touch(new_parent)
        fs = data.get("fileSystemInfo") or {}
        if fs and not item.folder and self.library.version_on_metadata:
            item.versions += 1
        if "lastModifiedDateTime" in fs:
            item.fs_modified = _parse_iso(fs["lastModifiedDateTime"])
        if "createdDateTime" in fs:
            item.fs_created = _parse_iso(fs["createdDateTime"])
        st.touch(item)
        return Reply(200, st.json(item))

    def _delete(self, item: Item, headers: dict[str, str]) -> Reply:
        if item.parent_id is None:
            raise GraphFault(403, "accessDenied", "The root cannot be deleted.")
        self._check_etag(item, headers)
        self._check_lock(item)
        parent = self.state.items[item.parent_id]
        self.state.remove(item)
        self.state.touch(parent)
        return Reply(204)

    def _simple_upload(
        self, drive: Drive, parent: Item, name: str, query: dict[str, str], body: bytes
    ) -> Reply:
        conflict = query.get("@microsoft.graph.conflictBehavior", "replace")
        item, created = self.state.create(
            drive, parent, name, folder=False, conflict=conflict, content=body
        )
        return Reply(201 if created else 200, self.state.json(item))

    def _create_session(self, drive: Drive, parent: Item, name: str, body: bytes) -> Reply:
        st = self.state
        data = self._json_body(body).get("item") or {}
        conflict = data.get("@microsoft.graph.conflictBehavior", "replace")
        st.check_name(drive, parent, name, folder=False)
        if conflict == "fail" and st.existing(parent, name) is not None:
            raise st.conflict(drive, parent, name)
        fs = data.get("fileSystemInfo") or {}
        session = Session(
            id=secrets.token_urlsafe(12), drive_id=drive.id, parent_id=parent.id, name=name,
            conflict=conflict, expires=time.time() + 3600,
            fs_modified=_iso_or_none(fs.get("lastModifiedDateTime")),
            fs_created=_iso_or_none(fs.get("createdDateTime")),
        )  # fmt: skip
        st.sessions[session.id] = session
        return Reply(
            200,
            {
                "uploadUrl": f"{self.origin}/upload/{session.id}",
                "expirationDateTime": _iso(session.expires),
                "nextExpectedRanges": ["0-"],
            },
        )

    def _session_status(self, session: Session) -> dict[str, Any]:
        return {
            "expirationDateTime": _iso(session.expires),
            "nextExpectedRanges": [f"{len(session.data)}-"],
        }

    def _upload(self, method: str, sid: str, headers: dict[str, str], body: bytes) -> Reply:
        st = self.state
        session = st.sessions.get(sid)
        if session is None or session.expires < time.time():
            raise GraphFault(
                404, "itemNotFound", "The upload session was not found.", "uploadSessionNotFound"
            )
        if method == "GET":
            return Reply(200, self._session_status(session))
        if method == "DELETE":
            del st.sessions[sid]
            return Reply(204)
        if method != "PUT":
            raise GraphFault(405, "invalidRequest", "Unsupported method on an upload session.")
        if "authorization" in headers:
            raise GraphFault(
                401, "unauthenticated", "Upload fragments must not carry an Authorization header."
            )
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", headers.get("content-range", ""))
        if not match:
            raise GraphFault(400, "invalidRange", "Content-Range is missing or malformed.")
        start, end, total = (int(g) for g in match.groups())
        if session.total is not None and session.total != total:
            raise GraphFault(400, "invalidRange", "The total size changed between fragments.")
        if end < start or end >= total or len(body) != end - start + 1:
            raise GraphFault(400, "invalidRange", "Content-Range does not match the body.")
        size = end - start + 1
        if size > MAX_FRAGMENT:
            raise GraphFault(400, "invalidRange", "Fragments must be smaller than 60 MiB.")
        if end + 1 < total and size % FRAGMENT_UNIT:
            raise GraphFault(
                400, "invalidRange", "Fragments must be a multiple of 320 KiB (327,680 bytes)."
            )
        have = len(session.data)
        if start < have:
            raise GraphFault(
                416, "invalidRange", "The fragment was already received.", "fragmentOverlap"
            )
        if start > have:
            raise GraphFault(
                416, "invalidRange", "The fragment is out of order.", "fragmentOutOfOrder"
            )
        session.total = total
        session.data.extend(body)
        self.fragment_sizes.append(size)
        if len(session.data) < total:
            return Reply(202, self._session_status(session))
        drive = st.drive(session.drive_id)
        parent = st.item(drive.id, session.parent_id)
        del st.sessions[sid]
        item, created = st.create(
            drive, parent, session.name, folder=False, conflict=session.conflict,
            content=bytes(session.data), fs_modified=session.fs_modified,
            fs_created=session.fs_created,
        )  # fmt: skip
        return Reply(201 if created else 200, st.json(item))

    def _copy(self, drive: Drive, item: Item, body: bytes, query: dict[str, str]) -> Reply:
        st = self.state
        data = self._json_body(body)
        ref = data.get("parentReference") or {}
        target_drive = st.drive(ref.get("driveId") or drive.id)
        parent = st.item(target_drive.id, ref.get("id") or "root")
        name = data.get("name") or item.name
        st.check_name(target_drive, parent, name, folder=item.folder)
        conflict = query.get("@microsoft.graph.conflictBehavior", "fail")
        if conflict == "fail" and st.existing(parent, name) is not None:
            raise st.conflict(target_drive, parent, name)
        job = secrets.token_urlsafe(8)
        st.copies[job] = {"drive": target_drive.id, "source": item.id, "parent": parent.id,
                          "name": name, "polls": 0, "result": None}  # fmt: skip
        return Reply(202, None, {"Location": f"{self.origin}/monitor/{job}"})

    def _monitor(self, job_id: str) -> Reply:
        st = self.state
        job = st.copies.get(job_id)
        if job is None:
            raise GraphFault(404, "itemNotFound", "No such operation.")
        job["polls"] += 1
        if job["polls"] == 1:
            return Reply(202, {"status": "inProgress", "percentageComplete": 50.0})
        if job["result"] is None:
            drive = st.drive(job["drive"])
            try:
                new = st.copy_tree(
                    drive, st.items[job["source"]], st.item(drive.id, job["parent"]), job["name"]
                )
                job["result"] = {"status": "completed", "percentageComplete": 100.0,
                                 "resourceId": new.id}  # fmt: skip
            except GraphFault as fault:
                job["result"] = {"status": "failed", "error": fault.body()["error"]}
        return Reply(200, job["result"])

    def _delta(
        self, drive: Drive, base: Item, query: dict[str, str], headers: dict[str, str]
    ) -> Reply:
        """``root/delta`` as documented (learn.microsoft.com/graph/api/driveitem-delta): no token
        enumerates parents before children; a deltaLink token answers the latest state of what
        changed since, *with the parent folders* of changed items unless the request has the
        ``deltaExcludeParent`` header ("Request headers"); renaming or moving a folder reports
        the folder only, never its descendants (Remarks); a deleted item comes with the
        ``deleted`` facet and no name (Remarks: OneDrive for Business omits it); a token the
        service lost track of answers ``410`` with a ``Location`` that starts over."""
        st = self.state
        token = query.get("token")
        top = int(query.get("$top", st.page_size))
        if token == "latest":
            return Reply(
                200, {"value": [], "@odata.deltaLink": self._delta_link(drive, base, st.seq)}
            )
        if token and token.startswith("page."):
            entry = st.delta_pages.get(token)
            if entry is None or entry[2] != st.delta_generation:
                return self._resync(drive, base)
            ids, since, _ = entry
        elif token:
            try:
                gen, since_text = token.split(".", 1)
                since = int(since_text)
            except ValueError:
                raise GraphFault(400, "invalidRequest", "Malformed delta token.") from None
            if int(gen) != st.delta_generation:
                return self._resync(drive, base)
            changed = sorted(st.items.values(), key=lambda x: x.seq)
            ids = [
                i.id
                for i in changed
                if i.drive_id == drive.id and i.seq > since and self._below(i, base)
            ]
            if not any(k.lower() == "deltaexcludeparent" for k in headers):
                ids = self._with_parents(ids, base)
            since = st.seq  # the next deltaLink starts after what this answer holds
        else:
            since = st.seq
            ids = []
            stack = [base.id]
            while stack:  # parents before children, like Graph's first enumeration
                current = stack.pop(0)
                ids.append(current)
                stack.extend(sorted(st.children[current].values()))
        page, remaining = ids[:top], ids[top:]
        out: dict[str, Any] = {"value": [self._delta_json(st.items[i]) for i in page]}
        if remaining:
            page_token = f"page.{secrets.token_urlsafe(8)}"
            st.delta_pages[page_token] = (remaining, since, st.delta_generation)
            out["@odata.nextLink"] = (
                f"{self.url}/drives/{drive.id}/items/{base.id}/delta?token={page_token}&$top={top}"
            )
        else:
            out["@odata.deltaLink"] = self._delta_link(drive, base, since)
        return Reply(200, out)

    def _below(self, item: Item, base: Item) -> bool:
        current: Item | None = item
        while current is not None:
            if current.id == base.id:
                return True
            current = self.state.items.get(current.parent_id) if current.parent_id else None
        return item.deleted

    def _delta_json(self, item: Item) -> dict[str, Any]:
        if item.deleted:
            return {"id": item.id, "deleted": {"state": "deleted"},
                    "parentReference": {"driveId": item.drive_id}}  # fmt: skip
        return self.state.json(item)

    def _delta_link(self, drive: Drive, base: Item, since: int) -> str:
        token = f"{self.state.delta_generation}.{since}"
        return f"{self.url}/drives/{drive.id}/items/{base.id}/delta?token={token}"

    def _content_redirect(self, item: Item) -> Reply:
        """``GET …/content`` answers ``302 Found`` with a pre-authenticated download URL in
        ``Location`` that needs no Authorization header (learn.microsoft.com/graph/api/
        driveitem-get-content, "Response")."""
        if item.folder:
            raise GraphFault(400, "invalidRequest", "A folder has no content to download.")
        token = secrets.token_urlsafe(12)
        with self.state.lock:
            self.state.downloads[token] = (item.drive_id, item.id)
        return Reply(302, None, {"Location": f"{self.origin}/download/{token}"})

    def _download(self, token: str) -> Reply:
        with self.state.lock:
            found = self.state.downloads.get(token)
        if found is None:
            raise GraphFault(404, "itemNotFound", "The download URL is not valid (any more).")
        return Reply(200, self.state.item(*found).content)

    def _with_parents(self, ids: list[str], base: Item) -> list[str]:
        """Changed items with their parent folders up to ``base``, each parent before the
        first item below it and every item once."""
        out: list[str] = []
        seen: set[str] = set()
        for item_id in ids:
            chain: list[str] = []
            item = self.state.items[item_id]
            parent = item.parent_id if not item.deleted else None
            while parent is not None and parent not in seen:
                chain.append(parent)
                if parent == base.id:
                    break
                parent = self.state.items[parent].parent_id
            for parent_id in reversed(chain):
                seen.add(parent_id)
                out.append(parent_id)
            if item_id not in seen:
                seen.add(item_id)
                out.append(item_id)
        return out

    def _resync(self, drive: Drive, base: Item) -> Reply:
        fault = GraphFault(
            410, "resyncRequired", "The delta token is no longer valid; enumerate again.",
            "resyncChangesApplyDifferences",
        )  # fmt: skip
        fresh = f"{self.url}/drives/{drive.id}/items/{base.id}/delta"
        return Reply(410, fault.body(), {"Location": fresh})

    def _batch(self, body: bytes) -> Reply:
        data = self._json_body(body)
        requests = data.get("requests")
        if not isinstance(requests, list) or not requests:
            raise GraphFault(400, "invalidRequest", "A batch needs a non-empty 'requests' list.")
        if len(requests) > MAX_BATCH:
            raise GraphFault(
                400, "invalidRequest", f"A batch can hold at most {MAX_BATCH} requests."
            )
        ids = [r.get("id") for r in requests]
        if len(set(ids)) != len(ids) or any(not isinstance(i, str) for i in ids):
            raise GraphFault(400, "invalidRequest", "Every request needs a unique string id.")
        sequential = any(r.get("dependsOn") for r in requests)
        order = list(range(len(requests)))
        if not sequential:  # "order not guaranteed": make it so (seeded by what is in it)
            batch_id = self.identity("POST", "/$batch", body=body)
            random.Random(f"{self.chaos.seed}:{batch_id}").shuffle(order)
        statuses: dict[str, int] = {}
        responses = []
        for index in order:
            sub = requests[index]
            depends = sub.get("dependsOn") or []
            if any(statuses.get(d, 424) >= 400 for d in depends):
                statuses[sub["id"]] = 424
                fault = GraphFault(424, "failedDependency", "A request this one depends on failed.")
                responses.append({"id": sub["id"], "status": 424, "body": fault.body()})
                continue
            url = str(sub.get("url", ""))
            raw = json.dumps(sub.get("body")).encode() if "body" in sub else b""
            part_id = self.identity(str(sub.get("method", "GET")).upper(), url, body=raw)
            chaos = self.chaos_reply(part_id, self._dice.occurrence(part_id))
            if chaos is not None:
                self._count(f"batch:throttled {chaos.status}", http=False)
                statuses[sub["id"]] = chaos.status
                responses.append({"id": sub["id"], "status": chaos.status,
                                  "headers": chaos.headers, "body": chaos.body})  # fmt: skip
                continue
            parts = urlsplit(url if url.startswith("/") else "/" + url)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): str(v) for k, v in (sub.get("headers") or {}).items()}
            raw_body = json.dumps(sub["body"]).encode() if "body" in sub else b""
            label, reply = self.dispatch(
                str(sub.get("method", "GET")).upper(), "/v1.0" + parts.path, query, headers,
                raw_body, in_batch=True,
            )  # fmt: skip
            self._count(f"batch:{label}", http=False)
            statuses[sub["id"]] = reply.status
            entry: dict[str, Any] = {"id": sub["id"], "status": reply.status}
            if reply.headers:
                entry["headers"] = reply.headers
            if isinstance(reply.body, dict):
                entry["body"] = reply.body
            responses.append(entry)
        return Reply(200, {"responses": responses})

    # ---- sharing: permissions, invite, directory (issue 13; tests.fakes.graph_permissions)

    def _sharing(self, method: str, item: Item, rest: str, body: bytes) -> Reply:
        """``GET/DELETE …/permissions[/{id}]`` and ``POST …/invite``."""
        book = self.state.perms
        parts = rest.strip("/").split("/")
        if parts == ["invite"] and method == "POST":
            status, data = book.invite(item.id, self._json_body(body), self.state.ref)
            return Reply(status, data)
        if parts == ["permissions"] and method == "GET":
            return Reply(200, book.listing(item.id, self.state.ref))
        if len(parts) == 2 and parts[0] == "permissions":
            perms, source = book.effective(item.id)
            if method == "GET":
                for perm in perms:
                    if perm.id == parts[1]:
                        return Reply(200, book.json(perm, item.id, source, self.state.ref))
                raise GraphFault(404, "itemNotFound", "The permission does not exist.")
            if method == "DELETE":
                status, message = book.delete(item.id, parts[1])
                if status != 204:
                    code = "itemNotFound" if status == 404 else "invalidRequest"
                    raise GraphFault(status, code, message)
                return Reply(204)
        raise GraphFault(405, "invalidRequest", f"{method} {rest} is not supported by the fake.")

    @property
    def sharing(self) -> Sharing:
        """The sharing rules (switch them per test: ``graph.sharing.report_inherited_from``)."""
        return self.state.perms.sharing

    def add_person(self, email: str, name: str = "") -> Identity:
        """A user of the school's directory (no OneDrive of their own needed)."""
        with self.state.lock:
            return self.state.perms.user(email, name)

    def add_group(self, email: str, members: list[str], name: str = "") -> Identity:
        """A Microsoft 365 / Entra group with these members (users' or groups' addresses)."""
        with self.state.lock:
            return self.state.perms.group(email, members, name)

    def add_site_group_members(self, name: str, members: list[str]) -> None:
        """Put users or groups into a library's SharePoint group (``"Zorg Members"``)."""
        with self.state.lock:
            self.state.perms.site_group(name, members)

    def set_access(self, item_id: str, grants: dict[str, str]) -> None:
        """Give an item unique permissions, as an admin does in SharePoint's "Manage access":
        ``{"group:zorg@school.nl": "write", "sitegroup:School Owners": "owner"}``."""
        with self.state.lock:
            book = self.state.perms
            identities = []
            for key, role in grants.items():
                kind, _, name = key.partition(":")
                who = (book.site_group(name) if kind == "sitegroup" else
                       book.group(name) if kind == "group" else book.user(name))  # fmt: skip
                identities.append((who, role))
            book.set_own(item_id, identities)

    def can_open(self, user_email: str, item_id: str) -> bool:
        """Whether this user can open the item (groups and SharePoint groups expanded)."""
        with self.state.lock:
            return self.state.perms.can_open(user_email, item_id)

    def principals(self, item_id: str) -> set[str]:
        """The principals of an item's effective permissions (``group:x``, ``sitegroup:X``…)."""
        with self.state.lock:
            return self.state.perms.principals(item_id)

    def has_own_permissions(self, item_id: str) -> bool:
        with self.state.lock:
            return item_id in self.state.perms.own


class _QuietServer(ThreadingHTTPServer):
    """Clients that vanish mid-request (killed on purpose in crash tests) are not an error."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


def _make_handler(server: FakeGraphServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes: without this, Nagle + delayed ACK add
            # ~40 ms to every keep-alive request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, fmt: str, *args: Any) -> None:  # quiet
            return

        def _handle(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            length = int(headers.get("content-length") or 0)
            total = server._count("http", http=True)
            server.user_agents.add(headers.get("user-agent", ""))
            if "authorization" in headers:
                server.authorized[parts.path.split("/")[1]] += 1
            if server.before_request is not None:
                server.before_request(total)
            if server.chaos.latency:
                time.sleep(server.chaos.latency)
            is_fragment = self.command == "PUT" and parts.path.startswith("/upload/")
            peek = b""
            if not is_fragment and self.command in ("POST", "PATCH") and length < 65536:
                peek = self.rfile.read(length) if length else b""
            ident = server.identity(self.command, parts.path, headers.get("content-range", ""),
                                    peek if "batch" not in parts.path else b"")  # fmt: skip
            occurrence = server._dice.occurrence(ident)
            drop = server.should_drop(ident, occurrence) if is_fragment else None
            if (
                peek
                and server._dice.roll(ident, occurrence, "lose") < server.chaos.lost_answer_rate
            ):
                drop = "after"
            if drop == "before":  # read half the fragment, then the line goes dead
                self.rfile.read(length // 2)
                server._count("dropped fragment", http=False)
                self._hang_up()
                return
            body = peek or (self.rfile.read(length) if length else b"")
            if len(body) < length:  # the client went away mid-body: nothing is committed
                self._hang_up()
                return
            is_batch = unquote(parts.path) == "/v1.0/$batch"  # its parts roll their own dice
            quiet = parts.path.startswith("/monitor/") or is_batch
            chaos = None if quiet else server.chaos_reply(ident, occurrence)
            if chaos is not None:
                server._count(f"throttled {chaos.status}", http=False)
                self._send(chaos)
                return
            label, reply = server.dispatch(self.command, parts.path, query, headers, body)
            server._count(label, http=False)
            if drop == "after":  # the write was done, but its answer never arrives
                server._count("dropped fragment" if is_fragment else "lost answer", http=False)
                self._hang_up()
                return
            self._send(reply)

        def _hang_up(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        def _send(self, reply: Reply) -> None:
            if isinstance(reply.body, bytes):
                payload, ctype = reply.body, "application/octet-stream"
            elif reply.body is None:
                payload, ctype = b"", ""
            else:
                payload, ctype = json.dumps(reply.body).encode(), "application/json"
            self.send_response(reply.status)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if ctype:
                self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if payload:
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    return Handler


def iter_counts(counts: dict[str, int]) -> Iterator[str]:
    """Readable lines for a count table, biggest first."""
    for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if label != "http":
            yield f"{n:8d}  {label}"


#: The libraries :func:`school_sites` makes: site → (library, audience group's local part).
SCHOOL_LIBRARIES = {
    "School": ("Documenten", "team"),
    "Zorg": ("Dossiers", "zorg"),
    "Directie": ("Documenten", "directie"),
    "Personeel": ("Documenten", "personeelszaken"),
}


def school_sites(server: FakeGraphServer, domain: str) -> dict[str, str]:
    """A school's SharePoint as an admin sets it up for cardsort-drive: the team's site, whose
    Members group holds the team, and a site per narrower audience whose library is shared with
    that audience's group only (and the site's owners). Returns site → library URL."""
    host = f"{domain.split('.')[0]}.sharepoint.com"
    teacher, ib, director = (f"{n}@{domain}" for n in ("juf", "ib", "directeur"))
    server.add_group(f"team@{domain}", [teacher, ib, director])
    server.add_group(f"zorg@{domain}", [ib, director])
    server.add_group(f"directie@{domain}", [director])
    server.add_group(f"personeelszaken@{domain}", [director])
    urls = {}
    for site, (library, group) in SCHOOL_LIBRARIES.items():
        drive_id = server.add_site(host, f"/sites/{site}", [library])["drives"][0]
        urls[site] = f"https://{host}/sites/{site}/{library}"
        if group == "team":
            server.add_site_group_members(f"{site} Members", [f"team@{domain}"])
        else:
            root = server.state.drives[drive_id].root_id
            server.set_access(
                root, {f"group:{group}@{domain}": "write", f"sitegroup:{site} Owners": "owner"}
            )
    return urls


def main(argv: list[str] | None = None) -> int:
    """Serve a fake Graph until SIGTERM/SIGINT; print the base URL first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--print-url", action="store_true")
    parser.add_argument("--lax", action="store_true", help="accept names OneDrive refuses")
    parser.add_argument("--rate-429", type=float, default=0.0)
    parser.add_argument("--rate-503", type=float, default=0.0)
    parser.add_argument("--drop-fragments", type=float, default=0.0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--retry-after", default="1")
    parser.add_argument("--sharepoint", action="store_true", help="rewrite Office files/PDFs")
    parser.add_argument(
        "--school", metavar="DOMAIN",
        help="SharePoint sites of a school (team, and a library per narrower audience); their "
        "library URLs are printed after the base URL",
    )  # fmt: skip
    args = parser.parse_args(argv)
    chaos = Chaos(args.rate_429, args.rate_503, args.drop_fragments, args.latency, args.retry_after)
    library = Library(rewrite_office=args.sharepoint)
    server = FakeGraphServer(
        strict=not args.lax, chaos=chaos, port=args.port, library=library
    ).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    sites = school_sites(server, args.school) if args.school else {}
    if args.print_url:
        print(server.url, flush=True)
        for site, url in sites.items():
            print(f"{site} {url}", flush=True)
    stop.wait()
    server.stop()
    print("\n".join(iter_counts(server.counts())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
