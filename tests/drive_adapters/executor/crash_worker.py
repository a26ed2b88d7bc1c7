"""Run apply or undo of a plan in a child process (the crash tests kill it with SIGKILL).

Usage: python crash_worker.py PLAN_DIR TARGET_SPEC JOURNAL apply|undo
The kill point comes from CARDSORT_TEST_KILL_AT (see drive_adapters.executor).
"""

from __future__ import annotations

import sys
from pathlib import Path

from drive_adapters.executor import Executor
from drive_adapters.journal import Journal
from drive_adapters.plan import load_plan
from drive_adapters.targets import open_target


def main(plan_dir: str, spec: str, journal: str, action: str) -> int:
    """Apply or undo; exit 0 when it finished (it normally dies before that)."""
    plan = load_plan(Path(plan_dir))
    target = open_target(spec, plan)
    executor = Executor(
        plan,
        target.adapter,
        target.mode,
        Journal(journal),
        target_label=target.label,
        source_adapter=target.source_adapter,
    )
    if action == "undo":
        executor.undo()
    else:
        executor.apply()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
