"""A process that applies (or resumes) a saved plan on the fake OneDrive; tests kill it.

Usage: python executor_worker.py BASE_URL PLAN_DIR JOURNAL [MODE]   (MODE: copy or in-place)

``RETRY_SCALE`` in the environment shrinks the pacer's backoff (a chaos test's server errors).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from drive_adapters.executor import Executor
from drive_adapters.journal import Journal
from drive_adapters.onedrive import open_target
from drive_adapters.plan import Mode, load_plan


def main() -> int:
    url, plan_dir, journal_path = sys.argv[1:4]
    mode = Mode(sys.argv[4]) if len(sys.argv) > 4 else Mode.COPY
    plan = load_plan(Path(plan_dir))
    options = {"base_url": url, "simple_upload_max": "100000", "fragment_size": str(320 * 1024)}
    if os.environ.get("RETRY_SCALE"):
        options["retry_scale"] = os.environ["RETRY_SCALE"]
    adapter = open_target("me", options)
    journal = Journal(Path(journal_path))
    try:
        executor = Executor(plan, adapter, mode, journal, target_label="onedrive:me")
        executor.apply(check_source=False)
        result = executor.verify(content=False)
        print(result.checked_files, result.differences[:5])
        return 0 if result.ok else 1
    finally:
        journal.close()
        adapter.close()


if __name__ == "__main__":
    sys.exit(main())
