"""Fixtures borrowed from the areas whose output privacy protects: plans and analysed studies."""

from __future__ import annotations

from tests.analyse_cli.conftest import team_file
from tests.migration.conftest import build, trap_share

__all__ = ["build", "team_file", "trap_share"]
