"""Cards in the store: a deck proposed from a scan, and the coordinator's edits to it.

A card belongs either to a deck (proposed from a snapshot, still being trimmed) or to a study
(copied from a deck when the study is created, or imported). Every card remembers exactly
which inventory paths it stands for, so the migration plan can move them.

Privacy: a card carries its audience (``None`` is the whole team) and a record of what its
proposal hid from teachers and why (:class:`CardPrivacy`). The coordinator's edits of a deck
(rename, describe, restrict, audience, drop) are also kept as *decisions* keyed by the card's
source paths, so proposing the cards again (other options, a new scan) keeps them
(:func:`apply_decisions`).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sessions.clock import now_iso
from sessions.models import Card, Deck
from sessions.store import Store, StoreError

__all__ = [
    "CardPrivacy",
    "Decision",
    "HiddenText",
    "NewCard",
    "add_card",
    "apply_decisions",
    "card_privacy",
    "cards_of",
    "create_deck",
    "decisions",
    "drop_card",
    "find_card",
    "get_deck",
    "latest_deck",
    "sources_key",
    "update_card",
]


@dataclass(frozen=True, slots=True)
class HiddenText:
    """Something a teacher will not see: a card's ``label`` or an ``example`` file name.

    ``reason`` is a code for the i18n catalogue (``first_name``, ``initials``, ``group_pupil``,
    ``title``, ``email``, ``restricted``, ``no_file_names``); ``words`` what matched.
    """

    kind: str
    text: str
    reason: str
    words: str = ""


@dataclass(frozen=True, slots=True)
class CardPrivacy:
    """What a card's proposal hid and why, and the audience it suggested (and its evidence)."""

    hidden: tuple[HiddenText, ...] = ()
    suggested: str | None = None
    basis: str | None = None  # "name" or "content"
    word: str | None = None
    evidence: str | None = None

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps(
            {
                "hidden": [[h.kind, h.text, h.reason, h.words] for h in self.hidden],
                "suggested": self.suggested,
                "basis": self.basis,
                "word": self.word,
                "evidence": self.evidence,
            },
            sort_keys=True,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> CardPrivacy:
        """Read the stored form (an empty object for cards made before privacy was recorded)."""
        data = json.loads(text or "{}")
        return cls(
            hidden=tuple(HiddenText(*row) for row in data.get("hidden", [])),
            suggested=data.get("suggested"),
            basis=data.get("basis"),
            word=data.get("word"),
            evidence=data.get("evidence"),
        )


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
    audience: str | None = None
    privacy: CardPrivacy = field(default_factory=CardPrivacy)


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
            f"INSERT INTO cards ({column}, key, label, description, position, restricted, origin,"
            " audience, privacy) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                owner,
                key,
                card.label,
                card.description,
                position,
                int(card.restricted),
                card.origin,
                card.audience,
                card.privacy.to_json(),
            ),
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
            audience=r["audience"],
        )
        for r in rows
    ]


def card_privacy(store: Store, card_id: int) -> CardPrivacy:
    """What the proposal of a card hid and why."""
    row = store.conn.execute("SELECT privacy FROM cards WHERE id = ?", (card_id,)).fetchone()
    if row is None:
        raise StoreError(f"There is no card {card_id}.")
    return CardPrivacy.from_json(row["privacy"])


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


_UNSET: Any = object()


def update_card(
    store: Store,
    card_id: int,
    *,
    label: str | None = None,
    description: str | None = None,
    restricted: bool | None = None,
    audience: str | None = _UNSET,
) -> None:
    """Rename, describe, (un)mark a card as restricted or give it an audience.

    A deck card's edit is also remembered as a decision, so a new proposal keeps it.
    """
    if label is not None and not label.strip():
        raise StoreError("A card needs a label; an empty one would be invisible to teachers.")
    with store.transaction() as tx:
        if label is not None:
            tx.execute("UPDATE cards SET label = ? WHERE id = ?", (label.strip(), card_id))
        if description is not None:
            tx.execute("UPDATE cards SET description = ? WHERE id = ?", (description, card_id))
        if restricted is not None:
            tx.execute("UPDATE cards SET restricted = ? WHERE id = ?", (int(restricted), card_id))
        if audience is not _UNSET:
            tx.execute("UPDATE cards SET audience = ? WHERE id = ?", (audience, card_id))
        _remember(
            tx,
            card_id,
            label=label.strip() if label is not None else None,
            description=description,
            restricted=restricted,
            audience=audience,
        )


