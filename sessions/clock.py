"""The store's one time format: ISO 8601 in UTC, to the second.

Kept apart from :mod:`sessions.inventory` so that modules which only stamp times (studies,
cards, the teacher's app) do not import numpy with the inventory's column readers.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["now_iso"]


def now_iso() -> str:
    """The current time as an ISO 8601 string in UTC, the store's time format."""
    return datetime.now(UTC).isoformat(timespec="seconds")
