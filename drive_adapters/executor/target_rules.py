"""A plan's final tree checked against a target's rules, and how long applying it takes.

Pure functions: nothing here touches a drive.
"""

from __future__ import annotations

from collections.abc import Sequence

from drive_adapters.plan import Action, Mode, Op, OpKind, Plan
from drive_adapters.rules import (
    Node,
    RuleSet,
    Severity,
    Throughput,
    Violation,
    node_key,
    validate_tree,
)

__all__ = ["check_target_rules", "estimate_seconds", "plan_tree", "severity_of"]


def plan_tree(plan: Plan, rules: RuleSet, mode: Mode) -> Node:
    """The plan's final target tree as rule-checkable nodes."""
    root = Node("", is_folder=True)

    def folder(path: Sequence[str]) -> Node:
        node = root
        for name in path:
            assert node.children is not None
            key = node_key(name, rules)
            child = node.children.get(key)
            if child is None:
                child = Node(name, is_folder=True, parent=node)
                node.children[key] = child
            node = child
        return node

    for path in plan.folders:
        folder(path)
    for item in plan.items:
        if item.target is None:
            continue
        excluded = item.action is Action.EXCLUDE
        if excluded and mode is Mode.COPY:
            continue
        if item.action not in (Action.MOVE, Action.WITH_FOLDER, Action.EXCLUDE):
            continue
        parent = folder(item.target[:-1])
        name = item.target[-1]
        assert parent.children is not None
        key = node_key(name, rules, checked=not excluded)
        if item.kind == "dir" and key in parent.children and parent.children[key].is_folder:
            continue
        if key in parent.children:
            key = "\x00\x00" + name + str(len(parent.children))  # reported as a collision below
            node = Node(name, is_folder=item.kind == "dir", size=item.size, parent=parent)
            parent.children[key] = node
            continue
        parent.children[key] = Node(
            name, is_folder=item.kind == "dir", size=item.size, parent=parent, checked=not excluded
        )
    return root


def check_target_rules(
    plan: Plan, rules: RuleSet, mode: Mode, limit: int | None = 5_000
) -> list[Violation]:
    """Every rule of the target the plan's final names break (the plan fixes none of these)."""
    found, _ = validate_tree(plan_tree(plan, rules, mode), rules, limit=limit)
    return found


def estimate_seconds(ops: Sequence[Op], throughput: Throughput) -> float:
    """How long the operations take on a target, from its throughput model."""
    metadata = sum(1 for op in ops if op.kind is not OpKind.UPLOAD)
    uploads = [op for op in ops if op.kind is OpKind.UPLOAD]
    upload_bytes = sum(op.bytes for op in uploads)
    seconds = metadata / throughput.metadata_ops_per_s
    seconds += upload_bytes / throughput.upload_bytes_per_s + len(uploads) * throughput.per_file_s
    if throughput.daily_upload_bytes and upload_bytes > throughput.daily_upload_bytes:
        seconds = max(seconds, upload_bytes / throughput.daily_upload_bytes * 86_400)
    return seconds


def severity_of(v: Violation) -> Severity:
    """The severity of a violation (helper for reports)."""
    return v.severity
