"""OneDrive and SharePoint document libraries as a :class:`~drive_adapters.base.DriveAdapter`.

The package has the same skeleton as :mod:`drive_adapters.gdrive`: ``adapter`` (the
interface on msgraph-sdk), ``transport`` (the paced HTTP stack), ``errors`` (Graph errors as
the adapter's), ``items`` (driveItems as :class:`~drive_adapters.base.DriveItem`), ``target``
(specs and :func:`open_target`), ``auth`` (sign-in) and ``scan``; plus ``quickxor``, the
content hash only this service uses.
"""

from __future__ import annotations

from drive_adapters.onedrive.adapter import OneDriveAdapter
from drive_adapters.onedrive.quickxor import QuickXorHash, quickxorhash_bytes, quickxorhash_file
from drive_adapters.onedrive.target import (
    OPTIONS,
    TargetSpec,
    auth_settings,
    open_target,
    parse_target,
)

__all__ = [
    "OPTIONS",
    "OneDriveAdapter",
    "QuickXorHash",
    "TargetSpec",
    "auth_settings",
    "open_target",
    "parse_target",
    "quickxorhash_bytes",
    "quickxorhash_file",
]
