"""A process that uploads a tree into a fake OneDrive with a journal; the crash tests kill it.

Usage: python upload_driver.py BASE_URL SOURCE JOURNAL PARENT_ID
"""

from __future__ import annotations

import sys
from pathlib import Path

from drive_adapters.onedrive import open_target
from drive_adapters.onedrive.transfer import TransferJournal, upload_tree


def main() -> int:
    url, source, journal_path, parent = sys.argv[1:5]
    adapter = open_target(
        "me", {"base_url": url, "simple_upload_max": "100000", "fragment_size": str(320 * 1024)}
    )
    journal = TransferJournal(Path(journal_path))
    try:
        report = upload_tree(adapter, Path(source), parent, workers=3, journal=journal)
    finally:
        journal.close()
        adapter.close()
    print(report.files_uploaded, report.files_skipped, report.files_adopted, report.conflicts)
    return 0 if not report.conflicts and not report.refused else 1


if __name__ == "__main__":
    sys.exit(main())
