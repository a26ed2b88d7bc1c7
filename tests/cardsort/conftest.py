"""Fixtures the application's tests borrow from where they are defined: the trap share and the
planned migration (``tests/drive_adapters/conftest.py``) for the planning, copying and migrate
command tests, and the analysed school with its tree test (``tests/cardsort/treetest/conftest.py``)
for the tree test's screens, commands and report."""

from __future__ import annotations

from tests.cardsort.treetest.conftest import english_coordinator, school, tree
from tests.drive_adapters.conftest import build, english_messages, trap_copy, trap_share

__all__ = [
    "build",
    "english_coordinator",
    "english_messages",
    "school",
    "trap_copy",
    "trap_share",
    "tree",
]
