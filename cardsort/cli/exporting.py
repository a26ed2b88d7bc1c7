"""``cardsort export STUDY FILE --format ...``: sorts, the similarity matrix or the analysis.

Sort formats write exactly what the store holds and say what a format cannot carry (unsure
cards in Casolysis, for example). ``similarity`` is the card × card similarity matrix as CSV
(share of participants who put both cards together, of those who sorted both); ``analysis``
is the full analysis as JSON; ``answers`` the answers to the questions asked after the sort,
as CSV (one row per answer, choices in words in both languages). Files are written by
:func:`write_output` (an existing file only with ``--force``, atomically; links written
through; devices and FIFOs written into).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import plain, say
from cardsort.i18n import LANGUAGES, Translator, pick_language
from sessions.formats import FORMATS, export_study
from sessions.outfile import OutputFileError, check_output_file, write_output_file
from sessions.store import Store

__all__ = [
    "answers_csv",
    "check_output",
    "register",
    "similarity_csv",
    "write_output",
]

EXPORT_FORMATS = (*FORMATS, "similarity", "analysis", "answers")


def write_output(path: Path, text: str, *, force: bool) -> None:
    """Write text to ``path`` (``-`` = stdout) with :func:`sessions.outfile.write_output_file`.

    An existing regular file only with ``force`` (replaced atomically); a link is written
    through; a device or FIFO is written into; anything else is refused.
    """
    if str(path) == "-":
        click.echo(text, nl=False)
        return
    try:
        write_output_file(path, text, force=force)
    except OutputFileError as error:
        raise UserError(str(error)) from None


def check_output(path: Path | None, *, force: bool) -> None:
    """Refuse now (before slow work) what :func:`write_output` would refuse later."""
    if path is None or str(path) == "-":
        return
    try:
        check_output_file(path, force=force)
    except OutputFileError as error:
        raise UserError(str(error)) from None


def similarity_csv(card_labels: list[str], matrix: Any) -> str:
    """The similarity matrix as CSV with card labels as row and column heads."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["card", *card_labels])
    for label, row in zip(card_labels, matrix, strict=True):
        writer.writerow([label, *("" if v != v else f"{float(v):.4f}" for v in row)])
    return buffer.getvalue()


def answers_csv(store: Store, study_id: int) -> str:
    """Every answer to the study's questions as CSV: who, which question, what (nl and en)."""
    from sessions.questions import questions_of, study_answers

    asked = {q.id: q for q in questions_of(store, study_id)}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["participant", "question", "question_nl", "question_en", "answer_nl", "answer_en"]
    )
    for answer in study_answers(store, study_id):
        question = asked[answer.question_id]
        writer.writerow(
            [
                answer.participant_name,
                question.position,
                question.text_nl,
                question.text_en,
                question.answer_text(answer.answer, "nl"),
                question.answer_text(answer.answer, "en"),
            ]
        )
    return buffer.getvalue()


@click.command("export")
@click.argument("study")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the notes (default: CARDSORT_LANG, then the locale, then Dutch).",
)
@pass_app
def export_command(
    app: AppContext, study: str, file: Path, fmt: str, force: bool, lang: str | None
) -> None:
    """Write STUDY's sorts, similarity matrix or analysis to FILE (- for the terminal)."""
    tr = Translator(pick_language(lang))
    check_output(file, force=force)
    if fmt in FORMATS:
        text, warnings = export_study(app.store, study, fmt)
    elif fmt == "answers":
        from sessions.studies import get_study

        text, warnings = answers_csv(app.store, get_study(app.store, study).id), []
    else:
        from cardsort.analysis import analyse
        from cardsort.studydata import load_study_data
        from sessions.studies import get_study

        loaded = load_study_data(app.store, get_study(app.store, study))
        if not loaded.data.n_participants:
            raise UserError(tr("export.no_sorts", study=study))
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
        plain(app.err_console, tr("export.note", note=say(tr, warning)))
    if str(file) != "-":
        plain(app.console, tr("export.wrote", file=file, format=fmt))


def register(root: click.Group) -> None:
    """Add ``export`` to the root group."""
    root.add_command(export_command)
