"""Google Drive as a :class:`~drive_adapters.base.DriveAdapter`.

The package has the same skeleton as :mod:`drive_adapters.onedrive`: ``adapter`` (the
interface on google-api-python-client), ``transport`` (service objects per thread), ``errors``
(Drive's error bodies as the adapter's errors), ``target`` (specs and :func:`open_target`),
``auth`` (sign-in), ``items`` (file resources as drive items) and ``scan`` (the walk and the
change feed).

``open_target("shared:Team", options)`` is what ``drive_adapters.targets`` calls for a
``gdrive:…`` target; see :mod:`drive_adapters.gdrive.target` for the spec forms and options.
"""

from __future__ import annotations

from drive_adapters.gdrive.adapter import GDriveAdapter, UploadSettings, md5_of
from drive_adapters.gdrive.target import OPTIONS, open_target, parse_spec

__all__ = ["OPTIONS", "GDriveAdapter", "UploadSettings", "md5_of", "open_target", "parse_spec"]
