"""The ``cardsort`` command: one click group, one module per subcommand (hatch's layout).

Each module in :data:`COMMAND_MODULES` exposes ``register(root)`` which adds its commands to
the root group. The modules listed in :data:`LAZY_COMMANDS` are imported only when one of their
commands runs (click's lazy-group pattern), so ``cardsort --help`` and the teacher's app
(``cardsort sort``, one process per browser tab) never import numpy, scipy, scikit-learn or
the cloud SDKs they do not use; ``--help`` shows the summaries kept in that table (a test
checks them against the commands). A module missing from the table is imported at start.
"""

from __future__ import annotations

import importlib
import sys

import click

from cardsort import __version__
from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._exit import ExitStatus

__all__ = ["LAZY_COMMANDS", "AppContext", "UserError", "cli", "main", "pass_app"]

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
    "cardsort.cli.audience",
    "cardsort.cli.access",
    "cardsort.cli.treetest",
    "cardsort.cli.plan",
    "cardsort.cli.migrate",
    "cardsort.cli.migrate_copy",
    "cardsort.cli.demo",
    "cardsort.cli.drive",
    "cardsort.cli.drive_gdrive",
    "cardsort.cli.drive_onedrive",
)


#: Command name → (the modules that register it, the summary ``cardsort --help`` shows).
LAZY_COMMANDS: dict[str, tuple[tuple[str, ...], str]] = {
    "scan": (
        ("cardsort.cli.scan",),
        "Scan a local or mounted share (PATH) into an inventory snapshot.",
    ),
    "report": (
        ("cardsort.cli.report", "cardsort.cli.access"),
        "Reports on the latest scan: duplicates, stale items, who can open what.",
    ),
    "cards": (("cardsort.cli.cards",), "Propose, list and edit the cards of the latest scan."),
    "study": (
        ("cardsort.cli.study",),
        "Create, list, show and export card-sorting studies; questions after the sort.",
    ),
    "sort": (
        ("cardsort.cli.sort",),
        "Sort the cards of STUDY (a study name, or a study file for offline sorting).",
    ),
    "serve": (
        ("cardsort.cli.serve",),
        "Serve STUDY to browsers: teachers open the address and sort.",
    ),
    "participants": (
        ("cardsort.cli.participants",),
        "List the participants of STUDY and how far they are (or merge two records).",
    ),
    "import": (
        ("cardsort.cli.importing",),
        "Import sorts from FILE (Casolysis, wide CSV, OptimalSort or JSON) into STUDY.",
    ),
    "export": (
        ("cardsort.cli.exporting",),
        "Write STUDY's sorts, similarity matrix or analysis to FILE (- for the terminal).",
    ),
    "analyse": (
        ("cardsort.cli.analyse",),
        "Analyse STUDY's finished sorts and propose a consensus folder tree.",
    ),
    "consensus": (
        ("cardsort.cli.consensus", "cardsort.cli.audience"),
        "Show, edit and browse the versions of a study's consensus folder tree.",
    ),
    "labels": (
        ("cardsort.cli.consensus",),
        "The label standardisation map: which group names count as the same category.",
    ),
    "exclude": (
        ("cardsort.cli.consensus",),
        "Leave PARTICIPANT (or everybody flagged by --rule) out of the analysis; reversible.",
    ),
    "include": (
        ("cardsort.cli.consensus",),
        "Undo an exclusion: bring PARTICIPANT back, or switch a --rule off.",
    ),
    "treetest": (
        ("cardsort.cli.treetest",),
        "Tree tests: can the team find its files in the proposed folders?",
    ),
    "plan": (("cardsort.cli.plan",), "Build a migration plan for STUDY from its consensus tree."),
    "migrate": (
        ("cardsort.cli.migrate", "cardsort.cli.migrate_copy"),
        "Simulate, apply, resume, verify or undo a migration plan on a target.",
    ),
    "demo-share": (
        ("cardsort.cli.demo",),
        "Write the shared drive of the demo school 't Blokhuus into an empty DIRECTORY.",
    ),
    "drive": (
        ("cardsort.cli.drive", "cardsort.cli.drive_gdrive", "cardsort.cli.drive_onedrive"),
        "Sign in to OneDrive/SharePoint or Google Drive, and list drives.",
    ),
}


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is used."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._imported: set[str] = set()

    def _load(self, modules: tuple[str, ...]) -> None:
        for module in modules:
            if module not in self._imported:
                self._imported.add(module)
                importlib.import_module(module).register(self)

    def load_all(self) -> None:
        """Import every command module (tests compare the lazy table with the real commands)."""
        for modules, _ in LAZY_COMMANDS.values():
            self._load(modules)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        # Always load the command's whole row (it is idempotent): another command may have
        # imported the module that defines this one without the modules that extend it
        # (`labels` imports consensus; `consensus audience` comes from another module).
        if cmd_name in LAZY_COMMANDS:
            self._load(LAZY_COMMANDS[cmd_name][0])
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from the table, without importing the commands' modules."""
        limit = formatter.width - 6 - max(len(n) for n in self.list_commands(ctx))
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is not None:
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                stand_in = click.Command(name, help=LAZY_COMMANDS[name][1])
                rows.append((name, stand_in.get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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


_LAZY_MODULES = {module for modules, _ in LAZY_COMMANDS.values() for module in modules}
for _module in COMMAND_MODULES:
    if _module not in _LAZY_MODULES:  # not in the table (yet): imported now, as before
        importlib.import_module(_module).register(cli)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point: run the CLI and return its exit status (see :mod:`._exit`).

    User mistakes become a message and status 2. In ``standalone_mode=False`` click hands back
    the status a command ended with (``click.exceptions.Exit``) as the return value: it is the
    command's verdict and is returned as it is, never dropped.
    """
    try:
        returned = cli.main(args=argv, prog_name="cardsort", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return int(ExitStatus.INTERRUPTED)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing half-done was kept.", err=True)
        return int(ExitStatus.INTERRUPTED)
    if isinstance(returned, int) and not isinstance(returned, bool):
        return returned
    return int(ExitStatus.DONE)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
