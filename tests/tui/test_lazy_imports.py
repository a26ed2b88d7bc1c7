"""``cardsort --help`` and the teacher's app import only what they use: no numpy, scipy,
scikit-learn or cloud SDK in a process that does not analyse or migrate (each browser tab is
one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from click.testing import CliRunner

from cardsort.cli import LAZY_COMMANDS, cli

HEAVY = (
    "numpy",
    "scipy",
    "sklearn",
    "msgraph",
    "kiota_abstractions",
    "googleapiclient",
    "google.auth",
)

PROBE = """
import json, sys
from cardsort.cli import main
what = sys.argv[1]
if what == "help":
    try:
        main(["--help"])
    except SystemExit:
        pass
else:
    import cardsort.cli as c
    c.cli.get_command(None, "sort")
    c.cli.get_command(None, "serve")
    import cardsort.tui.sort_app  # what a browser tab runs
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported(what: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, what],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "100"},
        check=True,
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_heavy_library() -> None:
    modules = imported("help")
    assert heavy_in(modules) == []
    assert "textual" not in modules  # not even the TUI


def test_the_teachers_app_imports_no_heavy_library() -> None:
    modules = imported("sort")
    assert "cardsort.tui.sort_app" in modules
    assert heavy_in(modules) == []


def test_the_lazy_table_matches_the_commands() -> None:
    """Every command is in the table, under the summary its own help starts with."""
    cli.load_all()
    for name, command in cli.commands.items():
        assert name in LAZY_COMMANDS, f"add {name!r} to cardsort.cli.LAZY_COMMANDS"
        own = (command.short_help or command.help or "").split("\n\n")[0].strip()
        assert " ".join(own.split()) == LAZY_COMMANDS[name][1], name
    assert set(LAZY_COMMANDS) <= set(cli.commands)


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line}
    assert listed == set(LAZY_COMMANDS)


def test_a_command_extended_by_another_module_is_whole_after_a_sibling_loaded_its_module() -> None:
    """`labels` imports the consensus module; `consensus audience` must still be there after.

    In a fresh process: in this one, other tests have loaded every command already.
    """
    probe = (
        "from click.testing import CliRunner\n"
        "from cardsort.cli import cli\n"
        "assert CliRunner().invoke(cli, ['labels', '--help']).exit_code == 0\n"
        "result = CliRunner().invoke(cli, ['consensus', 'audience', '--help'])\n"
        "assert result.exit_code == 0, result.output\n"
    )
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True)
