"""A separate process that applies (or resumes) a plan on a target; the crash test kills it.

Usage: ``python -m tests.drive_adapters.gdrive.gdrive_apply_worker PLAN_YAML TARGET_SPEC``.
It skips the rest of the command line (imports of every command) so each run starts fast;
the journal is the one ``cardsort migrate`` uses for this target.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cardsort.cli.migrate import journal_path
from drive_adapters.executor import Executor
from drive_adapters.journal import Journal
from drive_adapters.plan import load_plan
from drive_adapters.targets import open_target


def main() -> int:
    plan_file = Path(sys.argv[1])
    plan = load_plan(plan_file)
    target = open_target(sys.argv[2], plan)
    journal = Journal(
        journal_path(plan_file.parent, target.label)
    )  # where `cardsort migrate` keeps it
    executor = Executor(
        plan,
        target.adapter,
        target.mode,
        journal,
        target_label=target.label,
        source_adapter=target.source_adapter,
    )
    result = executor.apply()
    print(f"ran={result.ran} recovered={result.recovered} already={result.already_done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
