"""The one validator: apply a :class:`RuleSet` to a target tree, and fix what can be fixed.

:func:`validate_tree` only reports. :func:`fix_tree` renames items top-down (a folder's final
name is known before its children are looked at), resolves every collision a fix would create
with a " (2)" counter, and returns the violations with their fixes, then whatever still breaks
a rule (a file too big, a tree too deep) as blocking. Running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drive_adapters.rules.lift import LIFTED_NAME, LiftTarget
from drive_adapters.rules.long_paths import shorten_long_paths
from drive_adapters.rules.model import LengthUnit, Limit, RuleSet, Severity, Violation
from drive_adapters.rules.names import (
    check_name,
    fit_length,
    measure,
    name_ok,
    sanitize_name,
    sibling_key,
    with_counter,
)
from drive_adapters.rules.tree import Node

__all__ = ["TreeStats", "fix_tree", "node_key", "validate_tree"]

#: A name is never shortened below this many characters to make a path fit.
_MIN_NAME = 12


@dataclass
class TreeStats:
    """What the validator counted on the way."""

    folders: int = 0
    files: int = 0
    bytes: int = 0
    max_depth: int = 0
    zero_byte: int = 0
    by_code: dict[str, int] = field(default_factory=dict)


def node_key(name: str, rules: RuleSet, *, checked: bool = True) -> str:
    """The key of a child in :attr:`Node.children`: the sibling key, or (for an item that never
    reaches the target's rules, like an excluded lock file travelling with its folder) a key
    that cannot collide with any real one."""
    return sibling_key(name, rules) if checked else "\x00" + name


def _units(rules: RuleSet) -> list[LengthUnit]:
    units = {lim.unit for lim in rules.path_limits}
    if rules.path_warn is not None:
        units.add(rules.path_warn.unit)
    return sorted(units)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}/{name}" if prefix else name


def validate_tree(
    root: Node,
    rules: RuleSet,
    *,
    base_depth: int = 0,
    limit: int | None = None,
    names_fixed: bool = False,
) -> tuple[list[Violation], TreeStats]:
    """Every rule the tree breaks on the target (``limit`` caps the list, counts stay exact)."""
    found: list[Violation] = []
    stats = TreeStats()
    units = _units(rules)

    def add(v: Violation) -> None:
        stats.by_code[v.code] = stats.by_code.get(v.code, 0) + 1
        if limit is None or len(found) < limit:
            found.append(v)

    start_len = {u: rules.path_prefix_chars for u in units}
    stack: list[tuple[Node, str, dict[LengthUnit, int], int]] = [(root, "", start_len, base_depth)]
    while stack:
        folder, prefix, lengths, depth = stack.pop()
        kids = [k for k in folder.kids() if k.checked]
        if rules.max_children_warn is not None and len(kids) > rules.max_children_warn:
            add(
                Violation(
                    prefix or "/",
                    "many-children",
                    f"{len(kids)} items in one folder (listing slows down above "
                    f"{rules.max_children_warn})",
                    Severity.WARNING,
                )
            )
        seen: dict[str, str] = {}
        for kid in sorted(kids, key=lambda k: k.name):
            path = _join(prefix, kid.name)
            at_root = folder.parent is None
            if not names_fixed and not name_ok(
                kid.name, rules, is_folder=kid.is_folder, at_root=at_root
            ):
                for code, message in check_name(
                    kid.name, rules, is_folder=kid.is_folder, at_root=at_root
                ):
                    add(Violation(path, code, message, Severity.BLOCKING))
            key = kid.name if names_fixed else sibling_key(kid.name, rules)
            if names_fixed:
                pass  # fix_tree just made every sibling key unique
            elif key in seen:
                add(
                    Violation(
                        path,
                        "name-collision",
                        f"collides with {seen[key]!r} in the same folder",
                        Severity.BLOCKING,
                    )
                )
            else:
                seen[key] = kid.name
            kid_lengths = {
                u: lengths[u] + (1 if prefix else 0) + measure(kid.name, u) for u in units
            }
            for lim in rules.path_limits:
                if kid_lengths[lim.unit] > lim.value:
                    add(
                        Violation(
                            path,
                            "path-too-long",
                            f"the path is {kid_lengths[lim.unit]} {lim.unit.value} long "
                            f"(limit {lim.value}) even with the folders along it shortened "
                            "and its branch lifted as high as it may go; give the folders "
                            "above it (the top folder, the card) shorter names in the "
                            "consensus tree, or the file a shorter name, then plan again",
                            Severity.BLOCKING,
                        )
                    )
            warn = rules.path_warn
            if warn is not None and kid_lengths[warn.unit] > warn.value:
                add(
                    Violation(
                        path,
                        "long-path",
                        f"the path is {kid_lengths[warn.unit]} {warn.unit.value} long; "
                        f"some programs stop at {warn.value}",
                        Severity.WARNING,
                    )
                )
            kid_depth = depth + 1
            stats.max_depth = max(stats.max_depth, kid_depth)
            if rules.max_depth is not None and kid_depth > rules.max_depth:
                add(
                    Violation(
                        path,
                        "too-deep",
                        f"{kid_depth} levels deep (limit {rules.max_depth})",
                        Severity.BLOCKING,
                    )
                )
            if kid.is_folder:
                stats.folders += 1
                stack.append((kid, path, kid_lengths, kid_depth))
            else:
                stats.files += 1
                stats.bytes += kid.size
                if rules.max_file_size is not None and kid.size > rules.max_file_size:
                    add(
                        Violation(
                            path,
                            "file-too-big",
                            f"{kid.size:,} bytes (limit {rules.max_file_size:,})",
                            Severity.BLOCKING,
                        )
                    )
                if kid.size == 0:
                    stats.zero_byte += 1
                    if rules.flag_zero_byte:
                        add(
                            Violation(
                                path,
                                "zero-byte",
                                "an empty file (some migration tools skip these)",
                                Severity.WARNING,
                            )
                        )
    items = stats.folders + stats.files
    if rules.max_items is not None:
        if items > rules.max_items:
            add(
                Violation(
                    "/",
                    "too-many-items",
                    f"{items:,} items (limit {rules.max_items:,})",
                    Severity.BLOCKING,
                )
            )
        elif items > rules.max_items * rules.warn_items_ratio:
            add(
                Violation(
                    "/",
                    "many-items",
                    f"{items:,} items, close to the limit of {rules.max_items:,}",
                    Severity.WARNING,
                )
            )
    return found, stats


def _fit_path(name: str, room: dict[LengthUnit, int], is_folder: bool) -> str | None:
    """Shorten a name so the path fits; ``None`` when that would leave too little of it."""
    limits = tuple(Limit(v, u) for u, v in room.items())
    if all(measure(name, lim.unit) <= lim.value for lim in limits):
        return name
    if any(lim.value < _MIN_NAME for lim in limits):
        return None
    return fit_length(name, limits, is_folder=is_folder)


def fix_tree(
    root: Node,
    rules: RuleSet,
    *,
    base_depth: int = 0,
    limit: int | None = None,
    lift_to: LiftTarget | None = None,
    lifted_name: str = LIFTED_NAME,
) -> tuple[list[Violation], TreeStats]:
    """Rename what breaks a rule (recording each fix), then report what is left.

    A path still too long after that has its folders shortened and, if need be, its deep
    branch lifted (``lift_to``, ``lifted_name``: see :func:`shorten_long_paths`).

    Children of a folder are fixed in a stable order: names that need no change keep them,
    then the others take the first free " (n)" variant, so no fix ever lands on a name that
    is already taken and a second run finds nothing to do.
    """
    fixes: list[Violation] = []
    units = [lim.unit for lim in rules.path_limits]
    start_len = {u: rules.path_prefix_chars for u in units}
    stack: list[tuple[Node, str, dict[LengthUnit, int]]] = [(root, "", start_len)]
    while stack:
        folder, prefix, lengths = stack.pop()
        if not folder.children:
            continue
        kids = folder.kids()
        at_root = folder.parent is None
        wanted: dict[int, str] = {}
        changed = False
        for kid in kids:
            name = kid.name
            if kid.checked:
                name = sanitize_name(name, rules, is_folder=kid.is_folder, at_root=at_root)
                # Paths too long are fixed afterwards, folders deepest first (long_paths).
                changed = changed or name != kid.name
            wanted[id(kid)] = name
        if not changed:  # the usual case: children keep their names (and their keys)
            for kid in kids:
                if kid.is_folder:
                    kid_lengths = {
                        u: lengths[u] + (1 if prefix else 0) + measure(kid.name, u) for u in units
                    }
                    stack.append((kid, _join(prefix, kid.name), kid_lengths))
            continue
        # Unchanged names first: they keep their name; then the renamed ones, sorted.
        order = sorted(kids, key=lambda k: (wanted[id(k)] != k.name, wanted[id(k)], k.name))
        taken: dict[str, Node] = {}
        new_children: dict[str, Node] = {}
        for kid in order:
            if not kid.checked:
                new_children[node_key(kid.name, rules, checked=False)] = kid
                continue
            name = wanted[id(kid)]
            key = sibling_key(name, rules)
            collided = key in taken
            n = 2
            while key in taken:
                name = with_counter(wanted[id(kid)], n, rules, is_folder=kid.is_folder)
                key = sibling_key(name, rules)
                n += 1
            taken[key] = kid
            new_children[key] = kid
            if name != kid.name:
                path = _join(prefix, kid.name)
                codes = [
                    c
                    for c, _ in check_name(
                        kid.name, rules, is_folder=kid.is_folder, at_root=at_root
                    )
                ]
                if collided:
                    codes.append("name-collision")
                if not codes:
                    codes.append("path-too-long")
                fixes.append(
                    Violation(
                        path,
                        ",".join(codes),
                        f"renamed {kid.name!r} to {name!r}",
                        Severity.FIXED,
                        name,
                    )
                )
                kid.name = name
            if kid.is_folder:
                kid_lengths = {
                    u: lengths[u] + (1 if prefix else 0) + measure(name, u) for u in units
                }
                stack.append((kid, _join(prefix, name), kid_lengths))
        folder.children = new_children
    # A path still too long: shorten the folders along it, deepest first (never a dead end).
    fixes.extend(shorten_long_paths(root, rules, lift_to=lift_to, lifted_name=lifted_name))
    # Every name was just sanitised (and sanitised names pass: property-tested), so the
    # report pass only needs the limits: paths, depth, sizes, counts, collisions.
    remaining, stats = validate_tree(
        root, rules, base_depth=base_depth, limit=limit, names_fixed=True
    )
    for fix in fixes:
        for code in fix.code.split(","):
            stats.by_code[code] = stats.by_code.get(code, 0) + 1
    return fixes + remaining, stats
