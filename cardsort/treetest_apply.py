"""Apply a tree test's suggested edit as a new consensus version: the one path the CLI
(``cardsort treetest apply-edit``) and the coordinator app (F9, key A) share.

An edit is applied only to the version that was tested, and only while that version is still
the current consensus (:func:`sessions.analysis_store.store_edited_tree` refuses otherwise), so
a coordinator never silently edits a tree the team did not test. A refusal is an
:class:`EditNotApplied` with a ``reason`` each front end words in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cardsort.i18n import Translator
from cardsort.treetest import SuggestedEdit, apply_edit
from cardsort.treetest_data import LoadedTreeTest
from cardsort.treetest_text import edit_text, edits_of
from sessions.analysis_store import current_tree, store_edited_tree
from sessions.store import Store, StoreError

__all__ = ["AppliedEdit", "EditNotApplied", "apply_suggested_edit", "suggested_edit"]

Reason = Literal["no_edit", "not_current", "name_missing", "no_longer_fits"]


class EditNotApplied(Exception):
    """The edit was not stored; nothing changed. ``reason`` says why, ``str()`` in English."""

    def __init__(self, reason: Reason, message: str, *, tested: int = 0, current: int = 0):
        super().__init__(message)
        self.reason: Reason = reason
        self.tested = tested
        self.current = current


@dataclass(frozen=True)
class AppliedEdit:
    """The consensus version an edit was stored as, and the note it carries."""

    version: int
    based_on: int
    note: str


def suggested_edit(loaded: LoadedTreeTest, number: int) -> tuple[str, SuggestedEdit]:
    """Suggested edit ``number`` (1-based, as the results list them) with its tested version."""
    _results, flags = loaded.analyse()
    edits = edits_of(flags)
    if not 1 <= number <= len(edits):
        raise EditNotApplied(
            "no_edit", f"There is no suggested edit {number}; `treetest results` lists them."
        )
    return edits[number - 1]


def apply_suggested_edit(
    store: Store, loaded: LoadedTreeTest, number: int, *, new_name: str = ""
) -> AppliedEdit:
    """Store suggested edit ``number`` as a new, current consensus version of the tested study.

    ``new_name`` overrides a rename's suggested name. Raises :class:`EditNotApplied` (nothing
    stored) when there is no such edit, the tested version is no longer current, or the edit
    no longer fits the tree.
    """
    variant, edit = suggested_edit(loaded, number)
    if edit.kind == "rename" and not (new_name or edit.new_name).strip():
        raise EditNotApplied("name_missing", "Give the folder's new name with --name.")
    version, tree = loaded.record.variants[variant]
    current = current_tree(store, loaded.record.study_id)
    now = current.version if current is not None else 0
    if now != version:
        raise EditNotApplied(
            "not_current",
            f"The test was of consensus version {version}, but the current one is "
            f"{now or 'none'}. Make version {version} current with `cardsort consensus use` "
            "first, or edit the current one by hand.",
            tested=version,
            current=now,
        )
    try:
        new_tree = apply_edit(tree, edit, new_name=new_name)
    except ValueError as error:
        raise EditNotApplied("no_longer_fits", f"{error}.") from error
    note = f"tree test {loaded.record.name}: {edit_text(edit, Translator('en'))}"
    try:
        stored = store_edited_tree(
            store, loaded.record.study_id, new_tree, based_on=version, note=note
        )
    except StoreError as error:  # somebody stored a newer version meanwhile
        latest = current_tree(store, loaded.record.study_id)
        raise EditNotApplied(
            "not_current",
            str(error),
            tested=version,
            current=latest.version if latest is not None else 0,
        ) from error
    return AppliedEdit(stored.version, version, note)
