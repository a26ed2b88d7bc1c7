"""``cardsort cards``: propose cards from a scan, and trim them to what matters."""

from __future__ import annotations

import click
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._format import display_path
from cardsort.proposal import ProposalOptions, parse_target, propose_cards
from sessions.cards import (
    NewCard,
    add_card,
    cards_of,
    create_deck,
    drop_card,
    find_card,
    latest_deck,
    update_card,
)
from sessions.inventory import get_snapshot, iter_entries, latest_snapshot
from sessions.models import Card


def print_cards(app: AppContext, cards: list[Card], title: str, *, sources: bool = False) -> None:
    """The cards as a table."""
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("Key")
    table.add_column("Card")
    table.add_column("Description", overflow="fold")
    if sources:
        table.add_column("Stands for", overflow="fold")
    for number, card in enumerate(cards, start=1):
        label = card.label + (" 🔒" if card.restricted else "")
        row = [str(number), card.key, label, card.description]
        if sources:
            row.append("\n".join(display_path(s) for s in card.sources))
        table.add_row(*row)
    app.console.print(table)


@click.group("cards")
def cards() -> None:
    """Propose, list and edit the cards of the latest scan."""


@cards.command("propose")
@click.option("--snapshot", "snapshot_id", type=int, help="Scan id (default: the latest).")
@click.option("--target", metavar="LOW-HIGH", help="Aim for this many cards, e.g. 30-80.")
@click.option("--no-file-names", is_flag=True, help="Leave example file names out of descriptions.")
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default="nl",
    show_default=True,
    help="Language of the descriptions.",
)
@pass_app
def propose(
    app: AppContext, snapshot_id: int | None, target: str | None, no_file_names: bool, lang: str
) -> None:
    """Propose the items worth sorting from a scan."""
    try:
        bounds = parse_target(target) if target else None
    except ValueError as error:
        raise UserError(str(error)) from error
    snapshot = get_snapshot(app.store, snapshot_id) if snapshot_id else latest_snapshot(app.store)
    options = ProposalOptions(target=bounds, file_names=not no_file_names, lang=lang)
    proposal = propose_cards(iter_entries(app.store, snapshot.id), options)
    if not proposal:
        raise UserError(f"Scan {snapshot.id} holds nothing worth sorting (only system files?).")
    deck = create_deck(
        app.store,
        snapshot.id,
        proposal,
        {"target": list(bounds) if bounds else None, "file_names": not no_file_names, "lang": lang},
    )
    restricted = sum(c.restricted for c in proposal)
    print_cards(
        app,
        cards_of(app.store, deck_id=deck.id),
        f"{len(proposal)} proposed cards from scan {snapshot.id}",
    )
    if restricted:
        app.console.print(
            f"🔒 {restricted} cards look confidential (zorg, directie, personeel): "
            "they show no file names and are marked restricted for the migration."
        )


@cards.command("list")
@click.option("--sources", is_flag=True, help="Show the inventory paths each card stands for.")
@pass_app
def list_cards(app: AppContext, sources: bool) -> None:
    """List the current proposed cards."""
    deck = latest_deck(app.store)
    print_cards(
        app, cards_of(app.store, deck_id=deck.id), f"Cards (deck {deck.id})", sources=sources
    )


def _card(app: AppContext, ref: str) -> Card:
    return find_card(cards_of(app.store, deck_id=latest_deck(app.store).id), ref)


@cards.command("rename")
@click.argument("card")
@click.argument("label")
@pass_app
def rename(app: AppContext, card: str, label: str) -> None:
    """Give CARD (key, number or label) a new LABEL."""
    found = _card(app, card)
    update_card(app.store, found.id, label=label)
    app.console.print(f"{found.key}: {found.label!r} → {label.strip()!r}")


@cards.command("describe")
@click.argument("card")
@click.argument("description")
@pass_app
def describe_cmd(app: AppContext, card: str, description: str) -> None:
    """Replace the description of CARD."""
    found = _card(app, card)
    update_card(app.store, found.id, description=description)
    app.console.print(f"{found.key}: description updated.")


@cards.command("restrict")
@click.argument("card")
@click.option("--off", is_flag=True, help="Remove the restricted mark.")
@pass_app
def restrict(app: AppContext, card: str, off: bool) -> None:
    """Mark CARD as restricted (pupil care, management, staff): the plan guards where it goes."""
    found = _card(app, card)
    update_card(app.store, found.id, restricted=not off)
    app.console.print(f"{found.key}: {'not ' if off else ''}restricted.")


@cards.command("drop")
@click.argument("card")
@pass_app
def drop(app: AppContext, card: str) -> None:
    """Remove CARD from the proposal (its files stay in the inventory and the plan)."""
    found = _card(app, card)
    drop_card(app.store, found.id)
    app.console.print(f"Dropped {found.key} {found.label!r}.")


@cards.command("add")
@click.argument("label")
@click.option("--description", default="", help="What is inside, for teachers.")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="PATH",
    help="An inventory path (relative to the share) this card stands for; repeatable.",
)
@pass_app
def add(app: AppContext, label: str, description: str, sources: tuple[str, ...]) -> None:
    """Add a card by hand."""
    if not label.strip():
        raise UserError("A card needs a label.")
    deck = latest_deck(app.store)
    raw = tuple(s.strip("/").encode("utf-8", "surrogateescape") for s in sources)
    known = {e.path for e in iter_entries(app.store, deck.snapshot_id)}
    missing = [s for s, r in zip(sources, raw, strict=True) if r not in known]
    if missing:
        raise UserError(f"Not in scan {deck.snapshot_id}: {', '.join(missing)}")
    card_id = add_card(app.store, NewCard(label.strip(), description, raw), deck_id=deck.id)
    added = next(c for c in cards_of(app.store, deck_id=deck.id) if c.id == card_id)
    app.console.print(f"Added {added.key} {added.label!r}.")


def register(root: click.Group) -> None:
    """Add ``cardsort cards``."""
    root.add_command(cards)
