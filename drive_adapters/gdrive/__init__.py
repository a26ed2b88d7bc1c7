"""Google Drive: the adapter, its service construction, sign-in, scanning and target specs.

``open_target("shared:Team", options)`` is what ``drive_adapters.targets`` calls for a
``gdrive:…`` target; see :mod:`drive_adapters.gdrive.target` for the spec forms and options.
"""

from __future__ import annotations

from drive_adapters.gdrive.adapter import GDriveAdapter, UploadSettings, md5_of
from drive_adapters.gdrive.retry import RetryPolicy
from drive_adapters.gdrive.target import open_target, parse_spec

__all__ = ["GDriveAdapter", "RetryPolicy", "UploadSettings", "md5_of", "open_target", "parse_spec"]
