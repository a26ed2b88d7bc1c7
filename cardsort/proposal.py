"""Propose the cards worth sorting from an inventory: meaningful units, 30–80 of them.

By default every top-level folder and loose file is a card. When that count falls outside the
target range, the proposal reshapes it: too few cards → the biggest folders are split into
their children (their own loose files become a card of their own); too many → empty folders
and loose files are folded into one card each, and the smallest folders are folded together.
Lock and system files never become cards (they stay in the inventory and in the reports).

Each card remembers exactly which inventory paths it stands for, and gets a description a
teacher understands (how many files, size, last change, and a few example names).

Privacy by design (AVG): an example file name is shown only when it carries no likely personal
name (:func:`cardsort.privacy.names.personal_name`), and never on a restricted card. A card
whose label itself names a person gets a neutral label. A folder that is confidential by name or
by content (:mod:`cardsort.privacy.sensitive`) makes its card restricted with the audience it
needs (a suggestion the coordinator confirms). Each card records what was hidden and why
(:class:`CardPrivacy`), for the coordinator's preview.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from cardsort.privacy import names as privacy_names
from cardsort.privacy import sensitive
from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from sessions.cards import CardPrivacy, HiddenText, NewCard

__all__ = [
    "DEFAULT_TARGET",
    "Node",
    "ProposalOptions",
    "build_tree",
    "describe",
    "is_confidential",
    "parse_target",
    "propose_cards",
    "readable_label",
    "sensitivity_of",
]

DEFAULT_TARGET = (30, 80)
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
    """Whether any segment of a path names confidential material (Zorg, Directie, OPP, ...)."""
    return sensitive.by_name(path) is not None


def sensitivity_of(nodes: list[Node]) -> sensitive.Sensitivity | None:
    """Whether a card's folders are confidential by name, else by the names of their files."""
    for node in nodes:
        found = sensitive.by_name(node.path)
        if found is not None:
            return found
    examples = [e for n in nodes for e in n.examples]
    return sensitive.by_content(examples)


def _shown_examples(
    nodes: list[Node], options: ProposalOptions, *, confidential: bool, hidden: list[HiddenText]
) -> list[str]:
    """Example names a teacher may see; every other candidate goes to ``hidden`` with why."""
    names: list[str] = []
    for node in nodes:
        for example in node.examples:
            label = example.decode("utf-8", errors="replace")
            if label not in names:
                names.append(label)
    if options.examples <= 0 or not names:
        return []
    if confidential or not options.file_names:
        reason = "restricted" if confidential else "no_file_names"
        hidden.extend(HiddenText("example", n, reason, "") for n in names[: options.examples])
        return []
    safe = []
    for name in names:
        hit = privacy_names.personal_name(name)
        if hit is None:
            safe.append(name)
        else:
            hidden.append(HiddenText("example", name, hit.reason.value, hit.words))
    # Evenly spaced picks show the range of what is inside, not three near-identical
    # names that happen to sort first.
    step = max(1, len(safe) // options.examples)
    return safe[::step][: options.examples]


def describe(
    nodes: list[Node],
    options: ProposalOptions,
    *,
    confidential: bool = False,
    hidden: list[HiddenText] | None = None,
) -> str:
    """A description a teacher understands, in the proposal's language.

    Example file names that carry a likely personal name are left out (and appended to
    ``hidden`` with the reason); a confidential card shows none.
    """
    hidden = [] if hidden is None else hidden
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
    shown = _shown_examples(nodes, options, confidential=confidential, hidden=hidden)
    if shown:
        text += (" Bijvoorbeeld: " if lang == "nl" else " For example: ") + ", ".join(shown) + "."
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
    for number, draft in enumerate(drafts, start=1):
        found = sensitivity_of(draft.nodes)
        hidden: list[HiddenText] = []
        label = draft.label
        hit = privacy_names.personal_name(label)
        if hit is not None:
            hidden.append(HiddenText("label", label, hit.reason.value, hit.words))
            label = (
                f"Map {number} (naam verborgen)"
                if lang == "nl"
                else f"Folder {number} (name hidden)"
            )
        description = describe(draft.nodes, options, confidential=found is not None, hidden=hidden)
        cards.append(
            NewCard(
                label=label,
                description=description,
                sources=tuple(n.path for n in draft.nodes),
                restricted=found is not None,
                audience=found.audience if found is not None else None,
                privacy=CardPrivacy(
                    hidden=tuple(hidden),
                    suggested=found.audience if found is not None else None,
                    basis=found.basis.value if found is not None else None,
                    word=found.word if found is not None else None,
                    evidence=found.evidence if found is not None else None,
                ),
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
