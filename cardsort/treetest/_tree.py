"""The tree a participant clicks through, built from a consensus tree (folders only, no files).

A tree-test tree mirrors what the plan will build (:mod:`cardsort.planning`, ``card_folders=
"label"``): every consensus folder is a folder, and every card sorted into it is a folder named
by the card's label inside it. Cards the consensus left unassigned are not shown (the plan parks
them in "Nog indelen", which is nobody's answer to a findability task).

Node ids are stable within one consensus version: ``f:<i>`` or ``f:<i>.<j>`` for consensus
folders (their position), ``c:<card key>`` for card folders, ``""`` for the root. A task's
correct answers are written as targets that survive edits between versions (``card:<key>``:
wherever that card is) or as a folder's name path (``folder:Zorg/IB``), and are resolved per
version, so one task list serves an A/B comparison of two versions.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["ROOT", "UP", "TargetError", "TestTree", "TreeNode"]

ROOT = ""
#: A step back up to the parent folder in a recorded path.
UP = ".."


class TargetError(ValueError):
    """A task's target does not exist in the tree being tested."""


@dataclass(frozen=True, slots=True)
class TreeNode:
    """One folder of the tested tree."""

    id: str
    label: str
    parent: str | None
    children: tuple[str, ...]
    card_key: str | None = None
    folder_path: tuple[int, ...] | None = None
    alternatives: tuple[str, ...] = ()

    @property
    def is_card(self) -> bool:
        """Whether this folder stands for one card (a leaf)."""
        return self.card_key is not None


class TestTree:
    """A navigable folder tree; build it with :meth:`from_consensus`."""

    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, nodes: Mapping[str, TreeNode], consensus: Mapping[str, Any]) -> None:
        self.nodes = dict(nodes)
        self.consensus = consensus

    @classmethod
    def from_consensus(cls, tree: Mapping[str, Any]) -> TestTree:
        """Build the tree from ``ConsensusTree.to_dict()`` (a ``ValueError`` if malformed)."""
        groups = tree.get("groups") if isinstance(tree, Mapping) else None
        if not isinstance(groups, list | tuple):
            raise ValueError("a consensus tree needs a 'groups' list")
        nodes: dict[str, TreeNode] = {}

        def add(data: Mapping[str, Any], path: tuple[int, ...], parent: str) -> str:
            node_id = "f:" + ".".join(str(i) for i in path)
            try:
                label = str(data["label"])
                keys = [str(k) for k in data["card_keys"]]
                labels = [str(c) for c in data.get("cards", keys)]
            except (KeyError, TypeError) as error:
                raise ValueError(f"folder {path} is malformed: {error}") from error
            child_ids = [
                add(child, (*path, i), node_id) for i, child in enumerate(data.get("children", ()))
            ]
            nested = {k for c in data.get("children", ()) for k in c.get("card_keys", ())}
            for key, card_label in zip(keys, labels, strict=False):
                if key in nested:
                    continue
                card_id = f"c:{key}"
                nodes[card_id] = TreeNode(card_id, card_label, node_id, (), card_key=key)
                child_ids.append(card_id)
            nodes[node_id] = TreeNode(
                node_id,
                label,
                parent,
                tuple(child_ids),
                folder_path=path,
                alternatives=tuple(str(a) for a in data.get("alternatives", ())),
            )
            return node_id

        top = [add(group, (i,), ROOT) for i, group in enumerate(groups)]
        nodes[ROOT] = TreeNode(ROOT, "", None, tuple(top))
        return cls(nodes, tree)

    # -- looking around --------------------------------------------------------------------

    def node(self, node_id: str) -> TreeNode:
        """The node with this id (``KeyError`` when there is none)."""
        return self.nodes[node_id]

    def children(self, node_id: str) -> list[TreeNode]:
        """The folders inside a folder, in the consensus order."""
        return [self.nodes[c] for c in self.nodes[node_id].children]

    def ancestors(self, node_id: str) -> list[str]:
        """The ids from the top-level folder down to ``node_id`` itself (root excluded)."""
        chain: list[str] = []
        current: str | None = node_id
        while current is not None and current != ROOT:
            chain.append(current)
            current = self.nodes[current].parent
        return chain[::-1]

    def depth(self, node_id: str) -> int:
        """1 for a top-level folder, 0 for the root."""
        return len(self.ancestors(node_id))

    def label_path(self, node_id: str) -> str:
        """The folder's name path, ``Zorg/Groepsplannen`` (empty for the root)."""
        return "/".join(self.nodes[i].label for i in self.ancestors(node_id))

    def card_node(self, card_key: str) -> str | None:
        """The folder that stands for a card, if the card is in the tree."""
        node_id = f"c:{card_key}"
        return node_id if node_id in self.nodes else None

    def folders(self) -> Iterator[TreeNode]:
        """Every folder except the root, top-down."""
        stack = list(reversed(self.nodes[ROOT].children))
        while stack:
            node = self.nodes[stack.pop()]
            yield node
            stack.extend(reversed(node.children))

    def find_path(self, label_path: str) -> str | None:
        """The id of the folder at a name path (names compared without case), if any."""
        current = ROOT
        for part in (p.strip() for p in label_path.split("/")):
            if not part:
                continue
            match = next(
                (c for c in self.children(current) if c.label.casefold() == part.casefold()), None
            )
            if match is None:
                return None
            current = match.id
        return current

    def child_by_label(self, parent: str, label: str) -> str | None:
        """The child of ``parent`` with this name (case ignored), if any."""
        for child in self.children(parent):
            if child.label.casefold() == label.strip().casefold():
                return child.id
        return None

    # -- tasks -----------------------------------------------------------------------------

    def resolve(self, targets: Sequence[str]) -> frozenset[str]:
        """The correct node ids for a task's targets; :class:`TargetError` if one is missing."""
        found: set[str] = set()
        for target in targets:
            kind, _, ref = target.partition(":")
            node_id = (
                self.card_node(ref)
                if kind == "card"
                else self.find_path(ref)
                if kind == "folder"
                else None
            )
            if node_id is None or node_id == ROOT:
                raise TargetError(f"{target!r} is not a folder of this tree")
            found.add(node_id)
        if not found:
            raise TargetError("a task needs at least one correct folder")
        return frozenset(found)

    def on_the_way(self, correct: frozenset[str]) -> frozenset[str]:
        """Folders on the way to a correct answer (its ancestors and itself)."""
        return frozenset(a for node_id in correct for a in self.ancestors(node_id))
