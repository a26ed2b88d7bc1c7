"""Cards in the store: a deck proposed from a scan, and the coordinator's edits to it.

A card belongs either to a deck (proposed from a snapshot, still being trimmed) or to a study
(copied from a deck when the study is created, or imported). Every card remembers exactly
which inventory paths it stands for, so the migration plan can move them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sessions.inventory import now_iso
from sessions.models import Card, Deck
from sessions.store import Store, StoreError

__all__ = [
    "NewCard",
    "add_card",
    "cards_of",
    "create_deck",
    "drop_card",
    "find_card",
    "get_deck",
    "latest_deck",
    "update_card",
]


@dataclass(frozen=True, slots=True)
class NewCard:
    """A card to be written: the store assigns its id."""

    label: str
    description: str = ""
    sources: tuple[bytes, ...] = ()
    key: str | None = None
    restricted: bool = False
    origin: str = "proposed"
    extra: dict[str, Any] = field(default_factory=dict)


def _owner_clause(deck_id: int | None, study_id: int | None) -> tuple[str, int]:
    if (deck_id is None) == (study_id is None):
        raise ValueError("give exactly one of deck_id and study_id")
    return ("deck_id", deck_id) if deck_id is not None else ("study_id", study_id)  # type: ignore[return-value]


def insert_cards(
    tx: sqlite3.Connection,
    cards: Sequence[NewCard],
    *,
    deck_id: int | None = None,
    study_id: int | None = None,
    start: int = 0,
) -> list[int]:
    """Insert cards (inside the caller's transaction); returns their ids."""
    column, owner = _owner_clause(deck_id, study_id)
    ids: list[int] = []
    for offset, card in enumerate(cards):
        position = start + offset
        key = card.key or f"c{position + 1}"
        cursor = tx.execute(
            f"INSERT INTO cards ({column}, key, label, description, position, restricted, origin)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (owner, key, card.label, card.description, position, int(card.restricted), card.origin),
        )
        assert cursor.lastrowid is not None
        ids.append(cursor.lastrowid)
        tx.executemany(
            "INSERT OR IGNORE INTO card_sources (card_id, path) VALUES (?, ?)",
            [(cursor.lastrowid, path) for path in card.sources],
        )
    return ids


def create_deck(
    store: Store, snapshot_id: int, cards: Sequence[NewCard], options: dict[str, Any] | None = None
) -> Deck:
    """Store a newly proposed deck for a snapshot (the newest deck is the current one)."""
    with store.transaction() as tx:
        cursor = tx.execute(
            "INSERT INTO decks (snapshot_id, created_at, options) VALUES (?, ?, ?)",
            (snapshot_id, now_iso(), json.dumps(options or {}, sort_keys=True)),
        )
        assert cursor.lastrowid is not None
        insert_cards(tx, cards, deck_id=cursor.lastrowid)
    return get_deck(store, cursor.lastrowid)


def _deck(row: sqlite3.Row) -> Deck:
    return Deck(row["id"], row["snapshot_id"], row["created_at"], json.loads(row["options"]))


def get_deck(store: Store, deck_id: int) -> Deck:
    """A deck by id."""
    row = store.conn.execute("SELECT * FROM decks WHERE id = ?", (deck_id,)).fetchone()
    if row is None:
        raise StoreError(f"There is no deck {deck_id}.")
    return _deck(row)


def latest_deck(store: Store) -> Deck:
    """The most recently proposed deck; a clear error if none exists."""
    row = store.conn.execute("SELECT * FROM decks ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        raise StoreError("No cards have been proposed yet. Run `cardsort cards propose` first.")
    return _deck(row)


def cards_of(
    store: Store, *, deck_id: int | None = None, study_id: int | None = None
) -> list[Card]:
    """The cards of a deck or a study, in their order, with their source paths."""
    column, owner = _owner_clause(deck_id, study_id)
    rows = store.conn.execute(
        f"SELECT * FROM cards WHERE {column} = ? ORDER BY position, id", (owner,)
    ).fetchall()
    sources: dict[int, list[bytes]] = {}
    for card_id, path in store.conn.execute(
        f"SELECT s.card_id, s.path FROM card_sources s JOIN cards c ON c.id = s.card_id"
        f" WHERE c.{column} = ? ORDER BY s.path",
        (owner,),
    ):
        sources.setdefault(card_id, []).append(bytes(path))
    return [
        Card(
            id=r["id"],
            key=r["key"],
            label=r["label"],
            description=r["description"],
            position=r["position"],
            restricted=bool(r["restricted"]),
            origin=r["origin"],
            sources=tuple(sources.get(r["id"], ())),
        )
        for r in rows
    ]


def find_card(cards: Sequence[Card], ref: str) -> Card:
    """A card by key (``c12``), by number in the list (``12``) or by exact label."""
    for card in cards:
        if card.key == ref:
            return card
    if ref.isdigit() and 1 <= int(ref) <= len(cards):
        return cards[int(ref) - 1]
    matches = [c for c in cards if c.label.casefold() == ref.casefold()]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise StoreError(f"Several cards are called {ref!r}; use the card key instead.")
    raise StoreError(f"No card {ref!r}. List the cards with `cardsort cards list`.")


def update_card(
    store: Store,
    card_id: int,
    *,
    label: str | None = None,
    description: str | None = None,
    restricted: bool | None = None,
) -> None:
    """Rename, describe or (un)mark a card as restricted."""
    if label is not None and not label.strip():
        raise StoreError("A card needs a label; an empty one would be invisible to teachers.")
    with store.transaction() as tx:
        if label is not None:
            tx.execute("UPDATE cards SET label = ? WHERE id = ?", (label.strip(), card_id))
        if description is not None:
            tx.execute("UPDATE cards SET description = ? WHERE id = ?", (description, card_id))
        if restricted is not None:
            tx.execute("UPDATE cards SET restricted = ? WHERE id = ?", (int(restricted), card_id))


def drop_card(store: Store, card_id: int) -> None:
    """Remove a card from its deck (its source items stay in the inventory)."""
    with store.transaction() as tx:
        tx.execute("DELETE FROM cards WHERE id = ?", (card_id,))


def add_card(
    store: Store, card: NewCard, *, deck_id: int | None = None, study_id: int | None = None
) -> int:
    """Append a card to a deck or study; returns its id."""
    column, owner = _owner_clause(deck_id, study_id)
    with store.transaction() as tx:
        (position,) = tx.execute(
            f"SELECT coalesce(max(position) + 1, 0) FROM cards WHERE {column} = ?",
            (owner,),
        ).fetchone()
        key = card.key
        if key is None:
            taken = {
                r[0] for r in tx.execute(f"SELECT key FROM cards WHERE {column} = ?", (owner,))
            }
            n = position + 1
            while f"c{n}" in taken:
                n += 1
            key = f"c{n}"
        new = NewCard(card.label, card.description, card.sources, key, card.restricted, "manual")
        return insert_cards(tx, [new], deck_id=deck_id, study_id=study_id, start=position)[0]
