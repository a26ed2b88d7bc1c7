"""Import and export of sort data: Casolysis, wide CSV, OptimalSort raw CSV and our own JSON.

Reading is separate from writing: :func:`read_file` parses and checks the whole file without
touching the store; :func:`apply_import` writes it in one transaction. So a malformed file is
refused with its file, line and reason and nothing is imported.
"""

from __future__ import annotations

from pathlib import Path

from sessions.formats import casolysis, jsonfmt, optimalsort, wide
from sessions.formats.apply import ImportResult, OnConflict, apply_import, match_cards
from sessions.formats.detect import FORMATS, detect, parse_text, read_file
from sessions.formats.errors import FormatError, Problem
from sessions.formats.fingerprint import sort_fingerprint
from sessions.formats.fromstore import read_study
from sessions.formats.parsed import (
    ImportReport,
    ParsedCard,
    ParsedGroup,
    ParsedPlacement,
    ParsedSort,
    ParsedStudy,
)
from sessions.store import Store
from sessions.studies import get_study

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "FormatError",
    "ImportReport",
    "ImportResult",
    "OnConflict",
    "ParsedCard",
    "ParsedGroup",
    "ParsedPlacement",
    "ParsedSort",
    "ParsedStudy",
    "Problem",
    "apply_import",
    "detect",
    "dump_text",
    "export_study",
    "import_file",
    "match_cards",
    "parse_text",
    "read_file",
    "read_study",
    "sort_fingerprint",
]

EXPORT_FORMATS = FORMATS


def import_file(
    store: Store,
    study_name: str,
    path: Path | str,
    *,
    fmt: str = "auto",
    encoding: str | None = None,
    on_conflict: OnConflict = OnConflict.REFUSE,
    create: bool = True,
    skip_invalid: bool = False,
) -> ImportResult:
    """Read a sort file fully, then write it into a study in one transaction.

    ``skip_invalid`` leaves out CSV rows with problems and lists them in the report.
    """
    parsed, name = read_file(path, fmt, encoding, skip_invalid=skip_invalid)
    return apply_import(
        store,
        parsed,
        study_name,
        create=create,
        on_conflict=on_conflict,
        source_tag=f"import:{name}",
    )


def dump_text(study: ParsedStudy, fmt: str) -> tuple[str, list[str]]:
    """A parsed study as text in a format, and what the format could not hold."""
    if fmt == "json":
        import json

        return json.dumps(jsonfmt.to_dict(study), ensure_ascii=False, indent=1) + "\n", []
    writers = {"casolysis": casolysis.dump, "wide": wide.dump, "optimalsort": optimalsort.dump}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}")
    return writers[fmt](study)


def export_study(store: Store, study_name: str, fmt: str) -> tuple[str, list[str]]:
    """A study from the store as text in a format, and what the format could not hold."""
    return dump_text(read_study(store, get_study(store, study_name)), fmt)
