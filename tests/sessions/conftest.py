"""Fixtures the store's tests borrow: the planned trap share (private plan files) and the
analysed school with its tree test (the tree tests' tables)."""

from __future__ import annotations

from tests.cardsort.treetest.conftest import english_coordinator, school, tree
from tests.drive_adapters.conftest import build, trap_share

__all__ = ["build", "english_coordinator", "school", "trap_share", "tree"]
