"""Small readers used by the format tests to compare what the store holds."""

from __future__ import annotations

from sessions.formats import read_study
from sessions.models import PlacementState
from sessions.store import Store
from sessions.studies import get_study

Partition = frozenset[tuple[str, frozenset[str]]]


def partitions(store: Store, study: str, *, labels: bool = True) -> dict[str, Partition]:
    """Per participant: the set of (group label, card labels) of their groups (leaf groups)."""
    parsed = read_study(store, get_study(store, study))
    names = {c.key: c.label for c in parsed.cards}
    out: dict[str, Partition] = {}
    for sort in parsed.sorts:
        groups: dict[str, set[str]] = {}
        for p in sort.placements:
            if p.group_key is not None:
                groups.setdefault(p.group_key, set()).add(names[p.card_key])
        out[sort.participant] = frozenset(
            (sort.group(k).label if labels else "", frozenset(v)) for k, v in groups.items()
        )
    return out


def states(store: Store, study: str) -> dict[str, dict[str, str]]:
    """Per participant: card label → state for cards not placed (unsure / unsorted)."""
    parsed = read_study(store, get_study(store, study))
    names = {c.key: c.label for c in parsed.cards}
    return {
        s.participant: {
            names[p.card_key]: p.state.value
            for p in s.placements
            if p.state is not PlacementState.PLACED
        }
        for s in parsed.sorts
    }


def store_contents(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to show that a refused import changed nothing."""
    tables = [
        r[0]
        for r in store.conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        t: sorted((tuple(row) for row in store.conn.execute(f"SELECT * FROM {t}")), key=repr)
        for t in tables
    }
