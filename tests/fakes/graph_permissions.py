"""Who can open what in the fake Graph service: permissions, inheritance, groups and libraries.

The part of :mod:`tests.fakes.graph_server` that models sharing, kept in its own module so the
drive model and this one can change apart. Every behaviour is written from Microsoft's pages
(cited where it is modelled), independently of what ``drive_adapters.onedrive`` assumes:

* each item either has permissions of its own ("unique") or takes its ancestors': "DriveItem
  resources inherit sharing permissions from their ancestors" (learn.microsoft.com/graph/api/
  driveitem-createlink). A library's root always has its own: the library's members;
* ``GET …/permissions`` lists the item's *effective* permissions (learn.microsoft.com/graph/api/
  driveitem-list-permissions: "List the effective sharing permissions on a driveItem"), each
  with ``roles`` and ``grantedToV2`` (``user``, ``group`` or ``siteGroup``; learn.microsoft.com/
  graph/api/resources/permission) and, for inherited ones, ``inheritedFrom`` — except where
  :attr:`Sharing.report_inherited_from` is off, as in SharePoint ("OneDrive for Business and
  SharePoint document libraries don't return the inheritedFrom property", same page);
* ``DELETE …/permissions/{id}`` refuses an inherited permission (learn.microsoft.com/graph/api/
  permission-delete: "Only sharing permissions that aren't inherited can be deleted. The
  inheritedFrom property must be null."). The page names no status code; the fake answers
  ``400 invalidRequest``;
* ``POST …/invite`` adds one permission per recipient (learn.microsoft.com/graph/api/
  driveitem-invite). The first permission of its own on an inheriting item ends its
  inheritance: with ``retainInheritedPermissions`` true (the default) the inherited ones are
  copied onto the item, with false "all existing permissions are removed when sharing for the
  first time" (the parameter's description on learn.microsoft.com/graph/api/
  driveitem-createlink and listitem-createlink; the invite page lists the parameter only in its
  schema). :attr:`Sharing.invite_retain_parameter` ``"reject"`` answers ``400 invalidRequest``
  to an invite that carries it, as users report of the real service
  (microsoftgraph/microsoft-graph-docs issues 20888 and 22261);
* a move keeps unique permissions and gives an inheriting item its new ancestors' (an
  inheriting item has nothing of its own to keep; issue 13 names this as the way an in-place
  restructure opens up care files). :attr:`Sharing.inherit_on_move` off freezes an inheriting
  item's permissions on move instead, so a test can show what depends on the rule;
* principals: users and groups of the directory (a group's members may be groups), and each
  library's SharePoint groups (``siteGroup``); :meth:`PermissionBook.can_open` expands them.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

__all__ = ["Identity", "Permission", "PermissionBook", "Sharing"]

READ, WRITE, OWNER = "read", "write", "owner"


@dataclass
class Sharing:
    """How the service reports and changes permissions; the defaults are SharePoint's."""

    #: Whether inherited permissions carry ``inheritedFrom`` (OneDrive personal does; OneDrive
    #: for Business and SharePoint libraries do not: permission resource page).
    report_inherited_from: bool = False
    #: ``"honour"`` (the createLink page's description) or ``"reject"`` (users' reports of
    #: ``invalidRequest`` when invite carries ``retainInheritedPermissions``).
    invite_retain_parameter: str = "honour"
    #: An inheriting item takes its new parent's permissions when moved.
    inherit_on_move: bool = True


@dataclass(frozen=True)
class Identity:
    """A principal: ``kind`` is ``user``, ``group`` or ``siteGroup``."""

    kind: str
    id: str
    name: str
    email: str = ""

    @property
    def key(self) -> str:
        """``user:x@school.nl``, ``group:x@school.nl`` or ``sitegroup:Name``."""
        if self.kind == "siteGroup":
            return f"sitegroup:{self.name}"
        return f"{self.kind}:{self.email.casefold()}"

    def json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "displayName": self.name}
        if self.kind == "siteGroup":
            body["loginName"] = self.name
        elif self.email:
            body["email"] = self.email
        return {self.kind: body}


@dataclass
class Permission:
    id: str
    roles: list[str]
    who: Identity


class _Tree(Protocol):
    """What the book needs of the drive model: parents and roots."""

    def parent_of(self, item_id: str) -> str | None: ...

    def drive_of(self, item_id: str) -> str: ...


