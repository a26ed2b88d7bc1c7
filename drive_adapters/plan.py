"""The migration plan: target tree, where every inventory item goes, and the operations.

A plan is two files an admin can read and diff:

* ``plan.yaml``: version, the inventory snapshot (id + fingerprint) it was built from, the rules
  it was fixed for, the folder tree, every card's placement, the coarse *units* (a card's folder
  that stays whole is one unit), what is excluded, and every rule violation with its fix;
* ``items.csv``: one row per inventory item, ``source → target`` with the action that puts it
  there. ``plan.yaml`` records its SHA-256, so a hand edit that would make the two disagree is
  refused instead of half-applied.

The operations are not stored: :func:`operations` derives them from the plan, deterministically,
for one of two modes. *In place* restructures the share itself with renames: new folders are
made inside a staging folder (each folder meant for a narrower audience than its parent is
limited to that audience right after it is made, before anything moves in: an *access* step,
on targets that can change who opens an item), items the rules renamed are renamed where they
are (parents first; :data:`RENAMES_FIRST`), units are moved in (deepest source first, so a card
carved out of another card's folder leaves before its parent moves), emptied old folders are
removed, and the staging folder's contents are moved up. *Copy* makes every folder, limits the
folders with a narrower audience, and uploads every file into a new root. The journal stores a
hash of the operation
list, so a plan edited half-way is noticed.

Paths are bytes in the inventory and ``str`` tuples on the target (``os.fsdecode`` names, so
a name that is not UTF-8 keeps its bytes). In the files, undecodable bytes are written ``\\xNN``
and a backslash as ``\\\\``, which reads back byte for byte.
"""

from __future__ import annotations

import csv
import enum
import gc
import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sessions.private_files import make_dirs, open_private
from sessions.said import Said

__all__ = [
    "PLAN_ENGLISH",
    "PLAN_VERSION",
    "RENAMES_FIRST",
    "UNREADABLE_NOTE",
    "Action",
    "CardPlacement",
    "Mode",
    "Op",
    "OpKind",
    "Plan",
    "PlanError",
    "PlanItem",
    "SnapshotRef",
    "Unit",
    "access_folders",
    "decode_name",
    "decode_path",
    "encode_name",
    "encode_path",
    "load_plan",
    "operations",
    "ops_digest",
    "save_plan",
    "split_source",
]

PLAN_VERSION = 1
PLAN_FILE = "plan.yaml"
ITEMS_FILE = "items.csv"

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class PlanError(Exception):
    """The plan cannot be built, read or used; the message says why and what to do."""


#: Why a plan file cannot be read, in English; the CLI says them in Dutch or English
#: (catalogue ``exec.plan.<code>``; a test keeps the two in step).
PLAN_ENGLISH = {
    "missing": "There is no plan at {path}. Make one with `cardsort plan STUDY`.",
    "unreadable": "{path} cannot be read as a plan: {detail}",
    "not_a_plan": "{path} is not a cardsort-drive plan.",
    "version": "{path} is plan version {version}; this cardsort-drive reads version {supported}. "
    "Re-create the plan with `cardsort plan`.",
    "items_changed": "{name} next to {plan} was changed after the plan was made. The items file "
    "is generated: re-create the plan with `cardsort plan` instead of editing it.",
    "damaged": "{path} is damaged or was edited by hand ({what}); re-create it with "
    "`cardsort plan`.",
}


def _said(code: str, /, **params: object) -> Said:
    return Said(f"exec.plan.{code}", PLAN_ENGLISH[code], params)


class Mode(enum.StrEnum):
    """How a plan is carried out on a target."""

    IN_PLACE = "in-place"  # restructure the share itself (renames, server-side moves)
    COPY = "copy"  # build the new tree in another root (copies, uploads)


class Action(enum.StrEnum):
    """What happens to one inventory item."""

    MOVE = "move"  # the item is a unit: moved (and maybe renamed) as one operation
    WITH_FOLDER = "with-folder"  # inside a unit: travels with its folder
    REMOVE_EMPTY = "remove-empty"  # an old folder emptied by the plan, removed at the end
    EXCLUDE = "exclude"  # lock/system file, link, unreadable: not placed, listed here
    KEEP = "keep"  # an old folder that keeps excluded items, left where it is


