"""The ``cardsort`` command: one click group, one module per subcommand (hatch's layout).

Each module in :data:`COMMAND_MODULES` exposes ``register(root)`` which adds its commands to
the root group. Modules are imported when the group is built, so a broken optional dependency
in one command surfaces as that command's error, and ``cardsort --help`` stays fast enough.
"""

from __future__ import annotations

import importlib
import sys

import click

from cardsort import __version__
from cardsort.cli._app import AppContext, UserError, pass_app

__all__ = ["AppContext", "UserError", "cli", "main", "pass_app"]

#: Subcommand modules, in the order the data flows: share → cards → study → sorts → analysis → plan.
COMMAND_MODULES: tuple[str, ...] = (
    "cardsort.cli.scan",
    "cardsort.cli.report",
    "cardsort.cli.cards",
    "cardsort.cli.study",
    "cardsort.cli.sort",
    "cardsort.cli.serve",
    "cardsort.cli.participants",
    "cardsort.cli.importing",
    "cardsort.cli.exporting",
    "cardsort.cli.analyse",
    "cardsort.cli.consensus",
    "cardsort.cli.treetest",
    "cardsort.cli.plan",
    "cardsort.cli.migrate",
    "cardsort.cli.demo",
    "cardsort.cli.drive",
    "cardsort.cli.drive_gdrive",
    "cardsort.cli.drive_onedrive",
)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False),
    envvar="CARDSORT_STORE",
    help="The workspace store file (default: in your user data folder; env CARDSORT_STORE).",
)
@click.version_option(__version__, prog_name="cardsort")
@click.pass_context
def cli(ctx: click.Context, store_path: str | None) -> None:
    """Re-organise a school's shared drive by card sorting with the team.

    Run without a command to open the coordinator app.
    """
    ctx.obj = AppContext(store_path=store_path)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        opener = getattr(
            importlib.import_module("cardsort.cli.coordinator"), "open_coordinator", None
        )
        if opener is None:  # pragma: no cover - the coordinator app lands with the TUI
            click.echo(ctx.get_help())
            return
        opener(ctx.obj)


for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(cli)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the CLI, turn user mistakes into a message and exit 2."""
    try:
        cli.main(args=argv, prog_name="cardsort", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing half-done was kept.", err=True)
        return 130
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
