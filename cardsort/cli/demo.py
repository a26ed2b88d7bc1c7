"""``cardsort demo-share DIR``: write the bundled demo school share."""

from __future__ import annotations

from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._format import size
from cardsort.demo_share import write_demo_share


@click.command("demo-share")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=2024, show_default=True, help="Same seed, same share.")
@pass_app
def demo_share(app: AppContext, directory: Path, seed: int) -> None:
    """Write the shared drive of the demo school 't Blokhuus into an empty DIRECTORY."""
    if directory.exists() and any(directory.iterdir()):
        raise UserError(f"{directory} is not empty; give a new or empty folder.")
    stats = write_demo_share(directory, seed=seed)
    app.console.print(
        f"Wrote the demo share of 't Blokhuus to {stats.root}: {stats.top_level} top-level items, "
        f"{stats.files} files in {stats.folders} folders, {size(stats.bytes)}."
    )


def register(root: click.Group) -> None:
    """Add ``cardsort demo-share``."""
    root.add_command(demo_share)