#: How the plan's note on a folder the scan could not read starts: nobody knows what it holds,
#: so it is neither moved nor copied nor compared; it stays where it is.
UNREADABLE_NOTE = "not readable (no permission)"

# -- byte-exact text encoding of names and paths ----------------------------------------------

_ESCAPE = re.compile(r"\\(\\|x[0-9a-fA-F]{2})")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f\udc80-\udcff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00 if code >= 0xDC00 else code:02x}"


def encode_name(name: str) -> str:
    """A name as printable text: ``\\`` doubled, then surrogate-escaped bytes (not UTF-8) and
    control characters (carriage return, tab, …) as ``\\xNN``. Reversible: see
    :func:`decode_name`."""
    out = name.replace("\\", "\\\\")
    return _UNPRINTABLE.sub(_escape, out)


def decode_name(text: str) -> str:
    """Inverse of :func:`encode_name`: ``\\xNN`` is a control character below 0x80, else the
    byte that was not UTF-8 (as its surrogate escape)."""
    if "\\" not in text:
        return text

    def char(m: re.Match[str]) -> str:
        if m.group(1) == "\\":
            return "\\"
        code = int(m.group(1)[1:], 16)
        return chr(code) if code < 0x80 else chr(0xDC00 + code)

    return _ESCAPE.sub(char, text)


def encode_path(raw: bytes) -> str:
    """An inventory path (bytes) as printable text."""
    return encode_name(os.fsdecode(raw))


def decode_path(text: str) -> bytes:
    """Inverse of :func:`encode_path`."""
    return os.fsencode(decode_name(text))


def split_source(raw: bytes) -> tuple[str, ...]:
    """An inventory path as target-style names (``os.fsdecode`` per segment)."""
    return tuple(os.fsdecode(part) for part in raw.split(b"/")) if raw else ()


def _join(names: Sequence[str]) -> str:
    return "/".join(encode_name(n) for n in names)


class _BadPath(PlanError):
    """A path in a plan file that cannot be one (the caller says where it was)."""


#: Names that never enter a plan: they would point at the folder itself or its parent.
_DOT_NAMES = frozenset({"", ".", ".."})


def _split(text: object) -> tuple[str, ...]:
    """A plan's target path back into names; refuses what is not a path below the target."""
    if not isinstance(text, str):
        raise _BadPath(f"a path was expected, found {text!r}")
    names = tuple(decode_name(n) for n in text.split("/")) if text else ()
    for name in names:
        if name in _DOT_NAMES or "/" in name or "\x00" in name:
            raise _BadPath(
                f"the path {text!r} holds the name {encode_name(name)!r}, which cannot be a "
                "file or folder name (empty, '.', '..', '/' or NUL)"
            )
    return names


def _source(text: object) -> bytes:
    """An inventory path from a plan file; refuses what would leave the share ('..')."""
    if not isinstance(text, str):
        raise _BadPath(f"a source path was expected, found {text!r}")
    raw = decode_path(text)
    if raw and any(part in (b"", b".", b"..") or b"\x00" in part for part in raw.split(b"/")):
        raise _BadPath(f"the source path {text!r} is not a path inside the share")
    return raw


# -- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SnapshotRef:
    """The inventory snapshot a plan was built from."""

    id: int
    root: str
    root_bytes: bytes
    source: str
    source_ref: str | None
    fingerprint: str
    entries: int


@dataclass(slots=True)
class PlanItem:
    """One inventory item and where it ends up (one row of ``items.csv``)."""

    source: bytes
    kind: str
    size: int
    mtime: float | None
    action: Action
    target: tuple[str, ...] | None = None
    unit: int | None = None
    card: str | None = None
    hash: str | None = None
    hash_name: str | None = None
    item_id: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Unit:
    """A coarse placement: one source item (and all it holds) to one target path."""

    id: int
    source: bytes
    is_folder: bool
    target: tuple[str, ...]
    card: str | None
    reason: str  # card, unsorted-card, unclaimed
    files: int = 0
    bytes: int = 0
    item_id: str | None = None


