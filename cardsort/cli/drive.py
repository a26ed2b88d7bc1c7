"""``cardsort drive``: sign in to cloud drives and look at them.

The OneDrive and Google Drive command modules add their subcommands to these groups.
"""

from __future__ import annotations

import click


@click.group("drive")
def drive() -> None:
    """Sign in to OneDrive/SharePoint or Google Drive, and list drives."""


@drive.group("login")
def login() -> None:
    """Sign in to a cloud drive (tokens are kept in your user profile, never in plans or logs)."""


def register(root: click.Group) -> None:
    """Add ``cardsort drive`` to the root group."""
    root.add_command(drive)
