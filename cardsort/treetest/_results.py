"""Results of a tree test: per task, per folder, overall, and A/B differences (pure).

Definitions (those of the tree-testing literature, e.g. Treejack's):

* **success**: the chosen folder is one of the task's correct folders; a skip is a failure.
* **direct**: the participant never went back up. Success and failure are each split into
  direct and indirect; **directness** is the share of attempts without going back up.
* **first click**: the first folder opened; it is correct when it is on the way to a correct
  folder.
* **wrong turn**: entering a folder that is not on the way to any correct folder of the task
  (counted once per attempt). **Missed**: an attempt failed on a task whose correct folder lies
  inside this folder. A folder that is often a wrong turn attracts people who should go
  elsewhere; one that is often missed is not recognised by those who need it.
* Overall success is the share of all attempts that succeeded, with a Wilson 95 % interval; an
  A/B study compares each task's success between the versions with Newcombe's interval.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cardsort.treetest._model import Answer, Task
from cardsort.treetest._stats import newcombe_difference, wilson_interval
from cardsort.treetest._tree import TestTree

__all__ = [
    "ABDifference",
    "FlowNode",
    "FolderResult",
    "Outcome",
    "TaskResult",
    "TreeTestResults",
    "VariantSummary",
    "analyse_treetest",
    "outcome_of",
]

Outcome = str
OUTCOMES: tuple[Outcome, ...] = (
    "direct_success",
    "indirect_success",
    "direct_failure",
    "indirect_failure",
    "skip",
)


def outcome_of(answer: Answer, correct: frozenset[str]) -> Outcome:
    """Classify one attempt (see the module docstring)."""
    if answer.skipped:
        return "skip"
    won = answer.chosen in correct
    direct = not answer.backtracked
    return ("direct_" if direct else "indirect_") + ("success" if won else "failure")


@dataclass(frozen=True, slots=True)
class FlowNode:
    """Path flow of one task: how many attempts entered a folder and went on from it."""

    id: str
    label: str
    entered: int
    on_the_way: bool
    correct: bool
    chosen: int
    children: tuple[FlowNode, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "label": self.label,
            "entered": self.entered,
            "on_the_way": self.on_the_way,
            "correct": self.correct,
            "chosen": self.chosen,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass(frozen=True, slots=True)
class TaskResult:
    """One task in one variant."""

    task: str
    variant: str
    n: int
    outcomes: Mapping[Outcome, int]
    success_ci: tuple[float, float]
    directness: float
    median_seconds: float | None
    first_click_correct: float
    first_clicks: tuple[tuple[str, int, bool], ...]
    destinations: tuple[tuple[str, int, bool], ...]
    paths: tuple[tuple[str, int, Outcome], ...]
    flow: tuple[FlowNode, ...]
    correct: tuple[str, ...]

    @property
    def successes(self) -> int:
        """Attempts that chose a correct folder."""
        return self.outcomes["direct_success"] + self.outcomes["indirect_success"]

    @property
    def success(self) -> float:
        """Share of attempts that succeeded (0 when nobody tried)."""
        return self.successes / self.n if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "task": self.task,
            "variant": self.variant,
            "n": self.n,
            "outcomes": dict(self.outcomes),
            "success": self.success,
            "success_ci": list(self.success_ci),
            "directness": self.directness,
            "median_seconds": self.median_seconds,
            "first_click_correct": self.first_click_correct,
            "first_clicks": [
                {"folder": f, "count": n, "on_the_way": ok} for f, n, ok in self.first_clicks
            ],
            "destinations": [
                {"folder": f, "count": n, "correct": ok} for f, n, ok in self.destinations
            ],
            "paths": [{"path": p, "count": n, "outcome": o} for p, n, o in self.paths],
            "flow": [node.to_dict() for node in self.flow],
            "correct": list(self.correct),
        }


@dataclass(frozen=True, slots=True)
class FolderResult:
    """One folder in one variant: how often it was a wrong turn, how often it was missed."""

    id: str
    variant: str
    label: str
    path: str
    entered: int
    wrong_turns: int
    wrong_tasks: tuple[str, ...]
    tasks_inside: int
    missed: int
    missed_tasks: tuple[str, ...]
    confusion: float
    folder_path: tuple[int, ...] | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "variant": self.variant,
            "label": self.label,
            "path": self.path,
            "entered": self.entered,
            "wrong_turns": self.wrong_turns,
            "wrong_tasks": list(self.wrong_tasks),
            "tasks_inside": self.tasks_inside,
            "missed": self.missed,
            "missed_tasks": list(self.missed_tasks),
            "confusion": self.confusion,
        }


@dataclass(frozen=True, slots=True)
class VariantSummary:
    """Everything in one variant taken together."""

    variant: str
    participants: int
    attempts: int
    successes: int
    success_ci: tuple[float, float]
    directness: float
    median_seconds: float | None

    @property
    def success(self) -> float:
        """Share of all attempts that succeeded."""
        return self.successes / self.attempts if self.attempts else 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "variant": self.variant,
            "participants": self.participants,
            "attempts": self.attempts,
            "successes": self.successes,
            "success": self.success,
            "success_ci": list(self.success_ci),
            "directness": self.directness,
            "median_seconds": self.median_seconds,
        }


@dataclass(frozen=True, slots=True)
class ABDifference:
    """A task's success in B minus its success in A, with Newcombe's 95 % interval."""

    task: str
    difference: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """Whether the interval excludes zero (the versions really differ for this task)."""
        return self.low > 0 or self.high < 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "task": self.task,
            "difference": self.difference,
            "low": self.low,
            "high": self.high,
            "clear": self.clear,
        }


@dataclass(frozen=True, slots=True)
class TreeTestResults:
    """The whole analysis; tasks sorted worst first, folders most confusing first."""

    tasks: tuple[TaskResult, ...]
    folders: tuple[FolderResult, ...]
    summaries: tuple[VariantSummary, ...]
    differences: tuple[ABDifference, ...] = ()
    overall_difference: ABDifference | None = None
    task_text: Mapping[str, Task] = field(default_factory=dict)

    def task(self, key: str, variant: str) -> TaskResult:
        """The result of one task in one variant (``KeyError`` if absent)."""
        for result in self.tasks:
            if result.task == key and result.variant == variant:
                return result
        raise KeyError((key, variant))

    def summary(self, variant: str) -> VariantSummary:
        """The summary of one variant (``KeyError`` if absent)."""
        for item in self.summaries:
            if item.variant == variant:
                return item
        raise KeyError(variant)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``cardsort treetest results --json``)."""
        return {
            "summaries": [s.to_dict() for s in self.summaries],
            "tasks": [t.to_dict() for t in self.tasks],
            "folders": [f.to_dict() for f in self.folders],
            "differences": [d.to_dict() for d in self.differences],
            "overall_difference": (
                self.overall_difference.to_dict() if self.overall_difference else None
            ),
        }


