"""``cardsort export STUDY FILE --format ...``: sorts, the similarity matrix or the analysis.

Sort formats write exactly what the store holds and say what a format cannot carry (unsure
cards in Casolysis, for example). ``similarity`` is the card × card similarity matrix as CSV
(share of participants who put both cards together, of those who sorted both); ``analysis``
is the full analysis as JSON. An existing file is only replaced with ``--force``, and always
atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from sessions.formats import FORMATS, export_study
from sessions.private_files import file_mode

__all__ = ["register", "similarity_csv", "write_output"]

EXPORT_FORMATS = (*FORMATS, "similarity", "analysis")


def write_output(path: Path, text: str, *, force: bool) -> None:
    """Write text to ``path`` atomically (``-`` = stdout); refuse to replace a file unforced."""
    if str(path) == "-":
        click.echo(text, nl=False)
        return
    if path.exists() and not force:
        raise UserError(f"{path} exists already; choose another name or add --force.")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # Private (0600) unless CARDSORT_SHARED_FILES asks otherwise: exports name people.
        os.chmod(tmp, file_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def similarity_csv(card_labels: list[str], matrix: Any) -> str:
    """The similarity matrix as CSV with card labels as row and column heads."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["card", *card_labels])
    for label, row in zip(card_labels, matrix, strict=True):
        writer.writerow([label, *("" if v != v else f"{float(v):.4f}" for v in row)])
    return buffer.getvalue()


@click.command("export")
@click.argument("study")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_app
def export_command(app: AppContext, study: str, file: Path, fmt: str, force: bool) -> None:
    """Write STUDY's sorts, similarity matrix or analysis to FILE (- for the terminal)."""
    if fmt in FORMATS:
        text, warnings = export_study(app.store, study, fmt)
    else:
        from cardsort.analysis import analyse
        from cardsort.studydata import load_study_data
        from sessions.studies import get_study

        loaded = load_study_data(app.store, get_study(app.store, study))
        if not loaded.data.n_participants:
            raise UserError(f"Study {study!r} has no sorts yet; nothing to export.")
        warnings = []
        if fmt == "similarity":  # the same participants as the analysis, without the bootstrap
            options = loaded.options(n_resamples=0, sample_size_curve=False)
            analysis = analyse(loaded.data, options=options)
            text = similarity_csv(list(analysis.card_labels), analysis.similarity.similarity)
        else:
            analysis = analyse(loaded.data, options=loaded.options())
            text = json.dumps(analysis.to_dict(), ensure_ascii=False, indent=1) + "\n"
    write_output(file, text, force=force)
    for warning in warnings:
        app.err_console.print(f"Note: {warning}", markup=False)
    if str(file) != "-":
        app.console.print(f"Wrote {file} ({fmt}).", markup=False)


def register(root: click.Group) -> None:
    """Add ``export`` to the root group."""
    root.add_command(export_command)
