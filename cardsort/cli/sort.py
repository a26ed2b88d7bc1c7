"""``cardsort sort STUDY|FILE``: sort the cards yourself, in this terminal.

With a study name the sort is written to the workspace store. With a study file (made by
``cardsort study export``) it is written to a result file next to it,
``<file>.result.<suffix>``, which the coordinator brings back with ``cardsort import``; the
study file itself stays unchanged so colleagues can use it too.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.i18n import pick_language
from sessions.formats import jsonfmt
from sessions.formats.apply import apply_import
from sessions.outfile import OutputFileError
from sessions.store import Store, StoreError
from sessions.studies import list_studies

__all__ = ["open_study_file", "register", "result_path", "work_path"]


def result_path(study_file: Path) -> Path:
    """Where the result of sorting a study file goes: next to it, ``<stem>.result.json``."""
    return study_file.with_name(f"{study_file.stem}.result.json")


def work_path(study_file: Path) -> Path:
    """The autosaved sort in progress (a small store), next to the study file."""
    return study_file.with_name(f"{study_file.stem}.sorting.sqlite")


def open_study_file(study_file: Path) -> tuple[Store, str]:
    """The working store for a study file, created from it the first time."""
    work = work_path(study_file)
    if not work.exists():
        parsed = jsonfmt.load(study_file)
        name = parsed.name or study_file.stem
        partial = work.with_name(work.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            with Store.open(partial) as store:
                apply_import(
                    store, dataclasses.replace(parsed, sorts=()), name, source_tag="offline"
                )
            partial.rename(work)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    store = Store.open(work, create=False)
    studies = list_studies(store)
    if len(studies) != 1:
        store.close()
        raise StoreError(f"{work} is not a sort in progress; move it away and try again.")
    return store, studies[0].name


def write_result(store: Store, participant_id: int, study_file: Path) -> Path:
    """Write the participant's sort as the project's JSON next to the study file."""
    target = result_path(study_file)
    jsonfmt.write(target, jsonfmt.dump_participant(store, participant_id))
    return target


@click.command("sort")
@click.argument("study")
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language of the app (default: the study's).",
)
@click.option("--high-contrast", is_flag=True, help="Black, white and yellow only.")
@click.option(
    "--require-code",
    is_flag=True,
    hidden=True,
    help="Ask for the study's participant code (set by `cardsort serve --host`).",
)
@pass_app
def sort(
    app: AppContext, study: str, lang: str | None, high_contrast: bool, require_code: bool
) -> None:
    """Sort the cards of STUDY (a study name, or a study file for offline sorting)."""
    from cardsort.tui.session import SortSession
    from cardsort.tui.sort_app import SortApp

    path = Path(study)
    offline = path.is_file()
    if offline:
        store, name = open_study_file(path)
    else:
        store, name = app.store, study
    try:
        session = SortSession.open(store, name)
    except StoreError as error:
        raise UserError(str(error)) from error
    language = pick_language(lang, session.study.settings.lang)
    SortApp(session, lang=language, require_code=require_code, high_contrast=high_contrast).run()
    if offline:
        if session.participant is not None:
            try:
                written = write_result(store, session.participant.id, path)
            except OutputFileError as error:
                store.close()
                raise UserError(
                    f"{error} Your sort is kept in {work_path(path)}; run `cardsort sort "
                    f"{path}` again to write it."
                ) from None
            state = "finished" if session.participant.finished else "not finished yet"
            app.console.print(
                f"Your sort ({state}) is in {written}. Give this file to the ICT coordinator."
            )
        store.close()


def register(root: click.Group) -> None:
    """Add ``cardsort sort`` to the root group."""
    root.add_command(sort)
