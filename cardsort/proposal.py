"""Propose the cards worth sorting from an inventory: meaningful units, 30–80 of them.

By default every top-level folder and loose file is a card. When that count falls outside the
target range, the proposal reshapes it: too few cards → the biggest folders are split into
their children (their own loose files become a card of their own); too many → empty folders
and loose files are folded into one card each, and the smallest folders are folded together.
Lock and system files never become cards (they stay in the inventory and in the reports).

Each card remembers exactly which inventory paths it stands for, and gets a description a
teacher understands (how many files, size, last change, and a few example names unless the
coordinator leaves names out, which is the default for confidential folders: file names in a
school often carry pupils' names).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from sessions.cards import NewCard

__all__ = [
    "CONFIDENTIAL_WORDS",
    "DEFAULT_TARGET",
    "Node",
    "ProposalOptions",
    "build_tree",
    "describe",
    "parse_target",
    "propose_cards",
    "readable_label",
]

DEFAULT_TARGET = (30, 80)
#: Folder names that hold confidential material (pupil care, management, staff): their cards
#: are marked restricted and show no example file names.
CONFIDENTIAL_WORDS = (
    "zorg",
    "ib",
    "directie",
    "personeel",
    "leerlingdossier",
    "dossier",
    "functionering",
    "formatie",
    "begroting",
    "intern begeleider",
)
_MONTHS = {
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_SKIP = {Problem.LOCK_FILE, Problem.SYSTEM_FILE}


@dataclass(frozen=True, slots=True)
class ProposalOptions:
    """How to propose cards."""

    target: tuple[int, int] | None = None  # None: top level as is, unless it is outside 30–80
    file_names: bool = True
    examples: int = 3
    lang: str = "nl"


@dataclass(slots=True)
class Node:
    """A folder or file of the inventory with the totals of everything below it."""

    path: bytes
    kind: EntryKind
    files: int = 0
    size: int = 0
    last_change: float | None = None
    children: dict[bytes, Node] = field(default_factory=dict)
    examples: list[bytes] = field(default_factory=list)
    # (levels below this node, path) of example candidates while the tree is built
    candidates: list[tuple[int, bytes]] = field(default_factory=list, repr=False)

    @property
    def name(self) -> bytes:
        """Last path segment."""
        return self.path.rsplit(b"/", 1)[-1]


def _skippable(entry: ScanEntry) -> bool:
    return any(p in _SKIP for p in entry.problems)


_EXAMPLES = 40


def _keep_examples(node: Node) -> None:
    """The node's example files: the ones nearest to it, by name; never the scan's order."""
    node.candidates.sort()
    del node.candidates[_EXAMPLES:]


def build_tree(entries: Iterable[ScanEntry]) -> Node:
    """Aggregate entries into a tree of :class:`Node` (lock/system files left out).

    The result does not depend on the order of ``entries``: a file system and a cloud
    listing give the same share in different orders.
    """
    root = Node(b"", EntryKind.DIR)
    for entry in entries:
        if _skippable(entry):
            continue
        parts = entry.path.split(b"/")
        node = root
        for i, part in enumerate(parts[:-1]):
            child = node.children.get(part)
            if child is None:
                child = Node(b"/".join(parts[: i + 1]), EntryKind.DIR)
                node.children[part] = child
            node = child
        leaf = node.children.get(parts[-1])
        if leaf is None:
            leaf = Node(entry.path, entry.kind)
            node.children[parts[-1]] = leaf
        else:
            leaf.kind = entry.kind
        if entry.kind is EntryKind.FILE:
            walk = [root]
            current = root
            for part in parts:
                current = current.children[part]
                walk.append(current)
            for level, ancestor in enumerate(walk):
                ancestor.files += 1
                ancestor.size += entry.size
                if entry.mtime is not None and (
                    ancestor.last_change is None or entry.mtime > ancestor.last_change
                ):
                    ancestor.last_change = entry.mtime
                ancestor.candidates.append((len(walk) - level, entry.path))
                if len(ancestor.candidates) >= 2 * _EXAMPLES:
                    _keep_examples(ancestor)
    stack = [root]
    while stack:
        node = stack.pop()
        _keep_examples(node)
        node.examples = [path.rsplit(b"/", 1)[-1] for _, path in node.candidates]
        node.candidates = []
        stack.extend(node.children.values())
    return root


def readable_label(name: bytes, *, is_file: bool) -> str:
    """A card label from an item name: decoded, extension and separators dropped, tidy."""
    text = name.decode("utf-8", errors="replace")
    if is_file and "." in text.strip(".")[1:]:
        text = text.rsplit(".", 1)[0]
    text = re.sub(r"[_]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")
    return text or name.decode("utf-8", errors="replace")


def _size(n: int, lang: str) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            shown = f"{value:.0f}" if unit == "B" or value >= 10 else f"{value:.1f}"
            return f"{shown.replace('.', ',') if lang == 'nl' else shown} {unit}"
        value /= 1024
    return f"{n} B"  # pragma: no cover - loop always returns


def is_confidential(path: bytes) -> bool:
    """Whether any segment of a path names confidential material (Zorg, Directie, ...)."""
    for segment in path.decode("utf-8", errors="replace").casefold().split("/"):
        words = set(re.split(r"[^\w]+", segment))
        if any(w in words or (" " in w and w in segment) for w in CONFIDENTIAL_WORDS):
            return True
    return False


def describe(nodes: list[Node], options: ProposalOptions, *, confidential: bool = False) -> str:
    """A description a teacher understands, in the proposal's language."""
    lang = "en" if options.lang == "en" else "nl"
    files = sum(n.files for n in nodes)
    size = sum(n.size for n in nodes)
    changes = [n.last_change for n in nodes if n.last_change is not None]
    if files == 0:
        return "Lege map." if lang == "nl" else "Empty folder."
    parts = [
        (f"{files} bestand" + ("en" if files != 1 else ""))
        if lang == "nl"
        else (f"{files} file" + ("s" if files != 1 else "")),
        _size(size, lang),
    ]
    if changes:
        when = datetime.fromtimestamp(max(changes), UTC)
        month = _MONTHS[lang][when.month - 1]
        parts.append(
            f"laatst gewijzigd {month} {when.year}"
            if lang == "nl"
            else f"last changed {month} {when.year}"
        )
    text = ", ".join(parts) + "."
    if options.file_names and not confidential and options.examples > 0:
        names: list[str] = []
        for node in nodes:
            for example in node.examples:
                label = example.decode("utf-8", errors="replace")
                if label not in names:
                    names.append(label)
        if names:
            # Evenly spaced picks show the range of what is inside, not three near-identical
            # names that happen to sort first.
            step = max(1, len(names) // options.examples)
            shown = ", ".join(names[::step][: options.examples])
            text += (" Bijvoorbeeld: " if lang == "nl" else " For example: ") + shown + "."
    return text


def parse_target(text: str) -> tuple[int, int]:
    """Parse ``30-80`` into (30, 80); ``ValueError`` with a helpful message otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*[-–]\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"--target must look like 30-80, not {text!r}.")
    low, high = int(match[1]), int(match[2])
    if not 1 <= low <= high:
        raise ValueError(f"--target needs 1 <= low <= high, got {low}-{high}.")
    return low, high


@dataclass(slots=True)
class _Draft:
    label: str
    nodes: list[Node]
    splittable: bool

    @property
    def files(self) -> int:
        return sum(n.files for n in self.nodes)


def _splittable(node: Node) -> bool:
    """Splitting must give at least two cards: two subfolders, or a subfolder and loose files."""
    if node.kind is not EntryKind.DIR:
        return False
    folders = sum(1 for c in node.children.values() if c.kind is EntryKind.DIR)
    loose = any(c.kind is not EntryKind.DIR for c in node.children.values())
    return folders + int(loose) >= 2


def _drafts_from_top(root: Node) -> list[_Draft]:
    drafts = []
    for name in sorted(root.children):
        node = root.children[name]
        is_file = node.kind is not EntryKind.DIR
        drafts.append(_Draft(readable_label(name, is_file=is_file), [node], _splittable(node)))
    return drafts


def _split(draft: _Draft, lang: str) -> list[_Draft]:
    (node,) = draft.nodes
    parent = draft.label
    folders, loose = [], []
    for name in sorted(node.children):
        child = node.children[name]
        if child.kind is EntryKind.DIR:
            label = f"{parent} – {readable_label(name, is_file=False)}"
            folders.append(_Draft(label, [child], _splittable(child)))
        else:
            loose.append(child)
    if loose:
        suffix = "losse bestanden" if lang == "nl" else "loose files"
        folders.append(_Draft(f"{parent} – {suffix}", loose, False))
    return folders


def propose_cards(
    entries: Iterable[ScanEntry], options: ProposalOptions | None = None
) -> list[NewCard]:
    """Propose cards for an inventory (see the module docstring)."""
    options = options or ProposalOptions()
    lang = "en" if options.lang == "en" else "nl"
    root = build_tree(entries)
    drafts = _drafts_from_top(root)
    target = options.target
    if target is None and not DEFAULT_TARGET[0] <= len(drafts) <= DEFAULT_TARGET[1]:
        target = DEFAULT_TARGET
    if target is not None:
        low, high = target
        while len(drafts) < low:
            candidates = [d for d in drafts if d.splittable]
            if not candidates:
                break
            biggest = max(candidates, key=lambda d: (d.files, d.label))
            index = drafts.index(biggest)
            drafts[index : index + 1] = _split(biggest, lang)
        if len(drafts) > high:
            drafts = _fold(drafts, high, lang)
    cards = []
    for draft in drafts:
        confidential = any(is_confidential(n.path) for n in draft.nodes)
        cards.append(
            NewCard(
                label=draft.label,
                description=describe(draft.nodes, options, confidential=confidential),
                sources=tuple(n.path for n in draft.nodes),
                restricted=confidential,
            )
        )
    return cards


def _fold(drafts: list[_Draft], high: int, lang: str) -> list[_Draft]:
    """Fold empty folders, then loose files, then the smallest folders, until ``high`` fits."""
    empty = [d for d in drafts if d.files == 0]
    if empty and len(drafts) > high:
        rest = [d for d in drafts if d.files > 0]
        label = "Lege mappen" if lang == "nl" else "Empty folders"
        drafts = [*rest, _Draft(label, [n for d in empty for n in d.nodes], False)]
    loose = [d for d in drafts if all(n.kind is not EntryKind.DIR for n in d.nodes)]
    if len(loose) > 1 and len(drafts) > high:
        rest = [d for d in drafts if d not in loose]
        label = "Losse bestanden" if lang == "nl" else "Loose files"
        drafts = [*rest, _Draft(label, [n for d in loose for n in d.nodes], False)]
    if len(drafts) > high:
        drafts.sort(key=lambda d: (d.files, d.label))
        excess = len(drafts) - high + 1
        small, keep = drafts[:excess], drafts[excess:]
        label = "Kleine mappen" if lang == "nl" else "Small folders"
        drafts = [
            *sorted(keep, key=lambda d: d.label),
            _Draft(label, [n for d in small for n in d.nodes], False),
        ]
    return drafts
