"""Tree tests between the store and the pure core: load a test, record answers, propose tasks.

The one place that turns ``sessions.treetests`` rows into :mod:`cardsort.treetest` types and
back, so the CLI, the apps and the demo read a tree test the same way.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cardsort.treetest import (
    Answer,
    Flag,
    Task,
    TestTree,
    TreeTestResults,
    analyse_treetest,
    flag_results,
    propose_tasks,
)
from sessions.cards import card_privacy, cards_of
from sessions.inventory import iter_entries
from sessions.models import Card
from sessions.store import Store
from sessions.studies import list_studies
from sessions.treetests import (
    AnswerRow,
    TreeTestRecord,
    answers_of,
    get_treetest,
    import_answer_rows,
    tasks_of,
)

__all__ = [
    "LoadedTreeTest",
    "card_files",
    "load_treetest",
    "propose_for",
    "store_answers",
]


@dataclass(frozen=True)
class LoadedTreeTest:
    """A tree test with its trees, tasks and answers in the core's types."""

    record: TreeTestRecord
    trees: dict[str, TestTree]
    tasks: list[Task]
    answers: list[Answer]

    def analyse(self) -> tuple[TreeTestResults, list[Flag]]:
        """Results and flags (tasks whose targets are gone from a tree raise ``TargetError``)."""
        results = analyse_treetest(self.trees, self.tasks, self.answers)
        return results, flag_results(results, self.trees, self.answers)


def load_treetest(store: Store, name: str) -> LoadedTreeTest:
    """Load a stored tree test by name (``StoreError`` if there is none)."""
    record = get_treetest(store, name)
    trees = {v: TestTree.from_consensus(tree) for v, (_n, tree) in record.variants.items()}
    tasks = [
        Task(t.key, t.text_nl, t.text_en, t.targets, t.origin) for t in tasks_of(store, record.id)
    ]
    answers = [
        Answer(a.participant, a.variant, a.task, a.steps, a.chosen, a.seconds)
        for a in answers_of(store, record.id)
    ]
    return LoadedTreeTest(record, trees, tasks, answers)


def store_answers(
    store: Store, treetest_id: int, answers: Sequence[Answer], *, source: str = "import"
) -> int:
    """Store answers read from a file or simulated, all or nothing."""
    rows = [
        AnswerRow(a.participant, a.variant, a.task, a.steps, a.chosen, a.seconds) for a in answers
    ]
    return import_answer_rows(store, treetest_id, rows, source=source)


def card_files(
    store: Store, snapshot_id: int | None, cards: Sequence[Card]
) -> dict[str, list[str]]:
    """The names of the files each card stands for, from the study's scan."""
    if snapshot_id is None:
        return {}
    files: dict[str, list[str]] = {}
    for card in cards:
        names = files.setdefault(card.key, [])
        for source in card.sources:
            for entry in iter_entries(store, snapshot_id, under=source):
                if entry.kind.value == "file":
                    names.append(entry.name.decode("utf-8", errors="replace"))
    return files


def _personal_name_check() -> Callable[[str], bool] | None:
    """The privacy package's personal-name detector (``cardsort.privacy.names.personal_name``,
    being built in parallel), when this installation has it; the proposal's own conservative
    rules apply either way."""
    try:
        module = importlib.import_module("cardsort.privacy.names")
    except ImportError:
        return None
    detect = getattr(module, "personal_name", None)
    if not callable(detect):
        return None
    return lambda text: detect(text) is not None


@dataclass(frozen=True)
class _Proposable:
    """A card as the proposal sees it: 'restricted' also when its name hid a person's name."""

    key: str
    label: str
    restricted: bool


def propose_for(store: Store, loaded: LoadedTreeTest, *, limit: int = 10) -> list[Task]:
    """Tasks proposed from the study's inventory for the test's first version.

    A card with an audience narrower than the team, or whose name the card proposal hid because
    it named a person ("Map 25 (naam verborgen)"), is never the answer of a proposed task.
    """
    study = next(s for s in list_studies(store) if s.id == loaded.record.study_id)
    cards = cards_of(store, study_id=study.id)
    files = card_files(store, study.snapshot_id, cards)
    proposable = [
        _Proposable(
            c.key,
            c.label,
            c.restricted or c.audience is not None or bool(card_privacy(store, c.id).hidden),
        )
        for c in cards
    ]
    return propose_tasks(
        loaded.trees["A"], proposable, files, limit=limit, looks_personal=_personal_name_check()
    )