def _path_text(tree: TestTree, answer: Answer) -> str:
    parts = [".." if s == ".." else tree.node(s).label for s in answer.steps]
    return " > ".join(parts) if parts else "–"


def _flow(
    tree: TestTree, answers: Sequence[Answer], correct: frozenset[str], way: frozenset[str]
) -> tuple[FlowNode, ...]:
    entered: Counter[str] = Counter()
    for answer in answers:
        entered.update(set(answer.entered()))
    chosen = Counter(a.chosen for a in answers if a.chosen is not None)

    def build(parent: str) -> tuple[FlowNode, ...]:
        nodes = []
        for child in tree.children(parent):
            if not entered[child.id]:
                continue
            nodes.append(
                FlowNode(
                    child.id,
                    child.label,
                    entered[child.id],
                    child.id in way,
                    child.id in correct,
                    chosen[child.id],
                    build(child.id),
                )
            )
        nodes.sort(key=lambda n: (-n.entered, n.label))
        return tuple(nodes)

    return build("")


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _task_result(tree: TestTree, task: Task, variant: str, answers: Sequence[Answer]) -> TaskResult:
    correct = tree.resolve(task.targets)
    way = tree.on_the_way(correct)
    outcomes = Counter({o: 0 for o in OUTCOMES})
    outcomes.update(outcome_of(a, correct) for a in answers)
    n = len(answers)
    successes = outcomes["direct_success"] + outcomes["indirect_success"]
    firsts = Counter(a.first_click for a in answers if a.first_click is not None)
    first_ok = sum(count for node, count in firsts.items() if node in way)
    ends = Counter(a.chosen for a in answers if a.chosen is not None)
    paths: Counter[tuple[str, Outcome]] = Counter(
        (_path_text(tree, a), outcome_of(a, correct)) for a in answers
    )
    return TaskResult(
        task=task.key,
        variant=variant,
        n=n,
        outcomes=dict(outcomes),
        success_ci=wilson_interval(successes, n),
        directness=sum(not a.backtracked for a in answers) / n if n else 0.0,
        median_seconds=_median([a.seconds for a in answers]),
        first_click_correct=first_ok / n if n else 0.0,
        first_clicks=tuple(
            (tree.label_path(node), count, node in way) for node, count in firsts.most_common()
        ),
        destinations=tuple(
            (tree.label_path(node), count, node in correct) for node, count in ends.most_common()
        ),
        paths=tuple((p, count, o) for (p, o), count in paths.most_common()),
        flow=_flow(tree, answers, correct, way),
        correct=tuple(sorted(tree.label_path(c) for c in correct)),
    )


