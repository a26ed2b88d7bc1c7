"""Who can open an item: one description for every drive, read back and changed the same way.

The plan gives each folder of the new structure an audience (the whole team, the care team,
management…) and maps audiences to the school's groups per platform (``audience_groups``).
An adapter that can show and change who opens an item sets
:attr:`~drive_adapters.base.DriveAdapter.supports_access` and implements
:meth:`~drive_adapters.base.DriveAdapter.read_access`,
:meth:`~drive_adapters.base.DriveAdapter.limit_access` and
:meth:`~drive_adapters.base.DriveAdapter.restore_access` in terms of :class:`Access`:

* ``limited``: the item does not take its parent's access (Drive's limited-access folder,
  ``inheritedPermissionsDisabled``; SharePoint unique permissions or a library of its own);
* ``grants``: who can open it and how, each marked inherited or set on the item itself.

An :class:`Access` is plain data that round-trips through JSON, so the executor's journal can
record what an item's access was before a change and undo can put it back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ANYONE_IN_DRIVE", "Access", "Grant"]

#: The principal that stands for "everyone who can open the drive or library" (the team).
ANYONE_IN_DRIVE = "members"


@dataclass(frozen=True, order=True)
class Grant:
    """One principal's access: ``group:x@school.nl``, ``user:x@school.nl``, ``domain:school.nl``
    or :data:`ANYONE_IN_DRIVE`; ``role`` is ``reader``, ``writer`` or ``owner``."""

    principal: str
    role: str = "writer"
    inherited: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"principal": self.principal, "role": self.role, "inherited": self.inherited}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Grant:
        return cls(str(data["principal"]), str(data.get("role", "writer")),
                   bool(data.get("inherited", False)))  # fmt: skip


@dataclass(frozen=True)
class Access:
    """Who can open one item, as the platform reports it."""

    limited: bool = False
    grants: tuple[Grant, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, limited: bool, grants: Iterable[Grant]) -> Access:
        """An access with its grants in a stable order (so two reads compare equal)."""
        return cls(limited, tuple(sorted(set(grants))))

    def principals(self) -> frozenset[str]:
        """Everyone who can open the item, whatever their role."""
        return frozenset(g.principal for g in self.grants)

    def wider_than(self, other: Access) -> frozenset[str]:
        """The principals this access lets in that ``other`` does not (empty: not wider)."""
        return self.principals() - other.principals()

    def to_json(self) -> dict[str, Any]:
        return {"limited": self.limited, "grants": [g.to_json() for g in self.grants]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Access:
        return cls.of(bool(data.get("limited", False)),
                      (Grant.from_json(g) for g in data.get("grants") or ()))  # fmt: skip
