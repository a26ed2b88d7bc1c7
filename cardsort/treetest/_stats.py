"""Confidence intervals for success rates: Wilson's score interval and Newcombe's difference.

Tree tests run with a school team (10 to 30 people), where the textbook normal interval is
wrong near 0 % and 100 %. Wilson's interval stays inside [0, 1] and keeps its coverage for
small samples; Newcombe's hybrid score interval (method 10 in Newcombe 1998) combines two
Wilson intervals into one for the difference of two independent rates (an A/B comparison).
"""

from __future__ import annotations

import math

__all__ = ["Z95", "newcombe_difference", "wilson_interval"]

#: The normal quantile for a two-sided 95 % interval.
Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion.

    Parameters
    ----------
    successes, n : int
        Successes out of ``n`` trials (``0 <= successes <= n``).
    z : float
        Normal quantile (1.96 for 95 %).

    Returns
    -------
    (low, high) : tuple of float
        In ``[0, 1]``; ``(0.0, 1.0)`` when ``n`` is 0 (nothing is known).

    Examples
    --------
    >>> [round(x, 3) for x in wilson_interval(8, 10)]
    [0.49, 0.943]
    >>> wilson_interval(0, 0)
    (0.0, 1.0)
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact ends, not 5e-17 from rounding
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def newcombe_difference(
    successes_a: int, n_a: int, successes_b: int, n_b: int, z: float = Z95
) -> tuple[float, float, float]:
    """Difference of two independent proportions (B minus A) with Newcombe's interval.

    Parameters
    ----------
    successes_a, n_a, successes_b, n_b : int
        Successes and trials in group A and group B.
    z : float
        Normal quantile (1.96 for 95 %).

    Returns
    -------
    (difference, low, high) : tuple of float
        ``p_b - p_a`` and its interval, within ``[-1, 1]``; NaN difference if a group is empty.

    Examples
    --------
    >>> [round(x, 3) for x in newcombe_difference(5, 10, 9, 10)]
    [0.4, -0.002, 0.676]
    """
    if n_a == 0 or n_b == 0:
        return math.nan, -1.0, 1.0
    p_a, p_b = successes_a / n_a, successes_b / n_b
    low_a, high_a = wilson_interval(successes_a, n_a, z)
    low_b, high_b = wilson_interval(successes_b, n_b, z)
    difference = p_b - p_a
    low = difference - math.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2)
    high = difference + math.sqrt((high_b - p_b) ** 2 + (p_a - low_a) ** 2)
    return difference, max(-1.0, low), min(1.0, high)
