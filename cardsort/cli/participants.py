"""``cardsort participants STUDY``: who started, who finished, cards sorted, time taken;
``cardsort participants merge STUDY KEEP OTHER``: make two records of one person one.

Names were typed by participants, so they are printed as text: control characters appear as
escapes (``\\x1b``), never as terminal commands, and brackets are never read as markup.
"""

from __future__ import annotations

import math

import click
from rich.table import Table
from rich.text import Text

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import num, plain
from cardsort.i18n import Translator, pick_language
from sessions.identity import name_key, printable
from sessions.models import Participant
from sessions.studies import get_study, merge_participants, participants_of, progress

__all__ = ["find_participant", "register"]


def _minutes(seconds: float | None) -> str:
    # an earlier version's import stored Infinity (and NaN, which SQLite keeps as NULL)
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return "–"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _quoted(name: str) -> str:
    return f"‘{printable(name)}’"


_lang_opt = click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language (default: CARDSORT_LANG, then the locale, then Dutch).",
)


def find_participant(
    people: list[Participant], ref: str, tr: Translator | None = None
) -> Participant:
    """A participant by ``#id``, exact name, or name as typed (case and accents ignored)."""
    tr = tr or Translator(pick_language())
    wanted = ref.strip()
    if wanted.startswith("#") and wanted[1:].isdigit():
        by_id = [p for p in people if p.id == int(wanted[1:])]
        if by_id:
            return by_id[0]
    exact = [p for p in people if p.name == wanted]
    if len(exact) == 1:
        return exact[0]
    similar = [p for p in people if name_key(p.name) == name_key(wanted)]
    if len(similar) == 1:
        return similar[0]
    if similar:
        ids = ", ".join(f"#{p.id} {_quoted(p.name)}" for p in similar)
        raise UserError(
            tr("people.ambiguous", given=printable(ref), matches=ids, first=similar[0].id)
        )
    raise UserError(tr("people.unknown", given=printable(ref)))


class _ParticipantsGroup(click.Group):
    """``participants STUDY`` lists (the old form); ``participants merge …`` merges."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["list", *args]
        return super().parse_args(ctx, args)


@click.group("participants", cls=_ParticipantsGroup)
def participants() -> None:
    """List the participants of STUDY and how far they are (or merge two records)."""


@participants.command("list")
@click.argument("study")
@_lang_opt
@pass_app
def list_participants(app: AppContext, study: str, lang: str | None) -> None:
    """List the participants of STUDY and how far they are."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    rows = progress(app.store, found.id)
    if not rows:
        plain(app.console, tr("people.none", study=found.name, code=found.access_code))
        return
    columns = ("name", "status", "sorted", "unsure", "started", "time")
    table = Table("#", *(tr(f"people.col.{c}") for c in columns))
    for row in rows:
        person = row.participant
        table.add_row(
            str(person.id),
            Text(printable(person.name)),
            tr("people.status.finished" if person.finished else "people.status.sorting"),
            f"{row.placed}/{row.total_cards}",
            str(row.unsure),
            person.started_at or "–",
            _minutes(person.duration_s),
        )
    app.console.print(table)
    done = sum(r.participant.finished for r in rows)
    plain(app.console, tr("people.finished", done=num(tr, done), count=num(tr, len(rows))))


@participants.command("merge")
@click.argument("study")
@click.argument("keep")
@click.argument("other")
@_lang_opt
@pass_app
def merge(app: AppContext, study: str, keep: str, other: str, lang: str | None) -> None:
    """Merge OTHER into KEEP: two records of one person in STUDY become one.

    KEEP and OTHER are names or numbers (#3) from `cardsort participants STUDY`. Cards KEEP
    left unsorted take OTHER's place for them; then OTHER is removed.
    """
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    people = participants_of(app.store, found.id)
    kept = find_participant(people, keep, tr)
    gone = find_participant(people, other, tr)
    result = merge_participants(app.store, kept.id, gone.id)
    said = tr(
        "people.merged",
        gone=printable(result.removed_name),
        kept=printable(result.kept.name),
        count=num(tr, result.taken_cards),
    )
    app.console.print(Text(said))


def register(root: click.Group) -> None:
    """Add ``cardsort participants`` to the root group."""
    root.add_command(participants)
