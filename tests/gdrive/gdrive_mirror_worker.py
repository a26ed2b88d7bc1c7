"""A separate process that mirrors a folder into the fake Drive; the crash test kills it.

Usage: ``python -m tests.gdrive.gdrive_mirror_worker OPTIONS_JSON SOURCE RECORD``. Prints
``ready`` once connected, and a JSON report when done.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from drive_adapters.gdrive import GDriveAdapter, open_target
from drive_adapters.gdrive.mirror import mirror_tree


def main() -> int:
    options = json.loads(sys.argv[1])
    adapter = open_target(options.pop("spec"), options)
    assert isinstance(adapter, GDriveAdapter)
    print("ready", flush=True)
    report = mirror_tree(
        adapter, Path(sys.argv[2]), adapter.root_id, Path(sys.argv[3]), concurrency=2
    )
    print(
        json.dumps(
            {
                "uploaded": report.files_uploaded,
                "adopted": report.files_adopted,
                "resumed": report.files_resumed,
                "folders_adopted": report.folders_adopted,
                "conflicts": report.conflicts,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