@dataclass(frozen=True, slots=True)
class CardPlacement:
    """Where one card of the study goes."""

    key: str
    label: str
    restricted: bool
    folder: tuple[str, ...]  # the folder its sources land in
    sources: tuple[bytes, ...]
    status: str  # placed, unsorted
    acknowledged: bool = False
    audience: str | None = None  # who may open it, for a restricted card (care, staff, ...)


@dataclass
class Plan:
    """A complete, reviewable migration plan."""

    plan_id: str
    created_at: str
    study: str
    snapshot: SnapshotRef
    rules: str
    unsorted_folder: str
    staging: str
    folders: list[tuple[str, ...]]  # folders the plan creates, parents first
    units: list[Unit]
    removals: list[bytes]  # old folders emptied by the plan, deepest first
    items: list[PlanItem]
    cards: list[CardPlacement] = field(default_factory=list)
    violations: list[dict[str, str]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    version: int = PLAN_VERSION

    # -- derived views ---------------------------------------------------------------------

    def blocking(self) -> list[dict[str, str]]:
        """Violations nothing fixes: the plan cannot be applied while these remain."""
        return [v for v in self.violations if v.get("severity") == "blocking"]

    def unreadable(self) -> list[PlanItem]:
        """Folders the scan could not read: left in place, the admin is told."""
        return [i for i in self.items if i.kind == "dir" and i.note.startswith(UNREADABLE_NOTE)]

    def excluded(self) -> list[PlanItem]:
        """Items the plan does not place (lock/system files, links, unreadable entries)."""
        return [i for i in self.items if i.action is Action.EXCLUDE]

    def placed_files(self) -> Iterator[PlanItem]:
        """Files that must exist at their target after apply."""
        for item in self.items:
            if (
                item.kind == "file"
                and item.target is not None
                and item.action in (Action.MOVE, Action.WITH_FOLDER)
            ):
                yield item

    def top_level_names(self) -> list[str]:
        """Names the plan puts directly in the target root."""
        names = {f[0] for f in self.folders if len(f) == 1}
        names.update(u.target[0] for u in self.units if len(u.target) == 1)
        return sorted(names)

    def counts(self) -> dict[str, int]:
        """Headline numbers for summaries."""
        files = sum(1 for _ in self.placed_files())
        return {
            "items": len(self.items),
            "files": files,
            "bytes": sum(i.size for i in self.placed_files()),
            "folders_created": len(self.folders),
            "units": len(self.units),
            "renamed": sum(1 for v in self.violations if v.get("severity") == "fixed"),
            "removals": len(self.removals),
            "excluded": len(self.excluded()),
            "blocking": len(self.blocking()),
        }


# -- operations --------------------------------------------------------------------------------


class OpKind(enum.StrEnum):
    """What one operation does on the target."""

    MKDIR = "mkdir"
    MOVE = "move"  # move (and maybe rename) an item to another folder
    RENAME = "rename"  # rename in place (an item inside a moved folder that a rule renamed)
    RMDIR = "rmdir"  # remove an old folder the plan emptied
    UPLOAD = "upload"  # copy a file from the source share into the target
    ACCESS = "access"  # let only the folder's audience open it (drive_adapters.remote.access)


@dataclass(frozen=True, slots=True)
class Op:
    """One step of applying a plan. ``src``/``dst`` are target paths at that moment."""

    seq: int
    kind: OpKind
    src: tuple[str, ...] | None
    dst: tuple[str, ...] | None
    source: bytes | None = None  # the inventory item it acts for
    is_folder: bool = False
    files: int = 0
    bytes: int = 0
    mtime: float | None = None
    item_id: str | None = None
    audience: str | None = None  # ACCESS: the audience code the folder is limited to

    def describe(self) -> str:
        """One line for reports."""
        src = "/".join(self.src) if self.src else ""
        dst = "/".join(self.dst) if self.dst else ""
        if self.kind is OpKind.ACCESS:
            return f"access {encode_name(dst)} ({self.audience})"
        if self.kind in (OpKind.MKDIR, OpKind.UPLOAD):
            return f"{self.kind.value} {encode_name(dst)}"
        if self.kind is OpKind.RMDIR:
            return f"rmdir {encode_name(src)}"
        return f"{self.kind.value} {encode_name(src)} -> {encode_name(dst)}"


def _entry_bytes(plan: Plan) -> dict[int, tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for unit in plan.units:
        out[unit.id] = (unit.files, unit.bytes)
    return out


#: Plan option: in place, items renamed while travelling with their folder are renamed where
#: they are, before any move (set by the planner since long paths are fitted with the staging
#: folder counted); plans without it keep renaming inside the staging folder, so a journal
#: made with them still matches its operations.
RENAMES_FIRST = "renames_first"


#: The audience everyone on the drive belongs to (cardsort.privacy.audiences.TEAM).
WHOLE_TEAM = "team"


def access_folders(plan: Plan) -> list[tuple[tuple[str, ...], str]]:
    """The folders apply limits, with their audience: each folder whose audience (the plan's
    ``options.audiences``) is narrower than its parent's, parents first. A folder that only
    repeats its parent's audience inherits it and needs no step of its own."""
    given = plan.options.get("audiences") or {}
    out = []
    for text, audience in given.items():
        path = _split(text)
        parent = given.get("/".join(path[:-1]), WHOLE_TEAM) if len(path) > 1 else WHOLE_TEAM
        if path and audience != WHOLE_TEAM and audience != parent:
            out.append((path, str(audience)))
    return sorted(out, key=lambda fa: (len(fa[0]), fa[0]))


def operations(plan: Plan, mode: Mode, *, access: bool = False) -> list[Op]:
    """The plan's operations for ``mode``, in an order where each one's inputs exist.

    ``access``: the target can change who opens an item, so folders meant for a narrower
    audience get an access step right after they are made (before anything goes into them).
    """
    was_enabled = gc.isenabled()
    gc.disable()  # up to a million new objects, none of them garbage: no point scanning them
    try:
        return _operations(plan, mode, access)
    finally:
        if was_enabled:
            gc.enable()


def _operations(plan: Plan, mode: Mode, access: bool = False) -> list[Op]:
    ops: list[Op] = []
    limits = access_folders(plan) if access else []

    def add(
        kind: OpKind, src: tuple[str, ...] | None, dst: tuple[str, ...] | None, **extra: Any
    ) -> None:
        ops.append(Op(len(ops) + 1, kind, src, dst, **extra))

    if mode is Mode.COPY:
        folders: dict[tuple[str, ...], bytes | None] = dict.fromkeys(plan.folders)
        for item in plan.items:
            if (
                item.target is not None
                and item.kind == "dir"
                and item.action in (Action.MOVE, Action.WITH_FOLDER)
            ):
                folders[item.target] = item.source
        for folder in sorted(folders, key=lambda f: (len(f), f)):
            add(OpKind.MKDIR, None, folder, source=folders[folder], is_folder=True)
        for folder, audience in limits:  # before any file is uploaded into them
            add(OpKind.ACCESS, None, folder, is_folder=True, audience=audience)
        uploads = sorted(plan.placed_files(), key=lambda i: i.target or ())
        for item in uploads:
            add(
                OpKind.UPLOAD,
                split_source(item.source),
                item.target,
                source=item.source,
                files=1,
                bytes=item.size,
                mtime=item.mtime,
                item_id=item.item_id,
            )
        return ops

    stage = (plan.staging,)
    add(OpKind.MKDIR, None, stage, is_folder=True)
    for folder in plan.folders:  # parents first, as stored
        add(OpKind.MKDIR, None, stage + folder, is_folder=True)
    for folder, audience in limits:  # before anything moves into them
        add(OpKind.ACCESS, None, stage + folder, is_folder=True, audience=audience)
    renames = [
        i
        for i in plan.items
        if i.action is Action.WITH_FOLDER
        and i.target is not None
        and i.target[-1] != os.fsdecode(i.source.rsplit(b"/", 1)[-1])
    ]
    first = bool(plan.options.get(RENAMES_FIRST))
    renamed: dict[bytes, str] = {}  # source -> its new name, once renamed where it is

    def now(source: bytes) -> tuple[str, ...]:
        """Where a source item is after the renames made so far (their ancestors' names)."""
        parts = source.split(b"/")
        return tuple(
            renamed.get(b"/".join(parts[: i + 1]), os.fsdecode(part))
            for i, part in enumerate(parts)
        )

    if first:
        # Renamed where they are, parents first, before anything moves: a name shortened for
        # the path limit is short before its folder moves into the (longer) staging path.
        renames.sort(key=lambda i: (i.source.count(b"/"), i.source))
        for item in renames:
            assert item.target is not None
            here = now(item.source)
            renamed[item.source] = item.target[-1]
            add(
                OpKind.RENAME,
                here,
                (*here[:-1], item.target[-1]),
                source=item.source,
                is_folder=item.kind == "dir",
                files=1,
                bytes=item.size,
            )
    sizes = _entry_bytes(plan)
    for unit in sorted(plan.units, key=lambda u: (-u.source.count(b"/"), u.source)):
        files, size = sizes[unit.id]
        add(
            OpKind.MOVE,
            now(unit.source),
            stage + unit.target,
            source=unit.source,
            is_folder=unit.is_folder,
            files=files,
            bytes=size,
            item_id=unit.item_id,
        )
    if not first:  # plans made before RENAMES_FIRST: renamed in the staging folder, as then
        renames.sort(key=lambda i: (len(i.target or ()), i.target))
        for item in renames:
            assert item.target is not None
            old = os.fsdecode(item.source.rsplit(b"/", 1)[-1])
            add(
                OpKind.RENAME,
                stage + item.target[:-1] + (old,),
                stage + item.target,
                source=item.source,
                is_folder=item.kind == "dir",
                files=1,
                bytes=item.size,
            )
    for removal in plan.removals:  # deepest first, as stored
        add(OpKind.RMDIR, now(removal), None, source=removal, is_folder=True)
    for name in plan.top_level_names():
        add(OpKind.MOVE, (*stage, name), (name,), is_folder=True)
    add(OpKind.RMDIR, stage, None, is_folder=True)
    return ops


def ops_digest(ops: Iterable[Op]) -> str:
    """A fingerprint of an operation list (the journal refuses to mix two different lists)."""
    digest = hashlib.sha256()
    for op in ops:
        digest.update(
            json.dumps(
                [op.seq, op.kind.value, list(op.src or ()), list(op.dst or ())]
                + ([op.audience] if op.audience else []),
                ensure_ascii=True,
            ).encode("ascii", "backslashreplace")
        )
        digest.update(b"\n")
    return digest.hexdigest()


# -- files -------------------------------------------------------------------------------------

_CSV_FIELDS = (
    "source",
    "kind",
    "size",
    "mtime",
    "action",
    "target",
    "unit",
    "card",
    "hash",
    "hash_name",
    "item_id",
    "note",
)


def _write_items(path: Path, items: Sequence[PlanItem]) -> str:
    digest = hashlib.sha256()
    tmp = path.with_name(path.name + ".tmp")
    with open_private(tmp, "w", encoding="utf-8", newline="") as handle:
        # RFC 4180 line ends: a field holding a carriage return or a line feed is quoted then
        # (with "\n" alone, Python leaves a bare "\r" unquoted and the file cannot be read back).
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(_CSV_FIELDS)
        for i in items:
            writer.writerow(
                (
                    encode_path(i.source),
                    i.kind,
                    i.size,
                    "" if i.mtime is None else repr(i.mtime),
                    i.action.value,
                    "" if i.target is None else _join(i.target),
                    "" if i.unit is None else i.unit,
                    i.card or "",
                    i.hash or "",
                    i.hash_name or "",
                    i.item_id or "",
                    i.note,
                )
            )
    with open(tmp, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    os.replace(tmp, path)
    return digest.hexdigest()


def _read_items(path: Path) -> tuple[list[PlanItem], str]:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    items: list[PlanItem] = []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None or tuple(header) != _CSV_FIELDS:
                raise PlanError(f"{path} is not a cardsort-drive items file (unexpected columns).")
            for row in reader:
                items.append(_item(row, path, reader.line_num))
        except csv.Error as error:
            raise PlanError(
                f"{path.name}, line {reader.line_num}: cannot be read as CSV ({error}); the file "
                "is generated: re-create the plan with `cardsort plan` instead of editing it."
            ) from error
    return items, digest.hexdigest()


def _item(row: list[str], path: Path, line: int) -> PlanItem:
    """One row of ``items.csv``; a row that is not one gets a :class:`PlanError` naming it."""
    if len(row) != len(_CSV_FIELDS):
        raise PlanError(
            f"{path.name}, line {line}: {len(row)} columns instead of {len(_CSV_FIELDS)}; the "
            "file is generated: re-create the plan with `cardsort plan` instead of editing it."
        )
    try:
        (
            source,
            kind,
            size,
            mtime,
            action,
            target,
            unit,
            card,
            hash_,
            hash_name,
            item_id,
            note,
        ) = row
        return PlanItem(
            source=_source(source),
            kind=kind,
            size=int(size),
            mtime=float(mtime) if mtime else None,
            action=Action(action),
            target=_split(target) if target else None,
            unit=int(unit) if unit else None,
            card=card or None,
            hash=hash_ or None,
            hash_name=hash_name or None,
            item_id=item_id or None,
            note=note,
        )
    except _BadPath as error:
        raise PlanError(
            f"{path.name}, line {line}: {error}. The file is generated: re-create the plan with "
            "`cardsort plan` instead of editing it."
        ) from error
    except ValueError as error:
        raise PlanError(
            f"{path.name}, line {line}: a value cannot be read ({error}); the file is generated: "
            "re-create the plan with `cardsort plan` instead of editing it."
        ) from error


def _tree(plan: Plan) -> list[dict[str, Any]]:
    """The folder tree for reading: created folders with the cards and units they receive."""
    root: dict[str, Any] = {"children": {}}

    def node(path: tuple[str, ...]) -> dict[str, Any]:
        current = root
        for name in path:
            current = current["children"].setdefault(name, {"children": {}})
        return current

    for folder in plan.folders:
        node(folder)
    for unit in plan.units:
        entry = node(unit.target[:-1])
        entry.setdefault("items", []).append(
            encode_name(unit.target[-1]) + ("/" if unit.is_folder else "")
        )

    def render(children: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for name in sorted(children):
            child = children[name]
            row: dict[str, Any] = {"name": encode_name(name)}
            if child.get("items"):
                row["items"] = sorted(child["items"])
            if child["children"]:
                row["folders"] = render(child["children"])
            out.append(row)
        return out

    return render(root["children"])


def save_plan(plan: Plan, directory: Path) -> Path:
    """Write ``plan.yaml`` and ``items.csv`` into ``directory``; returns the YAML path."""
    make_dirs(directory)
    items_sha = _write_items(directory / ITEMS_FILE, plan.items)
    doc: dict[str, Any] = {
        "cardsort_plan": plan.version,
        "plan_id": plan.plan_id,
        "created_at": plan.created_at,
        "study": plan.study,
        "snapshot": {
            "id": plan.snapshot.id,
            "root": plan.snapshot.root,
            "root_bytes": encode_path(plan.snapshot.root_bytes),
            "source": plan.snapshot.source,
            "source_ref": plan.snapshot.source_ref,
            "fingerprint": plan.snapshot.fingerprint,
            "entries": plan.snapshot.entries,
        },
        "rules": plan.rules,
        "unsorted_folder": plan.unsorted_folder,
        "staging": plan.staging,
        "options": plan.options,
        "summary": plan.counts(),
        "tree": _tree(plan),
        "cards": [
            {
                "key": c.key,
                "label": c.label,
                "restricted": c.restricted,
                "status": c.status,
                "folder": _join(c.folder),
                "sources": [encode_path(s) for s in c.sources],
                **({"acknowledged": True} if c.acknowledged else {}),
                **({"audience": c.audience} if c.audience else {}),
            }
            for c in plan.cards
        ],
        "folders": [_join(f) for f in plan.folders],
        "units": [
            {
                "id": u.id,
                "source": encode_path(u.source),
                "target": _join(u.target),
                "folder": u.is_folder,
                "card": u.card,
                "reason": u.reason,
                "files": u.files,
                "bytes": u.bytes,
                **({"item_id": u.item_id} if u.item_id else {}),
            }
            for u in plan.units
        ],
        "removals": [encode_path(r) for r in plan.removals],
        "excluded": [
            {"path": encode_path(i.source), "kind": i.kind, "reason": i.note}
            for i in plan.items
            if i.action is Action.EXCLUDE
        ],
        "violations": plan.violations,
        "items_file": {"name": ITEMS_FILE, "sha256": items_sha, "rows": len(plan.items)},
    }
    target = directory / PLAN_FILE
    tmp = target.with_name(target.name + ".tmp")
    with open_private(tmp, "w", encoding="utf-8") as handle:
        handle.write("# cardsort-drive migration plan. Review it; apply with `cardsort migrate`.\n")
        yaml.dump(doc, handle, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    os.replace(tmp, target)
    return target


def _plan_path(path: Path) -> Path:
    return path / PLAN_FILE if path.is_dir() else path


def load_plan(path: Path) -> Plan:
    """Read a plan written by :func:`save_plan` (give the folder or its ``plan.yaml``)."""
    path = _plan_path(Path(path))
    if not path.is_file():
        raise PlanError(_said("missing", path=path))
    try:
        with open(path, encoding="utf-8") as handle:
            doc = yaml.load(handle, Loader=_Loader)
    except (OSError, yaml.YAMLError) as error:
        raise PlanError(_said("unreadable", path=path, detail=error)) from error
    if not isinstance(doc, dict) or "cardsort_plan" not in doc:
        raise PlanError(_said("not_a_plan", path=path))
    if doc["cardsort_plan"] != PLAN_VERSION:
        raise PlanError(
            _said("version", path=path, version=doc["cardsort_plan"], supported=PLAN_VERSION)
        )
    try:
        info = doc["items_file"]
        items, sha = _read_items(path.parent / info["name"])
        if sha != info["sha256"]:
            raise PlanError(_said("items_changed", name=info["name"], plan=path.name))
        snap = doc["snapshot"]
        plan = Plan(
            plan_id=str(doc["plan_id"]),
            created_at=str(doc["created_at"]),
            study=str(doc["study"]),
            snapshot=SnapshotRef(
                id=int(snap["id"]),
                root=str(snap["root"]),
                root_bytes=decode_path(snap["root_bytes"]),
                source=str(snap["source"]),
                source_ref=snap.get("source_ref"),
                fingerprint=str(snap["fingerprint"]),
                entries=int(snap["entries"]),
            ),
            rules=str(doc["rules"]),
            unsorted_folder=str(doc["unsorted_folder"]),
            staging=str(doc["staging"]),
            folders=[_split(f) for f in doc.get("folders") or []],
            units=[
                Unit(
                    id=int(u["id"]),
                    source=_source(u["source"]),
                    is_folder=bool(u["folder"]),
                    target=_split(u["target"]),
                    card=u.get("card"),
                    reason=str(u["reason"]),
                    files=int(u.get("files", 0)),
                    bytes=int(u.get("bytes", 0)),
                    item_id=u.get("item_id"),
                )
                for u in doc.get("units") or []
            ],
            removals=[_source(r) for r in doc.get("removals") or []],
            items=items,
            cards=[
                CardPlacement(
                    key=str(c["key"]),
                    label=str(c["label"]),
                    restricted=bool(c["restricted"]),
                    folder=_split(c["folder"]),
                    sources=tuple(_source(s) for s in c["sources"]),
                    status=str(c["status"]),
                    acknowledged=bool(c.get("acknowledged", False)),
                    audience=c.get("audience"),
                )
                for c in doc.get("cards") or []
            ],
            violations=list(doc.get("violations") or []),
            options=dict(doc.get("options") or {}),
        )
    except _BadPath as error:
        raise PlanError(
            f"{path} was edited by hand and cannot be used: {error}. Re-create it with "
            "`cardsort plan`."
        ) from error
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        what = f"the entry {error} is missing" if isinstance(error, KeyError) else str(error)
        raise PlanError(_said("damaged", path=path, what=what)) from error
    _check_consistent(plan, path)
    return plan


def _check_consistent(plan: Plan, path: Path) -> None:
    """Units in the YAML and rows in the CSV must tell the same story."""
    by_source = {i.source: i for i in plan.items}
    for unit in plan.units:
        item = by_source.get(unit.source)
        if item is None or item.target != unit.target or item.action is not Action.MOVE:
            raise PlanError(
                f"Unit {unit.id} in {path.name} ({encode_path(unit.source)}) does not match the "
                "items file; the plan was edited by hand. Re-create it with `cardsort plan`."
            )
