"""Drive permissions as :class:`~drive_adapters.remote.access.Access`, and back.

Pure conversions for the adapter's ``read_access``/``limit_access``/``restore_access``
(developers.google.com/drive/api/reference/rest/v3/permissions): a Drive permission is a
``type`` (user, group, domain, anyone) with an ``emailAddress`` or ``domain``, a ``role`` and
``permissionDetails`` saying for each source whether it is inherited. A folder with limited
access has ``inheritedPermissionsDisabled`` set
(https://developers.google.com/drive/api/guides/limited-expansive-access).

Drive's roles map onto the three of :mod:`drive_adapters.remote.access`: ``owner`` and
``organizer`` (who can always open everything) are ``owner``, ``writer`` is ``writer``,
``reader`` is ``reader``. ``fileOrganizer`` and ``commenter`` have no exact counterpart, so a
permission with one of them is never removed (it could not be put back exactly): limiting a
folder that holds one stops with a clear message instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from drive_adapters.base import DriveError
from drive_adapters.remote.access import OWNER, Access, Grant

__all__ = [
    "PERMISSION_FIELDS",
    "access_from",
    "direct_role",
    "exact_role",
    "permission_body",
    "principal_from",
]

PERMISSION_FIELDS = "nextPageToken,permissions(id,type,role,emailAddress,domain,permissionDetails)"

_ROLES = {
    "owner": OWNER,
    "organizer": OWNER,
    "fileOrganizer": "writer",
    "writer": "writer",
    "commenter": "reader",
    "reader": "reader",
}
#: Drive roles a generic role gives back exactly (what restore re-creates).
_EXACT = {"writer": "writer", "reader": "reader"}


def principal_from(permission: Mapping[str, Any]) -> str:
    """``group:zorg@school.nl`` for a Drive permission."""
    kind = str(permission.get("type", ""))
    if kind == "anyone":
        return "anyone"
    if kind == "domain":
        return f"domain:{str(permission.get('domain', '')).casefold()}"
    return f"{kind}:{str(permission.get('emailAddress', '')).casefold()}"


def direct_role(permission: Mapping[str, Any]) -> str | None:
    """The Drive role this permission has on the item itself (``None``: only inherited)."""
    details = permission.get("permissionDetails")
    if not details:
        return str(permission.get("role"))
    for detail in details:
        if not detail.get("inherited", False):
            return str(detail.get("role"))
    return None


def exact_role(drive_role: str | None) -> bool:
    """Whether a role set on an item can be recorded and re-created exactly (owners and
    organizers are never removed; fileOrganizer and commenter have no counterpart)."""
    return drive_role in _EXACT


def access_from(limited: bool, permissions: Iterable[Mapping[str, Any]]) -> Access:
    """The access a ``files.get`` (``inheritedPermissionsDisabled``) and a ``permissions.list``
    describe. Without ``permissionDetails`` (My Drive items may lack them) a permission counts
    as set on the item itself."""
    grants = []
    for permission in permissions:
        principal = principal_from(permission)
        details = permission.get("permissionDetails") or [
            {"role": permission.get("role"), "inherited": False}
        ]
        for detail in details:
            role = _ROLES.get(str(detail.get("role")), "reader")
            grants.append(Grant(principal, role, bool(detail.get("inherited", False))))
    return Access.of(limited, grants)


def permission_body(principal: str, role: str) -> dict[str, str]:
    """The ``permissions.create`` body that gives ``principal`` the generic ``role``."""
    drive_role = _EXACT.get(role)
    if drive_role is None:
        raise DriveError(f"Google Drive cannot give the role {role!r} to {principal} here.")
    if principal == "anyone":
        return {"type": "anyone", "role": drive_role}
    kind, sep, address = principal.partition(":")
    if not sep or not address or kind not in ("user", "group", "domain"):
        raise DriveError(
            f"{principal!r} is not a Google principal; name groups and people by their address "
            "(zorg@school.nl, user:ib@school.nl) or a domain (domain:school.nl)."
        )
    if kind == "domain":
        return {"type": "domain", "domain": address, "role": drive_role}
    return {"type": kind, "emailAddress": address, "role": drive_role}
