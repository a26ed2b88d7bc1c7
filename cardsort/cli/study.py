"""``cardsort study create|list|show|export|ask|questions``: set up card-sorting studies.

``create NAME`` with no options takes the latest proposed deck's cards (with the inventory
paths they stand for) and makes an open sort with sensible defaults. ``export`` writes a study
file a teacher can take home and sort offline with ``cardsort sort FILE``.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import counted, markup_safe, num, plain
from cardsort.i18n import Translator, pick_language
from sessions.cards import NewCard, cards_of, latest_deck
from sessions.formats import jsonfmt
from sessions.models import Study, StudyKind, StudySettings
from sessions.outfile import OutputFileError
from sessions.store import Store
from sessions.studies import (
    categories_of,
    create_study,
    get_study,
    list_studies,
    participants_of,
)

__all__ = ["copy_study", "register"]

_lang_opt = click.option(
    "--lang",
    "lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language of this overview (default: CARDSORT_LANG, then the locale, then Dutch).",
)


def study_cards(store: Store, study: Study) -> list[NewCard]:
    """A study's cards as new cards (keys and sources kept), for copying it elsewhere."""
    return [
        NewCard(
            c.label, c.description, c.sources, c.key, c.restricted, c.origin, audience=c.audience
        )
        for c in cards_of(store, study_id=study.id)
    ]


def copy_study(source: Store, study: Study, target: Store) -> Study:
    """Copy a study (cards with their keys and sources, categories, settings) into another store."""
    return create_study(
        target,
        study.name,
        study_cards(source, study),
        kind=study.kind,
        instructions_nl=study.instructions_nl,
        instructions_en=study.instructions_en,
        settings=study.settings,
        categories=[c.label for c in categories_of(source, study.id)],
    )


@click.group("study")
def study_group() -> None:
    """Create, list, show and export card-sorting studies; questions after the sort."""


@study_group.command("create")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in StudyKind]),
    default="open",
    show_default=True,
    help="open: teachers make their own groups; closed: fixed categories; hybrid: both.",
)
@click.option("--category", "categories", multiple=True, help="A fixed category (repeat).")
@click.option("--instructions-nl", default="", help="Instructions shown to Dutch participants.")
@click.option("--instructions-en", default="", help="Instructions shown to English participants.")
@click.option(
    "--unsure/--no-unsure",
    default=True,
    show_default=True,
    help="Offer a 'weet ik niet' (not sure) pile.",
)
@click.option(
    "--require-names/--no-require-names",
    default=True,
    show_default=True,
    help="Every group needs a name before finishing.",
)
@click.option(
    "--subgroups/--no-subgroups",
    default=False,
    show_default=True,
    help="Allow one level of subgroups.",
)
@click.option(
    "--shuffle/--no-shuffle",
    default=True,
    show_default=True,
    help="Show the cards in a random order per participant.",
)
@click.option(
    "--require-all-sorted/--allow-leftovers",
    default=False,
    show_default=True,
    help="Every card must be in a group before finishing.",
)
@click.option(
    "--file-names/--no-file-names",
    default=True,
    show_default=True,
    help="Show example file names on cards (never for confidential cards).",
)
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="The participants' language unless they choose with --lang (default: nl), and the "
    "language of this command's messages (default: CARDSORT_LANG, then the locale, then Dutch).",
)
@pass_app
def create(
    app: AppContext,
    name: str,
    kind: str,
    categories: tuple[str, ...],
    instructions_nl: str,
    instructions_en: str,
    unsure: bool,
    require_names: bool,
    subgroups: bool,
    shuffle: bool,
    require_all_sorted: bool,
    file_names: bool,
    lang: str | None,
) -> None:
    """Create study NAME from the latest proposed cards."""
    tr = Translator(pick_language(lang))
    deck = latest_deck(app.store)
    cards = [
        NewCard(
            c.label, c.description, c.sources, c.key, c.restricted, c.origin, audience=c.audience
        )
        for c in cards_of(app.store, deck_id=deck.id)
    ]
    if not cards:
        raise UserError(tr("create.no_cards"))
    if kind == "open" and categories:
        raise UserError(tr("create.open_with_categories"))
    settings = StudySettings(
        allow_unsure=unsure,
        require_names=require_names,
        allow_subgroups=subgroups,
        randomise_cards=shuffle,
        require_all_sorted=require_all_sorted,
        show_file_names=file_names,
        lang=lang or "nl",
    )
    study = create_study(
        app.store,
        name,
        cards,
        kind=StudyKind(kind),
        instructions_nl=instructions_nl,
        instructions_en=instructions_en,
        settings=settings,
        categories=categories,
        snapshot_id=deck.snapshot_id,
    )
    kind_words = tr(f"study.kind.{study.kind.value}")
    plain(
        app.console,
        counted(
            tr, "create.done", len(cards), study=study.name, kind=kind_words, code=study.access_code
        ),
    )
    plain(app.console, tr("create.try", study=study.name))


