"""The architecture contract, checked at run time: the core packages never load Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "sessions.store",
    "sessions.studies",
    "sessions.inventory",
    "sessions.cards",
    "drive_adapters.base",
    "drive_adapters.local_scan",
    "cardsort.analysis",
    "cardsort.scan",
    "cardsort.proposal",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_serve')]; "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_cli_help_does_not_start_the_tui() -> None:
    code = (
        "import sys; from cardsort.cli import main; "
        "rc = main(['--help']); print('TEXTUAL' if 'textual.app' in sys.modules else 'OK')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("OK"), result.stdout + result.stderr
