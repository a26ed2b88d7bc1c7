"""Make every path fit the target's path limit by shortening folder names, deepest first.

A path that is too long (an old archive twelve folders deep, OneDrive's 400 characters) is not
a dead end: the folders along it are shortened, starting with the deepest (the one fewest
other paths run through), each to no less than :data:`MIN_FOLDER_NAME` characters, keeping
the start of the name (readable) and its siblings' names distinct (a ``" (2)"`` counter where
the shortened name is taken). Every shortening is returned as a fixed :class:`Violation` with
its reason, like every other rename of the plan. Whatever still does not fit after that is
left to the validator, which reports it as blocking.
"""

from __future__ import annotations

import re

from drive_adapters.rules.model import LengthUnit, Limit, RuleSet, Severity, Violation
from drive_adapters.rules.names import (
    fit_length,
    measure,
    sanitize_name,
    sibling_key,
    with_counter,
)
from drive_adapters.rules.tree import Node

__all__ = ["MIN_FOLDER_NAME", "shorten_long_paths"]

#: A folder name is never shortened below this many characters (still recognisable).
MIN_FOLDER_NAME = 12


def _length(node: Node, rules: RuleSet, unit: LengthUnit) -> int:
    """The path's length as the target counts it (prefix, names, separators)."""
    names = node.path()
    total = rules.path_prefix_chars
    for name in names:
        total += (1 if total else 0) + measure(name, unit)
    return total


def _excess(node: Node, rules: RuleSet) -> dict[LengthUnit, int]:
    """How much too long the node's path is, per unit that is over its limit."""
    over: dict[LengthUnit, int] = {}
    for lim in rules.path_limits:
        extra = _length(node, rules, lim.unit) - lim.value
        if extra > 0:
            over[lim.unit] = max(over.get(lim.unit, 0), extra)
    return over


def _too_long(root: Node, rules: RuleSet) -> list[Node]:
    """Every checked node whose path breaks a path limit, deepest first."""
    units = sorted({lim.unit for lim in rules.path_limits})
    found: list[tuple[int, str, Node]] = []
    stack: list[tuple[Node, dict[LengthUnit, int], int]] = [
        (root, {u: rules.path_prefix_chars for u in units}, 0)
    ]
    while stack:
        folder, lengths, depth = stack.pop()
        for kid in folder.kids():
            kid_lengths = {
                u: lengths[u] + (1 if lengths[u] else 0) + measure(kid.name, u) for u in units
            }
            if kid.checked and any(kid_lengths[lim.unit] > lim.value for lim in rules.path_limits):
                found.append((depth + 1, "/".join(kid.path()), kid))
            if kid.is_folder and kid.children:
                stack.append((kid, kid_lengths, depth + 1))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [node for _, _, node in found]


_NUMBERED = re.compile(r"[ _-](\w{0,5}\d\w{0,5})$")


def _cut(name: str, limits: tuple[Limit, ...]) -> str:
    """Shorten a folder name to the limits, keeping its start and a number it ends in
    (``Nieuwe map met oude spullen 12`` → ``Nieuwe m… 12``): levels of an archive called
    "Nieuwe map 1", "Nieuwe map 2"… stay told apart."""
    numbered = _NUMBERED.search(name)
    if numbered is None or numbered.start() < 3:
        return fit_length(name, limits, is_folder=True)
    suffix = "… " + numbered.group(1)
    room = tuple(Limit(lim.value - measure(suffix, lim.unit), lim.unit) for lim in limits)
    if any(lim.value < 3 for lim in room):
        return fit_length(name, limits, is_folder=True)
    head = fit_length(name[: numbered.start()], room, is_folder=True).rstrip(" .")
    return head + suffix


def _shorter_name(folder: Node, over: dict[LengthUnit, int], rules: RuleSet) -> str | None:
    """The folder's name cut by ``over`` (never below the minimum), unique among siblings."""
    parent = folder.parent
    assert parent is not None and parent.children is not None
    wanted = {u: max(MIN_FOLDER_NAME, measure(folder.name, u) - extra) for u, extra in over.items()}
    if all(measure(folder.name, u) <= n for u, n in wanted.items()):
        return None  # already as short as it gets
    at_root = parent.parent is None
    limits = tuple(Limit(n, u) for u, n in wanted.items())
    name = sanitize_name(_cut(folder.name, limits), rules, is_folder=True, at_root=at_root)
    taken = {key for key, kid in parent.children.items() if kid is not folder}
    n = 2
    candidate = name
    while sibling_key(candidate, rules) in taken:
        tail = f" ({n})"
        room = tuple(Limit(max(1, lim.value - len(tail)), lim.unit) for lim in limits)
        candidate = fit_length(name, room, is_folder=True).rstrip(" ") + tail
        n += 1
    return candidate if candidate != folder.name else None


def _rename(folder: Node, name: str, rules: RuleSet) -> None:
    parent = folder.parent
    assert parent is not None and parent.children is not None
    for key, kid in list(parent.children.items()):
        if kid is folder:
            del parent.children[key]
    folder.name = name
    parent.children[sibling_key(name, rules)] = folder


def shorten_long_paths(root: Node, rules: RuleSet) -> list[Violation]:
    """Shorten folder names along every too-long path, deepest folder first; the fixes."""
    if not rules.path_limits:
        return []
    fixes: list[Violation] = []
    for node in _too_long(root, rules):
        over = _excess(node, rules)
        folder = node if node.is_folder else node.parent
        while over and folder is not None and folder.parent is not None:
            if folder.checked:
                new = _shorter_name(folder, over, rules)
                if new is not None:
                    old_path = "/".join(folder.path())
                    before = {u: _length(node, rules, u) for u in over}
                    old = folder.name
                    _rename(folder, new, rules)
                    unit, length = next(iter(before.items()))
                    fixes.append(
                        Violation(
                            old_path,
                            "path-too-long",
                            f"renamed {old!r} to {new!r}: a path below it was {length} "
                            f"{unit.value} long (limit "
                            f"{next(lim.value for lim in rules.path_limits if lim.unit is unit)}"
                            "); folders are shortened deepest first",
                            Severity.FIXED,
                            new,
                        )
                    )
                    over = _excess(node, rules)
            folder = folder.parent
        if over and not node.is_folder and node.checked:  # last resort: the file's own name
            new = _shorter_file_name(node, over, rules)
            if new is not None:
                fixes.append(
                    Violation(
                        "/".join(node.path()),
                        "path-too-long",
                        f"renamed {node.name!r} to {new!r}: its path was too long even with "
                        "the folders above it shortened (deepest first)",
                        Severity.FIXED,
                        new,
                    )
                )
                _rename(node, new, rules)
    return fixes


def _shorter_file_name(node: Node, over: dict[LengthUnit, int], rules: RuleSet) -> str | None:
    """A file's name cut by ``over`` (its extension kept), unique among its siblings."""
    parent = node.parent
    assert parent is not None and parent.children is not None
    limits = tuple(
        Limit(max(MIN_FOLDER_NAME, measure(node.name, u) - extra), u) for u, extra in over.items()
    )
    name = sanitize_name(
        fit_length(node.name, limits, is_folder=False), rules, is_folder=False, at_root=False
    )
    taken = {key for key, kid in parent.children.items() if kid is not node}
    n = 2
    candidate = name
    while sibling_key(candidate, rules) in taken:
        candidate = with_counter(name, n, rules, is_folder=False)
        n += 1
    return candidate if candidate != node.name else None
