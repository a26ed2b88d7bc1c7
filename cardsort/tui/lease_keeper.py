"""One live window per participant: keep the participant's lease, give it back, notice its loss.

A window that joins as a participant holds a lease in the store (:mod:`sessions.identity`).
:class:`LeaseKeeper` is what the sorting session and the tree-test session share: renewing the
lease on the app's timer, releasing it when the window closes, and telling the app (once) when
another window has taken the participant over. A busy store is never read as a take-over.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import ClassVar, Protocol

from sessions.identity import LeaseKind, release_lease, renew_lease
from sessions.store import Store, StoreError

__all__ = ["LeaseKeeper"]


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


class LeaseKeeper:
    """Mixin for a session dataclass with ``store``, ``participant``, ``holder``,
    ``lease_lost`` and ``on_lease_lost``; :attr:`LEASE_KIND` names the participant table."""

    LEASE_KIND: ClassVar[LeaseKind] = "sort"
    store: Store
    participant: _Identified | None
    holder: str
    lease_lost: bool
    on_lease_lost: Callable[[], None] | None

    def renew(self) -> bool:
        """Keep the participant's lease alive; ``False`` (and the app told) once taken over."""
        if self.participant is None or self.lease_lost:
            return not self.lease_lost
        try:
            held = renew_lease(self.store, self.participant.id, self.holder, kind=self.LEASE_KIND)
        except StoreError:
            return True  # a busy store is no take-over: try again at the next renewal
        if not held:
            self._lost()
        return held

    def release(self) -> None:
        """Give the participant free when this window closes (no-op after a take-over)."""
        if self.participant is not None and not self.lease_lost:
            with contextlib.suppress(StoreError):  # else the lease expires by itself
                release_lease(self.store, self.participant.id, self.holder, kind=self.LEASE_KIND)

    def _lost(self) -> None:
        if not self.lease_lost:
            self.lease_lost = True
            if self.on_lease_lost is not None:
                self.on_lease_lost()
