"""Tree testing: can the team find its files in the proposed folder tree before anything moves?

The pure core: the tested tree built from a consensus version (:class:`TestTree`), tasks and
answers (:class:`Task`, :class:`Answer`, :class:`Navigator` for the apps), task proposal from
the inventory, the analysis (success, directness, time, first click, paths, wrong turns, Wilson
and Newcombe intervals), flags with suggested consensus edits, a simulator with planted confusing
folder names, and the documented CSV/JSON exchange format. No store, no UI here.
"""

from __future__ import annotations

from cardsort.treetest._exchange import (
    CSV_COLUMNS,
    ReadResult,
    answers_to_csv,
    answers_to_json,
    read_answers,
)
from cardsort.treetest._flags import LOW_SUCCESS, Flag, SuggestedEdit, apply_edit, flag_results
from cardsort.treetest._model import Answer, Navigator, Task
from cardsort.treetest._propose import propose_tasks
from cardsort.treetest._results import (
    ABDifference,
    FlowNode,
    FolderResult,
    TaskResult,
    TreeTestResults,
    VariantSummary,
    analyse_treetest,
    outcome_of,
)
from cardsort.treetest._simulate import simulate_treetest
from cardsort.treetest._stats import newcombe_difference, wilson_interval
from cardsort.treetest._tree import ROOT, UP, TargetError, TestTree, TreeNode

__all__ = [
    "CSV_COLUMNS",
    "LOW_SUCCESS",
    "ROOT",
    "UP",
    "ABDifference",
    "Answer",
    "Flag",
    "FlowNode",
    "FolderResult",
    "Navigator",
    "ReadResult",
    "SuggestedEdit",
    "TargetError",
    "Task",
    "TaskResult",
    "TestTree",
    "TreeNode",
    "TreeTestResults",
    "VariantSummary",
    "analyse_treetest",
    "answers_to_csv",
    "answers_to_json",
    "apply_edit",
    "flag_results",
    "newcombe_difference",
    "outcome_of",
    "propose_tasks",
    "read_answers",
    "simulate_treetest",
    "wilson_interval",
]
