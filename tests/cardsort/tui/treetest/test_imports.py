"""A participant's tree-test process (one per browser tab) imports no heavy library."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


# numpy comes with the store (packed inventory columns), as in the sorting app
HEAVY = ("scipy", "sklearn", "matplotlib", "msgraph", "googleapiclient")

PROBE = """
import json, sys
import cardsort.cli as c
c.cli.get_command(None, "treetest")
import cardsort.tui.treetest.app  # what `cardsort treetest take` runs in each tab
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_the_participants_app_imports_no_heavy_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=os.environ, check=True
    )
    modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "cardsort.tui.treetest.app" in modules
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY) == []
