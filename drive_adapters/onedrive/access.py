"""Who can open an item on OneDrive / SharePoint, read from Graph's permissions; and why a folder
is narrowed by the library it lives in rather than by permissions of its own.

**The choice: one document library per narrower audience.** The care team's folders live in a
library (of a site) whose members are the care team; everything in it inherits that, so the
folders need no permissions of their own. The plan maps each narrower audience to its library
(``cardsort plan --library zorg=site:https://school.sharepoint.com/sites/Zorg/Dossiers``) and
the migration creates that audience's folders there (:mod:`drive_adapters.onedrive.libraries`).
Why not give the folder unique permissions through Graph:

* Graph v1.0 has no operation that stops or restores inheritance on a folder. SharePoint's
  ``breakroleinheritance``/``resetroleinheritance`` belong to the SharePoint REST API (``/_api``,
  its own sign-in and permissions), not to Graph. The only Graph switch is
  ``retainInheritedPermissions: false`` on sharing ("all existing permissions are removed when
  sharing for the first time": learn.microsoft.com/graph/api/driveitem-createlink); the invite
  page (driveitem-invite) lists it only in its schema, users report ``invalidRequest`` when
  invite carries it (microsoftgraph/microsoft-graph-docs issues 20888, 22261), and nothing in
  Graph puts inheritance back, so undo could not restore what was there.
* Read-back cannot tell an inherited permission from the folder's own: "OneDrive for Business
  and SharePoint document libraries don't return the inheritedFrom property"
  (learn.microsoft.com/graph/api/resources/permission), and only permissions with an empty
  ``inheritedFrom`` can be deleted (learn.microsoft.com/graph/api/permission-delete).
* Microsoft's own guidance draws the line at the site: "Giving people permissions to a site,
  group, or team gives them access to all site content", and confidential information belongs
  in a site of its own (learn.microsoft.com/sharepoint/modern-experience-sharing-permissions,
  "Security and privacy"). A library whose members are the care team is read back in one
  request, verified by the same request, and survives anyone's later "Share" on a parent.

So on SharePoint :meth:`~drive_adapters.onedrive.adapter.OneDriveAdapter.limit_access` changes
nothing: it confirms that nobody outside the audience (besides the library's owners) can open
the folder — true when the folder sits in the audience's library — and refuses with
:class:`AccessNotLimitable` otherwise, naming the remedy. ``restore_access`` confirms the
principals are back (undo moves items back, and an inheriting item takes its parent's access
again: "DriveItem resources inherit sharing permissions from their ancestors", createLink page).

Principals read from ``grantedToV2``: ``user:ADDRESS``, ``group:ADDRESS``, ``sitegroup:NAME``
(a library's SharePoint group), ``anyone`` (an anonymous link), ``organization`` (a link for
everyone in the tenant).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from drive_adapters.base import DriveError
from drive_adapters.remote.access import ANYONE_IN_DRIVE, OWNER, Access, Grant, principal_of

__all__ = [
    "AccessNotLimitable",
    "access_from_permissions",
    "missing",
    "outsiders",
    "principal_from",
]

_ROLES = {"read": "reader", "write": "writer", "owner": OWNER, "sp.owner": OWNER}


class AccessNotLimitable(DriveError):
    """The item lets in people outside the audience, and Graph cannot narrow one folder."""


def principal_from(permission: Mapping[str, Any]) -> str | None:
    """The principal of one Graph permission, or None for one this tool does not understand."""
    link = permission.get("link")
    if isinstance(link, Mapping):
        scope = str(link.get("scope") or "")
        if scope == "anonymous":
            return "anyone"
        if scope == "organization":
            return "organization"
    granted = permission.get("grantedToV2") or permission.get("grantedTo") or {}
    if not isinstance(granted, Mapping):
        return None
    for kind in ("group", "user", "siteUser", "siteGroup", "application"):
        who = granted.get(kind)
        if not isinstance(who, Mapping):
            continue
        if kind == "siteGroup":  # compared in lower case, as the plan's names are (principal_of)
            name = who.get("displayName") or who.get("loginName") or who.get("id")
            return f"sitegroup:{str(name).casefold()}"
        address = who.get("email") or who.get("loginName") or who.get("id")
        if address:
            prefix = "group" if kind == "group" else "app" if kind == "application" else "user"
            return f"{prefix}:{str(address).casefold()}"
    return None


def _grants(permissions: Iterable[Mapping[str, Any]], inherited: bool) -> list[Grant]:
    out = []
    for permission in permissions:
        principal = principal_from(permission)
        if principal is None:
            continue
        roles = [_ROLES.get(str(r).casefold(), "reader") for r in permission.get("roles") or []]
        role = OWNER if OWNER in roles else "writer" if "writer" in roles else "reader"
        marked = inherited or bool(permission.get("inheritedFrom"))
        out.append(Grant(principal, role, marked))
    return out


def _signature(permissions: Iterable[Mapping[str, Any]]) -> frozenset[tuple[str, str]]:
    # By who and how, not by permission id: whether an inherited permission keeps its
    # parent's id is not documented.
    return frozenset(
        (str(principal_from(p)), ",".join(sorted(p.get("roles") or []))) for p in permissions
    )


def access_from_permissions(
    permissions: Sequence[Mapping[str, Any]],
    parent_permissions: Sequence[Mapping[str, Any]] | None,
) -> Access:
    """An :class:`Access` from an item's permission list (and its parent's, None for a root).

    Where Graph marks inherited permissions (``inheritedFrom``) those marks are used; where it
    does not (SharePoint libraries), an item whose permissions are exactly its parent's is
    taken to inherit them, and one whose permissions differ to have its own (``limited``).
    """
    if parent_permissions is None:
        return Access.of(False, _grants(permissions, inherited=False))
    if any(p.get("inheritedFrom") for p in permissions):  # it takes its parent's, maybe more
        return Access.of(False, _grants(permissions, inherited=False))
    if parent_permissions and _signature(permissions) == _signature(parent_permissions):
        return Access.of(False, _grants(permissions, inherited=True))
    return Access.of(True, _grants(permissions, inherited=False))


def missing(access: Access, principals: Sequence[str]) -> list[str]:
    """The audience's principals (as the plan names them) that cannot open the item."""
    present = {principal_of(p) for p in access.reaches()}
    wanted = {principal_of(q) for q in principals} - {ANYONE_IN_DRIVE}
    return sorted(wanted - present)


def outsiders(access: Access, principals: Sequence[str]) -> list[str]:
    """The principals that can open the item although they are not in ``principals`` as the
    plan names them (a bare address is a group); the library's owners always may."""
    allowed = {principal_of(p) for p in principals}
    if ANYONE_IN_DRIVE in allowed:
        return []
    return sorted(p for p in access.reaches() if principal_of(p) not in allowed)