def drop_card(store: Store, card_id: int) -> None:
    """Remove a card from its deck (its source items stay in the inventory)."""
    with store.transaction() as tx:
        _remember(tx, card_id, dropped=True)
        tx.execute("DELETE FROM cards WHERE id = ?", (card_id,))


def sources_key(sources: Iterable[bytes]) -> str:
    """A card's identity across proposals: the hash of its sorted source paths."""
    digest = hashlib.sha256()
    for path in sorted(sources):
        digest.update(len(path).to_bytes(4, "big") + path)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Decision:
    """The coordinator's edits of the card standing for some source paths."""

    label: str | None = None
    description: str | None = None
    restricted: bool | None = None
    audience: str | None = None
    audience_set: bool = False
    dropped: bool = False


def _remember(tx: sqlite3.Connection, card_id: int, **edits: Any) -> None:
    row = tx.execute("SELECT deck_id, origin FROM cards WHERE id = ?", (card_id,)).fetchone()
    if row is None or row["deck_id"] is None or row["origin"] == "manual":
        return  # study cards are fixed once sorted; manual cards are carried over whole
    paths = [
        bytes(r[0])
        for r in tx.execute("SELECT path FROM card_sources WHERE card_id = ?", (card_id,))
    ]
    key = sources_key(paths)
    tx.execute(
        "INSERT OR IGNORE INTO card_decisions (sources, decided_at) VALUES (?, ?)",
        (key, now_iso()),
    )
    for column in ("label", "description"):
        if edits.get(column) is not None:
            tx.execute(
                f"UPDATE card_decisions SET {column} = ?, decided_at = ? WHERE sources = ?",
                (edits[column], now_iso(), key),
            )
    if edits.get("restricted") is not None:
        tx.execute(
            "UPDATE card_decisions SET restricted = ?, decided_at = ? WHERE sources = ?",
            (int(edits["restricted"]), now_iso(), key),
        )
    if "audience" in edits and edits["audience"] is not _UNSET:
        # "" marks "whole team, chosen by the coordinator"; NULL means "not decided".
        tx.execute(
            "UPDATE card_decisions SET audience = ?, decided_at = ? WHERE sources = ?",
            (edits["audience"] or "", now_iso(), key),
        )
    if edits.get("dropped"):
        tx.execute(
            "UPDATE card_decisions SET dropped = 1, decided_at = ? WHERE sources = ?",
            (now_iso(), key),
        )


def decisions(store: Store) -> dict[str, Decision]:
    """Every decision the coordinator took, by :func:`sources_key`."""
    out = {}
    for r in store.conn.execute("SELECT * FROM card_decisions"):
        out[r["sources"]] = Decision(
            label=r["label"],
            description=r["description"],
            restricted=None if r["restricted"] is None else bool(r["restricted"]),
            audience=r["audience"] or None,
            audience_set=r["audience"] is not None,
            dropped=bool(r["dropped"]),
        )
    return out


def apply_decisions(
    proposal: Sequence[NewCard], taken: dict[str, Decision]
) -> tuple[list[NewCard], int]:
    """The proposal with the coordinator's decisions applied, and how many were applied.

    A dropped card stays out; a renamed or re-described card keeps the coordinator's text; a
    restriction (on or off) and an audience the coordinator chose win over the proposal's.
    A coordinator's description is kept as written even when file names are now left out:
    the coordinator wrote it knowingly (the preview shows it).
    """
    out: list[NewCard] = []
    applied = 0
    for card in proposal:
        decision = taken.get(sources_key(card.sources))
        if decision is None:
            out.append(card)
            continue
        applied += 1
        if decision.dropped:
            continue
        restricted = card.restricted if decision.restricted is None else decision.restricted
        audience = decision.audience if decision.audience_set else card.audience
        if not restricted and not decision.audience_set:
            audience = None
        if restricted and audience is None:
            audience = card.privacy.suggested or "care"
        out.append(
            NewCard(
                label=decision.label or card.label,
                description=decision.description
                if decision.description is not None
                else card.description,
                sources=card.sources,
                key=card.key,
                restricted=restricted,
                origin=card.origin,
                audience=audience,
                privacy=card.privacy,
            )
        )
    return out, applied


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
        new = NewCard(
            card.label,
            card.description,
            card.sources,
            key,
            card.restricted,
            "manual",
            audience=card.audience,
            privacy=card.privacy,
        )
        return insert_cards(tx, [new], deck_id=deck_id, study_id=study_id, start=position)[0]