def _folder_results(
    tree: TestTree,
    keys: Mapping[str, tuple[frozenset[str], frozenset[str]]],
    variant: str,
    answers: Sequence[Answer],
) -> list[FolderResult]:
    entered: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    wrong_tasks: dict[str, set[str]] = {}
    inside: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    missed_tasks: dict[str, set[str]] = {}
    for answer in answers:
        correct, way = keys[answer.task]
        for node in set(answer.entered()):
            entered[node] += 1
            if node not in way:
                wrong[node] += 1
                wrong_tasks.setdefault(node, set()).add(answer.task)
        failed = answer.chosen not in correct
        for node in way:
            inside[node] += 1
            if failed:
                missed[node] += 1
                missed_tasks.setdefault(node, set()).add(answer.task)
    total = max(1, len(answers))
    results = []
    for folder in tree.folders():
        if not entered[folder.id] and not inside[folder.id]:
            continue
        results.append(
            FolderResult(
                id=folder.id,
                variant=variant,
                label=folder.label,
                path=tree.label_path(folder.id),
                entered=entered[folder.id],
                wrong_turns=wrong[folder.id],
                wrong_tasks=tuple(sorted(wrong_tasks.get(folder.id, ()))),
                tasks_inside=inside[folder.id],
                missed=missed[folder.id],
                missed_tasks=tuple(sorted(missed_tasks.get(folder.id, ()))),
                confusion=(wrong[folder.id] + missed[folder.id]) / total,
                folder_path=folder.folder_path,
            )
        )
    results.sort(key=lambda f: (-f.confusion, -f.wrong_turns, f.path))
    return results


def analyse_treetest(
    trees: Mapping[str, TestTree], tasks: Sequence[Task], answers: Sequence[Answer]
) -> TreeTestResults:
    """Analyse a tree test.

    Parameters
    ----------
    trees : mapping of str to TestTree
        The tested tree per variant (``{"A": tree}``, or ``{"A": ..., "B": ...}``).
    tasks : sequence of Task
    answers : sequence of Answer
        Answers to unknown tasks or variants raise ``ValueError``.

    Returns
    -------
    TreeTestResults
        Tasks worst first (lowest success, then lowest directness), folders most confusing
        first; for two variants the per-task and overall differences (second minus first).
    """
    task_keys = {t.key for t in tasks}
    for answer in answers:
        if answer.task not in task_keys:
            raise ValueError(f"an answer is for an unknown task {answer.task!r}")
        if answer.variant not in trees:
            raise ValueError(f"an answer is for an unknown version {answer.variant!r}")
    task_results: list[TaskResult] = []
    folders: list[FolderResult] = []
    summaries: list[VariantSummary] = []
    for variant, tree in trees.items():
        mine = [a for a in answers if a.variant == variant]
        by_task: dict[str, list[Answer]] = {t.key: [] for t in tasks}
        for answer in mine:
            by_task[answer.task].append(answer)
        keys = {}  # the answer key of each task in this tree: (correct folders, on the way)
        for task in tasks:
            correct = tree.resolve(task.targets)
            keys[task.key] = (correct, tree.on_the_way(correct))
            task_results.append(_task_result(tree, task, variant, by_task[task.key]))
        folders.extend(_folder_results(tree, keys, variant, mine))
        ok = sum(a.chosen in keys[a.task][0] for a in mine)
        summaries.append(
            VariantSummary(
                variant=variant,
                participants=len({a.participant for a in mine}),
                attempts=len(mine),
                successes=ok,
                success_ci=wilson_interval(ok, len(mine)),
                directness=sum(not a.backtracked for a in mine) / len(mine) if mine else 0.0,
                median_seconds=_median([a.seconds for a in mine]),
            )
        )
    task_results.sort(key=lambda r: (r.variant, r.success, r.directness, r.task))
    differences: list[ABDifference] = []
    overall = None
    if len(trees) == 2:
        first, second = list(trees)
        for task in tasks:
            a = next(r for r in task_results if r.task == task.key and r.variant == first)
            b = next(r for r in task_results if r.task == task.key and r.variant == second)
            differences.append(
                ABDifference(task.key, *newcombe_difference(a.successes, a.n, b.successes, b.n))
            )
        sa, sb = summaries
        overall = ABDifference(
            "*", *newcombe_difference(sa.successes, sa.attempts, sb.successes, sb.attempts)
        )
    return TreeTestResults(
        tasks=tuple(task_results),
        folders=tuple(folders),
        summaries=tuple(summaries),
        differences=tuple(differences),
        overall_difference=overall,
        task_text={t.key: t for t in tasks},
    )
