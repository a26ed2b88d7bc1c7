"""Turn the team's consensus tree into a migration plan where every inventory item is accounted for.

The rules, in the order they are applied:

1. Every consensus folder becomes a folder; a card becomes a folder named by its label when it
   stands for several items or for one folder (``card_folders="label"``, the default), while a
   card that is one file puts that file straight into its folder. With ``card_folders="source"``
   the card's items keep their own names in the consensus folder.
2. Each inventory item belongs to the card whose source is its nearest ancestor-or-self; a card
   nested in another card's folder is carved out of it first.
3. Cards nobody sorted (the consensus' ``unassigned``, and study cards the tree does not mention)
   go to ``unsorted_folder`` ("Nog indelen"), each in a folder named by its label. Items that no
   card stands for go there too, under their old path, so nothing disappears silently.
4. Lock and system files, symlinks (never followed), devices and unreadable entries are
   excluded and listed. In place they stay where they are, or travel with a folder that moves
   whole; they are never copied.
5. Two items that land on the same name merge when both are folders (recursively); otherwise
   the later one (cards in consensus order, sources by path) is renamed ``Name (2).ext`` — the
   first free number — and listed. Never an overwrite.
6. The target's rules are applied last (:func:`drive_adapters.rules.fix_tree`): every rename is
   written into the plan.
7. A restricted card (pupil care, personnel) may only land in a folder whose audience is the
   card's own (set with ``cardsort consensus audience``, or inferred when every card in the
   folder needs that audience); anything else is refused, with the choices, unless the admin
   acknowledged that card (:mod:`cardsort.privacy.placement`). The plan records each folder's
   audience (``options.audiences``) and each restricted card's.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.i18n import Translator
from cardsort.privacy.audiences import TEAM
from cardsort.privacy.placement import (
    DEFAULT_RESTRICTED,
    Placed,
    effective_audiences,
    refusals,
    refused_plan,
)
from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from drive_adapters.plan import (
    RENAMES_FIRST,
    UNREADABLE_NOTE,
    Action,
    CardPlacement,
    Plan,
    PlanError,
    PlanItem,
    SnapshotRef,
    Unit,
    encode_name,
    encode_path,
)
from drive_adapters.remote.paths import library_prefix_chars, rules_with_prefix
from drive_adapters.rules import (
    LiftTarget,
    Node,
    RuleSet,
    Severity,
    Violation,
    fix_tree,
    get_ruleset,
    node_key,
    sibling_key,
    with_counter,
)
from drive_adapters.rules.long_paths import LIFTED
from sessions.models import Card, Snapshot

__all__ = [
    "COPY_STUDY",
    "DEFAULT_UNSORTED",
    "UNREADABLE_FOLDER",
    "PlanOptions",
    "build_copy_plan",
    "build_plan",
    "snapshot_fingerprint",
]

DEFAULT_UNSORTED = "Nog indelen"
#: The ``study`` of a plan that copies a tree as it is (:func:`build_copy_plan`).
COPY_STUDY = "copy"
#: Why a folder the scan could not read is excluded: nobody knows what it holds, so it is
#: neither moved nor copied (the admin moves it by hand, or plans again with access).
UNREADABLE_FOLDER = (
    UNREADABLE_NOTE + ", left in place: move it by hand, or scan again as someone who can read it"
)
_EXCLUDED_KINDS = frozenset({EntryKind.SYMLINK, EntryKind.OTHER, EntryKind.ERROR})
_DIR = EntryKind.DIR
_EXCLUDED_PROBLEMS = frozenset({Problem.LOCK_FILE, Problem.SYSTEM_FILE})
#: Stop listing violations after this many (counts stay exact); a plan stays readable.
VIOLATION_LIST_LIMIT = 20_000


@dataclass(frozen=True)
class PlanOptions:
    """Choices an admin makes when building a plan."""

    rules: str = "portable"
    unsorted_folder: str = DEFAULT_UNSORTED
    card_folders: str = "label"  # or "source"
    acknowledged: frozenset[str] = frozenset()  # restricted cards allowed in a wider folder
    audiences: Mapping[str, str] = field(default_factory=dict)  # folder path -> audience
    audience_groups: Mapping[str, Sequence[str]] = field(default_factory=dict)  # -> groups
    #: On SharePoint, a library of its own per narrower audience (audience -> library URL): its
    #: folders are created there, where only the library's members can open them
    #: (drive_adapters/onedrive/access.py says why a library and not folder permissions).
    audience_libraries: Mapping[str, str] = field(default_factory=dict)
    staging: str | None = None
    #: The web address of the target library (OneDrive or SharePoint): the cloud counts its path
    #: ("/sites/team/Gedeelde documenten") in the 400-character limit, so long paths are
    #: shortened for it here instead of failing at apply (drive_adapters/remote/paths.py).
    library_url: str | None = None
    #: The plan's language (``nl`` or ``en``): names the plan makes up are in it, e.g. a deep
    #: branch lifted to a shorter place, "Verslagen (uit Archief 2010)".
    language: str = "nl"


@dataclass(slots=True)
class _Source:
    """Payload of a tree node that stands for an inventory item."""

    path: bytes
    card: str | None
    reason: str
    unit: bool  # True: moved as one operation; False: travels inside a unit


@dataclass(slots=True)
class _Created:
    """Payload of a folder the plan creates (dissolved = an old folder merged into it)."""

    dissolved: list[bytes] = field(default_factory=list)


def snapshot_fingerprint(entries: Iterable[ScanEntry]) -> str:
    """A fingerprint of what a scan saw: paths, kinds, sizes and modification times."""
    digest = hashlib.sha256()
    for e in entries:
        digest.update(e.path)
        digest.update(f"\0{e.kind.value}\0{e.size}\0{e.mtime!r}\n".encode())
    return digest.hexdigest()


def _parent(path: bytes) -> bytes:
    return path.rpartition(b"/")[0]


def _excluded_reason(entry: ScanEntry) -> str | None:
    if entry.kind is EntryKind.SYMLINK:
        return "symlink (never followed)"
    if entry.kind is EntryKind.OTHER:
        return "not a regular file or folder"
    if entry.kind is EntryKind.ERROR:
        return f"unreadable: {entry.error or 'error'}"
    if entry.kind is EntryKind.DIR and Problem.UNREADABLE in entry.problems:
        return UNREADABLE_FOLDER
    if Problem.LOCK_FILE in entry.problems:
        return "lock file"
    if Problem.SYSTEM_FILE in entry.problems:
        return "system file"
    return None


class _Builder:
    """One plan build; keeps the indexes a million-entry inventory needs."""

    def __init__(self, rules: RuleSet, options: PlanOptions) -> None:
        self.rules = rules
        self.options = options
        self.entries: dict[bytes, ScanEntry] = {}
        self.children: dict[bytes, list[bytes]] = {}
        self.owner: dict[bytes, bytes | None] = {b"": None}
        self.sources: dict[bytes, str] = {}  # card source path -> card key
        self.excluded: dict[bytes, str] = {}
        self.root = Node("", is_folder=True, payload=_Created())
        self.collisions: list[Violation] = []

    # -- indexes ---------------------------------------------------------------------------

    def load(self, entries: Iterable[ScanEntry]) -> str:
        digest = hashlib.sha256()
        for e in entries:
            digest.update(e.path)
            digest.update(f"\0{e.kind.value}\0{e.size}\0{e.mtime!r}\n".encode())
            self.entries[e.path] = e
            self.children.setdefault(_parent(e.path), []).append(e.path)
            reason = _excluded_reason(e)
            if reason is not None:
                self.excluded[e.path] = reason
        # A scan lists a folder in the file system's (or the cloud's) order: sort, so that the
        # same share always gives the same plan (which of two twins keeps its name, say).
        for children in self.children.values():
            children.sort()
        if any(self.entries[p].kind is EntryKind.DIR for p in self.excluded):
            for path in sorted(self.entries):  # parents sort before their contents
                if path not in self.excluded and _parent(path) in self.excluded:
                    self.excluded[path] = "inside an excluded folder"
        return digest.hexdigest()

    def owner_of(self, path: bytes) -> bytes | None:
        chain: list[bytes] = []
        current = path
        while current not in self.owner:
            if current in self.sources:
                self.owner[current] = current
                break
            chain.append(current)
            current = _parent(current)
        found = self.owner[current]
        for p in chain:
            self.owner[p] = found
        return found

    # -- the target tree -------------------------------------------------------------------

    def folder(self, path: Sequence[str]) -> Node:
        node = self.root
        for name in path:
            key = node_key(name, self.rules)
            assert node.children is not None
            child = node.children.get(key)
            if child is None or not child.is_folder:
                if child is not None:  # a file holds the name: the folder gets a counter
                    name = self._free_name(node, name, True)
                    key = node_key(name, self.rules)
                child = Node(name, is_folder=True, parent=node, payload=_Created())
                node.children[key] = child
            elif isinstance(child.payload, _Source):
                self._dissolve(child)
            node = child
        return node

    def _free_name(self, parent: Node, name: str, is_folder: bool) -> str:
        assert parent.children is not None
        n = 2
        candidate = with_counter(name, n, self.rules, is_folder=is_folder)
        while node_key(candidate, self.rules) in parent.children:
            n += 1
            candidate = with_counter(name, n, self.rules, is_folder=is_folder)
        return candidate

    def _dissolve(self, node: Node) -> None:
        """A unit folder that another folder merges into becomes a created folder; its
        children become units of their own and the old folder is removed once empty."""
        payload = node.payload
        assert isinstance(payload, _Source)
        node.payload = _Created(dissolved=[payload.path])
        assert node.children is not None
        for key, kid in list(node.children.items()):
            kp = kid.payload
            assert isinstance(kp, _Source)
            if not kid.checked:  # an excluded item no longer travels: it stays behind
                del node.children[key]
                continue
            kp.unit = True

    def subtree(
        self, node: Node, path: bytes, owner: bytes | None, card: str | None, reason: str
    ) -> None:
        """Fill a unit folder with the inventory items that travel with it."""
        prefix = path + b"/"
        nested = any(s.startswith(prefix) for s in self.sources)
        entries, excluded_items = self.entries, self.excluded
        stack = [(node, path)]
        while stack:
            parent, current = stack.pop()
            assert parent.children is not None
            skip = len(current) + 1
            for child in self.children.get(current, ()):
                if nested and self.owner_of(child) != owner:
                    continue  # carved out: another card's source, moved on its own
                entry = entries[child]
                excluded = child in excluded_items
                is_dir = entry.kind is _DIR
                name = child[skip:].decode("utf-8", "surrogateescape")  # = os.fsdecode
                key = node_key(name, self.rules, checked=not excluded)
                if key in parent.children:  # case or NFC/NFD twins the target sees as one
                    new_name = self._free_name(parent, name, is_dir)
                    self.collisions.append(
                        Violation(
                            os.fsdecode(child),
                            "name-collision",
                            f"{name!r} and {parent.children[key].name!r} are one name on the "
                            f"target; renamed to {new_name!r}",
                            Severity.FIXED,
                            new_name,
                        )
                    )
                    name, key = new_name, node_key(new_name, self.rules)
                kid = Node(
                    name,
                    is_folder=is_dir,
                    size=entry.size,
                    parent=parent,
                    checked=not excluded,
                    payload=_Source(child, card, reason, False),
                )
                parent.children[key] = kid
                if is_dir:
                    stack.append((kid, child))

    def place(self, path: bytes, parent: Node, name: str, card: str | None, reason: str) -> None:
        """Put one source item (and what it holds) into a target folder."""
        entry = self.entries[path]
        is_dir = entry.kind is _DIR
        assert parent.children is not None
        key = node_key(name, self.rules)
        existing = parent.children.get(key)
        if existing is not None and existing.is_folder and is_dir:
            if isinstance(existing.payload, _Source):
                self._dissolve(existing)
            created = existing.payload
            assert isinstance(created, _Created)
            created.dissolved.append(path)
            owner = self.owner_of(path)
            for child in self.children.get(path, ()):
                if self.owner_of(child) != owner:
                    continue
                if child in self.excluded:
                    continue  # stays behind in the old folder (which is then kept)
                self.place(child, existing, os.fsdecode(self.entries[child].name), card, reason)
            return
        if existing is not None:
            new_name = self._free_name(parent, name, is_dir)
            where = "/".join(existing.path())
            self.collisions.append(
                Violation(
                    where,
                    "merge-collision",
                    f"{encode_path(path)} would land on {where!r}; renamed to {new_name!r}",
                    Severity.FIXED,
                    new_name,
                )
            )
            name, key = new_name, node_key(new_name, self.rules)
        node = Node(
            name,
            is_folder=is_dir,
            size=entry.size,
            parent=parent,
            payload=_Source(path, card, reason, True),
        )
        parent.children[key] = node
        if is_dir:
            self.subtree(node, path, self.owner_of(path), card, reason)


def _lifted(node: Node, payload: _Source) -> bool:
    """Whether an item that travels inside a moved folder was lifted out of it (to make a long
    path fit): then it is no longer in the folder that stands for its old parent, and it is
    moved on its own, like a card carved out of another card's folder."""
    parent = node.parent.payload if node.parent is not None else None
    return not isinstance(parent, _Source) or parent.path != _parent(payload.path)


