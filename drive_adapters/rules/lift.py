"""Lift a deep branch to a shorter place when shortening its folder names is not enough.

An archive fourteen folders deep under a library with a long address cannot fit 400
characters however its folder names are cut (:data:`~drive_adapters.rules.long_paths.
MIN_FOLDER_NAME`). Then the branch is moved up: the folder is put directly under the highest
folder it may go to (by default the top-level folder of the new structure it lies in; the
planner narrows that, e.g. never out of a folder with a narrower audience), named readably
after where it came from (``"Verslagen (uit Nieuwe map 11)"``, the template is the plan
language's), unique among its new siblings. A :class:`Lift` can be taken back, so the caller
can try one and keep it only when the path then fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from drive_adapters.rules.model import LengthUnit, Limit, RuleSet
from drive_adapters.rules.names import fit_length, sanitize_name, sibling_key, with_counter
from drive_adapters.rules.tree import Node

__all__ = ["LIFTED_NAME", "Lift", "LiftTarget", "lift_branch", "top_level"]

#: How a lifted folder is named (Dutch, the default plan language); ``{name}`` is the folder's
#: own name, ``{parent}`` the folder it came out of.
LIFTED_NAME = "{name} (uit {parent})"

#: Where a folder may be lifted to: an ancestor of it, or ``None`` when it may not move up.
LiftTarget = Callable[[Node], Node | None]

#: The name of the folder it came out of is cut to this many characters in the lifted name.
_PARENT_IN_NAME = 30


def top_level(folder: Node) -> Node | None:
    """The top-level folder of the new structure that ``folder`` lies in (the default target)."""
    node = folder
    while node.parent is not None and node.parent.parent is not None:
        node = node.parent
    return node if node is not folder and node.parent is not None else None


@dataclass
class Lift:
    """One branch moved up; :meth:`undo` puts it back exactly."""

    folder: Node
    old_parent: Node
    old_name: str
    old_path: tuple[str, ...]

    def undo(self, rules: RuleSet) -> None:
        """Put the folder back where it was, under its old name."""
        _detach(self.folder)
        self.folder.name = self.old_name
        self.folder.parent = self.old_parent
        assert self.old_parent.children is not None
        self.old_parent.children[sibling_key(self.old_name, rules)] = self.folder


def lift_branch(folder: Node, target: Node, rules: RuleSet, template: str) -> Lift:
    """Move ``folder`` (and all it holds) directly under ``target``, named by ``template``."""
    parent = folder.parent
    assert parent is not None and target.children is not None
    came_from = fit_length(parent.name, (Limit(_PARENT_IN_NAME, LengthUnit.CHARS),), is_folder=True)
    wanted = sanitize_name(
        template.format(name=folder.name, parent=came_from), rules, is_folder=True
    )
    name, n = wanted, 2
    while sibling_key(name, rules) in target.children:
        name = with_counter(wanted, n, rules, is_folder=True)
        n += 1
    lift = Lift(folder, parent, folder.name, folder.path())
    _detach(folder)
    folder.name = name
    folder.parent = target
    target.children[sibling_key(name, rules)] = folder
    return lift


def _detach(node: Node) -> None:
    parent = node.parent
    assert parent is not None and parent.children is not None
    for key, kid in list(parent.children.items()):
        if kid is node:
            del parent.children[key]
