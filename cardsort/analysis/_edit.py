"""Editing a consensus tree: move a card, rename or merge folders. Pure: every edit returns a
new tree; storing it as a new version is the store's job.

Folders are addressed by their path of indices: ``(2,)`` is the third top-level folder,
``(2, 0)`` its first subfolder. A folder whose cards changed no longer has a measured agreement
or stability, so those become NaN ("not measured") rather than keeping a number that no longer
describes it; :func:`score_tree` re-measures agreement against the sorts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from cardsort.analysis._data import ConsensusNode, ConsensusTree, SortData
from cardsort.analysis._labels import normalise_label
from cardsort.analysis._similarity import similarity_matrix

__all__ = ["NodePath", "find_card", "merge_nodes", "move_card", "rename_node", "score_tree"]

NodePath = tuple[int, ...]


def _node(tree: ConsensusTree, path: NodePath) -> ConsensusNode:
    if not path or len(path) > 2:
        raise ValueError(f"a folder path has one or two indices; got {path!r}")
    nodes = tree.groups
    node: ConsensusNode | None = None
    for depth, i in enumerate(path):
        if not 0 <= i < len(nodes):
            where = "top level" if depth == 0 else f"folder {path[:depth]}"
            raise ValueError(f"there is no folder {i} at {where}")
        node = nodes[i]
        nodes = node.children
    assert node is not None
    return node


def find_card(tree: ConsensusTree, card_key: str) -> NodePath | None:
    """Path of the deepest folder holding the card; ``None`` when it is unassigned.

    Raises
    ------
    ValueError
        When the card is not in the tree at all.
    """
    for i, node in enumerate(tree.groups):
        if card_key in node.card_keys:
            for j, child in enumerate(node.children):
                if card_key in child.card_keys:
                    return (i, j)
            return (i,)
    if card_key in tree.unassigned:
        return None
    raise ValueError(f"card {card_key!r} is not in this consensus tree")


def _without(node: ConsensusNode, card_key: str) -> ConsensusNode:
    if card_key not in node.card_keys:
        return node
    keep = [i for i, k in enumerate(node.card_keys) if k != card_key]
    return replace(
        node,
        card_keys=tuple(node.card_keys[i] for i in keep),
        card_labels=tuple(node.card_labels[i] for i in keep),
        agreement=math.nan,
        stability=math.nan,
        children=tuple(_without(c, card_key) for c in node.children),
    )


def _with(node: ConsensusNode, rest: NodePath, card_key: str, label: str) -> ConsensusNode:
    children = node.children
    if rest:
        children = tuple(
            _with(c, rest[1:], card_key, label) if i == rest[0] else c
            for i, c in enumerate(children)
        )
    return replace(
        node,
        card_keys=(*node.card_keys, card_key),
        card_labels=(*node.card_labels, label),
        agreement=math.nan,
        stability=math.nan,
        children=children,
    )


def move_card(
    tree: ConsensusTree,
    card_key: str,
    *,
    to: NodePath | None,
    card_label: str | None = None,
) -> ConsensusTree:
    """Move a card to the folder at path ``to`` (``None`` = set it apart as unassigned).

    ``card_label`` is needed only when the card comes from "unassigned" (which keeps keys only);
    it defaults to the key. Moving a folder from which the last card leaves removes the folder.

    Examples
    --------
    >>> n = lambda label, keys: ConsensusNode(label, (), keys, keys, 1.0, 1.0)
    >>> tree = ConsensusTree((n("A", ("a", "b")), n("B", ("c",))))
    >>> moved = move_card(tree, "b", to=(1,))
    >>> [node.card_keys for node in moved.groups]
    [('a',), ('c', 'b')]
    """
    source = find_card(tree, card_key)
    if to is not None:
        _node(tree, to)
    if source == to:
        return tree
    label = card_label if card_label is not None else card_key
    if source is not None:
        label = _node(tree, source).card_labels[_node(tree, source).card_keys.index(card_key)]
    groups = [_without(node, card_key) for node in tree.groups]
    unassigned = [k for k in tree.unassigned if k != card_key]
    if to is None:
        unassigned.append(card_key)
    else:
        groups[to[0]] = _with(groups[to[0]], to[1:], card_key, label)
    kept = []
    for node in groups:
        if not node.card_keys:
            continue
        kept.append(replace(node, children=tuple(c for c in node.children if c.card_keys)))
    return ConsensusTree(tuple(kept), tuple(unassigned))


def _check_label(label: str, siblings: Sequence[ConsensusNode], skip: set[int]) -> str:
    label = label.strip()
    if not label:
        raise ValueError("a folder needs a name")
    taken = {normalise_label(s.label) for i, s in enumerate(siblings) if i not in skip}
    if normalise_label(label) in taken:
        raise ValueError(f"there is already a folder named {label!r} here")
    return label


def rename_node(tree: ConsensusTree, path: NodePath, label: str) -> ConsensusTree:
    """Rename the folder at ``path``; the old name becomes its first alternative."""
    node = _node(tree, path)
    siblings = tree.groups if len(path) == 1 else _node(tree, path[:1]).children
    label = _check_label(label, siblings, {path[-1]})
    alternatives = tuple(a for a in (node.label, *node.alternatives) if a != label)
    renamed = replace(node, label=label, alternatives=alternatives)
    return _replace_at(tree, path, renamed)


def _replace_at(tree: ConsensusTree, path: NodePath, node: ConsensusNode) -> ConsensusTree:
    groups = list(tree.groups)
    if len(path) == 1:
        groups[path[0]] = node
    else:
        parent = groups[path[0]]
        children = list(parent.children)
        children[path[1]] = node
        groups[path[0]] = replace(parent, children=tuple(children))
    return ConsensusTree(tuple(groups), tree.unassigned)


def merge_nodes(
    tree: ConsensusTree, paths: Sequence[NodePath], *, label: str | None = None
) -> ConsensusTree:
    """Merge sibling folders into the first one (named ``label``, default the first's name).

    Raises
    ------
    ValueError
        Fewer than two folders, folders that are not siblings, or a name clash.
    """
    unique = sorted(set(paths), key=paths.index)
    if len(unique) < 2:
        raise ValueError("merge needs at least two different folders")
    depth = {len(p) for p in unique}
    parents = {p[:-1] for p in unique}
    if len(depth) != 1 or len(parents) != 1:
        raise ValueError("only folders at the same level under the same parent can be merged")
    nodes = [_node(tree, p) for p in unique]
    first = nodes[0]
    siblings = tree.groups if len(unique[0]) == 1 else _node(tree, unique[0][:1]).children
    indices = {p[-1] for p in unique}
    name = _check_label(label if label is not None else first.label, siblings, indices)
    merged = ConsensusNode(
        label=name,
        alternatives=tuple(
            dict.fromkeys(x for n in nodes for x in (n.label, *n.alternatives) if x and x != name)
        ),
        card_keys=tuple(k for n in nodes for k in n.card_keys),
        card_labels=tuple(c for n in nodes for c in n.card_labels),
        agreement=math.nan,
        stability=math.nan,
        children=tuple(c for n in nodes for c in n.children),
    )
    target = unique[0][-1]
    rest = indices - {target}
    new_siblings = tuple(
        merged if i == target else s for i, s in enumerate(siblings) if i not in rest
    )
    if len(unique[0]) == 1:
        return ConsensusTree(new_siblings, tree.unassigned)
    parent = _node(tree, unique[0][:1])
    return _replace_at(tree, unique[0][:1], replace(parent, children=new_siblings))


def score_tree(tree: ConsensusTree, data: SortData) -> ConsensusTree:
    """Re-measure every folder's agreement (mean pair similarity) against the sorts.

    Stability needs the bootstrap and stays as it is (NaN for edited folders).

    Raises
    ------
    ValueError
        When the tree names a card the data does not have.
    """
    position = {k: i for i, k in enumerate(data.card_keys)}
    missing = [k for k in tree.card_keys if k not in position]
    if missing:
        raise ValueError(f"the tree has card(s) {missing[:5]} that are not in the sort data")
    top = similarity_matrix(data, level="top").similarity
    deep = similarity_matrix(data, level="deep").similarity

    def agreement(node: ConsensusNode, s: np.ndarray) -> float:
        idx = np.array([position[k] for k in node.card_keys], dtype=np.intp)
        if idx.size < 2:
            return node.agreement
        sub = s[np.ix_(idx, idx)]
        return float(sub[np.triu_indices(idx.size, k=1)].mean())

    groups = tuple(
        replace(
            node,
            agreement=agreement(node, top),
            children=tuple(replace(c, agreement=agreement(c, deep)) for c in node.children),
        )
        for node in tree.groups
    )
    return ConsensusTree(groups, tree.unassigned)