def _lift_target(audiences: Mapping[tuple[str, ...], str]) -> LiftTarget:
    """Where a deep branch may be lifted to: the highest folder the plan creates above it
    whose audience is the branch's own all the way down (a branch never leaves a folder with
    a narrower audience), and never into a folder that moves whole (an in-place run moves the
    lifted branch before that folder arrives)."""

    def audience(node: Node) -> str:
        names: list[str] = []
        current: Node | None = node
        while current is not None and current.parent is not None:
            names.append(current.original)
            current = current.parent
        path = tuple(reversed(names))
        for depth in range(len(path), 0, -1):
            found = audiences.get(path[:depth])
            if found is not None:
                return found
        return TEAM

    def lift_to(folder: Node) -> Node | None:
        start = folder.parent
        if start is None:
            return None
        own = audience(start)
        best: Node | None = None
        node: Node | None = start
        while node is not None and node.parent is not None and audience(node) == own:
            if isinstance(node.payload, _Created):
                best = node
            node = node.parent
        return best

    return lift_to


def _folder_name(label: str, fallback: str, what: str) -> str:
    """A consensus folder's or card's label as a folder name; ``.``, ``..`` and ``/`` refused
    (they would name the folder itself, its parent or a deeper folder)."""
    name = label.strip()
    if name in (".", "..") or "/" in name or "\x00" in name:
        raise PlanError(
            f"The {what} {label!r} cannot be a folder name ('.', '..', '/' and NUL are not "
            "allowed); rename it in the consensus tree, then plan again."
        )
    return name or fallback


