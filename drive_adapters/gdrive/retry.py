"""Retries: the client library's own ``num_retries`` on every call, and our backoff on top.

The library retries 5xx, 429 and 403 ``rateLimitExceeded``/``userRateLimitExceeded`` itself when
``num_retries > 0``, sleeping ``rand() * 2**n`` (untruncated). :class:`RetryPolicy` passes
``num_retries`` to every ``execute()``/``next_chunk()``, caps and scales the library's sleeps (so a
test can run chaos in milliseconds), and adds rounds of truncated exponential backoff with jitter
once the library gives up, for rate limits and for dropped connections.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RetryPolicy"]


@dataclass
class RetryPolicy:
    """How hard to try before reporting :class:`~drive_adapters.base.Throttled`."""

    num_retries: int = 5  #: passed to the library on every execute()/next_chunk()
    rounds: int = 4  #: our own backoff rounds after the library has given up
    base_delay: float = 1.0  #: first backoff, seconds
    max_delay: float = 64.0  #: truncation: no single pause is longer
    library_scale: float = 1.0  #: multiplies the library's own sleeps (tests: 0.001)
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    rand: Callable[[], float] = field(default=random.random, repr=False)

    def delay(self, attempt: int) -> float:
        """Truncated exponential backoff with "equal jitter": between half and all of the step."""
        step = min(self.max_delay, self.base_delay * (2**attempt))
        return float(step / 2 + self.rand() * step / 2)

    def pause(self, attempt: int) -> float:
        """Sleep before round ``attempt`` (0-based) and return how long."""
        seconds = self.delay(attempt)
        self.sleep(seconds)
        return seconds

    def library_sleep(self, seconds: float) -> None:
        """Replacement for the library's sleep: scaled and truncated."""
        self.sleep(min(self.max_delay, seconds * self.library_scale))

    def tune(self, request: Any) -> Any:
        """Point a library ``HttpRequest``'s internal sleep at :meth:`library_sleep`.

        ``HttpRequest._sleep`` is the documented-by-source hook the library's own tests use; if a
        future version drops it, the request simply keeps the library's default sleeps.
        """
        if hasattr(request, "_sleep"):
            request._sleep = self.library_sleep
        return request

    @classmethod
    def fast(cls, **overrides: Any) -> RetryPolicy:
        """A policy for tests and benchmarks against the fake: same logic, tiny pauses."""
        values: dict[str, Any] = {"base_delay": 0.002, "max_delay": 0.05, "library_scale": 0.001}
        values.update(overrides)
        return cls(**values)
