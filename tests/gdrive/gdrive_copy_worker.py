"""A separate process that applies (or resumes) a saved copy plan on the fake Drive through the
migration executor, as ``cardsort migrate copy`` does; the crash test kills it.

Usage: ``python -m tests.gdrive.gdrive_copy_worker OPTIONS_JSON PLAN_DIR JOURNAL``. Prints
``ready`` once connected, and a JSON summary when done.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from drive_adapters.gdrive import GDriveAdapter, open_target
from drive_adapters.plan import load_plan
from tests.copy_runs import copy_executor


def main() -> int:
    options = json.loads(sys.argv[1])
    spec = options.pop("spec")
    adapter = open_target(spec, options)
    assert isinstance(adapter, GDriveAdapter)
    print("ready", flush=True)
    executor = copy_executor(
        load_plan(Path(sys.argv[2])), adapter, Path(sys.argv[3]), label=f"gdrive:{spec}",
        workers=2,
    )  # fmt: skip
    try:
        result = executor.apply()
    finally:
        executor.journal.close()
    print(
        json.dumps(
            {
                "ran": result.ran,
                "already_done": result.already_done,
                "recovered": result.recovered,
                "set_aside": result.set_aside,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