def _walk_groups(
    nodes: Sequence[ConsensusNode], prefix: tuple[str, ...]
) -> Iterable[tuple[tuple[str, ...], ConsensusNode]]:
    for node in nodes:
        path = (*prefix, _folder_name(node.label, "Naamloos", "folder"))
        yield path, node
        yield from _walk_groups(node.children, path)


def build_plan(
    consensus: ConsensusTree,
    cards: Sequence[Card],
    snapshot: Snapshot,
    entries: Iterable[ScanEntry],
    *,
    study: str,
    options: PlanOptions | None = None,
) -> Plan:
    """Build a plan; :class:`PlanError` with every reason when it cannot be built."""
    # A million nodes and items are allocated and kept: the cyclic garbage collector would
    # rescan them again and again while nothing here is garbage yet, so it pauses meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_plan(consensus, cards, snapshot, entries, study=study, options=options)
    finally:
        if was_enabled:
            gc.enable()


def build_copy_plan(
    snapshot: Snapshot,
    entries: Iterable[ScanEntry],
    *,
    rules: RuleSet,
    into: Sequence[str] = (),
) -> Plan:
    """A plan that copies the scanned tree as it is into ``into`` (a folder path on the target,
    or its top): every folder and file keeps its relative path.

    This is :func:`build_plan` without cards: every item is one no card stands for, placed
    under its old path (rule 3), so names the target cannot hold are renamed by its rules and
    twins it sees as one name get a counter exactly as in a card-sort plan, each listed as a
    fixed violation; symlinks, special files, unreadable entries and lock/system files are
    excluded and listed (rule 4). ``rules`` is the target's own rule set, with its path prefix
    (:func:`drive_adapters.remote.paths.rules_with_prefix`).
    """
    into = tuple(name.strip() for name in into)
    for name in into:
        if name in ("", ".", "..") or "/" in name or "\x00" in name:
            raise PlanError(
                f"{name!r} cannot be the name of the folder to copy into ('.', '..', '/' and "
                "NUL are not allowed, nor an empty name)."
            )
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        plan = _build_plan(
            ConsensusTree(()),
            (),
            snapshot,
            entries,
            study=COPY_STUDY,
            options=PlanOptions(rules=rules.name),
            ruleset=rules,
            unclaimed=into,
        )
    finally:
        if was_enabled:
            gc.enable()
    plan.options["copy_into"] = "/".join(into)
    return plan


