"""Who can open the new structure: the access steps of apply, their undo, checks and verify.

A folder whose audience is narrower than its parent's (the plan's ``options.audiences``, see
:func:`~drive_adapters.plan.access_folders`) gets an *access* operation right after it is made
and before anything goes into it: the adapter limits it to the audience's groups (the plan's
``options.audience_groups``). The step is journalled like every other:

* before the target is touched, the folder's access as it is then goes into the journal (meta
  ``access.<seq>``, JSON; written once, so a resumed step keeps the first reading);
* limiting is idempotent, so a resumed step simply limits again;
* undo restores exactly the recorded access before the folder is removed or things move back;
* an old folder the plan removes has its access recorded the same way, and undo gives it back
  to the folder it makes again;
* verify reads every limited folder's access back: a folder that lets in anyone beyond its
  audience (and the drive's owners) is a difference, and so is an audience that cannot open it.

Before a fresh apply (and in simulate) :meth:`AccessSteps.access_problems` lists what would stop
it: an audience without groups on this target, and, in place, a move that would let more people
open an item than can open it now. Group memberships are not known here, so "more" is judged by
principals, with one fact: what everyone on the drive (whoever can open its root) can open now
cannot reach more people anywhere on that drive. A move into a folder with a narrower audience
is made safe by the access step first (that folder is limited before anything moves in); a move
that would still reach more people is refused, not widened: the plan never says an item may
reach more people than today, so only the coordinator can decide that (by giving the destination
folder the item's audience, or placing its card elsewhere). A target that cannot change access
(the local file system) gets no access steps; :meth:`AccessSteps.access_notes` says so, naming
the folders it concerns.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from drive_adapters.base import DriveError, DriveItem
from drive_adapters.executor.results import VerifyResult, audience_said, said
from drive_adapters.executor.run_state import RunState
from drive_adapters.plan import Mode, Op, OpKind, access_folders, encode_name
from drive_adapters.remote.access import Access, principal_of

__all__ = ["AccessSteps"]


def _shown(path: Sequence[str]) -> str:
    return encode_name("/".join(path))


def _who(principals: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(principals)) or said("access.nobody")


class AccessSteps(RunState):
    """The access operations and checks (mixed into the executor's verbs)."""

    # -- what the plan asks ----------------------------------------------------------------

    def audience_principals(self, audience: str) -> list[str]:
        """The principals the plan names for an audience on this target (may be empty)."""
        groups = (self.plan.options.get("audience_groups") or {}).get(audience) or []
        return sorted({principal_of(str(g)) for g in groups})

    def _limits(self) -> dict[tuple[str, ...], str]:
        return dict(access_folders(self.plan))

    def access_notes(self) -> list[str]:
        """What the admin must know: the plan limits folders this target cannot limit."""
        limits = self._limits()
        if not limits or self.adapter.supports_access:
            return []
        folders = ", ".join(f"{_shown(f)} ({audience_said(a)})" for f, a in limits.items())
        return [said("access.not_applied", folders=folders)]

    def access_problems(self) -> list[str]:
        """What stops a fresh apply: an audience without groups, or a move that would widen."""
        if not self.adapter.supports_access:
            return []
        problems: list[str] = [
            said("access.no_group", path=_shown(folder), audience=audience_said(audience),
                 code=audience)
            for folder, audience in self._limits().items()
            if not self.audience_principals(audience)
        ]  # fmt: skip
        return problems + self._placement_problems() + self._widening_moves()

    def _placement_problems(self) -> list[str]:
        """On a drive that narrows a folder by where it puts it (SharePoint: the audience's own
        library, drive_adapters/onedrive/access.py), a folder that would be made where others
        can open it: the drive says who (``cannot_narrow``), before anything changes."""
        check = getattr(self.adapter, "cannot_narrow", None)
        if check is None:
            return []
        out: list[str] = []
        for folder, audience in self._limits().items():
            principals = self.audience_principals(audience)
            if not principals:
                continue  # reported above (no group)
            parent = next(
                (found for d in range(len(folder) - 1, 0, -1)
                 if (found := self.resolve(folder[:d])) is not None),
                self.adapter.root(),
            )  # fmt: skip
            who = check(tuple(folder), parent.id, principals)
            if who:
                out.append(
                    said(
                        "access.cannot_narrow",
                        path=_shown(folder),
                        who=", ".join(who),
                        audience=audience_said(audience),
                        code=audience,
                    )
                )
        return out

    def _widening_moves(self) -> list[str]:
        """In place: the moves that would let more people open an item than can now."""
        if self.mode is not Mode.IN_PLACE:
            return []
        limits = self._limits()
        everyone: frozenset[str] | None = None  # who can open the target's root (read once)
        out: list[str] = []
        for op in self.ops:
            if op.kind is not OpKind.MOVE or op.src is None or op.dst is None:
                continue
            if op.src[0] == self.plan.staging:  # the last moves out of staging change nothing
                continue
            item = self.resolve(op.src)
            if item is None:
                continue  # the source check reports what is gone
            now = self.adapter.read_access(item.id)
            if now.limited:
                continue  # it keeps its own access wherever it goes
            if everyone is None:
                everyone = self.adapter.read_access(self.adapter.root().id).reaches()
            if everyone and everyone <= now.reaches():
                continue  # everyone on the drive can open it now: nobody can be added
            folder = tuple(op.dst[1:-1])
            audience = next(
                (limits[folder[:d]] for d in range(len(folder), 0, -1) if folder[:d] in limits),
                None,
            )
            after = (
                frozenset(self.audience_principals(audience)) if audience is not None else everyone
            )
            after |= {g.principal for g in now.direct()}  # its own grants travel with it
            wider = after - now.reaches()
            if wider:
                out.append(
                    said(
                        "access.wider", path=_shown(op.src), who=_who(wider),
                        folder=_shown(folder) or said("access.top"), now=_who(now.reaches()),
                    )
                )  # fmt: skip
        return out

    # -- the step ----------------------------------------------------------------------------

    def _recorded(self, op: Op) -> Access | None:
        text = self.journal.meta().get(f"access.{op.seq}")
        return None if text is None else Access.from_json(json.loads(text))

    def _do_access(self, op: Op) -> DriveItem:
        """Limit the folder to its audience, its access before recorded first."""
        assert op.dst is not None and op.audience is not None
        folder = self._need(op.dst, "the folder")
        principals = self.audience_principals(op.audience)
        if not principals:
            raise DriveError(
                said("access.no_group_step", audience=audience_said(op.audience),
                     code=op.audience)
            )  # fmt: skip
        if self._recorded(op) is None:
            before = self.adapter.read_access(folder.id)
            self.journal.set_meta(**{f"access.{op.seq}": json.dumps(before.to_json())})
        self.adapter.limit_access(folder.id, principals)
        return folder

    def _forward_state(self, op: Op, *, listed: bool = False) -> str:
        """An access step's state here; every other operation's as :class:`RunState` says."""
        if op.kind is OpKind.ACCESS:
            return self._access_state(op)
        return super()._forward_state(op, listed=listed)

    def _undone(self, op: Op) -> bool:
        """Whether an access step is already undone here; any other as :class:`RunState` says."""
        if op.kind is OpKind.ACCESS:
            return self._access_undone(op)
        return super()._undone(op)

    def _access_state(self, op: Op) -> str:
        """After an interruption: ``done`` when the folder lets in exactly its audience."""
        assert op.dst is not None and op.audience is not None
        folder = self.lookup(op.dst)
        if folder is None:
            return "todo"
        now = self.adapter.read_access(folder.id)
        wanted = set(self.audience_principals(op.audience))
        return "done" if now.limited and now.reaches() == wanted else "todo"

    # -- undo --------------------------------------------------------------------------------

    def _undo_access(self, op: Op) -> str | None:
        """Restore the folder's recorded access (before the folder goes or things move back)."""
        assert op.dst is not None
        folder = self.resolve(op.dst)
        before = self._recorded(op)
        if folder is None:
            return None  # the folder is gone: nothing left to restore
        if before is None:
            return said("access.not_recorded")
        self.adapter.restore_access(folder.id, before)
        return None

    def _access_undone(self, op: Op) -> bool:
        assert op.dst is not None
        folder = self.resolve(op.dst)
        before = self._recorded(op)
        return folder is None or (
            before is not None and self.adapter.read_access(folder.id) == before
        )

    # -- old folders the plan removes ----------------------------------------------------------

    def _keep_access(self, op: Op, folder: DriveItem) -> None:
        """Before an emptied old folder is removed: record who could open it (a care folder
        with limited access must come back limited if the plan is undone)."""
        if self.adapter.supports_access and self._recorded(op) is None:
            before = self.adapter.read_access(folder.id)
            self.journal.set_meta(**{f"access.{op.seq}": json.dumps(before.to_json())})

    def _give_back_access(self, op: Op, folder: DriveItem) -> None:
        """Undo of a removal: the folder made again gets the access recorded when it went."""
        before = self._recorded(op)
        if not self.adapter.supports_access or before is None:
            return
        if before.limited or before.direct():
            self.adapter.restore_access(folder.id, before)

    # -- verify ------------------------------------------------------------------------------

    def _verify_access(self, result: VerifyResult) -> None:
        """Every limited folder lets in its audience and nobody else (owners aside)."""
        if not self.adapter.supports_access:
            return
        for folder_path, audience in self._limits().items():
            folder = self.resolve(folder_path)
            if folder is None:
                continue  # reported as a missing folder
            allowed = set(self.audience_principals(audience))
            try:
                now = self.adapter.read_access(folder.id)
            except DriveError as error:
                result.differences.append(
                    said("access.unreadable", detail=str(error), path=_shown(folder_path))
                )
                continue
            result.access_checked += 1
            result.access.append((_shown(folder_path), audience, sorted(now.reaches())))
            wider = now.reaches() - allowed
            if wider:
                result.differences.append(
                    said("access.too_wide", audience=audience_said(audience), who=_who(wider),
                         path=_shown(folder_path))
                )  # fmt: skip
            missing = allowed - now.reaches()
            if missing:
                result.differences.append(
                    said("access.audience_cannot", audience=audience_said(audience),
                         who=_who(missing), path=_shown(folder_path))
                )  # fmt: skip
