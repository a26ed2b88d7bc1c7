"""Verify: compare the target with what the plan promised.

Every file present once with its size (and hash where the platform keeps one); nothing on the
target that the plan did not put there; every planned folder present; every folder limited
to an audience lets in that audience and nobody else (:mod:`.access`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from drive_adapters.base import DriveError, DriveItem
from drive_adapters.executor.access import AccessSteps
from drive_adapters.executor.results import VerifyResult, said
from drive_adapters.executor.source_check import MTIME_TOLERANCE
from drive_adapters.plan import Action, Mode, OpKind, PlanItem, encode_name, encode_path

__all__ = ["Verifying"]


class Verifying(AccessSteps):
    """Verify a target against the plan."""

    def verify(
        self, *, content: bool = False, caught_up: Mapping[tuple[str, ...], PlanItem] | None = None
    ) -> VerifyResult:
        """Compare the target with the plan: every file present once, same size (and hash).

        ``caught_up``: after a catch-up (``migrate sync``), the files the target should now hold
        (by target path); they replace the plan's files, and the folders above them count as
        planned.
        """
        result = VerifyResult()
        expected: dict[tuple[str, ...], PlanItem] = {}
        allowed: set[tuple[str, ...]] = set()
        for planned in self.plan.items:
            if planned.target is None:
                continue
            if planned.action in (Action.MOVE, Action.WITH_FOLDER):
                if caught_up is None or planned.kind != "file":
                    expected[planned.target] = planned
            elif planned.action is Action.EXCLUDE and self.mode is Mode.IN_PLACE:
                allowed.add(planned.target)
        folders = set(self.plan.folders)
        tops = set(self.plan.top_level_names())
        if caught_up is not None:
            expected.update(caught_up)
            for path in caught_up:
                folders.update(path[:depth] for depth in range(1, len(path)))
                tops.add(path[0])
        if self.mode is Mode.IN_PLACE and self.resolve((self.plan.staging,)) is not None:
            result.differences.append(said("verify.staging", name=encode_name(self.plan.staging)))
        hashes = self.adapter.hash_name is not None
        uploads = {
            tuple(op.dst): op for op in self.ops if op.kind is OpKind.UPLOAD and op.dst is not None
        }
        result.content_reference = self._content_reference(content, hashes)
        found: set[tuple[str, ...]] = set()
        for name in sorted(tops):
            top = self.resolve((name,))
            if top is None:
                result.differences.append(said("verify.missing", path=encode_name(name)))
                continue
            stack: list[tuple[tuple[str, ...], DriveItem]] = [((name,), top)]
            while stack:
                path, item = stack.pop()
                found.add(path)
                want = expected.get(path)
                shown = encode_name("/".join(path))
                if want is None:
                    if path in folders and item.is_folder:
                        result.checked_folders += 1
                    elif path not in allowed and not any(path[: len(a)] == a for a in allowed):
                        result.differences.append(said("verify.extra", path=shown))
                elif want.kind == "dir":
                    result.checked_folders += 1
                    if not item.is_folder:
                        result.differences.append(said("verify.not_folder", path=shown))
                elif item.is_folder:
                    result.differences.append(said("verify.not_file", path=shown))
                else:
                    result.checked_files += 1
                    upload = uploads.get(path)
                    if upload is not None and self._is_service_copy(upload, item):
                        result.service_changed.append(shown)
                    elif item.size != want.size:
                        result.differences.append(
                            said(
                                "verify.size",
                                now=f"{item.size:,}",
                                want=f"{want.size:,}",
                                path=shown,
                            )
                        )
                    elif hashes and (want.hash or content):
                        actual = self.adapter.content_hash(item.id)
                        reference = want.hash if want.hash_name == self.adapter.hash_name else None
                        if reference is None and content and self.mode is Mode.COPY:
                            reference = self._source_hash(want.source)
                        if reference is not None and actual is not None:
                            result.hashed += 1
                            if actual != reference:
                                result.differences.append(said("verify.content", path=shown))
                        else:
                            result.unhashed += 1
                            self._check_mtime(item, want, shown, result)
                    else:
                        result.unhashed += 1
                        self._check_mtime(item, want, shown, result)
                if item.is_folder and path not in allowed:  # excluded folders: not looked into
                    try:
                        children = self.adapter.children(item.id)
                    except DriveError as error:
                        result.differences.append(
                            said("verify.unlistable", detail=str(error), path=shown)
                        )
                        continue
                    for child in children:
                        stack.append(((*path, child.name), child))
        for path, want in expected.items():
            if path not in found:
                result.differences.append(
                    said(
                        "verify.missing_from",
                        path=encode_name("/".join(path)),
                        source=encode_path(want.source),
                    )
                )
        for path in folders:
            if path not in found:
                result.differences.append(
                    said("verify.missing_folder", path=encode_name("/".join(path)))
                )
        self._verify_access(result)
        return result

    def _content_reference(self, content: bool, hashes: bool) -> str:
        """What a file's content is compared with, in words for the admin."""
        if not hashes:
            return said("verify.ref.none")
        name = self.adapter.hash_name
        if content and self.mode is Mode.COPY:
            return said("verify.ref.copy", hash=name)
        if content:
            return said("verify.ref.in_place", hash=name)
        return said("verify.ref.scan", hash=name)

    def _source_hash(self, source: bytes) -> str | None:
        """The source file's hash of the target's kind: read in the share, or downloaded from
        a cloud source (:attr:`source_files`) and removed again."""
        if self.source_files is None:
            return self.adapter.hash_local(os.path.join(self.plan.snapshot.root_bytes, source))
        try:
            path = self.source_files.fetch(source)
        except (DriveError, OSError):
            return None
        try:
            return self.adapter.hash_local(os.fsencode(path))
        finally:
            self.source_files.release(source)

    def _check_mtime(
        self, item: DriveItem, want: PlanItem, shown: str, result: VerifyResult
    ) -> None:
        """In place, without a hash: a file whose modification time moved was changed (a move
        keeps it; a copy to another platform may round it, so copies are not judged by it)."""
        if (
            self.mode is Mode.IN_PLACE
            and item.mtime is not None
            and want.mtime is not None
            and abs(item.mtime - want.mtime) > MTIME_TOLERANCE
        ):
            result.differences.append(said("verify.modified", path=shown))
