"""Flags on tree-test results, each with the consensus edits that would address it.

* ``task_not_found``: nobody found the answer; ``task_low_success``: fewer than
  :data:`LOW_SUCCESS` did. If many who failed chose one and the same other folder, the edit is
  to move the task's card there (that is where the team expects it).
* ``folder_missed``: people who needed a folder did not recognise it (most attempts on tasks
  inside it failed); ``folder_wrong_turns``: a folder draws people who should be elsewhere,
  clearly more than its sibling folders do.
  The edit is to rename it, to the best runner-up name the card sort gave it when there is one
  (the coordinator may type another).

Edits are plain data; :func:`apply_edit` turns one into a new consensus tree through
:mod:`cardsort.consensus_edits`, so the rules of the other front ends (no two sibling folders
with one name) hold here too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cardsort.treetest._model import Answer
from cardsort.treetest._results import FolderResult, TreeTestResults
from cardsort.treetest._tree import TestTree

__all__ = ["LOW_SUCCESS", "Flag", "SuggestedEdit", "apply_edit", "flag_results"]

#: Below this success rate a task is flagged.
LOW_SUCCESS = 0.6
#: A folder is flagged when this share of all attempts took a wrong turn into it ...
WRONG_TURN_SHARE = 0.15
#: ... or when this share of the attempts that needed it failed.
MISSED_SHARE = 0.4
#: Moving a card is suggested when this share of a task's attempts chose the same wrong folder.
SAME_WRONG_SHARE = 0.4
#: ... and draws at least this many times the wrong turns of its average sibling (people who
#: miss one folder spread over all the others; a magnet stands out among them).
MAGNET_RATIO = 2.0
MIN_EVIDENCE = 3


@dataclass(frozen=True, slots=True)
class SuggestedEdit:
    """A consensus edit: ``rename`` a folder or ``move`` a card into another folder."""

    kind: str
    folder: tuple[int, ...]
    folder_label: str
    new_name: str = ""
    card_key: str = ""
    card_label: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "folder": list(self.folder),
            "folder_label": self.folder_label,
            "new_name": self.new_name,
            "card_key": self.card_key,
            "card_label": self.card_label,
        }


@dataclass(frozen=True, slots=True)
class Flag:
    """Something the coordinator should look at, worst first."""

    kind: str
    variant: str
    subject: str  # a task key or a folder's name path
    value: float
    edits: tuple[SuggestedEdit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "variant": self.variant,
            "subject": self.subject,
            "value": self.value,
            "edits": [e.to_dict() for e in self.edits],
        }


def _rename(tree: TestTree, node_id: str) -> SuggestedEdit | None:
    node = tree.node(node_id)
    if node.folder_path is None:
        return None
    siblings = {c.label.casefold() for c in tree.children(node.parent or "")}
    name = next((a for a in node.alternatives if a.casefold() not in siblings), "")
    return SuggestedEdit("rename", node.folder_path, node.label, new_name=name)


def _move(tree: TestTree, card_node: str, chosen: str) -> SuggestedEdit | None:
    target = tree.node(chosen)
    folder = target if target.folder_path is not None else tree.node(target.parent or "")
    card = tree.node(card_node)
    if folder.folder_path is None or card.card_key is None or folder.id == card.parent:
        return None
    return SuggestedEdit(
        "move", folder.folder_path, folder.label, card_key=card.card_key, card_label=card.label
    )


def _siblings_mean(results: TreeTestResults, tree: TestTree, folder: FolderResult) -> float:
    parent = tree.node(folder.id).parent
    others = [
        f.wrong_turns
        for f in results.folders
        if f.variant == folder.variant and f.id != folder.id and tree.node(f.id).parent == parent
    ]
    return sum(others) / len(others) if others else 0.0


def flag_results(
    results: TreeTestResults, trees: Mapping[str, TestTree], answers: Sequence[Answer]
) -> list[Flag]:
    """Flags for every variant: folders first (most confusing first), then tasks (worst first)."""
    flags: list[Flag] = []
    for folder in results.folders:
        if folder.folder_path is None:  # a card's own folder: its task's flag says it all
            continue
        tree = trees[folder.variant]
        attempts = results.summary(folder.variant).attempts
        edit = _rename(tree, folder.id)
        renames = (edit,) if edit else ()
        if folder.tasks_inside >= MIN_EVIDENCE and folder.missed / folder.tasks_inside >= (
            MISSED_SHARE
        ):
            flags.append(
                Flag(
                    "folder_missed",
                    folder.variant,
                    folder.path,
                    folder.missed / folder.tasks_inside,
                    renames,
                )
            )
        elif (
            folder.wrong_turns >= MIN_EVIDENCE
            and folder.wrong_turns / max(1, attempts) >= WRONG_TURN_SHARE
            and folder.wrong_turns >= MAGNET_RATIO * _siblings_mean(results, tree, folder)
        ):
            flags.append(
                Flag(
                    "folder_wrong_turns",
                    folder.variant,
                    folder.path,
                    folder.wrong_turns / attempts,
                    renames,
                )
            )
    for result in results.tasks:
        if not result.n or result.success >= LOW_SUCCESS:
            continue
        tree = trees[result.variant]
        task = results.task_text[result.task]
        correct = tree.resolve(task.targets)
        wrong = Counter(
            a.chosen
            for a in answers
            if a.task == result.task
            and a.variant == result.variant
            and a.chosen is not None
            and a.chosen not in correct
        )
        edits: tuple[SuggestedEdit, ...] = ()
        cards = [c for c in correct if tree.node(c).is_card]
        if wrong and len(cards) == 1:
            chosen, count = wrong.most_common(1)[0]
            if count / result.n >= SAME_WRONG_SHARE:
                move = _move(tree, cards[0], chosen)
                edits = (move,) if move else ()
        kind = "task_not_found" if result.successes == 0 else "task_low_success"
        flags.append(Flag(kind, result.variant, result.task, result.success, edits))
    return flags


def apply_edit(
    consensus: Mapping[str, Any], edit: SuggestedEdit, *, new_name: str = ""
) -> dict[str, Any]:
    """The consensus tree (``to_dict`` form) after one suggested edit.

    ``new_name`` overrides the suggested name of a rename (required when none was suggested).
    ``ValueError`` when the edit no longer fits the tree (or the name clashes with a sibling).
    """
    from cardsort.analysis import ConsensusTree
    from cardsort.consensus_edits import move_card, node_at, rename_folder

    tree = ConsensusTree.from_dict(consensus)
    try:
        node = node_at(tree, edit.folder)
    except IndexError as error:
        raise ValueError(f"the folder {edit.folder_label!r} is not in this version") from error
    if node.label != edit.folder_label:
        raise ValueError(f"the folder {edit.folder_label!r} is not in this version")
    if edit.kind == "rename":
        name = new_name or edit.new_name
        if not name.strip():
            raise ValueError("give the folder's new name")
        return rename_folder(tree, edit.folder, name).to_dict()
    if edit.kind == "move":
        return move_card(tree, edit.card_key, edit.card_label, edit.folder).to_dict()
    raise ValueError(f"unknown edit {edit.kind!r}")
