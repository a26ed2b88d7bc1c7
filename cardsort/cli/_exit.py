"""The exit statuses of ``cardsort``: 0 only when a command did what it says.

Scripts chain commands (``apply && verify --content && <remove the old share>``), so a command
that found differences, was blocked, stopped halfway or left items aside never exits 0. The
numbers are documented in the README ("Exit statuses") and tested for every migrate verb.
"""

from __future__ import annotations

import enum

import click

__all__ = ["ExitStatus", "exit_with"]


class ExitStatus(enum.IntEnum):
    """Why a command ended."""

    DONE = 0  # it did what it says
    DIFFERENCES = 1  # verify (or a check) found differences
    USAGE = 2  # a mistake in the command or its input; nothing was changed
    BLOCKED = 3  # refused before changing anything (blocked plan, changed source, locked)
    STOPPED = 4  # stopped partway; the journal knows where: fix the cause, then resume
    SET_ASIDE = 5  # done, except for items set aside (listed with reasons); resume retries them
    INTERRUPTED = 130  # Ctrl-C


def exit_with(status: ExitStatus) -> None:
    """End the command with ``status`` (``main()`` returns it to the shell)."""
    raise click.exceptions.Exit(int(status))
