"""Value ranges every importer holds a file to, so nothing absurd reaches the store.

A sort file comes from outside (another tool, a teacher's laptop, a hand edit): numbers are
checked for size and range before they are used, because SQLite stores integers in 64 bits and
a duration of ``Infinity`` would break every later statistic.
"""

from __future__ import annotations

import math

__all__ = ["MAX_DURATION_S", "MAX_POSITION", "duration_or_none", "valid_position"]

#: A sort that took more than 30 days is a broken clock, not a slow teacher.
MAX_DURATION_S = 30 * 24 * 3600.0
#: Far more cards than any study holds; keeps positions well inside SQLite's integers.
MAX_POSITION = 1_000_000


def duration_or_none(value: float) -> float | None:
    """``value`` when it is a usable number of seconds (finite, 0 to 30 days), else ``None``.

    Examples
    --------
    >>> duration_or_none(754.0), duration_or_none(float("inf")), duration_or_none(-1.0)
    (754.0, None, None)
    """
    if math.isfinite(value) and 0.0 <= value <= MAX_DURATION_S:
        return value
    return None


def valid_position(value: object) -> bool:
    """Whether ``value`` is a whole number from 0 to :data:`MAX_POSITION` (``True`` is not)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_POSITION
