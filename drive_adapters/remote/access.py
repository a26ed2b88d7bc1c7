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

Principals are ``kind:address`` text: ``group:zorg@school.nl``, ``user:ib@school.nl``,
``domain:school.nl``, ``anyone``, or :data:`ANYONE_IN_DRIVE`. The plan names an audience's groups
as the coordinator typed them (``--group care=zorg@school.nl``); :func:`principal_of` reads
those (a bare address is a group). A grant with role ``owner`` stands for the drive's owners
(a shared drive's organizers, a library's owners): they can always open everything, so they
never count as a wider audience (:meth:`Access.reaches`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ANYONE_IN_DRIVE", "KINDS", "OWNER", "Access", "Grant", "principal_of"]

#: The principal that stands for "everyone who can open the drive or library" (the team).
ANYONE_IN_DRIVE = "members"
#: The role of the drive's owners (organizers): they can open every item, limited or not.
OWNER = "owner"
#: The kinds of principal a ``kind:address`` text names (``sitegroup:Zorg Members``: one of a
#: SharePoint site's own groups, as Graph reports it in ``grantedToV2.siteGroup``).
KINDS = ("group", "user", "domain", "sitegroup")


def principal_of(text: str) -> str:
    """A principal from how a plan names a group: ``user:x@school.nl``, ``group:x@school.nl``,
    ``domain:school.nl`` and ``anyone`` as they are; a bare address is a group (the plan maps
    audiences to the school's groups). Addresses are compared in lower case, as both clouds do.
    """
    text = text.strip()
    kind, sep, address = text.partition(":")
    if text.casefold() in ("anyone", ANYONE_IN_DRIVE):
        return text.casefold()
    if sep and kind.casefold() in KINDS:
        return f"{kind.casefold()}:{address.strip().casefold()}"
    return f"group:{text.casefold()}"


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

    def reaches(self) -> frozenset[str]:
        """Who can open the item besides the drive's owners (who can open everything)."""
        return frozenset(g.principal for g in self.grants if g.role != OWNER)

    def direct(self) -> tuple[Grant, ...]:
        """The grants set on the item itself (they travel with it when it moves)."""
        return tuple(g for g in self.grants if not g.inherited)

    def to_json(self) -> dict[str, Any]:
        return {"limited": self.limited, "grants": [g.to_json() for g in self.grants]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Access:
        return cls.of(bool(data.get("limited", False)),
                      (Grant.from_json(g) for g in data.get("grants") or ()))  # fmt: skip
