"""``cardsort participants STUDY``: who started, who finished, cards sorted, time taken."""

from __future__ import annotations

import click
from rich.table import Table

from cardsort.cli._app import AppContext, pass_app
from sessions.studies import get_study, progress

__all__ = ["register"]


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


@click.command("participants")
@click.argument("study")
@pass_app
def participants(app: AppContext, study: str) -> None:
    """List the participants of STUDY and how far they are."""
    found = get_study(app.store, study)
    rows = progress(app.store, found.id)
    if not rows:
        app.console.print(
            f"Nobody has started {found.name} yet (participant code {found.access_code})."
        )
        return
    table = Table("name", "status", "sorted", "unsure", "started", "time")
    for row in rows:
        person = row.participant
        table.add_row(
            person.name,
            "finished" if person.finished else "sorting",
            f"{row.placed}/{row.total_cards}",
            str(row.unsure),
            person.started_at or "–",
            _minutes(person.duration_s),
        )
    app.console.print(table)
    done = sum(r.participant.finished for r in rows)
    app.console.print(f"{done} of {len(rows)} finished.")


def register(root: click.Group) -> None:
    """Add ``cardsort participants`` to the root group."""
    root.add_command(participants)
