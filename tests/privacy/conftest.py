"""Fixtures borrowed from the areas whose output privacy protects: plans, analysed studies
and the coordinator app."""

from __future__ import annotations

from tests.analyse_cli.conftest import team_file
from tests.migration.conftest import build, trap_share
from tests.tui.conftest import new_study

__all__ = ["build", "new_study", "team_file", "trap_share"]
