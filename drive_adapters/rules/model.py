"""The shape of a target's naming rules: plain data that one validator applies.

A :class:`RuleSet` says what a platform refuses (characters, reserved names, lengths, sibling
collisions) and what it limits (depth, item count, file size, daily upload volume), plus a
throughput model for estimates. Rule sets combine: :func:`combine` yields the strictest of
several, which is what a plan meant to work "anywhere" uses.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = [
    "LengthUnit",
    "Limit",
    "RuleSet",
    "Severity",
    "Throughput",
    "Violation",
    "combine",
]


class LengthUnit(enum.StrEnum):
    """How a platform counts the length of a name or a path."""

    CHARS = "chars"  # code points of the decoded name (OneDrive "characters")
    UTF16 = "utf16"  # UTF-16 code units (Windows, SMB)
    BYTES = "bytes"  # encoded bytes (ext4, most Unix file systems: 255 bytes a name)


class Severity(enum.StrEnum):
    """How bad a violation is."""

    FIXED = "fixed"  # the plan renames the item; nothing blocks
    WARNING = "warning"  # worth knowing (0-byte files, big folders), nothing blocks
    BLOCKING = "blocking"  # no automatic fix: apply refuses until the plan changes


@dataclass(frozen=True, slots=True)
class Limit:
    """A length limit in one unit."""

    value: int
    unit: LengthUnit


@dataclass(frozen=True, slots=True)
class Throughput:
    """A rough model of how fast a target takes changes, for the estimate in ``simulate``."""

    metadata_ops_per_s: float  # create folder, move, rename, remove
    upload_bytes_per_s: float
    per_file_s: float  # fixed cost per uploaded file (session set-up, round trips)
    daily_upload_bytes: int | None = None  # a hard budget (Google: 750 GB a day)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything one target refuses or limits. Names and sets are compared casefolded."""

    name: str
    title: str
    invalid_chars: frozenset[str] = frozenset({"/", "\x00"})
    control_chars: bool = False  # \x00-\x1f and \x7f-\x9f
    no_leading_space: bool = False
    no_trailing_space: bool = False
    no_trailing_dot: bool = False
    reserved_stems: frozenset[str] = frozenset()  # CON, COM1 ... also with an extension
    reserved_names: frozenset[str] = frozenset()  # exact names: .lock, desktop.ini
    reserved_prefixes: tuple[str, ...] = ()  # ~$
    reserved_substrings: tuple[str, ...] = ()  # _vti_
    folder_prefixes: tuple[str, ...] = ()  # folders may not start with ~
    folder_suffixes: tuple[str, ...] = ()  # X_files, X_bestanden (thicket folders)
    root_folder_names: frozenset[str] = frozenset()  # forms at a library's root
    utf8_required: bool = False  # names must be valid Unicode text
    segment_limits: tuple[Limit, ...] = ()
    path_limits: tuple[Limit, ...] = ()
    path_prefix_chars: int = 0  # site + library part counted by the platform in the path
    path_warn: Limit | None = None
    case_insensitive: bool = False
    normalization_insensitive: bool = False  # NFC and NFD name the same thing
    max_depth: int | None = None
    max_items: int | None = None
    warn_items_ratio: float = 0.8
    max_children_warn: int | None = None
    max_file_size: int | None = None
    flag_zero_byte: bool = False
    duplicates_legal: bool = False  # Google Drive; the plan still never creates duplicates
    throughput: Throughput = field(default_factory=lambda: Throughput(2_000.0, 150e6, 0.0005))
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Violation:
    """One rule an item breaks on a target, and what the plan does about it."""

    path: str  # the item's target path, '/'-separated (before the fix)
    code: str  # invalid-char, reserved-name, segment-too-long, case-collision ...
    message: str
    severity: Severity
    fix: str | None = None  # the new name, when the plan renames the item

    def to_dict(self) -> dict[str, str]:
        """A row for the plan file and the reports."""
        row = {
            "path": self.path,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
        }
        if self.fix is not None:
            row["fix"] = self.fix
        return row


def _min_limits(limits: Iterable[Limit]) -> tuple[Limit, ...]:
    best: dict[LengthUnit, int] = {}
    for limit in limits:
        best[limit.unit] = min(best.get(limit.unit, limit.value), limit.value)
    return tuple(Limit(v, u) for u, v in sorted(best.items()))


def _min_opt(values: Iterable[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return min(present) if present else None


def combine(name: str, title: str, sets: Iterable[RuleSet]) -> RuleSet:
    """The strictest combination of several rule sets (a plan that must fit all of them)."""
    parts = list(sets)
    warns = [s.path_warn for s in parts if s.path_warn is not None]
    return RuleSet(
        name=name,
        title=title,
        invalid_chars=frozenset().union(*(s.invalid_chars for s in parts)),
        control_chars=any(s.control_chars for s in parts),
        no_leading_space=any(s.no_leading_space for s in parts),
        no_trailing_space=any(s.no_trailing_space for s in parts),
        no_trailing_dot=any(s.no_trailing_dot for s in parts),
        reserved_stems=frozenset().union(*(s.reserved_stems for s in parts)),
        reserved_names=frozenset().union(*(s.reserved_names for s in parts)),
        reserved_prefixes=tuple(sorted({p for s in parts for p in s.reserved_prefixes})),
        reserved_substrings=tuple(sorted({p for s in parts for p in s.reserved_substrings})),
        folder_prefixes=tuple(sorted({p for s in parts for p in s.folder_prefixes})),
        folder_suffixes=tuple(sorted({p for s in parts for p in s.folder_suffixes})),
        root_folder_names=frozenset().union(*(s.root_folder_names for s in parts)),
        utf8_required=any(s.utf8_required for s in parts),
        segment_limits=_min_limits(lim for s in parts for lim in s.segment_limits),
        path_limits=_min_limits(lim for s in parts for lim in s.path_limits),
        path_prefix_chars=max((s.path_prefix_chars for s in parts), default=0),
        path_warn=min(warns, key=lambda w: w.value) if warns else None,
        case_insensitive=any(s.case_insensitive for s in parts),
        normalization_insensitive=any(s.normalization_insensitive for s in parts),
        max_depth=_min_opt(s.max_depth for s in parts),
        max_items=_min_opt(s.max_items for s in parts),
        max_children_warn=_min_opt(s.max_children_warn for s in parts),
        max_file_size=_min_opt(s.max_file_size for s in parts),
        flag_zero_byte=any(s.flag_zero_byte for s in parts),
        duplicates_legal=all(s.duplicates_legal for s in parts),
        throughput=min((s.throughput for s in parts), key=lambda t: t.metadata_ops_per_s),
        notes=tuple(n for s in parts for n in s.notes),
    )
