"""Edits of a consensus tree as the front ends offer them (CLI commands and the coordinator TUI).

Thin wrappers over the analysis package's pure edit helpers, adding what a person typing
expects: white space folded in names, a card moved into a brand-new folder, folders addressed
by position. Both front ends call these, so a rename refused in one is refused in the other.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the analysis package pulls in scikit-learn: import it only when used
    from cardsort.analysis import ConsensusNode, ConsensusTree

__all__ = ["FolderPath", "merge_folders", "move_card", "node_at", "rename_folder"]

FolderPath = tuple[int, ...]
"""A folder: ``(top index,)`` or ``(top index, child index)``."""


def _checked(name: str) -> str:
    """A typed folder name with white space folded; ``ValueError`` for ``.``, ``..`` or ``/``
    (a folder named so would be the folder itself, its parent, or a deeper folder)."""
    folded = " ".join(name.split())
    if folded in (".", "..") or "/" in folded:
        raise ValueError(f"{folded!r} cannot be a folder name: '.', '..' and '/' are not allowed.")
    return folded


def node_at(tree: ConsensusTree, path: FolderPath) -> ConsensusNode:
    """The folder at ``path`` (``IndexError`` when there is none)."""
    node = tree.groups[path[0]]
    for index in path[1:]:
        node = node.children[index]
    return node


def move_card(
    tree: ConsensusTree, key: str, label: str, target: FolderPath | None, *, new_folder: str = ""
) -> ConsensusTree:
    """Move a card into the folder at ``target``, a new top-level folder, or (None) apart."""
    from cardsort.analysis import ConsensusNode, ConsensusTree
    from cardsort.analysis import move_card as move

    name = _checked(new_folder) if new_folder.strip() else ""
    if name:
        empty = ConsensusNode(name, (), (), (), math.nan, math.nan)
        tree = ConsensusTree((*tree.groups, empty), tree.unassigned)
        target = (len(tree.groups) - 1,)
    return move(tree, key, to=target, card_label=label)


def rename_folder(tree: ConsensusTree, path: FolderPath, name: str) -> ConsensusTree:
    """Rename a folder (white space folded); ``ValueError`` for an empty or a sibling's name.

    Two sibling folders with one name would become one folder on the drive; the person is told
    to merge them instead, so that what the tree shows is what the plan will build.
    """
    from cardsort.analysis import rename_node

    return rename_node(tree, path, _checked(name))


def merge_folders(tree: ConsensusTree, source: FolderPath, into: FolderPath) -> ConsensusTree:
    """Merge folder ``source`` into ``into`` (same level); ``into`` keeps its name."""
    from cardsort.analysis import merge_nodes

    return merge_nodes(tree, [into, source])
