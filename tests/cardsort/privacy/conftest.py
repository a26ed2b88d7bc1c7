"""Fixtures borrowed from the areas whose output privacy protects: analysed studies (plans and
the trap share come from ``tests/cardsort/conftest.py``)."""

from __future__ import annotations

from tests.cardsort.cli.conftest import team_file

__all__ = ["team_file"]
