"""``cardsort cards``: propose cards from a scan, trim them to what matters, and preview them.

Proposing again keeps the coordinator's earlier decisions (renames, descriptions, drops,
restrictions, audiences) and the cards they added. ``preview`` shows every card as a teacher
will see it, with what was hidden and why (Dutch and English).
"""

from __future__ import annotations

import re

import click
from rich.markup import escape
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._format import display_path
from cardsort.i18n import Translator, pick_language
from cardsort.privacy.audiences import audience_label_key, parse_audience
from cardsort.privacy.names import personal_name
from cardsort.proposal import ProposalOptions, parse_target, propose_cards
from sessions.cards import (
    NewCard,
    add_card,
    apply_decisions,
    card_privacy,
    cards_of,
    create_deck,
    decisions,
    drop_card,
    find_card,
    latest_deck,
    sources_key,
    update_card,
)
from sessions.inventory import get_snapshot, iter_entries, latest_snapshot
from sessions.models import Card
from sessions.store import StoreError
from sessions.studies import get_study


def print_cards(app: AppContext, cards: list[Card], title: str, *, sources: bool = False) -> None:
    """The cards as a table."""
    tr = Translator(pick_language())
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column(tr("cards.col.key"))
    table.add_column(tr("cards.col.card"))
    table.add_column(tr("cards.col.description"), overflow="fold")
    if sources:
        table.add_column(tr("cards.col.sources"), overflow="fold")
    for number, card in enumerate(cards, start=1):
        label = card.label
        if card.restricted:
            label += f" 🔒 {_audience_text(tr, card.audience or 'care')}"
        row = [str(number), card.key, escape(label), escape(card.description)]
        if sources:
            row.append(escape("\n".join(display_path(s) for s in card.sources)))
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
    fresh = propose_cards(iter_entries(app.store, snapshot.id), options)
    if not fresh:
        raise UserError(Translator(pick_language())("cards.nothing", scan=snapshot.id))
    proposal, kept = apply_decisions(fresh, decisions(app.store))
    manual = _manual_cards(app, snapshot.id, {c.key for c in proposal if c.key})
    deck = create_deck(
        app.store,
        snapshot.id,
        proposal,
        {"target": list(bounds) if bounds else None, "file_names": not no_file_names, "lang": lang},
    )
    for card in manual:
        add_card(app.store, card, deck_id=deck.id)
    tr = Translator(lang)
    print_cards(
        app,
        cards_of(app.store, deck_id=deck.id),
        f"{len(proposal) + len(manual)} proposed cards from scan {snapshot.id}",
    )
    if kept:
        app.console.print(tr.count("propose.kept", kept))
    if manual:
        app.console.print(tr.count("propose.manual_kept", len(manual)))
    restricted = sum(c.restricted for c in proposal)
    if restricted:
        app.console.print(tr.count("propose.restricted", restricted))
    hidden = sum(
        1
        for c in proposal
        for h in c.privacy.hidden
        if h.kind == "example" and h.reason not in _NOT_NAMES
    )
    if hidden:
        app.console.print(tr.count("propose.hidden", hidden))


_NOT_NAMES = ("restricted", "no_file_names")
_PREVIEW_LINES = 5


def _manual_cards(app: AppContext, snapshot_id: int, taken: set[str]) -> list[NewCard]:
    """Cards the coordinator added to the previous deck whose sources are all still there."""
    try:
        previous = latest_deck(app.store)
    except StoreError:
        return []
    known = {e.path for e in iter_entries(app.store, snapshot_id)}
    return [
        NewCard(c.label, c.description, c.sources, None, c.restricted, audience=c.audience)
        for c in cards_of(app.store, deck_id=previous.id)
        if c.origin == "manual" and all(s in known for s in c.sources)
    ]


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
    tr = Translator(pick_language())
    app.console.print(
        tr("cards.renamed", key=found.key, old=found.label, new=label.strip()), markup=False
    )


@cards.command("describe")
@click.argument("card")
@click.argument("description")
@pass_app
def describe_cmd(app: AppContext, card: str, description: str) -> None:
    """Replace the description of CARD."""
    found = _card(app, card)
    update_card(app.store, found.id, description=description)
    app.console.print(Translator(pick_language())("cards.described", key=found.key))


_EXAMPLES = re.compile(r" (?:Bijvoorbeeld|For example): .*$", re.DOTALL)


def _audience_text(tr: Translator, audience: str | None) -> str:
    key, name = audience_label_key(audience or "team")
    return tr(key, name=name) if key == "audience.named" else tr(key)


@cards.command("restrict")
@click.argument("card")
@click.option("--off", is_flag=True, help="Remove the restricted mark.")
@click.option(
    "--audience",
    "audience_text",
    metavar="AUDIENCE",
    help="Who may open it: care (zorg), staff (personeel), management (directie) or a name "
    "(default: what the proposal suggested, else care).",
)
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language.")
@pass_app
def restrict(
    app: AppContext, card: str, off: bool, audience_text: str | None, lang: str | None
) -> None:
    """Mark CARD as restricted (pupil care, management, staff): the plan guards where it goes.

    A restricted card shows no file names to teachers; the mark also confirms a suggestion of
    the proposal. Proposing the cards again keeps it.
    """
    tr = Translator(pick_language(lang))
    found = _card(app, card)
    if off:
        update_card(app.store, found.id, restricted=False, audience=None)
        app.console.print(tr("restrict.off", key=found.key))
        return
    try:
        audience = parse_audience(audience_text) if audience_text else None
    except ValueError as error:
        raise UserError(str(error)) from error
    if audience is None or audience == "team":
        audience = found.audience or card_privacy(app.store, found.id).suggested or "care"
    description = _EXAMPLES.sub(".", found.description).replace("..", ".")
    update_card(app.store, found.id, restricted=True, audience=audience, description=description)
    app.console.print(tr("restrict.on", key=found.key, audience=_audience_text(tr, audience)))


