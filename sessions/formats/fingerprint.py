"""A content fingerprint of one participant's sort, to recognise a sort imported twice.

The fingerprint depends on what the participant did, not on how a file spelled it: group keys
are replaced by the groups' contents (label, cards, subgroups), and cards are named by their
key in the study. Two files holding the same sort, in any row order, with any group numbering,
give the same fingerprint. A group's link to a predefined category is left out: importers
derive it from the label, so it adds nothing a person did.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sessions.formats.parsed import ParsedSort
from sessions.models import PlacementState

__all__ = ["sort_fingerprint"]


def sort_fingerprint(sort: ParsedSort) -> str:
    """``sha256:<hex>`` of the canonical content of a sort (the participant's name excluded)."""
    direct: dict[str, list[str]] = {g.key: [] for g in sort.groups}
    children: dict[str | None, list[str]] = {}
    for group in sort.groups:
        children.setdefault(group.parent_key, []).append(group.key)
    loose: dict[str, list[str]] = {"unsure": [], "unsorted": []}
    for placement in sort.placements:
        if placement.group_key is not None:
            direct[placement.group_key].append(placement.card_key)
        elif placement.state is PlacementState.UNSURE:
            loose["unsure"].append(placement.card_key)
        else:
            loose["unsorted"].append(placement.card_key)
    labels = {g.key: g.label for g in sort.groups}

    def signature(key: str, depth: int = 0) -> Any:
        if depth > len(sort.groups):  # pragma: no cover - validated sorts have no cycles
            raise ValueError("the groups form a cycle")
        return [
            labels[key],
            sorted(direct[key]),
            sorted(
                (signature(child, depth + 1) for child in children.get(key, [])),
                key=lambda s: json.dumps(s, sort_keys=True),
            ),
        ]

    content = {
        "groups": sorted(
            (signature(key) for key in children.get(None, [])),
            key=lambda s: json.dumps(s, sort_keys=True),
        ),
        "unsure": sorted(loose["unsure"]),
        "unsorted": sorted(loose["unsorted"]),
    }
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()
