"""The naming rules and limits of every target, as data (sources: notes/drive-platforms.md).

* ``onedrive``: OneDrive for Business / SharePoint Online (SUP, SPL, SPMT scan codes).
* ``gdrive``: Google Drive, a shared drive (Drive API, Workspace limits).
* ``local``: a Linux/Unix file system (ext4: 255 bytes a name, 4096 a path).
* ``smb``: a Windows or Samba share reached over SMB (Windows naming rules).
* ``portable``: the strictest of all of them, for a plan that must fit anywhere.
"""

from __future__ import annotations

from drive_adapters.rules.model import LengthUnit, Limit, RuleSet, Throughput, combine

__all__ = ["GDRIVE", "LOCAL", "ONEDRIVE", "PORTABLE", "RULESETS", "SMB", "get_ruleset"]

GB = 1_000_000_000
GiB = 1 << 30

_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_WINDOWS_CHARS = frozenset('"*:<>?/\\|') | {"\x00"}
#: Folders that Office's "save as web page" makes next to a document (SPMT THICKET_FOLDER).
_THICKET_SUFFIXES = ("_files", "_file", "-Dateien", "_fichiers", "_bestanden", "-bestanden")

ONEDRIVE = RuleSet(
    name="onedrive",
    title="OneDrive / SharePoint",
    invalid_chars=_WINDOWS_CHARS,
    control_chars=True,
    no_leading_space=True,
    no_trailing_space=True,
    no_trailing_dot=True,
    reserved_stems=_WINDOWS_DEVICES,
    reserved_names=frozenset({".lock", "desktop.ini"}),
    reserved_prefixes=("~$",),
    reserved_substrings=("_vti_",),
    folder_prefixes=("~",),
    folder_suffixes=_THICKET_SUFFIXES,
    root_folder_names=frozenset({"forms"}),
    utf8_required=True,
    segment_limits=(Limit(255, LengthUnit.CHARS),),
    path_limits=(Limit(400, LengthUnit.CHARS),),
    case_insensitive=True,
    normalization_insensitive=True,
    max_children_warn=50_000,
    max_file_size=250 * GiB,
    flag_zero_byte=True,
    # Graph with pacing: a few metadata calls a second; uploads share a school's uplink.
    throughput=Throughput(metadata_ops_per_s=4.0, upload_bytes_per_s=8e6, per_file_s=0.5),
    notes=(
        "Migration Manager skips 0-byte files; cardsort-drive uploads them with a simple PUT.",
        "The 400-character limit counts the decoded path including site and library.",
    ),
)

GDRIVE = RuleSet(
    name="gdrive",
    title="Google Drive (shared drive)",
    utf8_required=True,
    max_depth=100,
    max_items=500_000,
    max_file_size=5 * 1_000 * GB,
    duplicates_legal=True,
    # rclone sees "about 2 files per second"; the 750 GB/day upload cap is a hard budget.
    throughput=Throughput(
        metadata_ops_per_s=2.0,
        upload_bytes_per_s=8e6,
        per_file_s=0.5,
        daily_upload_bytes=750 * GB,
    ),
    notes=("Duplicate names are legal on Google Drive; the plan never creates them.",),
)

LOCAL = RuleSet(
    name="local",
    title="Local file system (Linux/Unix)",
    segment_limits=(Limit(255, LengthUnit.BYTES),),
    path_limits=(Limit(4095, LengthUnit.BYTES),),
    throughput=Throughput(metadata_ops_per_s=2_000.0, upload_bytes_per_s=150e6, per_file_s=0.0005),
)

SMB = RuleSet(
    name="smb",
    title="Windows / SMB share",
    invalid_chars=_WINDOWS_CHARS,
    control_chars=True,
    no_trailing_space=True,
    no_trailing_dot=True,
    reserved_stems=_WINDOWS_DEVICES,
    utf8_required=True,
    segment_limits=(Limit(255, LengthUnit.UTF16),),
    path_limits=(Limit(32_000, LengthUnit.UTF16),),
    path_warn=Limit(260, LengthUnit.UTF16),
    case_insensitive=True,
    throughput=Throughput(metadata_ops_per_s=200.0, upload_bytes_per_s=40e6, per_file_s=0.005),
)

PORTABLE = combine("portable", "Any target (strictest of all)", (ONEDRIVE, GDRIVE, SMB, LOCAL))

RULESETS: dict[str, RuleSet] = {r.name: r for r in (ONEDRIVE, GDRIVE, LOCAL, SMB, PORTABLE)}


def get_ruleset(name: str) -> RuleSet:
    """A rule set by name; ``ValueError`` naming the known ones otherwise."""
    try:
        return RULESETS[name]
    except KeyError:
        known = ", ".join(sorted(RULESETS))
        raise ValueError(f"Unknown target rules {name!r}; choose one of: {known}.") from None
