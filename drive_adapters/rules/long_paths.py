"""Make every path fit the target's path limit: shorten folder names, lift deep branches.

A path that is too long (an old archive twelve folders deep, OneDrive's 400 characters) is not
a dead end: the folders along it are shortened, starting with the deepest (the one fewest
other paths run through), each to no less than :data:`MIN_FOLDER_NAME` characters, keeping
the start of the name (readable) and its siblings' names distinct (a ``" (2)"`` counter where
the shortened name is taken); the top-level folders (the structure the team agreed on) only
as a last resort. When that is not enough, the shortening is taken back and the deepest
folder whose lift makes the path fit is moved up (:mod:`drive_adapters.rules.lift`), its
remaining folders shortened as needed; last, a file's own name is shortened. Too-long items
are taken shallowest first, so a branch lifted for one takes its deeper items along.

Every renamed or moved item is returned as one fixed :class:`Violation` (its path before the
first fix, its final name or place, and why), like every other rename of the plan. Only what
still does not fit after all that (a file right in its card's folder with less room than the
names above it need) is left to the validator, which reports it as blocking.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from drive_adapters.rules.lift import LIFTED_NAME, LiftTarget, lift_branch, top_level
from drive_adapters.rules.model import LengthUnit, Limit, RuleSet, Severity, Violation
from drive_adapters.rules.names import (
    fit_length,
    measure,
    sanitize_name,
    sibling_key,
    with_counter,
)
from drive_adapters.rules.tree import Node

__all__ = ["LIFTED", "MIN_FOLDER_NAME", "shorten_long_paths"]

#: A folder name is never shortened below this many characters (still recognisable).
MIN_FOLDER_NAME = 12
#: The code of a fix that lifted a deep branch (counted as ``path-too-long`` and ``lifted``).
LIFTED = "path-too-long,lifted"


def _length(node: Node, rules: RuleSet, unit: LengthUnit) -> int:
    """The path's length as the target counts it: the prefix (which ends in its own separator,
    ``/sites/x/Docs/``), then the names and the separators between them."""
    names = node.path()
    return rules.path_prefix_chars + sum(measure(n, unit) for n in names) + max(0, len(names) - 1)


def _excess(node: Node, rules: RuleSet) -> dict[LengthUnit, int]:
    """How much too long the node's path is, per unit that is over its limit."""
    over: dict[LengthUnit, int] = {}
    for lim in rules.path_limits:
        extra = _length(node, rules, lim.unit) - lim.value
        if extra > 0:
            over[lim.unit] = max(over.get(lim.unit, 0), extra)
    return over


def _too_long(root: Node, rules: RuleSet) -> list[Node]:
    """Every checked node whose path breaks a path limit, shallowest first (a branch lifted
    for the first one takes its deeper ones along, instead of each being lifted on its own)."""
    units = sorted({lim.unit for lim in rules.path_limits})
    found: list[tuple[int, str, Node]] = []
    stack: list[tuple[Node, dict[LengthUnit, int], int]] = [
        (root, {u: rules.path_prefix_chars for u in units}, 0)
    ]
    while stack:
        folder, lengths, depth = stack.pop()
        for kid in folder.kids():
            kid_lengths = {
                u: lengths[u] + (1 if depth else 0) + measure(kid.name, u) for u in units
            }
            if kid.checked and any(kid_lengths[lim.unit] > lim.value for lim in rules.path_limits):
                found.append((depth + 1, "/".join(kid.path()), kid))
            if kid.is_folder and kid.children:
                stack.append((kid, kid_lengths, depth + 1))
    found.sort(key=lambda t: (t[0], t[1]))
    return [node for _, _, node in found]


_NUMBERED = re.compile(r"[ _-](\w{0,5}\d\w{0,5})$")
_REMARK = re.compile(r"^(.+?)( \([^()]+\))$")


def _cut(name: str, limits: tuple[Limit, ...]) -> str:
    """Shorten a folder name to the limits, keeping its start and a number it ends in
    (``Nieuwe map met oude spullen 12`` → ``Nieuwe m… 12``): levels of an archive called
    "Nieuwe map 1", "Nieuwe map 2"… stay told apart. A remark in brackets at the end (where a
    lifted folder came from: ``(uit Nieuwe map 11)``) is kept while the rest can give way."""
    remark = _REMARK.match(name)
    if remark is not None:
        head, tail = remark.groups()
        room = tuple(Limit(lim.value - measure(tail, lim.unit), lim.unit) for lim in limits)
        if all(lim.value >= MIN_FOLDER_NAME for lim in room):
            return _cut_numbered(head, room) + tail
        return _cut_numbered(head, limits)
    return _cut_numbered(name, limits)


def _cut_numbered(name: str, limits: tuple[Limit, ...]) -> str:
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


def shorten_long_paths(
    root: Node,
    rules: RuleSet,
    *,
    lift_to: LiftTarget | None = None,
    lifted_name: str = LIFTED_NAME,
) -> list[Violation]:
    """Make every too-long path fit: shorten folder names along it, deepest first; when that is
    not enough, lift its deep branch to a shorter place (``lift_to`` says where a folder may
    go, by default its top-level folder; ``lifted_name`` names it); last, shorten the file's
    own name. Returns one fix per renamed or moved item (its first path, its final name or
    place, and why); what still does not fit is left to the validator."""
    if not rules.path_limits:
        return []
    fixes: dict[int, _Fix] = {}  # by node: the first fix, which the final state completes
    for node in _too_long(root, rules):
        if _excess(node, rules):  # an earlier fix may have made this one fit already
            for fix in _fit(node, rules, lift_to or top_level, lifted_name):
                first = fixes.setdefault(id(fix.node), fix)
                first.lifted = first.lifted or fix.lifted
    done = [fix.violation() for fix in fixes.values() if fix.changed()]
    return sorted(done, key=lambda v: v.code != LIFTED)  # lifts first: the plan review shows them


