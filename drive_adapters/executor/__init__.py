"""Carry out a plan through an adapter: apply, resume, verify and undo, journalled.

One code path for everything: ``simulate`` is ``apply`` on a :class:`SimulatedAdapter` with an
in-memory journal. The package's files, one job each:

- :mod:`.results`: the error, progress and results a run hands back;
- :mod:`.target_rules`: a plan's final tree against a target's rules, and time estimates;
- :mod:`.source_check`: the live source compared with the inventory before a fresh apply;
- :mod:`.paths`: items on the target by path, with the id cache;
- :mod:`.run_state`: the state a run shares, and settling what an interruption left behind;
- :mod:`.apply`, :mod:`.undo`, :mod:`.verify`, :mod:`.report`: the verbs;
- :mod:`.crash_points`: the crash tests' kill switch (``CARDSORT_TEST_KILL_AT``).
"""

from __future__ import annotations

from drive_adapters.executor.apply import OP_GROUP, Applying
from drive_adapters.executor.crash_points import KILL_ENV
from drive_adapters.executor.paths import PathAddressed
from drive_adapters.executor.report import Reporting
from drive_adapters.executor.results import (
    ExecutionError,
    Progress,
    ProgressCallback,
    RunResult,
    VerifyResult,
)
from drive_adapters.executor.source_check import compare_source
from drive_adapters.executor.target_rules import (
    check_target_rules,
    estimate_seconds,
    plan_tree,
    severity_of,
)
from drive_adapters.executor.undo import Undoing
from drive_adapters.executor.verify import Verifying
from drive_adapters.plan import split_source

__all__ = [
    "KILL_ENV",
    "OP_GROUP",
    "ExecutionError",
    "Executor",
    "PathAddressed",
    "Progress",
    "ProgressCallback",
    "RunResult",
    "VerifyResult",
    "check_target_rules",
    "compare_source",
    "estimate_seconds",
    "plan_tree",
    "severity_of",
    "split_source",
]


class Executor(Applying, Undoing, Verifying, Reporting):
    """Apply, resume, verify and undo one plan on one target."""