@study_group.command("list")
@_lang_opt
@pass_app
def list_(app: AppContext, lang: str | None) -> None:
    """List the studies with their participants."""
    tr = Translator(pick_language(lang))
    studies = list_studies(app.store)
    if not studies:
        app.console.print(tr("study.none"))
        return
    table = Table(
        *(tr(f"study.col.{c}") for c in ("name", "kind", "cards", "people", "finished", "code"))
    )
    for study in studies:
        people = participants_of(app.store, study.id)
        table.add_row(
            markup_safe(study.name),
            tr(f"study.kind.{study.kind.value}"),
            str(len(cards_of(app.store, study_id=study.id))),
            str(len(people)),
            str(sum(p.finished for p in people)),
            study.access_code or "",
        )
    app.console.print(table)


@study_group.command("show")
@click.argument("study")
@_lang_opt
@pass_app
def show(app: AppContext, study: str, lang: str | None) -> None:
    """Show a study: settings, categories and cards."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    console = app.console
    kind = tr(f"study.kind.{found.kind.value}")
    console.print(
        f"[bold]{markup_safe(found.name)}[/] "
        + markup_safe(tr("study.heading", kind=kind, created=found.created_at))
    )
    plain(console, tr("study.code", code=found.access_code))
    settings = ", ".join(f"{k}={v}" for k, v in found.settings.to_dict().items())
    plain(console, tr("study.settings", settings=settings))  # the settings' own names
    for language in ("nl", "en"):
        text = found.instructions_nl if language == "nl" else found.instructions_en
        if text:
            plain(console, tr(f"study.instructions.{language}", text=text))
    categories = categories_of(app.store, found.id)
    if categories:
        plain(console, tr("study.categories", labels=", ".join(c.label for c in categories)))
    table = Table(*(tr(f"study.col.{c}") for c in ("key", "card", "description", "sources")))
    for card in cards_of(app.store, study_id=found.id):  # what people typed is shown as typed
        table.add_row(
            markup_safe(card.key),
            markup_safe(card.label),
            markup_safe(card.description),
            str(len(card.sources)),
        )
    console.print(table)


@study_group.command("export")
@click.argument("study")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_lang_opt
@pass_app
def export(app: AppContext, study: str, file: Path, lang: str | None) -> None:
    """Write STUDY to FILE for sorting offline with `cardsort sort FILE`."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    try:
        document = jsonfmt.dump_study(app.store, found.name, participant_ids=[])
        jsonfmt.write(file, document, force=False)
    except OutputFileError as error:
        raise UserError(str(error)) from error
    plain(app.console, tr("export.done", file=file))


@study_group.command("ask")
@click.argument("study")
@click.argument("question")
@click.option("--en", "english", default="", help="The question in English.")
@click.option(
    "--choice",
    "choices",
    multiple=True,
    metavar="NL[|EN]",
    help="An option to choose from (repeat; 'ja|yes'). Without it the answer is free text.",
)
@_lang_opt
@pass_app
def ask(
    app: AppContext,
    study: str,
    question: str,
    english: str,
    choices: tuple[str, ...],
    lang: str | None,
) -> None:
    """Add an optional QUESTION (in Dutch) that STUDY asks after the sort."""
    tr = Translator(pick_language(lang))
    from sessions.questions import add_question

    found = get_study(app.store, study)
    options = [(*choice.split("|", 1), "")[:2] for choice in choices]
    added = add_question(
        app.store, found.id, question, english, choices=[(str(o[0]), str(o[1])) for o in options]
    )
    if added.kind == "choice":
        said = tr("ask.done.choice", position=added.position, count=num(tr, len(added.choices)))
    else:
        said = tr("ask.done.text", position=added.position)
    plain(app.console, said)


@study_group.command("questions")
@click.argument("study")
@click.option("--remove", "remove", type=int, help="Remove question N (only if unanswered).")
@_lang_opt
@pass_app
def questions(app: AppContext, study: str, remove: int | None, lang: str | None) -> None:
    """List the questions STUDY asks after the sort, with how many answered each."""
    tr = Translator(pick_language(lang))
    from sessions.questions import questions_of, remove_question, study_answers

    found = get_study(app.store, study)
    if remove is not None:
        remove_question(app.store, found.id, remove)
        plain(app.console, tr("questions.removed", position=remove))
    answered: dict[int, int] = {}
    for answer in study_answers(app.store, found.id):
        answered[answer.question_id] = answered.get(answer.question_id, 0) + 1
    asked = questions_of(app.store, found.id)
    if not asked:
        plain(app.console, tr("questions.none", study=found.name))
        return
    table = Table("#", *(tr(f"questions.col.{c}") for c in ("nl", "en", "kind", "answers")))
    for item in asked:
        if item.kind == "choice":
            kind = tr("questions.kind.choice", options=" / ".join(item.options(tr.lang)))
        else:
            kind = tr("questions.kind.text")
        table.add_row(
            str(item.position),
            Text(item.text_nl),
            Text(item.text_en),
            Text(kind),
            str(answered.get(item.id, 0)),
        )
    app.console.print(table)


def register(root: click.Group) -> None:
    """Add ``cardsort study`` to the root group."""
    root.add_command(study_group)