@cards.command("preview")
@click.option(
    "--study", "study_name", metavar="STUDY", help="The cards of this study (default: the deck)."
)
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language.")
@pass_app
def preview(app: AppContext, study_name: str | None, lang: str | None) -> None:
    """Every card as a teacher will see it, with what was hidden from them and why."""
    tr = Translator(pick_language(lang))
    taken = decisions(app.store)
    if study_name is None:
        deck = latest_deck(app.store)
        shown = cards_of(app.store, deck_id=deck.id)
        title = tr("preview.title", count=len(shown), deck=deck.id)
        privacy_of = {c.id: card_privacy(app.store, c.id) for c in shown}
    else:
        study = get_study(app.store, study_name)
        shown = cards_of(app.store, study_id=study.id)
        title = tr("preview.title_study", count=len(shown), study=study.name)
        # A study's cards were copied from the deck: what the proposal hid is recorded there.
        by_sources = {}
        try:
            for c in cards_of(app.store, deck_id=latest_deck(app.store).id):
                by_sources[sources_key(c.sources)] = card_privacy(app.store, c.id)
        except StoreError:
            pass  # an imported study has no deck
        privacy_of = {
            c.id: by_sources.get(sources_key(c.sources)) or card_privacy(app.store, c.id)
            for c in shown
        }

    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(tr("preview.col.teacher"), overflow="fold")
    table.add_column(tr("preview.col.audience"), overflow="fold")
    table.add_column(tr("preview.col.hidden"), overflow="fold")
    hidden_examples = hidden_labels = restricted = unconfirmed = 0
    for number, card in enumerate(shown, start=1):
        privacy = privacy_of[card.id]
        lines = []
        for index, item in enumerate(privacy.hidden):
            hidden_labels += item.kind == "label"
            hidden_examples += item.kind == "example" and item.reason not in _NOT_NAMES
            if index < _PREVIEW_LINES:
                reason = tr(f"privacy.reason.{item.reason}", words=item.words)
                lines.append(f"{tr(f'privacy.kind.{item.kind}')}: {item.text} — {reason}")
        if len(privacy.hidden) > _PREVIEW_LINES:
            lines.append(tr("preview.more", count=len(privacy.hidden) - _PREVIEW_LINES))
        for text in (card.label, card.description):
            hit = personal_name(text)
            if hit is not None:
                reason = tr(f"privacy.reason.{hit.reason.value}", words=hit.words)
                lines.append(tr("preview.coordinator_text", reason=reason))
        audience = "—"
        if card.restricted:
            restricted += 1
            decision = taken.get(sources_key(card.sources))
            confirmed = card.origin == "manual" or (
                decision is not None and decision.restricted is not None
            )
            unconfirmed += not confirmed
            audience = f"🔒 {_audience_text(tr, card.audience)}"
            audience += f" ({tr('preview.confirmed' if confirmed else 'preview.unconfirmed')})"
            if privacy.suggested and privacy.basis:
                lines.append(
                    tr(
                        f"privacy.suggested.{privacy.basis}",
                        audience=_audience_text(tr, privacy.suggested),
                        evidence=privacy.evidence or "",
                        word=privacy.word or "",
                    )
                )
        else:
            audience = _audience_text(tr, None)
        table.add_row(
            str(number),
            f"[b]{escape(card.label)}[/b]\n{escape(card.description)}",
            escape(audience),
            escape("\n".join(lines) or tr("preview.nothing_hidden")),
        )
    app.console.print(table)
    app.console.print(
        tr(
            "preview.summary",
            hidden=hidden_examples,
            labels=hidden_labels,
            restricted=restricted,
            unconfirmed=unconfirmed,
        )
    )
    if unconfirmed:
        app.console.print(tr("privacy.confirm_hint"))


@cards.command("drop")
@click.argument("card")
@pass_app
def drop(app: AppContext, card: str) -> None:
    """Remove CARD from the proposal (its files stay in the inventory and the plan)."""
    found = _card(app, card)
    drop_card(app.store, found.id)
    tr = Translator(pick_language())
    app.console.print(tr("cards.dropped", key=found.key, label=found.label), markup=False)


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
    tr = Translator(pick_language())
    if not label.strip():
        raise UserError(tr("cards.needs_label"))
    deck = latest_deck(app.store)
    raw = tuple(s.strip("/").encode("utf-8", "surrogateescape") for s in sources)
    known = {e.path for e in iter_entries(app.store, deck.snapshot_id)}
    missing = [s for s, r in zip(sources, raw, strict=True) if r not in known]
    if missing:
        raise UserError(tr("cards.not_in_scan", scan=deck.snapshot_id, paths=", ".join(missing)))
    card_id = add_card(app.store, NewCard(label.strip(), description, raw), deck_id=deck.id)
    added = next(c for c in cards_of(app.store, deck_id=deck.id) if c.id == card_id)
    app.console.print(tr("cards.added", key=added.key, label=added.label), markup=False)


def register(root: click.Group) -> None:
    """Add ``cardsort cards``."""
    root.add_command(cards)