@dataclass
class _Fix:
    """One rename or lift of a node, with the path length that called for it."""

    node: Node
    old_path: tuple[str, ...]
    old_name: str
    length: int
    unit: LengthUnit
    limit: int
    lifted: bool = False

    def changed(self) -> bool:
        return self.lifted or self.node.name != self.old_name

    def violation(self) -> Violation:
        """The fix as the plan lists it: from its first path to its final name or place."""
        why = f"a path below it was {self.length} {self.unit.value} long (limit {self.limit})"
        if self.lifted:
            where = "/".join(self.node.path())
            return Violation(
                "/".join(self.old_path),
                LIFTED,
                f"moved {self.old_name!r} up to {where!r}: {why} even with its folders "
                f"shortened to {MIN_FOLDER_NAME} characters; the deep branch is lifted to a "
                "shorter place",
                Severity.FIXED,
                where,
            )
        if not self.node.is_folder:
            why = "its path was too long even with the folders above it shortened"
        else:
            why += "; folders are shortened deepest first"
        return Violation(
            "/".join(self.old_path),
            "path-too-long",
            f"renamed {self.old_name!r} to {self.node.name!r}: {why}",
            Severity.FIXED,
            self.node.name,
        )


def _record(node: Node, measured: Node, rules: RuleSet, *, lifted: bool = False) -> _Fix:
    """A fix of ``node`` about to happen, for the too-long path of ``measured``."""
    over = _excess(measured, rules)
    unit = next(iter(over)) if over else rules.path_limits[0].unit
    limit = next(lim.value for lim in rules.path_limits if lim.unit is unit)
    return _Fix(node, node.path(), node.name, _length(measured, rules, unit), unit, limit, lifted)


def _fit(node: Node, rules: RuleSet, lift_to: LiftTarget, template: str) -> list[_Fix]:
    """The fixes that make one node's path fit (or as short as it gets)."""
    renamed = _shorten_folders(node, rules)
    if not _excess(node, rules):
        return renamed
    # Shortening the folders is not enough: take it back, lift the deepest branch that makes
    # the path fit (with its remaining folders shortened as needed), so names stay readable.
    shortened = _excess(node, rules)
    _take_back(renamed, rules)
    best: tuple[Node, Node] | None = None  # the first lift that gets closest, for the last resort
    for folder in _liftable(node):
        target = lift_to(folder)
        if target is None or target is folder.parent:
            continue
        moved = _record(folder, node, rules, lifted=True)
        lift = lift_branch(folder, target, rules, template)
        renamed = _shorten_folders(node, rules)
        if not _excess(node, rules):
            return [moved, *renamed]
        if best is None and _shorter(node, shortened, rules):
            best = (folder, target)
        _take_back(renamed, rules)
        lift.undo(rules)
    # Nothing fits with folders alone: the shortest place found, then the file's own name.
    fixes: list[_Fix] = []
    if best is not None:
        fixes.append(_record(best[0], node, rules, lifted=True))
        lift_branch(*best, rules, template)
    fixes.extend(_shorten_folders(node, rules, top=True))
    over = _excess(node, rules)
    if over and not node.is_folder and node.checked:  # last resort: the file's own name
        new = _shorter_file_name(node, over, rules)
        if new is not None:
            fixes.append(_record(node, node, rules))
            _rename(node, new, rules)
    return fixes


def _shorten_folders(node: Node, rules: RuleSet, *, top: bool = False) -> list[_Fix]:
    """Shorten the folders along ``node``'s path, deepest first, until it fits; the top-level
    folder (the structure the team agreed on) only when ``top`` (the last resort)."""
    renamed: list[_Fix] = []
    over = _excess(node, rules)
    folder = node if node.is_folder else node.parent
    while (
        over
        and folder is not None
        and folder.parent is not None
        and (top or folder.parent.parent is not None)
    ):
        if folder.checked:
            new = _shorter_name(folder, over, rules)
            if new is not None:
                renamed.append(_record(folder, node, rules))
                _rename(folder, new, rules)
                over = _excess(node, rules)
        folder = folder.parent
    return renamed


def _take_back(renamed: list[_Fix], rules: RuleSet) -> None:
    for fix in reversed(renamed):
        _rename(fix.node, fix.old_name, rules)


def _liftable(node: Node) -> list[Node]:
    """The folders along ``node``'s path that could be lifted, deepest first (a folder right
    under a top-level folder is as high as a lift takes anything)."""
    found: list[Node] = []
    folder = node if node.is_folder else node.parent
    while folder is not None and folder.parent is not None and folder.parent.parent is not None:
        if folder.checked:
            found.append(folder)
        folder = folder.parent
    return found


def _shorter(node: Node, before: dict[LengthUnit, int], rules: RuleSet) -> bool:
    now = _excess(node, rules)
    return all(now.get(unit, 0) < extra for unit, extra in before.items())


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
