"""A faithful fake of the Google Drive v3 API, served over real HTTPS on loopback.

The unmodified google-api-python-client talks to it (``api_endpoint`` ending in ``/drive/v3/``,
an explicit batch URI, a throwaway ``trustme`` certificate): see
``/work/shared/notes/drive-platforms.md`` §6–§8 for the rules it enforces.

What it models, because the adapter must cope with it:

* stateful files with ids, **one parent each**, duplicate names allowed, My Drive and shared
  drives (a shared drive's root folder id is the drive id), trash;
* files in a shared drive are invisible without ``supportsAllDrives=true`` (404, as on Drive);
* shared-drive limits: items (500,000 incl. trash) and depth (100 levels), both configurable;
* ``fields`` partial responses (without ``fields`` a file is ``kind,id,name,mimeType``);
* uploads: ``multipart``, ``media`` and ``resumable`` (session URI, chunks in multiples of
  256 KiB except the last, ``308`` with ``Range``, status query ``bytes */N``);
* client-generated ids (``files.generateIds``): creating an id twice answers 409;
* the batch endpoint (``multipart/mixed``, at most 100 parts, each counted);
* ``changes.getStartPageToken`` / ``changes.list``;
* Drive's JSON error bodies (``error.errors[].reason``);
* batch parts executed in any order (seeded by the batch's content): "The server may perform
  your calls in any order" (developers.google.com/drive/api/guides/performance#batch);
* a sustained per-user write limit (``write_limit``: N writes per window, every batch part
  counted, then ``403 userRateLimitExceeded``): developers.google.com/drive/api/guides/limits
  ("per minute per user" quota; a batch counts each call, …/guides/performance#batch);
* eventually consistent listings, off by default (``list_lag``: a new, renamed, moved or
  trashed item shows in ``files.list`` as it was until N more API calls were served, while
  ``files.get`` by id sees it at once). No Drive API page documents this lag (see
  :meth:`FakeDrive._lagging`); it is a worst case the adapter is tested to survive;
* ``or``-joined terms in ``q`` (``'A' in parents or 'B' in parents``, guides/ref-search-terms),
  so one listing can answer for many folders;
* the single-request upload size limit (``multipart``/``media`` carry "5 MB or less",
  developers.google.com/drive/api/guides/manage-uploads; larger ones answer ``413``
  [the exact error body is UNVERIFIED]);
* who can open what (:class:`PermRec`, the "permissions" section of :class:`FakeDrive`): the
  ``permissions`` resource (``create``/``list``/``get``/``delete``, types ``user``, ``group``,
  ``domain``, ``anyone``, roles ``owner``…``reader``; developers.google.com/drive/api/reference/
  rest/v3/permissions), shared-drive members (permissions on the drive itself, inherited by every
  item with ``permissionDetails`` ``{permissionType: member, inherited, inheritedFrom}``),
  permissions inherited from folders (``permissionType: file``), computed from the current parent
  chain so a move takes the new parent's access at once, and folders with limited access
  (``inheritedPermissionsDisabled``,
  https://developers.google.com/drive/api/guides/limited-expansive-access: "only users you
  directly add to the folder's permissions can open it", organizers and owners always can,
  "limited access isn't available for files"). ``limited_access=False`` is a Drive without the
  feature (the update answers 403). :meth:`FakeDrive.can_open` answers "can this
  person open this item", expanding the groups :meth:`FakeDrive.add_group` told it about.

Chaos (:class:`Chaos`): 403 ``rateLimitExceeded``/``userRateLimitExceeded``, 429, 5xx, dropped
connections in the middle of upload chunks, and the daily upload cap after N bytes (403
``userRateLimitExceeded`` "User rate limit exceeded." on new uploads, as rclone observes; the
upload that crosses the cap still completes, as Google documents). Every fault is decided by
:class:`tests.fakes.plumbing.Dice` from the seed and the request's identity (ids replaced by the
paths they stand for, upload sessions by the file they upload, plus ``Content-Range``), never by
a generator that racing threads draw from: one seed gives the same faults on 1 thread or 8, and
:attr:`FakeDrive.faults` lists them.

Run it standalone (the demo does): ``python -m tests.fakes.drive_server --ready-file F`` prints
(and writes to F) one JSON line with ``url``, ``api_endpoint``, ``batch_uri``, ``ca_certs`` and
the ids of the shared drive it made.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import itertools
import json
import random
import re
import secrets
import signal
import ssl
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.fakes.plumbing import Dice

FOLDER = "application/vnd.google-apps.folder"
CHUNK_GRANULARITY = 256 * 1024
BATCH_LIMIT = 100
CAP_MESSAGE = "User rate limit exceeded."  # the daily upload cap (rclone's observation)
RATE_MESSAGE = (
    "User Rate Limit Exceeded. Rate of requests for user exceed configured project quota."
)

Json = dict[str, Any]


def rfc3339(ts: float) -> str:
    """Drive's timestamp format: ``2024-01-02T03:04:05.678Z``."""
    dt = datetime.fromtimestamp(ts, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def parse_rfc3339(text: str) -> float:
    """The inverse of :func:`rfc3339` (accepts any offset)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class ApiError(Exception):
    """An error answered with Drive's JSON error body."""

    def __init__(
        self, status: int, reason: str, message: str, *, domain: str = "global", **extra: str
    ) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.domain = domain
        self.extra = extra

    def body(self) -> Json:
        detail = {"domain": self.domain, "reason": self.reason, "message": self.message}
        detail.update(self.extra)
        return {"error": {"code": self.status, "message": self.message, "errors": [detail]}}


def not_found(file_id: str) -> ApiError:
    return ApiError(
        404, "notFound", f"File not found: {file_id}.", locationType="parameter", location="fileId"
    )


@dataclass
class Chaos:
    """Failure injection. Probabilities apply per HTTP request (per part inside a batch)."""

    rate_limit_403: float = 0.0  # 403 rateLimitExceeded / userRateLimitExceeded
    too_many_429: float = 0.0
    server_error: float = 0.0  # 500 / 502 / 503
    drop_upload: float = 0.0  # close the connection in the middle of an upload chunk
    lost_response: float = 0.0  # do a create, then hang up before answering (client re-sends)
    upload_cap_bytes: int | None = None  # daily upload cap: new uploads refused after this
    seed: int = 0
    #: Sustained per-user writes: at most ``writes`` write calls (batch parts each count) in any
    #: ``window`` seconds; more answer 403 userRateLimitExceeded. None: no limit.
    write_limit: tuple[int, float] | None = None


#: Largest body a ``multipart`` or ``media`` upload may carry (manage-uploads: "5 MB or less").
SINGLE_REQUEST_MAX = 5 * 1024 * 1024
_WRITES = ("create", "update", "delete", "copy", "emptyTrash")


#: Drive's roles, highest first (permissions resource, ``role``).
ROLES = ("owner", "organizer", "fileOrganizer", "writer", "commenter", "reader")


@dataclass(frozen=True)
class PermRec:
    """One permission set on an item: ``type`` user/group/domain/anyone, the address (a user's
    or group's email, a domain, or empty for anyone) and the role."""

    type: str
    address: str
    role: str

    @property
    def key(self) -> tuple[str, str]:
        return self.type, self.address.lower()

    @property
    def id(self) -> str:
        """Stable per principal, as Drive's permission ids are (``anyoneWithLink`` for anyone)."""
        if self.type == "anyone":
            return "anyoneWithLink"
        return hashlib.blake2b(
            f"{self.type}:{self.address.lower()}".encode(), digest_size=8
        ).hexdigest()

    def resource(self) -> Json:
        res: Json = {
            "kind": "drive#permission",
            "id": self.id,
            "type": self.type,
            "role": self.role,
        }
        if self.type in ("user", "group"):
            res["emailAddress"] = self.address
        elif self.type == "domain":
            res["domain"] = self.address
        return res


@dataclass
class FileRec:
    id: str
    name: str
    mime: str
    parent: str | None
    drive_id: str | None
    size: int = 0
    md5: str | None = None
    sha256: str | None = None
    created: float = field(default_factory=time.time)
    modified: float = field(default_factory=time.time)
    trashed: bool = False
    app_properties: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    limited: bool = False  # inheritedPermissionsDisabled (folders only)

    @property
    def is_folder(self) -> bool:
        return self.mime == FOLDER

    def resource(self) -> Json:
        res: Json = {
            "kind": "drive#file",
            "id": self.id,
            "name": self.name,
            "mimeType": self.mime,
            "parents": [self.parent] if self.parent else [],
            "createdTime": rfc3339(self.created),
            "modifiedTime": rfc3339(self.modified),
            "trashed": self.trashed,
            "appProperties": dict(self.app_properties),
            "inheritedPermissionsDisabled": self.limited,
        }
        if self.drive_id:
            res["driveId"] = self.drive_id
        if not self.is_folder and not self.mime.startswith("application/vnd.google-apps."):
            res["size"] = str(self.size)
            res["md5Checksum"] = self.md5 or hashlib.md5(b"").hexdigest()
            res["sha256Checksum"] = self.sha256 or hashlib.sha256(b"").hexdigest()
        return res


@dataclass
class DriveRec:
    id: str
    name: str
    created: float = field(default_factory=time.time)

    def resource(self) -> Json:
        return {
            "kind": "drive#drive",
            "id": self.id,
            "name": self.name,
            "createdTime": rfc3339(self.created),
        }


@dataclass
class Session:
    id: str
    metadata: Json
    total: int | None
    mime: str
    received: int = 0
    md5: Any = field(default_factory=hashlib.md5)
    sha256: Any = field(default_factory=hashlib.sha256)
    data: bytearray | None = None
    file_id: str | None = None  # set once complete
    fields: str | None = None


# --------------------------------------------------------------------------------------------
# partial responses and the query language


def parse_fields(spec: str | None) -> dict[str, Any] | None:
    """``"nextPageToken, files(id,name)"`` → ``{"nextPageToken": {}, "files": {"id": {}, ...}}``."""
    if not spec or spec.strip() == "*":
        return None
    pos = 0

    def parse_list() -> dict[str, Any]:
        nonlocal pos
        out: dict[str, Any] = {}
        while pos < len(spec):
            match = re.compile(r"\s*([A-Za-z0-9_*/]+)\s*").match(spec, pos)
            if not match:
                raise ApiError(400, "invalidParameter", f"Invalid field selection {spec}")
            name, pos = match.group(1), match.end()
            sub: dict[str, Any] = {}
            if pos < len(spec) and spec[pos] == "(":
                pos += 1
                sub = parse_list()
                if pos >= len(spec) or spec[pos] != ")":
                    raise ApiError(400, "invalidParameter", f"Invalid field selection {spec}")
                pos += 1
            head, *rest = name.split("/")
            node = out.setdefault(head, {})
            for part in rest:
                node = node.setdefault(part, {})
            node.update(sub)
            while pos < len(spec) and spec[pos] == " ":
                pos += 1
            if pos < len(spec) and spec[pos] == ",":
                pos += 1
                continue
            break
        return out

    return parse_list()


def select(value: Any, mask: dict[str, Any] | None) -> Any:
    if mask is None or not mask or "*" in mask:
        return value
    if isinstance(value, list):
        return [select(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: select(v, mask[k]) for k, v in value.items() if k in mask}
    return value


_TOKEN = re.compile(r"\s*(?:('(?:[^'\\]|\\.)*')|(!=|<=|>=|=|<|>|\(|\))|([A-Za-z_][A-Za-z0-9_.]*))")


def _tokenize(q: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(q):
        if q[pos:].strip() == "":
            break
        match = _TOKEN.match(q, pos)
        if not match:
            raise ApiError(400, "invalid", f"Invalid Value: q {q!r}", location="q")
        if match.group(1) is not None:
            raw = match.group(1)[1:-1]
            tokens.append(("str", re.sub(r"\\(.)", r"\1", raw)))
        elif match.group(2) is not None:
            tokens.append(("op", match.group(2)))
        else:
            tokens.append(("word", match.group(3)))
        pos = match.end()
    return tokens


Predicate = Callable[[FileRec], bool]


def compile_query(q: str | None) -> Predicate:
    """Compile the subset of Drive's ``q`` language the adapter uses (and a little more)."""
    if not q:
        return lambda f: True
    tokens = _tokenize(q)
    pos = 0

    def peek() -> tuple[str, str] | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        if pos >= len(tokens):
            raise ApiError(400, "invalid", f"Invalid Value: q {q!r}", location="q")
        pos += 1
        return tokens[pos - 1]

    def or_expr() -> Predicate:
        parts = [and_expr()]
        while peek() == ("word", "or"):
            take()
            parts.append(and_expr())
        return parts[0] if len(parts) == 1 else (lambda f: any(p(f) for p in parts))

    def and_expr() -> Predicate:
        parts = [unary()]
        while peek() == ("word", "and"):
            take()
            parts.append(unary())
        return parts[0] if len(parts) == 1 else (lambda f: all(p(f) for p in parts))

    def unary() -> Predicate:
        tok = take()
        if tok == ("word", "not"):
            inner = unary()
            return lambda f: not inner(f)
        if tok == ("op", "("):
            inner = or_expr()
            if take() != ("op", ")"):
                raise ApiError(400, "invalid", f"Invalid Value: q {q!r}", location="q")
            return inner
        if tok[0] == "str" and peek() == ("word", "in"):
            take()
            target = take()
            if target != ("word", "parents"):
                raise ApiError(400, "invalid", f"Unsupported q term in {target[1]}", location="q")
            value = tok[1]
            return lambda f: f.parent == value
        if tok[0] != "word":
            raise ApiError(400, "invalid", f"Invalid Value: q {q!r}", location="q")
        name = tok[1]
        op = take()
        val = take()
        value: Any = val[1]
        if val == ("word", "true"):
            value = True
        elif val == ("word", "false"):
            value = False
        getters: dict[str, Callable[[FileRec], Any]] = {
            "name": lambda f: f.name,
            "mimeType": lambda f: f.mime,
            "trashed": lambda f: f.trashed,
            "modifiedTime": lambda f: f.modified,
        }
        if name not in getters:
            raise ApiError(400, "invalid", f"Unsupported q field {name}", location="q")
        get = getters[name]
        if name == "modifiedTime":
            value = parse_rfc3339(str(value))
        if op == ("word", "contains"):
            return lambda f: str(value) in str(get(f))
        ops: dict[str, Callable[[Any, Any], bool]] = {
            "=": lambda a, b: a == b,
            "!=": lambda a, b: a != b,
            "<": lambda a, b: a < b,
            ">": lambda a, b: a > b,
            "<=": lambda a, b: a <= b,
            ">=": lambda a, b: a >= b,
        }
        if op[0] != "op" or op[1] not in ops:
            raise ApiError(400, "invalid", f"Invalid Value: q {q!r}", location="q")
        fn = ops[op[1]]
        return lambda f: fn(get(f), value)

    pred = or_expr()
    if pos != len(tokens):
        raise ApiError(400, "invalid", f"Invalid Value: q {q!r}", location="q")
    return pred


# --------------------------------------------------------------------------------------------
# the state


class FakeDrive:
    """The drive's state and its rules; the HTTP handler only translates."""

    def __init__(
        self,
        *,
        user_email: str = "ict@blokhuus.example",
        item_limit: int = 500_000,
        depth_limit: int = 100,
        chaos: Chaos | None = None,
        latency: float = 0.0,
        keep_content: bool = False,
        list_lag: int = 0,
        limited_access: bool = True,
    ) -> None:
        self.lock = threading.RLock()
        #: Eventually consistent listings (0: off). See :meth:`_lagging` for what and why.
        self.list_lag = list_lag
        self._tick = 0  # API calls served so far: the clock listings lag by
        self._listed_as: dict[str, tuple[int, FileRec | None]] = {}  # id → (settles at, view)
        self.user_email = user_email
        self.item_limit = item_limit
        self.depth_limit = depth_limit
        self.chaos = chaos or Chaos()
        self.dice = Dice(self.chaos.seed)
        #: Every injected fault: (request identity, its occurrence, what was injected).
        self.faults: list[tuple[str, int, str]] = []
        self.latency = latency
        self.keep_content = keep_content
        #: Folders with limited access exist (generally available since February 2025, Drive
        #: API release notes); False: a Drive without them (the update answers 403).
        self.limited_access = limited_access
        self.direct: dict[str, list[PermRec]] = {}  # file id -> permissions set on it
        self.groups: dict[str, set[str]] = {}  # group address -> member addresses
        self.files: dict[str, FileRec] = {}
        self.drives: dict[str, DriveRec] = {}
        self.sessions: dict[str, Session] = {}
        self.generated: set[str] = set()
        self.changes: list[tuple[int, str, str | None]] = []  # (seq, file id, drive id)
        self.uploaded_bytes = 0
        self.requests: Counter[str] = Counter()
        self.item_counts: Counter[str] = Counter()
        self.bugs: list[str] = []  # tracebacks of the fake's own failures (tests assert none)
        self.injected: Counter[str] = Counter()
        self._writes: list[float] = []  # times of recent write calls (the sustained limit)
        self._ids = itertools.count(1)
        self.my_root = self._new_id("root")
        self.files[self.my_root] = FileRec(self.my_root, "My Drive", FOLDER, None, None)
        self.direct[self.my_root] = [PermRec("user", user_email, "owner")]

    # ids, changes, counters ----------------------------------------------------------------
    def _new_id(self, prefix: str = "f") -> str:
        n = next(self._ids)  # unique; the tail only makes ids look like Drive's, no chance
        tail = hashlib.blake2b(f"{self.chaos.seed}:{prefix}:{n}".encode(), digest_size=4)
        return f"{prefix}{n:07d}{tail.hexdigest()}"

    def count(self, key: str) -> None:
        with self.lock:
            self.requests[key] += 1
            if key not in {"http", "batch"}:
                self._tick += 1

    def _lagging(self, rec: FileRec, before: FileRec | None) -> None:
        """With ``list_lag`` N: ``files.list`` shows ``rec`` as it was ``before`` this change
        (a new item: not at all) until N more API calls have been served; ``files.get`` by id
        sees the change at once.

        NOT documented by Google: no Drive API page we found (guides/search-files,
        guides/ref-search-terms, reference/rest/v3/files/list) says list results may lag
        behind writes; practitioners report it (a just-created file missing from a search for
        a moment). So it is off by default and switched on only by tests that prove the
        adapter survives it: settling an interrupted create must not rest on a listing alone
        (the executor creates again under the id it journalled, which Drive refuses twice).
        """
        if self.list_lag <= 0:
            return
        settles = self._tick + self.list_lag
        pending = self._listed_as.get(rec.id)
        if pending is not None and pending[0] > self._tick:
            before = pending[1]  # listings still show the state before the first change
        self._listed_as[rec.id] = (settles, before)

    def _as_listed(self, rec: FileRec) -> FileRec | None:
        """The record as a listing shows it now (see :meth:`_lagging`)."""
        pending = self._listed_as.get(rec.id)
        if pending is None:
            return rec
        if pending[0] <= self._tick:
            del self._listed_as[rec.id]
            return rec
        return pending[1]

    def _record_change(self, rec: FileRec) -> None:
        self.changes.append((len(self.changes) + 1, rec.id, rec.drive_id))

    def api_calls(self) -> int:
        """API calls made (batch parts count one each; the batch envelope and HTTP do not)."""
        with self.lock:
            return sum(n for k, n in self.requests.items() if k not in {"http", "batch"})

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()
            self.injected.clear()

    # chaos ------------------------------------------------------------------------------------
    _ID_RE = re.compile(r"\b(?:root|0A|f|g)\d{7}[0-9a-f]{8}\b")

    def identity(
        self, method: str, path: str, params: Mapping[str, str], body: bytes, ctype: str = ""
    ) -> str:
        """What a request is about, the same whatever the thread timing: ids (which depend on
        the order items were made) are replaced by the paths they stand for, a multipart upload
        by its metadata and its content's digest (the client's boundary is random)."""
        query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "upload_id")
        if ctype.startswith("multipart/related"):
            try:
                meta, content = parse_related(ctype, body)
            except (ApiError, ValueError):
                meta, content = {}, body
            about = json.dumps(meta, sort_keys=True) + " " + hashlib.md5(content).hexdigest()
        elif len(body) < 65536:
            about = body.decode("utf-8", "replace")
        else:
            about = hashlib.md5(body).hexdigest()
        with self.lock:
            return self._ID_RE.sub(self._named, f"{method} {path}?{query}|{about}")

    def _named(self, match: re.Match[str]) -> str:
        rec = self.files.get(match.group(0))
        if rec is None:
            return "?"  # a generated id not used yet, or an unknown one
        return f"<{rec.name}>" if rec.parent is None else f"<{self.path_of(rec)}>"

    def session_identity(self, session: Session, content_range: str) -> str:
        """An upload chunk: the file it uploads (the session id is random) and its range."""
        meta = session.metadata
        with self.lock:
            parents = meta.get("parents") or [self.my_root]
            text = f"PUT /upload/{parents[0]}/{meta.get('name', '')} {content_range}"
            return self._ID_RE.sub(self._named, text)

    def chance(self, identity: str) -> tuple[str, int]:
        """This request's identity and how many times it was seen before (a retry rolls anew)."""
        return identity, self.dice.occurrence(identity)

    def _fault(self, chance: tuple[str, int], what: str) -> None:
        with self.lock:
            self.injected[what.split(" ")[0]] += 1
            self.faults.append((*chance, what))

    def maybe_fail(self, kind: str, chance: tuple[str, int]) -> None:
        """Raise an injected error for this request, or do nothing (the same for the same
        request and occurrence, whatever other threads do)."""
        c = self.chaos
        ident, occurrence = chance
        roll = self.dice.roll(ident, occurrence, "fault")
        edge = c.rate_limit_403
        if roll < edge:
            user = self.dice.roll(ident, occurrence, "reason") < 0.5
            reason = "userRateLimitExceeded" if user else "rateLimitExceeded"
            self._fault(chance, f"403 {reason}")
            message = RATE_MESSAGE if user else "Rate Limit Exceeded"
            raise ApiError(403, reason, message, domain="usageLimits")
        edge += c.too_many_429
        if roll < edge:
            self._fault(chance, "429")
            raise ApiError(429, "rateLimitExceeded", "Too Many Requests", domain="usageLimits")
        edge += c.server_error
        if roll < edge:
            status = (500, 502, 503)[self.dice.pick(ident, occurrence, "5xx", 3)]
            self._fault(chance, f"5xx {status}")
            raise ApiError(status, "backendError", "Backend Error")

    def check_write_rate(self, key: str) -> None:
        """The sustained per-user write limit (every write call, batch parts included)."""
        limit = self.chaos.write_limit
        if limit is None or not key.endswith(_WRITES):
            return
        writes, window = limit
        with self.lock:
            now = time.monotonic()
            self._writes = [t for t in self._writes if now - t < window]
            if len(self._writes) >= writes:
                self.injected["write-limit"] += 1
                raise ApiError(
                    403, "userRateLimitExceeded", "User Rate Limit Exceeded", domain="usageLimits"
                )
            self._writes.append(now)

    def should_drop_upload(self, chance: tuple[str, int]) -> bool:
        rate = self.chaos.drop_upload
        if rate and self.dice.roll(*chance, "drop") < rate:
            self._fault(chance, "drop")
            return True
        return False

    def should_lose_response(self, chance: tuple[str, int]) -> bool:
        rate = self.chaos.lost_response
        if rate and self.dice.roll(*chance, "lose") < rate:
            self._fault(chance, "lost")
            return True
        return False

    def check_upload_cap(self) -> None:
        cap = self.chaos.upload_cap_bytes
        if cap is not None and self.uploaded_bytes >= cap:
            self.injected["cap"] += 1
            raise ApiError(403, "userRateLimitExceeded", CAP_MESSAGE, domain="usageLimits")

    # lookups ----------------------------------------------------------------------------------
    def add_shared_drive(self, name: str, drive_id: str | None = None) -> str:
        with self.lock:
            did = drive_id or self._new_id("0A")
            self.drives[did] = DriveRec(did, name)
            self.files[did] = FileRec(did, name, FOLDER, None, did)
            # The one who makes a shared drive is its first organizer (a member).
            self.direct[did] = [PermRec("user", self.user_email, "organizer")]
            return did

    def resolve(self, file_id: str, all_drives: bool, *, include_trashed: bool = True) -> FileRec:
        if file_id == "root":
            file_id = self.my_root
        rec = self.files.get(file_id)
        if rec is None or (rec.drive_id and not all_drives):
            raise not_found(file_id)
        if rec.trashed and not include_trashed:
            raise not_found(file_id)
        return rec

    def depth(self, rec: FileRec) -> int:
        """Nesting level of ``rec`` below its drive root (root's children: 1)."""
        level = 0
        cur: FileRec | None = rec
        while cur is not None and cur.parent is not None:
            level += 1
            cur = self.files.get(cur.parent)
        return level

    def subtree_height(self, rec: FileRec) -> int:
        kids = [f for f in self.files.values() if f.parent == rec.id]
        return 1 + max((self.subtree_height(k) for k in kids if k.is_folder), default=0)

    def drive_items(self, drive_id: str) -> int:
        """Items in a shared drive, trash included (the 500,000 limit counts trash)."""
        return self.item_counts[drive_id]

    def is_ancestor(self, maybe_ancestor: str, rec: FileRec) -> bool:
        cur: FileRec | None = rec
        while cur is not None:
            if cur.id == maybe_ancestor:
                return True
            cur = self.files.get(cur.parent) if cur.parent else None
        return False

    # operations -------------------------------------------------------------------------------
    def check_new_item(self, parent: FileRec, is_folder: bool, all_drives: bool) -> None:
        if not parent.is_folder:
            raise ApiError(403, "cannotAddParent", "The parent is not a folder.")
        if parent.trashed:
            raise not_found(parent.id)
        if parent.drive_id:
            if self.drive_items(parent.drive_id) >= self.item_limit:
                raise ApiError(
                    403,
                    "teamDriveFileLimitExceeded",
                    "The file limit for this shared drive has been exceeded.",
                )
            if is_folder and self.depth(parent) + 1 > self.depth_limit:
                raise ApiError(
                    403,
                    "teamDriveHierarchyTooDeep",
                    "The shared drive hierarchy depth limit has been exceeded.",
                )
        elif is_folder and self.depth(parent) + 1 > self.depth_limit:
            raise ApiError(403, "myDriveHierarchyTooDeep", "The folder hierarchy is too deep.")

    def take_id(self, requested: str | None) -> str:
        if requested is None:
            return self._new_id()
        if requested in self.files:
            raise ApiError(409, "duplicate", "A file already exists with the provided ID.")
        if requested not in self.generated:
            raise ApiError(400, "fileIdNotUsable", "The provided file ID is not usable.")
        self.generated.discard(requested)
        return requested

    def create(
        self,
        meta: Json,
        all_drives: bool,
        *,
        content: bytes | None = None,
        size: int = 0,
        md5: str | None = None,
        sha256: str | None = None,
    ) -> FileRec:
        with self.lock:
            parents = meta.get("parents") or [self.my_root]
            if len(parents) != 1:
                raise ApiError(
                    403, "cannotAddParent", "Increasing the number of parents is not allowed."
                )
            parent = self.resolve(parents[0], all_drives)
            mime = meta.get("mimeType") or "application/octet-stream"
            self.check_new_item(parent, mime == FOLDER, all_drives)
            fid = self.take_id(meta.get("id"))
            now = time.time()
            if content is not None:
                size, md5 = len(content), hashlib.md5(content).hexdigest()
                sha256 = hashlib.sha256(content).hexdigest()
            rec = FileRec(
                fid,
                meta.get("name") or "Untitled",
                mime,
                parent.id,
                parent.drive_id,
                size=size if mime != FOLDER else 0,
                md5=md5 if mime != FOLDER else None,
                sha256=sha256 if mime != FOLDER else None,
                created=now,
                modified=parse_rfc3339(meta["modifiedTime"]) if meta.get("modifiedTime") else now,
                app_properties=dict(meta.get("appProperties") or {}),
                content=content if self.keep_content else None,
            )
            self.files[fid] = rec
            if rec.drive_id:
                self.item_counts[rec.drive_id] += 1
            self._record_change(rec)
            self._lagging(rec, None)
            return rec

    def update(self, file_id: str, meta: Json, params: Mapping[str, str]) -> FileRec:
        all_drives = params.get("supportsAllDrives") == "true"
        with self.lock:
            rec = self.resolve(file_id, all_drives)
            before = dataclasses.replace(rec)
            if "inheritedPermissionsDisabled" in meta:  # checked first: a refusal changes nothing
                self.set_limited(rec, bool(meta["inheritedPermissionsDisabled"]))
            add = [p for p in params.get("addParents", "").split(",") if p]
            remove = [p for p in params.get("removeParents", "").split(",") if p]
            if add or remove:
                current = {rec.parent} if rec.parent else set()
                if any(p not in current for p in remove):
                    raise ApiError(400, "badRequest", "removeParents names a non-parent.")
                if len(add) > 1 or len((current - set(remove)) | set(add)) > 1:
                    raise ApiError(
                        403, "cannotAddParent", "Increasing the number of parents is not allowed."
                    )
                if add:
                    new_parent = self.resolve(add[0], all_drives)
                    if not new_parent.is_folder or new_parent.trashed:
                        raise ApiError(400, "badRequest", "The new parent is not a usable folder.")
                    if self.is_ancestor(rec.id, new_parent):
                        raise ApiError(
                            403, "cannotMoveIntoSelf", "A folder cannot be moved into itself."
                        )
                    if new_parent.drive_id != rec.drive_id:
                        raise ApiError(
                            403,
                            "teamDrivesFolderMoveInNotSupported",
                            "Moving between drives is not supported by this fake.",
                        )
                    height = self.subtree_height(rec) if rec.is_folder else 0
                    if self.depth(new_parent) + height > self.depth_limit:
                        raise ApiError(
                            403,
                            "teamDriveHierarchyTooDeep",
                            "The shared drive hierarchy depth limit has been exceeded.",
                        )
                    rec.parent = new_parent.id
                elif remove:
                    raise ApiError(403, "cannotRemoveParent", "An item must keep one parent.")
            if "name" in meta:
                rec.name = str(meta["name"])
            if "modifiedTime" in meta:
                rec.modified = parse_rfc3339(meta["modifiedTime"])
            if "appProperties" in meta:
                rec.app_properties.update(meta["appProperties"] or {})
            if "trashed" in meta:
                self._set_trashed(rec, bool(meta["trashed"]))
            self._record_change(rec)
            if (rec.parent, rec.name, rec.trashed) != (before.parent, before.name, before.trashed):
                self._lagging(rec, before)
            return rec

    def _set_trashed(self, rec: FileRec, trashed: bool) -> None:
        rec.trashed = trashed
        for child in [f for f in self.files.values() if f.parent == rec.id]:
            self._set_trashed(child, trashed)
            self._record_change(child)

    def delete(self, file_id: str, all_drives: bool) -> None:
        with self.lock:
            rec = self.resolve(file_id, all_drives)
            for child in [f for f in self.files.values() if f.parent == rec.id]:
                self.delete(child.id, all_drives)
            del self.files[rec.id]
            if rec.drive_id:
                self.item_counts[rec.drive_id] -= 1
            self.changes.append((len(self.changes) + 1, rec.id, rec.drive_id))

    def edit_file(self, file_id: str, content: bytes, mtime: float | None = None) -> FileRec:
        """Somebody saves new content (a new revision: size, checksums, modifiedTime), which
        the change log records like any change."""
        with self.lock:
            rec = self.files[file_id]
            rec.size = len(content)
            rec.md5 = hashlib.md5(content).hexdigest()
            rec.sha256 = hashlib.sha256(content).hexdigest()
            rec.modified = mtime if mtime is not None else time.time()
            if self.keep_content:
                rec.content = content
            self._record_change(rec)
            return rec

    def list_files(self, params: Mapping[str, str]) -> list[FileRec]:
        all_drives = params.get("supportsAllDrives") == "true"
        include_all = params.get("includeItemsFromAllDrives") == "true"
        corpora = params.get("corpora", "user")
        drive_id = params.get("driveId")
        if corpora == "drive":
            if not drive_id or not all_drives or not include_all:
                raise ApiError(
                    400,
                    "invalid",
                    "corpora=drive needs driveId, supportsAllDrives and includeItemsFromAllDrives.",
                )
            if drive_id not in self.drives:
                raise ApiError(404, "notFound", f"Shared drive not found: {drive_id}")
        pred = compile_query(params.get("q"))
        with self.lock:
            out = []
            for current in self.files.values():
                shown = self._as_listed(current)
                if shown is None:
                    continue  # too new for listings yet (list_lag)
                rec = shown
                if rec.parent is None:
                    continue  # roots are not listed
                if corpora == "drive" and rec.drive_id != drive_id:
                    continue
                if corpora != "drive" and rec.drive_id and not (all_drives and include_all):
                    continue
                if pred(rec):
                    out.append(rec)
            return sorted(out, key=lambda r: (r.name, r.id))

    # uploads ----------------------------------------------------------------------------------
    def start_session(self, meta: Json, total: int | None, mime: str, all_drives: bool) -> Session:
        with self.lock:
            self.check_upload_cap()
            parents = meta.get("parents") or [self.my_root]
            parent = self.resolve(parents[0], all_drives)
            self.check_new_item(parent, False, all_drives)
            sid = secrets.token_urlsafe(18)  # unguessable, as a session URI is a capability
            session = Session(sid, dict(meta), total, mime)
            session.metadata["_allDrives"] = all_drives
            if self.keep_content:
                session.data = bytearray()
            self.sessions[sid] = session
            return session

    def receive_chunk(self, session: Session, start: int, data: bytes) -> None:
        with self.lock:
            if start > session.received:
                raise ApiError(400, "badRequest", "Chunk starts after the bytes received so far.")
            data = data[session.received - start :]
            session.md5.update(data)
            session.sha256.update(data)
            if session.data is not None:
                session.data.extend(data)
            session.received += len(data)
            self.uploaded_bytes += len(data)

    def finish_session(self, session: Session) -> FileRec:
        with self.lock:
            meta = {k: v for k, v in session.metadata.items() if not k.startswith("_")}
            meta.setdefault("mimeType", session.mime or "application/octet-stream")
            rec = self.create(
                meta,
                bool(session.metadata.get("_allDrives")),
                size=session.received,
                md5=session.md5.hexdigest(),
                sha256=session.sha256.hexdigest(),
            )
            if session.data is not None:
                rec.content = bytes(session.data)
            session.file_id = rec.id
            return rec

    # assertions for tests ---------------------------------------------------------------------
    def live_files(self, drive_id: str | None = None) -> list[FileRec]:
        with self.lock:
            return [
                f
                for f in self.files.values()
                if not f.trashed
                and f.parent is not None
                and (drive_id is None or f.drive_id == drive_id)
            ]

    def path_of(self, rec: FileRec) -> str:
        parts = []
        cur: FileRec | None = rec
        while cur is not None and cur.parent is not None:
            parts.append(cur.name)
            cur = self.files.get(cur.parent)
        return "/".join(reversed(parts))

    def duplicate_names(self, drive_id: str | None = None) -> list[str]:
        """Paths that occur more than once among live items (Drive allows it; we never make it)."""
        seen = Counter(self.path_of(f) for f in self.live_files(drive_id))
        return sorted(p for p, n in seen.items() if n > 1)

    # permissions ------------------------------------------------------------------------------
    # developers.google.com/drive/api/reference/rest/v3/permissions (the resource and its
    # permissionDetails), …/guides/manage-sharing (types and roles), …/guides/limited-expansive-
    # access (inheritedPermissionsDisabled). Inheritance is computed from the parent chain on
    # every read, so a moved item has its new parent's access at once; permissions set on an item
    # itself travel with it.

    def add_member(
        self, drive_id: str, address: str, role: str = "writer", kind: str = "group"
    ) -> None:
        """Make ``address`` (a ``user`` or ``group``) a member of a shared drive with ``role``."""
        with self.lock:
            if drive_id not in self.drives:
                raise KeyError(drive_id)
            self._grant(drive_id, PermRec(kind, address, role))

    def add_group(self, address: str, members: Iterable[str]) -> None:
        """Tell the fake who is in a group (members may be groups themselves): for can_open."""
        with self.lock:
            self.groups.setdefault(address.lower(), set()).update(m.lower() for m in members)

    def _grant(self, file_id: str, perm: PermRec) -> PermRec:
        perms = self.direct.setdefault(file_id, [])
        for i, old in enumerate(perms):
            if old.key == perm.key:
                perms[i] = perm  # one permission per principal on an item: the role changes
                return perm
        perms.append(perm)
        return perm

    def details(self, rec: FileRec) -> list[tuple[PermRec, str, bool, str | None]]:
        """Every (permission, permissionType, inherited, inheritedFrom) that lets someone open
        ``rec``: set on it, then inherited from each folder above. Past a folder with limited
        access only organizers and owners come through ("The owner role in My Drive and the
        organizer role in shared drives can always access folders with limited access").
        Which inherited entries Drive *lists* on a limited folder is UNVERIFIED: the fake lists
        those that still let someone in."""
        out: list[tuple[PermRec, str, bool, str | None]] = []
        cur: FileRec | None = rec
        inherited = False
        blocked = False
        while cur is not None:
            member = cur.parent is None and cur.drive_id is not None  # the shared drive itself
            for perm in self.direct.get(cur.id, []):
                if blocked and perm.role not in ("owner", "organizer"):
                    continue
                source = cur.id if inherited and rec.drive_id else None
                out.append((perm, "member" if member else "file", inherited, source))
            blocked = blocked or (cur.limited and cur.is_folder)
            inherited = True
            cur = self.files.get(cur.parent) if cur.parent else None
        return out

    def permissions_of(self, rec: FileRec) -> list[Json]:
        """``permissions.list``: one permission per principal, its details from every source."""
        merged: dict[tuple[str, str], Json] = {}
        for perm, kind, inherited, source in self.details(rec):
            entry = merged.setdefault(perm.key, perm.resource())
            detail: Json = {"permissionType": kind, "role": perm.role, "inherited": inherited}
            if source:
                detail["inheritedFrom"] = source
            entry.setdefault("permissionDetails", []).append(detail)
            if ROLES.index(perm.role) < ROLES.index(entry["role"]):
                entry["role"] = perm.role
        return sorted(merged.values(), key=lambda p: (p["type"], p.get("emailAddress", "")))

    def identities(self, address: str) -> set[tuple[str, str]]:
        """The principals a person is: the user, every group holding them (also through other
        groups), their domain, and anyone."""
        address = address.lower()
        found = {("user", address), ("domain", address.rpartition("@")[2]), ("anyone", "")}
        frontier = {address}
        while frontier:
            inside = {g for g, members in self.groups.items() if members & frontier}
            new = {("group", g) for g in inside} - found
            found |= new
            frontier = {g for _kind, g in new}
        return found

    def role_of(self, address: str, rec: FileRec) -> str | None:
        """The highest role ``address`` has on ``rec`` (None: cannot open it)."""
        mine = self.identities(address)
        roles = [perm.role for perm, *_ in self.details(rec) if perm.key in mine]
        return min(roles, key=ROLES.index) if roles else None

    def can_open(self, address: str, file_id: str) -> bool:
        """Whether ``address`` can open the item (what the tests ask of a care folder)."""
        with self.lock:
            rec = self.files[file_id]
            return self.role_of(address, rec) is not None

    def create_permission(self, file_id: str, body: Json, all_drives: bool) -> PermRec:
        with self.lock:
            rec = self.resolve(file_id, all_drives)
            kind = body.get("type")
            role = body.get("role")
            if kind not in ("user", "group", "domain", "anyone"):
                raise ApiError(400, "invalid", f"Invalid permission type: {kind}.", location="type")
            if role not in ROLES:
                raise ApiError(400, "invalid", f"Invalid permission role: {role}.", location="role")
            if kind in ("user", "group") and not body.get("emailAddress"):
                raise ApiError(400, "required", "An emailAddress is required for this type.")
            if kind == "domain" and not body.get("domain"):
                raise ApiError(400, "required", "A domain is required for this type.")
            if rec.drive_id and role in ("owner", "organizer") and rec.parent is not None:
                # Items in a shared drive are owned by the drive; organizers are drive members.
                raise ApiError(
                    403,
                    "invalidSharingRequest",
                    f"The role {role} cannot be given on an item in a shared drive.",
                )  # fmt: skip; the reason name is UNVERIFIED
            self._check_may_share(rec)
            address = body.get("emailAddress") or body.get("domain") or ""
            perm = self._grant(rec.id, PermRec(kind, str(address), str(role)))
            self._record_change(rec)
            return perm

    def delete_permission(self, file_id: str, permission_id: str, all_drives: bool) -> None:
        with self.lock:
            rec = self.resolve(file_id, all_drives)
            self._check_may_share(rec)
            perms = self.direct.get(rec.id, [])
            for perm in perms:
                if perm.id == permission_id:
                    perms.remove(perm)
                    self._record_change(rec)
                    return
            if any(perm.id == permission_id for perm, *_ in self.details(rec)):
                raise ApiError(
                    403,
                    "cannotDeletePermission",
                    "The permission is inherited; remove it where it is set, or limit access.",
                )  # fmt: skip; the reason name is UNVERIFIED
            raise ApiError(404, "notFound", f"Permission not found: {permission_id}.")

    def set_limited(self, rec: FileRec, limited: bool) -> None:
        """``inheritedPermissionsDisabled``: folders only; organizers (shared drive) or owners
        (My Drive) may change it (limited-expansive-access)."""
        if not self.limited_access:
            raise ApiError(
                403, "cannotDisableInheritedPermissions",
                "Folders with limited access are not available for this drive.",
            )  # fmt: skip
        if not rec.is_folder:
            raise ApiError(
                403,
                "cannotDisableInheritedPermissions",
                "Limited access is only available for folders, not for files.",
            )  # fmt: skip; the reason name is UNVERIFIED
        if self.role_of(self.user_email, rec) not in ("owner", "organizer"):
            raise ApiError(
                403, "insufficientFilePermissions",
                "Only organizers and owners can turn limited access on or off.",
            )  # fmt: skip
        rec.limited = limited

    def _check_may_share(self, rec: FileRec) -> None:
        if self.role_of(self.user_email, rec) not in (
            "owner",
            "organizer",
            "fileOrganizer",
            "writer",
        ):
            raise ApiError(
                403, "insufficientFilePermissions",
                "The user does not have sufficient permissions for this file.",
            )  # fmt: skip


# --------------------------------------------------------------------------------------------
# HTTP


_SESSION_PATH = "/upload/drive/v3/files"


def api_method(method: str, route: str) -> str:
    """Google's name for a call (``files.update``), the key requests are counted under."""
    head, _, rest = route.partition("/")
    if head == "files" and "/permissions" in rest:
        head, rest = "permissions", rest.partition("/permissions")[2].strip("/")
    if rest in {"generateIds", "startPageToken"}:
        return f"{head}.{'getStartPageToken' if rest == 'startPageToken' else rest}"
    verbs = {
        "GET": "get" if rest else "list",
        "POST": "create",
        "PATCH": "update",
        "DELETE": "delete",
    }
    return f"{head}.{verbs.get(method, method.lower())}"


class DriveHandler(BaseHTTPRequestHandler):
    """Translate HTTP requests into :class:`FakeDrive` operations and back."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed ACK
    server: FakeDriveServer
    #: The identity and occurrence of the request being handled (its faults' dice).
    _chance: tuple[str, int] = ("", 0)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    # plumbing ---------------------------------------------------------------------------------
    @property
    def drive(self) -> FakeDrive:
        return self.server.drive

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self,
        status: int,
        body: bytes,
        headers: Mapping[str, str] | None = None,
        content_type: str = "application/json; charset=UTF-8",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(
        self, status: int, payload: Json | None, headers: Mapping[str, str] | None = None
    ) -> None:
        self._send(status, b"" if payload is None else json.dumps(payload).encode(), headers)

    def _handle(self, method: str) -> None:
        self.drive.count("http")
        if self.drive.latency:
            time.sleep(self.drive.latency)
        url = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        body = self._read_body() if method != "PUT" or "upload_id" not in params else b""
        override = self.headers.get("X-HTTP-Method-Override")
        if override and method == "POST":
            # The client turns a GET longer than 2048 characters into a POST with the query in a
            # form-encoded body (googleapiclient.http.MAX_URI_LENGTH), as Google accepts.
            method = override.upper()
            params.update(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True))
            body = b""
        try:
            if url.path == "/batch/drive/v3" and method == "POST":
                self.drive.count("batch")
                self._batch(body)
                return
            if url.path == _SESSION_PATH and method == "PUT" and "upload_id" in params:
                self._upload_chunk(params)
                return
            status, payload, headers = self.dispatch(method, url.path, params, body, self.headers)
            if method == "POST" and status == 200 and self.drive.should_lose_response(self._chance):
                self.close_connection = True  # the create happened; the answer never arrives
                with contextlib.suppress(OSError):
                    self.connection.shutdown(2)
                return
            if isinstance(payload, bytes):  # a download (alt=media)
                self._send(status, payload, headers, "application/octet-stream")
                return
            self._json(status, payload, headers)
        except ApiError as error:
            self._json(error.status, error.body())
        except (ConnectionError, ssl.SSLError, TimeoutError):
            self.close_connection = True  # the client went away (or was killed): not our bug
        except Exception:  # a bug in the fake: answer, record it, and let tests fail on it
            self.drive.bugs.append(traceback.format_exc())
            error = ApiError(500, "fakeServerBug", "The fake Drive server failed; see drive.bugs")
            self._json(500, error.body())

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # routing ----------------------------------------------------------------------------------
    def dispatch(
        self, method: str, path: str, params: Mapping[str, str], body: bytes, headers: Any
    ) -> tuple[int, Json | bytes | None, dict[str, str]]:
        """One API call (also used for each part of a batch)."""
        drive = self.drive
        fields = parse_fields(params.get("fields"))
        all_drives = params.get("supportsAllDrives") == "true"
        ctype = headers.get("Content-Type", "") or ""
        chance = self._chance = drive.chance(drive.identity(method, path, params, body, ctype))

        def file_out(rec: FileRec) -> Json:
            res = rec.resource()
            if fields is None and "fields" not in params:
                res = {k: res[k] for k in ("kind", "id", "name", "mimeType")}
            return select(res, fields)

        if path.startswith("/upload/drive/v3/files") and method == "POST":
            return self._upload_start(params, body, headers, file_out, chance)
        if not path.startswith("/drive/v3/"):
            raise ApiError(404, "notFound", f"Not found: {path}")
        route = path[len("/drive/v3/") :]
        key = api_method(method, route)
        drive.count(key)
        drive.maybe_fail(key, chance)
        drive.check_write_rate(key)
        if route == "about" and method == "GET":  # about.get
            return (
                200,
                select(
                    {
                        "kind": "drive#about",
                        "user": {"emailAddress": drive.user_email, "displayName": "ICT"},
                    },
                    fields,
                ),
                {},
            )
        if route == "drives" and method == "GET":
            items = [d.resource() for d in sorted(drive.drives.values(), key=lambda d: d.id)]
            return 200, select({"kind": "drive#driveList", "drives": items}, fields), {}
        if route == "drives" and method == "POST":
            did = drive.add_shared_drive(json.loads(body or b"{}").get("name", "Shared drive"))
            return 200, drive.drives[did].resource(), {}
        if route.startswith("drives/") and method == "GET":
            did = urllib.parse.unquote(route.split("/", 1)[1])
            if did not in drive.drives:
                raise ApiError(404, "notFound", f"Shared drive not found: {did}")
            return 200, select(drive.drives[did].resource(), fields), {}
        if route == "files/generateIds" and method == "GET":
            count = min(int(params.get("count", "10")), 1000)
            with drive.lock:
                ids = [drive._new_id("g") for _ in range(count)]
                drive.generated.update(ids)
            return 200, {"kind": "drive#generatedIds", "space": "drive", "ids": ids}, {}
        if route == "files" and method == "GET":
            return 200, self._list(params, fields, file_out), {}
        if route == "files" and method == "POST":
            rec = drive.create(json.loads(body or b"{}"), all_drives)
            return 200, file_out(rec), {}
        if route.startswith("files/") and "/permissions" in route:
            return self._permissions(method, route, params, body, fields, all_drives)
        if route.startswith("files/"):
            file_id = urllib.parse.unquote(route.split("/", 1)[1])
            if method == "GET":
                if params.get("alt") == "media":
                    return 200, self._media(file_id, all_drives), {}
                return 200, file_out(drive.resolve(file_id, all_drives)), {}
            if method == "PATCH":
                rec = drive.update(file_id, json.loads(body or b"{}"), params)
                return 200, file_out(rec), {}
            if method == "DELETE":
                drive.delete(file_id, all_drives)
                return 204, None, {}
        if route == "changes/startPageToken" and method == "GET":
            self._check_change_scope(params, listing=False)
            return (
                200,
                {"kind": "drive#startPageToken", "startPageToken": str(len(drive.changes) + 1)},
                {},
            )
        if route == "changes" and method == "GET":
            return 200, self._changes(params, fields), {}
        raise ApiError(404, "notFound", f"Not found: {method} {path}")

    def _permissions(
        self,
        method: str,
        route: str,
        params: Mapping[str, str],
        body: bytes,
        fields: Any,
        all_drives: bool,
    ) -> tuple[int, Json | None, dict[str, str]]:
        """``permissions.list``/``get``/``create``/``delete`` on ``files/{id}/permissions``."""
        drive = self.drive
        file_part, _, perm_part = route[len("files/") :].partition("/permissions")
        file_id = urllib.parse.unquote(file_part)
        permission_id = urllib.parse.unquote(perm_part.strip("/"))

        def out(resource: Json) -> Json:
            # Without fields: kind, id, type and role ("always returned", permissions resource).
            if fields is None and "fields" not in params:
                return {k: resource[k] for k in ("kind", "id", "type", "role")}
            return dict(select(resource, fields))

        if method == "GET" and not permission_id:
            with drive.lock:
                perms = drive.permissions_of(drive.resolve(file_id, all_drives))
            size = max(1, min(int(params.get("pageSize", "100")), 100))
            start = int(params.get("pageToken") or 0)
            page: Json = {"kind": "drive#permissionList"}
            mask = None if fields is None else fields.get("permissions")
            page["permissions"] = [
                select(p, mask) if fields is not None else out(p)
                for p in perms[start : start + size]
            ]
            if start + size < len(perms):
                page["nextPageToken"] = str(start + size)
            return 200, select(page, fields) if fields is not None else page, {}
        if method == "GET":
            with drive.lock:
                perms = drive.permissions_of(drive.resolve(file_id, all_drives))
            for perm in perms:
                if perm["id"] == permission_id:
                    return 200, out(perm), {}
            raise ApiError(404, "notFound", f"Permission not found: {permission_id}.")
        if method == "POST" and not permission_id:
            made = drive.create_permission(file_id, json.loads(body or b"{}"), all_drives)
            with drive.lock:
                listed = drive.permissions_of(drive.resolve(file_id, all_drives))
            resource = next((p for p in listed if p["id"] == made.id), made.resource())
            return 200, out(resource), {}
        if method == "DELETE" and permission_id:
            drive.delete_permission(file_id, permission_id, all_drives)
            return 204, None, {}
        raise ApiError(404, "notFound", f"Not found: {method} {route}")

    def _list(
        self, params: Mapping[str, str], fields: Any, file_out: Callable[[FileRec], Json]
    ) -> Json:
        size = max(1, min(int(params.get("pageSize", "100")), 1000))
        start = int(params.get("pageToken") or 0)
        found = self.drive.list_files(params)
        page = found[start : start + size]
        out: Json = {"kind": "drive#fileList", "incompleteSearch": False}
        item_mask = None if fields is None else fields.get("files")
        out["files"] = [
            select(f.resource(), item_mask) if fields is not None else file_out(f) for f in page
        ]
        if start + size < len(found):
            out["nextPageToken"] = str(start + size)
        return select(out, fields) if fields is not None else out

    # change feed and downloads ---------------------------------------------------------------
    def _check_change_scope(self, params: Mapping[str, str], *, listing: bool) -> None:
        """A shared drive's change log is read with ``driveId`` plus ``supportsAllDrives`` (and,
        to list, ``includeItemsFromAllDrives``): developers.google.com/drive/api/guides/
        enable-shareddrives ("Track changes"); its own log holds changes the user's log never
        shows (…/guides/about-changes, "Track shared drives"). [exact error body UNVERIFIED]"""
        drive_id = params.get("driveId")
        if not drive_id:
            return
        if params.get("supportsAllDrives") != "true" or (
            listing and params.get("includeItemsFromAllDrives") != "true"
        ):
            raise ApiError(
                403,
                "teamDrivesParameterNotSupported",
                "driveId needs supportsAllDrives=true"
                + (" and includeItemsFromAllDrives=true." if listing else "."),
            )
        if drive_id not in self.drive.drives:
            raise ApiError(404, "notFound", f"Shared drive not found: {drive_id}")

    def _media(self, file_id: str, all_drives: bool) -> bytes:
        """``files.get?alt=media``: the stored bytes (developers.google.com/drive/api/guides/
        manage-downloads); Docs, Sheets and Slides must be exported instead (403
        ``fileNotDownloadable``). Needs ``FakeDrive(keep_content=True)``."""
        rec = self.drive.resolve(file_id, all_drives, include_trashed=False)
        if rec.is_folder or rec.mime.startswith("application/vnd.google-apps."):
            raise ApiError(
                403,
                "fileNotDownloadable",
                "Only files with binary content can be downloaded. Use Export with Docs Editors "
                "files.",
            )
        if rec.content is None:
            raise ApiError(400, "badRequest", "Downloads need FakeDrive(keep_content=True).")
        return rec.content

    def _changes(self, params: Mapping[str, str], fields: Any) -> Json:
        """``changes.list``: the change log from ``pageToken`` on, ``pageSize`` at a time. A
        change holds the file's *current* state, and a newer change of the same file replaces
        the older ones ("individual change entries may be invalidated and replaced with a newer
        change entry", developers.google.com/drive/api/guides/about-changes): a file shows once,
        at its latest change. ``removed`` for a file deleted for good; a trashed one is a change
        with ``file.trashed``."""
        drive = self.drive
        token = params.get("pageToken")
        if not token or not token.isdigit():
            raise ApiError(400, "invalid", "Invalid Value: pageToken", location="pageToken")
        self._check_change_scope(params, listing=True)
        size = max(1, min(int(params.get("pageSize", "100")), 1000))
        all_drives = params.get("supportsAllDrives") == "true"
        drive_id = params.get("driveId")
        with drive.lock:
            start = int(token) - 1
            window = drive.changes[start:]
            latest = {fid: seq for seq, fid, _did in drive.changes}
            picked = []
            consumed = 0
            for seq, fid, did in window:
                consumed += 1
                if latest[fid] != seq:
                    continue  # replaced by a newer entry of the same file
                if drive_id and did != drive_id:
                    continue
                if did and not all_drives:
                    continue
                rec = drive.files.get(fid)
                change: Json = {
                    "kind": "drive#change",
                    "changeType": "file",
                    "fileId": fid,
                    "time": rfc3339(time.time()),
                }
                if rec is None:
                    change["removed"] = True
                else:
                    change["removed"] = False
                    change["file"] = rec.resource()
                picked.append(change)
                if len(picked) >= size:
                    break
            out: Json = {"kind": "drive#changeList", "changes": picked}
            if start + consumed < len(drive.changes):
                out["nextPageToken"] = str(start + consumed + 1)
            else:
                out["newStartPageToken"] = str(len(drive.changes) + 1)
        return select(out, fields)

    # uploads ----------------------------------------------------------------------------------
    def _upload_start(
        self,
        params: Mapping[str, str],
        body: bytes,
        headers: Any,
        file_out: Callable[[FileRec], Json],
        chance: tuple[str, int],
    ) -> tuple[int, Json | None, dict[str, str]]:
        drive = self.drive
        kind = params.get("uploadType", "media")
        drive.count(f"upload.{kind}")
        drive.maybe_fail(f"upload.{kind}", chance)
        all_drives = params.get("supportsAllDrives") == "true"
        if kind == "resumable":
            meta = json.loads(body or b"{}")
            total = headers.get("X-Upload-Content-Length")
            session = drive.start_session(
                meta,
                int(total) if total else None,
                headers.get("X-Upload-Content-Type", ""),
                all_drives,
            )
            session.fields = params.get("fields")
            host = headers.get("Host", "127.0.0.1")
            location = f"https://{host}{_SESSION_PATH}?uploadType=resumable&upload_id={session.id}"
            return 200, None, {"Location": location, "X-GUploader-UploadID": session.id}
        with drive.lock:
            drive.check_upload_cap()
        drive.check_write_rate("upload.create")
        if kind in ("multipart", "media") and len(body) > SINGLE_REQUEST_MAX + 64 * 1024:
            raise ApiError(
                413, "uploadTooLarge", "Use a resumable upload for files larger than 5 MB."
            )
        if kind == "multipart":
            meta, content = parse_related(headers.get("Content-Type", ""), body)
        elif kind == "media":
            meta, content = {}, body
        else:
            raise ApiError(400, "badRequest", f"Unknown uploadType {kind}")
        with drive.lock:
            drive.uploaded_bytes += len(content)
            rec = drive.create(meta, all_drives, content=content)
        return 200, file_out(rec), {}

    def _upload_chunk(self, params: Mapping[str, str]) -> None:
        drive = self.drive
        drive.count("upload.chunk")
        session = drive.sessions.get(params["upload_id"])
        length = int(self.headers.get("Content-Length") or 0)
        if session is None:
            self.rfile.read(length)
            raise ApiError(404, "notFound", "Upload session not found or expired.")
        crange = self.headers.get("Content-Range", "")
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)", crange)
        status_query = re.fullmatch(r"bytes \*/(\d+|\*)", crange)
        if status_query or (not crange and length == 0):
            self.rfile.read(length)
            self._session_status(session)
            return
        if session.file_id is not None:
            self.rfile.read(length)
            self._session_status(session)
            return
        if not match:
            self.rfile.read(length)
            raise ApiError(400, "badRequest", f"Invalid Content-Range {crange!r}")
        start, end, total_s = int(match.group(1)), int(match.group(2)), match.group(3)
        total = int(total_s) if total_s != "*" else None
        if end - start + 1 != length:
            self.rfile.read(length)
            raise ApiError(400, "badRequest", "Content-Range does not match Content-Length.")
        final = total is not None and end + 1 == total
        if not final and length % CHUNK_GRANULARITY:
            self.rfile.read(length)
            raise ApiError(
                400,
                "badRequest",
                "Invalid request. The number of bytes uploaded is required to be equal or greater "
                "than 262144, except for the final request (it's recommended to be the exact "
                "multiple of 262144).",
            )
        chance = drive.chance(drive.session_identity(session, crange))
        if drive.should_drop_upload(chance):
            # Read part of the chunk, keep a 256 KiB-aligned prefix of it, then hang up.
            part = self.rfile.read(length // 2)
            keep = (len(part) // CHUNK_GRANULARITY) * CHUNK_GRANULARITY
            if keep and start <= session.received:
                drive.receive_chunk(session, start, part[:keep])
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(2)
            return
        data = self.rfile.read(length)
        drive.maybe_fail("upload.chunk", chance)
        drive.receive_chunk(session, start, data)
        if total is not None and session.total is None:
            session.total = total
        if session.total is not None and session.received >= session.total:
            rec = drive.finish_session(session)
            self._json(200, self._session_file(session, rec))
            return
        self._json(308, None, {"Range": f"bytes=0-{session.received - 1}"})

    def _session_file(self, session: Session, rec: FileRec) -> Json:
        fields = parse_fields(session.fields)
        res = rec.resource()
        if fields is None and session.fields is None:
            res = {k: res[k] for k in ("kind", "id", "name", "mimeType")}
        return select(res, fields)

    def _session_status(self, session: Session) -> None:
        if session.file_id is not None:
            rec = self.drive.files.get(session.file_id)
            if rec is not None:
                self._json(200, self._session_file(session, rec))
                return
        headers = {"Range": f"bytes=0-{session.received - 1}"} if session.received else {}
        self._json(308, None, headers)

    # batch ------------------------------------------------------------------------------------
    def _batch(self, body: bytes) -> None:
        ctype = self.headers.get("Content-Type", "")
        boundary = _boundary(ctype)
        parts = split_multipart(body, boundary)
        if len(parts) > BATCH_LIMIT:
            raise ApiError(400, "badRequest", f"A batch may hold at most {BATCH_LIMIT} calls.")
        out_boundary = "batch_" + secrets.token_hex(8).upper()
        chunks = []
        # "The server may perform your calls in any order": seeded by what the batch holds.
        digest = hashlib.blake2b(body, digest_size=8).hexdigest()
        parts = list(parts)
        random.Random(f"{self.drive.chaos.seed}:{digest}").shuffle(parts)
        for part_headers, payload in parts:
            content_id = part_headers.get("content-id", "")
            status, resp_body = self._batch_part(payload)
            text = json.dumps(resp_body) if resp_body is not None else ""
            response_id = content_id.replace("<", "<response-", 1) if content_id else ""
            reason = {200: "OK", 204: "No Content"}.get(status, "Error")
            chunks.append(
                f"--{out_boundary}\r\nContent-Type: application/http\r\n"
                f"Content-ID: {response_id}\r\n\r\n"
                f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=UTF-8\r\n"
                f"Content-Length: {len(text.encode())}\r\n\r\n{text}\r\n"
            )
        chunks.append(f"--{out_boundary}--\r\n")
        self._send(
            200, "".join(chunks).encode(), content_type=f"multipart/mixed; boundary={out_boundary}"
        )

    def _batch_part(self, payload: bytes) -> tuple[int, Json | None]:
        crlf, lf = payload.find(b"\r\n\r\n"), payload.find(b"\n\n")
        sep = b"\r\n\r\n" if crlf != -1 and (lf == -1 or crlf < lf) else b"\n\n"
        head, _, body = payload.partition(sep)
        lines = head.decode().splitlines()
        method, target, _version = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        url = urllib.parse.urlsplit(target)
        params = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        length = int(headers.get("content-length", len(body)))
        body = body[:length]
        try:
            if url.path.startswith("/upload/"):
                raise ApiError(400, "badRequest", "Media requests are not allowed in a batch.")
            status, resp, _hdrs = self.dispatch(method, url.path, params, body, _CIDict(headers))
            if isinstance(resp, bytes):  # [UNVERIFIED: the service's exact answer]
                raise ApiError(400, "badRequest", "Downloads are not allowed in a batch.")
            return status, resp
        except ApiError as error:
            return error.status, error.body()

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except (ConnectionError, ssl.SSLError, OSError):
            self.close_connection = True


class _CIDict(dict[str, str]):
    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


def _boundary(ctype: str) -> str:
    match = re.search(r'boundary="?([^";]+)"?', ctype)
    if not match:
        raise ApiError(400, "badRequest", "Missing multipart boundary.")
    return match.group(1)


def split_multipart(body: bytes, boundary: str) -> list[tuple[dict[str, str], bytes]]:
    """Split a MIME multipart body into (lower-cased headers, payload) pairs."""
    delim = b"--" + boundary.encode()
    start = body.find(delim)
    if start < 0:
        return []
    after = start + len(delim)
    # The client writes "\n" line endings (email's default), RFC 2046 says CRLF: the line
    # ending after the first delimiter tells which, and exactly that is stripped before each
    # delimiter (a payload ending in "\r" must keep it).
    eol = b"\r\n" if body[after : after + 2] == b"\r\n" else b"\n"
    out = []
    for raw in body[after:].split(eol + delim):
        if raw.startswith(b"--"):
            break
        piece = raw[len(eol) :] if raw.startswith(eol) else raw
        head, _, payload = piece.partition(eol + eol)
        headers = {}
        for line in head.decode("latin-1").splitlines():
            key, _, value = line.partition(":")
            if key.strip():
                headers[key.strip().lower()] = value.strip()
        out.append((headers, payload))
    return out


def parse_related(ctype: str, body: bytes) -> tuple[Json, bytes]:
    """A ``multipart/related`` upload: JSON metadata, then the media."""
    parts = split_multipart(body, _boundary(ctype))
    if len(parts) != 2:
        raise ApiError(400, "badRequest", "A multipart upload has exactly two parts.")
    return json.loads(parts[0][1] or b"{}"), parts[1][1]


class FakeDriveServer(ThreadingHTTPServer):
    """The fake on ``https://127.0.0.1:<free port>``, serving in a background thread."""

    daemon_threads = True

    def __init__(self, drive: FakeDrive, cert_dir: Path) -> None:
        import trustme

        super().__init__(("127.0.0.1", 0), DriveHandler)
        self.drive = drive
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        cert_dir.mkdir(parents=True, exist_ok=True)
        self.ca_path = cert_dir / "fake-drive-ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_path))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        self.socket = context.wrap_socket(self.socket, server_side=True)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def api_endpoint(self) -> str:
        return f"{self.url}/drive/v3/"

    @property
    def batch_uri(self) -> str:
        return f"{self.url}/batch/drive/v3"

    def options(self, **extra: str) -> dict[str, str]:
        """The target options that point the adapter at this fake (write shaping off unless
        ``extra`` sets ``writes_per_second``: the fake has no write limit unless told)."""
        return {
            "api_endpoint": self.api_endpoint, "ca_certs": str(self.ca_path),
            "writes_per_second": "0", **extra,
        }  # fmt: skip

    def start(self) -> FakeDriveServer:
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-drive",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def start_fake(
    cert_dir: Path, *, shared_drives: Iterable[str] = (), **drive_options: Any
) -> tuple[FakeDriveServer, dict[str, str]]:
    """Start a fake with the named shared drives; returns the server and ``{name: id}``."""
    drive = FakeDrive(**drive_options)
    ids = {name: drive.add_shared_drive(name) for name in shared_drives}
    return FakeDriveServer(drive, cert_dir).start(), ids


def main(argv: list[str] | None = None) -> int:
    """Entry point: serve until SIGTERM/SIGINT, printing one JSON line with the connection facts."""
    parser = argparse.ArgumentParser(description="Fake Google Drive v3 server (HTTPS, loopback).")
    parser.add_argument("--shared-drive", action="append", default=[], help="create a shared drive")
    parser.add_argument("--ready-file", type=Path, help="also write the JSON line here")
    parser.add_argument("--cert-dir", type=Path, help="where to write the CA certificate")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each request")
    parser.add_argument("--upload-cap", type=int, help="daily upload cap in bytes")
    parser.add_argument(
        "--member", action="append", default=[], metavar="GROUP",
        help="a group that is a member (writer) of every shared drive, e.g. the whole team",
    )  # fmt: skip
    parser.add_argument(
        "--no-limited-access", action="store_true",
        help="a Drive without folders with limited access",
    )  # fmt: skip
    args = parser.parse_args(argv)
    cert_dir = args.cert_dir or Path(tempfile.mkdtemp(prefix="fake-drive-"))
    server, ids = start_fake(
        cert_dir,
        shared_drives=args.shared_drive or ["Team"],
        latency=args.latency,
        chaos=Chaos(upload_cap_bytes=args.upload_cap),
        limited_access=not args.no_limited_access,
    )
    for drive_id in ids.values():
        for group in args.member:
            server.drive.add_member(drive_id, group)
    info = {
        "url": server.url,
        "api_endpoint": server.api_endpoint,
        "batch_uri": server.batch_uri,
        "ca_certs": str(server.ca_path),
        "shared_drives": ids,
    }
    line = json.dumps(info)
    print(line, flush=True)
    if args.ready_file:
        tmp = args.ready_file.with_suffix(".tmp")
        tmp.write_text(line + "\n")
        tmp.replace(args.ready_file)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    counts = dict(server.drive.requests)
    server.stop()
    print(
        json.dumps({"requests": counts, "total": sum(counts.values())}), file=sys.stderr, flush=True
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