def _build_plan(
    consensus: ConsensusTree,
    cards: Sequence[Card],
    snapshot: Snapshot,
    entries: Iterable[ScanEntry],
    *,
    study: str,
    options: PlanOptions | None = None,
    ruleset: RuleSet | None = None,
    unclaimed: tuple[str, ...] | None = None,
) -> Plan:
    """Build a plan; :class:`PlanError` with every reason when it cannot be built.

    ``ruleset`` replaces the rules ``options`` names (a copy plan has the target's own);
    ``unclaimed`` is where items no card stands for go (default: the unsorted folder) and
    marks them as copied, not unclaimed.
    """
    options = options or PlanOptions()
    if ruleset is None:
        try:
            rules = get_ruleset(options.rules)
        except ValueError as error:
            raise PlanError(str(error)) from error
        rules = rules_with_prefix(rules, library_prefix_chars(options.library_url))
    else:
        rules = ruleset
    if options.card_folders not in ("label", "source"):
        raise PlanError("card folders must be 'label' or 'source'.")
    if not options.unsorted_folder.strip():
        raise PlanError("The folder for unsorted cards needs a name.")
    b = _Builder(rules, options)
    fingerprint = b.load(entries)
    staging = options.staging or f"_cardsort-herindeling-{fingerprint[:8]}"
    # A cloud source is restructured where it is, and an in-place run builds the new tree inside
    # its staging folder first: while it runs, every path is that folder longer, so the paths
    # are fitted with it counted (as the executor checks them, drive_adapters/targets.py).
    fit_rules = rules_with_prefix(rules, 0, staging) if snapshot.source != "local" else rules
    by_key = {c.key: c for c in cards}
    problems: list[str] = []

    # Cards and their sources.
    mentioned = set(consensus.card_keys)
    unknown = sorted(mentioned - set(by_key))
    if unknown:
        problems.append(f"the consensus names cards this study does not have: {', '.join(unknown)}")
    for card in cards:
        for source in card.sources:
            if source not in b.entries:
                problems.append(
                    f"card {card.key} ({card.label}) stands for "
                    f"{encode_path(source)!r}, which the scan did not see"
                )
            elif source in b.sources:
                problems.append(
                    f"{encode_path(source)!r} belongs to cards {b.sources[source]} and {card.key}"
                )
            elif source in b.excluded:
                continue  # listed as excluded; a link is never followed
            else:
                b.sources[source] = card.key
    if problems:
        raise PlanError("The plan cannot be built:\n  - " + "\n  - ".join(problems))

    placements: list[CardPlacement] = []
    group_cards: dict[tuple[str, ...], list[str]] = {}  # folder -> cards below it (audience)
    groups_of: dict[str, tuple[str, ...]] = {}

    card_folder_of: dict[tuple[tuple[str, ...], str], str] = {}  # (group, key) -> card

    group_nodes: dict[tuple[str, ...], Node] = {}  # consensus folder -> its target folder

    def place_card(card: Card, group: tuple[str, ...], status: str) -> None:
        parent = b.folder(group)
        group_nodes.setdefault(group, parent)
        live = [s for s in sorted(card.sources) if s in b.sources]
        dirs = [s for s in live if b.entries[s].kind is EntryKind.DIR]
        as_folder = options.card_folders == "label" and (len(live) > 1 or len(dirs) == 1)
        folder = group
        name = _folder_name(card.label, card.key, "card") if as_folder else ""
        if as_folder:
            # Two cards that are called alike (labels made from names that are not UTF-8,
            # "Caf\xe9" and "Caf\xe8", both shown as "Caf?") never merge silently.
            other = card_folder_of.get((group, node_key(name, rules)))
            if other is not None and other != card.key:
                new = b._free_name(parent, name, True)
                b.collisions.append(
                    Violation(
                        "/".join((*group, name)),
                        "name-collision",
                        f"cards {other} and {card.key} are both called {name!r}; the folder "
                        f"of {card.key} is called {new!r}",
                        Severity.FIXED,
                        new,
                    )
                )
                name = new
            card_folder_of[(group, node_key(name, rules))] = card.key
        if as_folder and len(live) == 1:
            own = os.fsdecode(b.entries[live[0]].name)
            if own != name:  # the folder takes its card's label: a rename, so it is listed
                b.collisions.append(
                    Violation(  # raw text: violations are encoded once, when the plan is made
                        os.fsdecode(live[0]),
                        "card-label",
                        f"the folder '{own}' is named by its card: '{name}'",
                        Severity.FIXED,
                        name,
                    )
                )
            b.place(live[0], parent, name, card.key, status)
            folder = (*group, name)
        else:
            if as_folder:
                folder = (*group, name)
                parent = b.folder(folder)
            for source in live:
                b.place(source, parent, os.fsdecode(b.entries[source].name), card.key, status)
        groups_of[card.key] = group
        for depth in range(1, len(group) + 1):
            group_cards.setdefault(group[:depth], []).append(card.key)
        placements.append(
            CardPlacement(
                key=card.key,
                label=card.label,
                restricted=card.restricted,
                folder=folder,
                sources=card.sources,
                status=status,
                acknowledged=card.restricted and card.key in options.acknowledged,
                audience=(card.audience or DEFAULT_RESTRICTED) if card.restricted else None,
            )
        )

    for path, node in _walk_groups(consensus.groups, ()):
        b.folder(path)
        for key in node.direct_card_keys:
            place_card(by_key[key], path, "placed")
    unsorted = (options.unsorted_folder.strip(),)
    leftover = [c for c in cards if c.key not in mentioned]
    for key in (*consensus.unassigned, *(c.key for c in leftover)):
        place_card(by_key[key], unsorted, "unsorted")

    # Restricted cards may only land where their audience, and nobody wider, can open them
    # (cardsort.privacy.placement: folder audiences set by the coordinator, or inferred).
    placed = [
        Placed(
            p.key,
            p.label,
            p.restricted,
            by_key[p.key].audience,
            groups_of[p.key],
            unsorted=p.status == "unsorted",
            acknowledged=p.acknowledged,
        )
        for p in placements
    ]
    refused = refusals(placed, options.audiences, study=study)
    if refused:
        raise PlanError(refused_plan(refused))  # a Said: cardsort plan says it in nl or en
    audiences = effective_audiences(placed, options.audiences)
    # The folders themselves, so their audiences follow the names the target's rules give them
    # (apply limits each folder by its final path: drive_adapters.executor.access).
    audience_nodes = [(_node_at(group_nodes, folder), a) for folder, a in audiences.items()]

    # Items no card stands for: into the unsorted folder, under their old path.
    structural: set[bytes] = set()
    for source in b.sources:
        p = _parent(source)
        while p and b.owner_of(p) is None and p not in structural:
            structural.add(p)
            p = _parent(p)
    residual: list[bytes] = []
    # Only children of the root or of a structural folder can start an unclaimed unit;
    # anything deeper moves with its unclaimed folder as one.
    candidates = set(b.children.get(b"", ()))
    for folder in structural:
        candidates.update(b.children.get(folder, ()))
    for raw in sorted(candidates):
        if b.owner_of(raw) is not None or raw in structural:
            continue
        parent = _parent(raw)
        if raw in b.excluded:
            residual.append(raw)
            continue
        old = tuple(os.fsdecode(p) for p in parent.split(b"/")) if parent else ()
        home, why = (unsorted, "unclaimed") if unclaimed is None else (unclaimed, "copied")
        b.place(raw, b.folder(home + old), os.fsdecode(b.entries[raw].name), None, why)

    # The target's rules, then collisions with what stays in the share's root.
    try:
        lifted_name = Translator(options.language)("plan.lifted_name")
    except ValueError as error:
        raise PlanError(str(error)) from error
    violations, stats = fix_tree(
        b.root,
        fit_rules,
        limit=VIOLATION_LIST_LIMIT,
        lift_to=_lift_target(audiences),
        lifted_name=lifted_name,
    )
    violations = b.collisions + violations
    folder_audiences = {
        "/".join(node.path()): audience for node, audience in audience_nodes if node is not None
    }
    # Each card's folder by the name it got too (the access report reads it with the audiences).
    placements = [replace(c, folder=_final_folder(group_nodes, c.folder)) for c in placements]
    violations.sort(key=lambda v: v.code != LIFTED)  # a lifted branch is the first fix shown
    for collision in b.collisions:
        stats.by_code[collision.code] = stats.by_code.get(collision.code, 0) + 1

    # Collect: units, created folders, items.
    units: list[Unit] = []
    folders: list[tuple[str, ...]] = []
    items: dict[bytes, PlanItem] = {}
    dissolved: list[bytes] = []
    unit_of: dict[int, int] = {}
    for path, tnode in b.root.walk(ordered=False):
        payload = tnode.payload
        if isinstance(payload, _Created):
            folders.append(path)
            dissolved.extend(payload.dissolved)
            continue
        assert isinstance(payload, _Source)
        entry = b.entries[payload.path]
        if payload.unit or _lifted(tnode, payload):
            unit_id = len(units) + 1
            unit_of[id(tnode)] = unit_id
            units.append(
                Unit(
                    unit_id,
                    payload.path,
                    tnode.is_folder,
                    path,
                    payload.card,
                    payload.reason,
                    item_id=entry.item_id,
                )
            )
            action = Action.MOVE
        else:  # inside a unit: parents come first in the walk, so the parent has its unit
            unit_id = unit_of.get(id(tnode.parent), 0)
            if tnode.is_folder:
                unit_of[id(tnode)] = unit_id
            action = Action.WITH_FOLDER
        excluded = payload.path in b.excluded
        items[payload.path] = PlanItem(
            source=payload.path,
            kind=entry.kind.value,
            size=entry.size,
            mtime=entry.mtime,
            action=Action.EXCLUDE if excluded else action,
            target=path,
            unit=unit_id,
            card=payload.card,
            hash=entry.hash,
            hash_name=entry.hash_name,
            item_id=entry.item_id,
            note=b.excluded[payload.path] + "; travels with its folder when restructuring in place"
            if excluded
            else "",
        )
    # Unit totals (files and bytes that travel with each unit).
    totals: dict[int, list[int]] = {}
    for item in items.values():
        if item.unit and item.kind == "file":
            t = totals.setdefault(item.unit, [0, 0])
            t[0] += 1
            t[1] += item.size
    units = [
        Unit(
            u.id,
            u.source,
            u.is_folder,
            u.target,
            u.card,
            u.reason,
            files=totals.get(u.id, [0, 0])[0],
            bytes=totals.get(u.id, [0, 0])[1],
            item_id=u.item_id,
        )
        for u in units
    ]

    # Old folders: removed when the plan empties them, kept when excluded items stay behind.
    keep: set[bytes] = set()
    for raw in b.entries:
        if raw not in items and raw in b.excluded:
            p = _parent(raw)
            while p and p not in keep:
                keep.add(p)
                p = _parent(p)
    removals = sorted(
        {p for p in (*structural, *dissolved) if p not in keep},
        key=lambda p: (-p.count(b"/"), p),
    )
    for raw in b.entries:  # the items are sorted once, below
        if raw in items:
            continue
        entry = b.entries[raw]
        if raw in b.excluded:
            action, note = Action.EXCLUDE, b.excluded[raw] + "; stays where it is"
        elif raw in keep:
            action, note = Action.KEEP, "keeps excluded items, so it stays"
        else:
            action, note = Action.REMOVE_EMPTY, "emptied by the plan, then removed"
        items[raw] = PlanItem(
            source=raw,
            kind=entry.kind.value,
            size=entry.size,
            mtime=entry.mtime,
            action=action,
            hash=entry.hash,
            hash_name=entry.hash_name,
            item_id=entry.item_id,
            note=note,
        )

    # What stays in the root must not collide with the new top-level folders.
    staying = {sibling_key(os.fsdecode(p), rules) for p in keep | set(residual) if b"/" not in p}
    top_renames: dict[str, str] = {}
    for path in folders:
        if len(path) == 1 and sibling_key(path[0], rules) in staying:
            n, new = 2, with_counter(path[0], 2, rules, is_folder=True)
            while sibling_key(new, rules) in staying:
                n += 1
                new = with_counter(path[0], n, rules, is_folder=True)
            top_renames[path[0]] = new
            violations.append(
                Violation(
                    path[0],
                    "root-collision",
                    f"an old item {path[0]!r} stays in the root; the new folder is called {new!r}",
                    Severity.FIXED,
                    new,
                )
            )
    if top_renames:

        def rename(t: tuple[str, ...]) -> tuple[str, ...]:
            return (top_renames.get(t[0], t[0]), *t[1:]) if t else t

        folders = [rename(f) for f in folders]
        units = [
            Unit(
                u.id,
                u.source,
                u.is_folder,
                rename(u.target),
                u.card,
                u.reason,
                u.files,
                u.bytes,
                u.item_id,
            )
            for u in units
        ]
        for item in items.values():
            if item.target is not None:
                item.target = rename(item.target)
        placements = [
            CardPlacement(
                c.key,
                c.label,
                c.restricted,
                rename(c.folder),
                c.sources,
                c.status,
                c.acknowledged,
                c.audience,
            )
            for c in placements
        ]
        # The audiences follow their folders' new names (apply limits the folder by this path).
        folder_audiences = {
            "/".join(rename(tuple(path.split("/")))): audience
            for path, audience in folder_audiences.items()
        }

    if len(items) != len(b.entries):  # pragma: no cover - a bug, never a user mistake
        lost = sorted(set(b.entries) - set(items))[:5]
        raise PlanError(
            f"internal error: {len(b.entries) - len(items)} items were not "
            f"accounted for (e.g. {[encode_path(p) for p in lost]}); nothing changed."
        )
    ordered_items = [items[p] for p in sorted(items)]
    created = datetime.now(UTC).isoformat(timespec="seconds")
    plan_id = hashlib.sha256(
        f"{study}\0{snapshot.id}\0{fingerprint}\0{options!r}\0{created}".encode()
    ).hexdigest()[:16]
    opts: dict[str, Any] = {
        "card_folders": options.card_folders,
        "acknowledged": sorted(options.acknowledged),
        "audiences": folder_audiences,  # who may open each folder (cardsort.privacy)
        "audience_groups": {a: list(g) for a, g in sorted(options.audience_groups.items())},
        "audience_libraries": dict(sorted(options.audience_libraries.items())),
        RENAMES_FIRST: True,  # in place: names fitted for the path limit before any move
        "max_depth": stats.max_depth,
        "violation_counts": dict(sorted(stats.by_code.items())),
    }
    return Plan(
        plan_id=plan_id,
        created_at=created,
        study=study,
        snapshot=SnapshotRef(
            id=snapshot.id,
            root=snapshot.root,
            root_bytes=snapshot.root_bytes,
            source=snapshot.source,
            source_ref=snapshot.source_ref,
            fingerprint=fingerprint,
            entries=len(b.entries),
        ),
        rules=rules.name,
        unsorted_folder=unsorted[0],
        staging=staging,
        folders=folders,
        units=units,
        removals=removals,
        items=ordered_items,
        cards=placements,
        violations=[{k: encode_name(v) for k, v in viol.to_dict().items()} for viol in violations],
        options=opts,
    )


