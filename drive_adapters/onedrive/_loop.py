"""A private asyncio event loop on a background thread, so async msgraph-sdk code can serve a
synchronous, thread-safe adapter: any thread submits a coroutine and waits for its result."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

__all__ = ["LoopThread"]

T = TypeVar("T")


class LoopThread:
    """One event loop running forever on a daemon thread until :meth:`close`."""

    def __init__(self, name: str = "cardsort-onedrive") -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the loop and block the calling thread until it is done."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("LoopThread.run called from its own loop: would deadlock")
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def close(self) -> None:
        """Stop the loop and join the thread (idempotent)."""
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=10)
        self.loop.close()
