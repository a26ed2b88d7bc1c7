"""The target tree the rules are checked against: a light node per item, children by key.

A plan builds one :class:`Node` per item that will exist on the target (a million of them for
a big share, so the class is slotted and keeps only what the rules and the plan need). Children
are kept by their sibling key under the plan's rules, so a collision is a dictionary hit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__all__ = ["Node"]


class Node:
    """One file or folder of the target tree."""

    __slots__ = (
        "checked",
        "children",
        "is_folder",
        "name",
        "original",
        "parent",
        "payload",
        "size",
    )

    def __init__(
        self,
        name: str,
        *,
        is_folder: bool,
        size: int = 0,
        parent: Node | None = None,
        checked: bool = True,
        payload: Any = None,
    ) -> None:
        self.name = name
        self.original = name  # the name before any rule fixed it
        self.is_folder = is_folder
        self.size = size
        self.parent = parent
        self.checked = checked  # False: travels along but never reaches a rule (excluded item)
        self.payload = payload
        self.children: dict[str, Node] | None = {} if is_folder else None

    def kids(self) -> list[Node]:
        """The children, in no particular order (empty for files)."""
        return list(self.children.values()) if self.children else []

    def path(self) -> tuple[str, ...]:
        """Names from the root's child down to this node (the root itself is ``()``)."""
        names: list[str] = []
        node: Node | None = self
        while node is not None and node.parent is not None:
            names.append(node.name)
            node = node.parent
        return tuple(reversed(names))

    def walk(self, *, ordered: bool = True) -> Iterator[tuple[tuple[str, ...], Node]]:
        """Every node below this one, parents before children (siblings sorted by name unless
        ``ordered`` is false: then in insertion order, which is just as deterministic)."""
        stack: list[tuple[tuple[str, ...], Node]] = [((), self)]
        while stack:
            prefix, node = stack.pop()
            kids = node.kids()
            if ordered:
                kids.sort(key=lambda n: n.name, reverse=True)
            for kid in kids:
                path = (*prefix, kid.name)
                yield path, kid
                if kid.is_folder:
                    stack.append((path, kid))

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        kind = "dir" if self.is_folder else "file"
        return f"Node({self.name!r}, {kind})"