def _node_at(group_nodes: Mapping[tuple[str, ...], Node], folder: tuple[str, ...]) -> Node | None:
    """The target folder a consensus folder became (a card's folder, or an ancestor of one):
    the node itself, whatever name a collision or the target's rules give it later."""
    if folder in group_nodes:
        return group_nodes[folder]
    for group, node in group_nodes.items():
        if len(group) > len(folder) and group[: len(folder)] == folder:
            found: Node | None = node
            for _ in range(len(group) - len(folder)):
                found = found.parent if found is not None else None
            return found
    return None


def _final_folder(
    group_nodes: Mapping[tuple[str, ...], Node], folder: tuple[str, ...]
) -> tuple[str, ...]:
    """A card's folder after the rules named the consensus folders it lies in."""
    for depth in range(len(folder), 0, -1):
        node = group_nodes.get(folder[:depth])
        if node is not None:
            return (*node.path(), *folder[depth:])
    return folder


def consensus_from_mapping(data: Mapping[str, Any]) -> ConsensusTree:
    """A consensus tree from ``ConsensusTree.to_dict()`` JSON; :class:`PlanError` if malformed."""
    try:
        return ConsensusTree.from_dict(data)
    except (ValueError, TypeError) as error:
        raise PlanError(f"The consensus file is not a consensus tree: {error}") from error