@dataclass
class PermissionBook:
    """Permissions of items that have their own, the directory, and the sharing rules."""

    tree: _Tree
    sharing: Sharing = field(default_factory=Sharing)
    own: dict[str, list[Permission]] = field(default_factory=dict)  # item id → unique perms
    people: dict[str, Identity] = field(default_factory=dict)  # key → identity
    members: dict[str, set[str]] = field(default_factory=dict)  # group key → member keys
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # ---- directory

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter):06d}"

    def user(self, email: str, name: str = "") -> Identity:
        key = f"user:{email.casefold()}"
        if key not in self.people:
            self.people[key] = Identity("user", self._new_id("U"), name or email, email)
        return self.people[key]

    def group(self, email: str, members: Iterable[str] = (), name: str = "") -> Identity:
        """A Microsoft 365 / Entra group; ``members`` are e-mail addresses of users or groups."""
        key = f"group:{email.casefold()}"
        if key not in self.people:
            self.people[key] = Identity("group", self._new_id("G"), name or email, email)
        self.members.setdefault(key, set()).update(self._member_key(m) for m in members)
        return self.people[key]

    def site_group(self, name: str, members: Iterable[str] = ()) -> Identity:
        key = f"sitegroup:{name}"
        if key not in self.people:
            self.people[key] = Identity("siteGroup", str(len(self.people) + 3), name)
        self.members.setdefault(key, set()).update(self._member_key(m) for m in members)
        return self.people[key]

    def _member_key(self, email: str) -> str:
        group_key = f"group:{email.casefold()}"
        return group_key if group_key in self.people else self.user(email).key

    def resolve(self, recipient: Mapping[str, Any]) -> Identity | None:
        """A driveRecipient (``email`` or ``objectId``) as a known user or group."""
        email = str(recipient.get("email") or "").casefold()
        object_id = str(recipient.get("objectId") or "")
        for identity in self.people.values():
            if identity.kind == "siteGroup":
                continue
            if (email and identity.email.casefold() == email) or (
                object_id and identity.id == object_id
            ):
                return identity
        return None

    def expand(self, key: str, _seen: frozenset[str] = frozenset()) -> set[str]:
        """Every user key a principal stands for (groups inside groups followed once)."""
        if key.startswith("user:"):
            return {key}
        out: set[str] = set()
        for member in self.members.get(key, set()):
            if member not in _seen:
                out |= self.expand(member, _seen | {key})
        return out

    # ---- permissions

    def grant(self, item_id: str, who: Identity, role: str) -> Permission:
        """Give ``who`` a permission of the item's own (the item must have its own already)."""
        perm = Permission(self._new_id("P"), [role], who)
        self.own.setdefault(item_id, []).append(perm)
        return perm

    def set_own(self, item_id: str, grants: Iterable[tuple[Identity, str]]) -> None:
        """Replace the item's permissions by these, as unique ones (inheritance ends)."""
        self.own[item_id] = []
        for who, role in grants:
            self.grant(item_id, who, role)

    def inherit(self, item_id: str) -> None:
        """The item takes its ancestors' permissions again (SharePoint's "delete unique
        permissions"; not something Graph v1.0 offers, only a test's hand)."""
        self.own.pop(item_id, None)

    def source_of(self, item_id: str) -> str:
        """The item whose permissions this one has: itself, or its nearest ancestor with own."""
        current: str | None = item_id
        while current is not None:
            if current in self.own:
                return current
            current = self.tree.parent_of(current)
        return item_id

    def effective(self, item_id: str) -> tuple[list[Permission], str]:
        source = self.source_of(item_id)
        return list(self.own.get(source, [])), source

    def can_open(self, user_email: str, item_id: str) -> bool:
        """Whether this user can open the item, through any of its permissions."""
        wanted = f"user:{user_email.casefold()}"
        perms, _ = self.effective(item_id)
        return any(wanted in self.expand(p.who.key) for p in perms)

    def principals(self, item_id: str) -> set[str]:
        """The principal keys of an item's effective permissions."""
        return {p.who.key for p in self.effective(item_id)[0]}

    def json(
        self, perm: Permission, item_id: str, source: str, ref: Callable[[str], dict[str, Any]]
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"id": perm.id, "roles": list(perm.roles),
                                "grantedToV2": perm.who.json()}  # fmt: skip
        if source != item_id and self.sharing.report_inherited_from:
            body["inheritedFrom"] = ref(source)
        return body

    def listing(self, item_id: str, ref: Callable[[str], dict[str, Any]]) -> dict[str, Any]:
        perms, source = self.effective(item_id)
        return {"value": [self.json(p, item_id, source, ref) for p in perms]}

    def delete(self, item_id: str, perm_id: str) -> tuple[int, str]:
        """(204, "") when deleted; (status, message) when refused."""
        perms, source = self.effective(item_id)
        if not any(p.id == perm_id for p in perms):
            return 404, "The permission does not exist on this item."
        if source != item_id:
            return 400, (
                "Only sharing permissions that aren't inherited can be deleted; "
                "the inheritedFrom property must be null."
            )
        self.own[item_id] = [p for p in self.own[item_id] if p.id != perm_id]
        return 204, ""

    def invite(
        self, item_id: str, body: Mapping[str, Any], ref: Callable[[str], dict[str, Any]]
    ) -> tuple[int, dict[str, Any]]:
        """``POST /invite``: (status, JSON body)."""
        recipients = body.get("recipients")
        roles = body.get("roles") or []
        if not isinstance(recipients, list) or not recipients:
            return 400, _error("invalidRequest", "An invitation needs at least one recipient.")
        if not roles or any(r not in (READ, WRITE) for r in roles):
            return 400, _error("invalidRequest", "Invalid value for role.")
        if "retainInheritedPermissions" in body and self.sharing.invite_retain_parameter == (
            "reject"
        ):
            return 400, _error("invalidRequest", "Invalid request")
        who = [self.resolve(r) if isinstance(r, Mapping) else None for r in recipients]
        if any(w is None for w in who):
            return 400, _error(
                "invalidRequest", "A recipient is not a user or group of this organisation."
            )
        if item_id not in self.own:  # the first sharing of an inheriting item
            inherited, _ = self.effective(item_id)
            retain = body.get("retainInheritedPermissions", True) is not False
            self.own[item_id] = [copy.deepcopy(p) for p in inherited] if retain else []
        made = [self.grant(item_id, w, roles[-1]) for w in who if w is not None]
        return 200, {"value": [self.json(p, item_id, item_id, ref) for p in made]}

    def before_move(self, item_id: str) -> None:
        """Called before an item changes parent: with inherit-on-move off, an inheriting item
        keeps (as its own) what it had."""
        if not self.sharing.inherit_on_move and item_id not in self.own:
            perms, _ = self.effective(item_id)
            self.own[item_id] = [copy.deepcopy(p) for p in perms]

    def forget(self, item_ids: Iterable[str]) -> None:
        for item_id in item_ids:
            self.own.pop(item_id, None)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}
