"""Tasks, answers and the walk through the tree: the records a tree test is made of.

An answer keeps the whole walk as steps (folder ids entered, :data:`UP` for going back up), so
every measure (direct or indirect, first click, wrong turns, path flow) is computed from it
later and nothing is decided while the participant clicks. ``chosen`` is the folder where the
participant said "I would look here"; ``None`` means they skipped the task.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cardsort.treetest._tree import ROOT, UP, TestTree

__all__ = ["Answer", "Navigator", "Task"]


@dataclass(frozen=True, slots=True)
class Task:
    """A findability task: a question and the folder(s) where the answer lives.

    ``targets`` are ``card:<key>`` or ``folder:<name path>`` (see :mod:`cardsort.treetest._tree`).
    """

    key: str
    text_nl: str
    text_en: str = ""
    targets: tuple[str, ...] = ()
    origin: str = "written"  # or "proposed"

    def text(self, lang: str) -> str:
        """The question in a language, falling back to the other one."""
        first, second = (
            (self.text_nl, self.text_en) if lang == "nl" else (self.text_en, self.text_nl)
        )
        return first or second

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "key": self.key,
            "text_nl": self.text_nl,
            "text_en": self.text_en,
            "targets": list(self.targets),
            "origin": self.origin,
        }


@dataclass(frozen=True, slots=True)
class Answer:
    """One participant's attempt at one task."""

    participant: str
    variant: str
    task: str
    steps: tuple[str, ...]
    chosen: str | None
    seconds: float

    @property
    def skipped(self) -> bool:
        """Whether the participant skipped the task."""
        return self.chosen is None

    @property
    def backtracked(self) -> bool:
        """Whether the participant went back up at least once (not a direct answer)."""
        return UP in self.steps

    @property
    def first_click(self) -> str | None:
        """The first folder the participant opened, if any."""
        return next((s for s in self.steps if s != UP), None)

    def entered(self) -> list[str]:
        """Every folder entered, in order (a folder entered twice appears twice)."""
        return [s for s in self.steps if s != UP]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (node ids; see :mod:`cardsort.treetest._exchange` for names)."""
        return {
            "participant": self.participant,
            "variant": self.variant,
            "task": self.task,
            "steps": list(self.steps),
            "chosen": self.chosen,
            "seconds": self.seconds,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Answer:
        """Inverse of :meth:`to_dict`."""
        return cls(
            str(data["participant"]),
            str(data["variant"]),
            str(data["task"]),
            tuple(str(s) for s in data.get("steps", ())),
            None if data.get("chosen") is None else str(data["chosen"]),
            float(data.get("seconds", 0.0)),
        )


@dataclass
class Navigator:
    """Where a participant is in the tree and how they got there (the apps drive one each).

    Pure state: ``enter`` a child folder, go ``up``, ask for the ``choices`` at this level.
    The recorded steps are what :class:`Answer` keeps.
    """

    tree: TestTree
    current: str = ROOT
    steps: list[str] = field(default_factory=list)

    def choices(self) -> list[tuple[str, str, bool]]:
        """``(id, name, has subfolders)`` of the folders one level below the current one."""
        return [(c.id, c.label, bool(c.children)) for c in self.tree.children(self.current)]

    def enter(self, node_id: str) -> None:
        """Open a folder one level down (``ValueError`` if it is not below the current one)."""
        if node_id not in self.tree.node(self.current).children:
            raise ValueError(f"{node_id!r} is not a folder inside the current one")
        self.current = node_id
        self.steps.append(node_id)

    def up(self) -> bool:
        """Go back up one level; False at the top (nothing recorded)."""
        parent = self.tree.node(self.current).parent
        if parent is None:
            return False
        self.current = parent
        self.steps.append(UP)
        return True

    def trail(self) -> list[str]:
        """Names of the folders from the top down to the current one (a breadcrumb)."""
        return [self.tree.node(i).label for i in self.tree.ancestors(self.current)]

    def can_choose(self) -> bool:
        """A participant chooses a folder, never the top of the tree."""
        return self.current != ROOT

    def reset(self) -> None:
        """Back to the top for the next task."""
        self.current = ROOT
        self.steps = []
