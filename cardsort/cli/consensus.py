"""``cardsort consensus …``, ``cardsort labels …`` and ``cardsort exclude|include``.

The coordinator's hands on the analysis: edit the consensus tree (every edit is stored as a new
version; nothing is overwritten), keep the label standardisation map, and leave participants
out of the analysis or bring them back (always reversible, always shown in the report).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import counted, markup_safe, plain, say
from cardsort.cli.analyse import percent, print_tree
from cardsort.cli.exporting import write_output
from cardsort.consensus_edits import FolderPath, merge_folders, move_card, node_at, rename_folder
from cardsort.i18n import Translator, pick_language
from sessions.analysis_store import (
    ConsensusVersion,
    current_tree,
    exclude_participant,
    exclude_rule,
    exclusion_history,
    export_label_map,
    get_version,
    import_label_map,
    include_participant,
    include_rule,
    label_key,
    label_map,
    merge_labels,
    remove_label,
    rename_label,
    set_current,
    split_label,
    store_edited_tree,
    tree_history,
)
from sessions.cards import cards_of
from sessions.folder_audiences import rename_folder_audience
from sessions.models import Study
from sessions.said import Said
from sessions.store import Store
from sessions.studies import get_study, load_sort, participants_of

if TYPE_CHECKING:  # the analysis package pulls in scikit-learn: import it only when used
    from cardsort.analysis import ConsensusTree

__all__ = ["find_folder", "register"]


# -- resolving what the user typed ------------------------------------------------------------


def _lang(tr: Translator | None) -> Translator:
    return tr or Translator(pick_language())


_lang_opt = click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    default=None,
    help="Language (default: CARDSORT_LANG, then the locale, then Dutch).",
)


def find_folder(tree: ConsensusTree, ref: str, tr: Translator | None = None) -> FolderPath:
    """A folder by number (``2``, ``2.1``) or by name (case-insensitive, must be unique)."""
    tr = _lang(tr)
    parts = ref.strip().rstrip(".").split(".")
    if all(p.isdigit() for p in parts) and 1 <= len(parts) <= 2:
        path = tuple(int(p) - 1 for p in parts)
        try:
            node_at(tree, path)
            if min(path) < 0:
                raise IndexError
        except IndexError:
            raise UserError(tr("edit.no_folder_number", ref=ref)) from None
        return path
    found: list[FolderPath] = []
    for i, node in enumerate(tree.groups):
        if label_key(node.label) == label_key(ref):
            found.append((i,))
        found.extend(
            (i, j) for j, c in enumerate(node.children) if label_key(c.label) == label_key(ref)
        )
    if len(found) != 1:
        raise UserError(tr("edit.no_folder" if not found else "edit.folders", ref=ref))
    return found[0]


def _card(store: Store, study: Study, ref: str, tr: Translator | None = None) -> tuple[str, str]:
    cards = cards_of(store, study_id=study.id)
    for card in cards:
        if card.key == ref:
            return card.key, card.label
    matches = [c for c in cards if label_key(c.label) == label_key(ref)]
    if len(matches) == 1:
        return matches[0].key, matches[0].label
    raise UserError(_lang(tr)("edit.no_card" if not matches else "edit.cards", ref=ref))


def _current(store: Store, study: Study, tr: Translator | None = None) -> ConsensusVersion:
    version = current_tree(store, study.id)
    if version is None:
        raise UserError(_lang(tr)("edit.no_consensus", study=study.name))
    return version


def _tree(version: ConsensusVersion, tr: Translator | None = None) -> ConsensusTree:
    from cardsort.analysis import ConsensusTree

    try:
        return ConsensusTree.from_dict(version.tree)
    except ValueError as error:
        said = _lang(tr)("edit.unreadable", version=version.version, error=error)
        raise UserError(said) from error


def _labels(store: Store, study: Study) -> dict[str, str]:
    return {c.key: c.label for c in cards_of(store, study_id=study.id)}


def _rescore(store: Store, study: Study, tree: ConsensusTree) -> ConsensusTree:
    """Re-measure the edited tree's agreement against the sorts the analysis would use."""
    from cardsort.analysis import quality_flags, score_tree
    from cardsort.studydata import load_study_data

    loaded = load_study_data(store, study)
    if not loaded.data.n_participants:
        return tree
    quality = quality_flags(loaded.data, options=loaded.options())
    keep = [i for i, q in enumerate(quality) if not q.excluded]
    if not keep:
        return tree
    try:
        return score_tree(tree, loaded.data.select_participants(keep))
    except ValueError:  # a card of the tree left the study: keep the figures unmeasured
        return tree


def _save_edit(
    app: AppContext,
    study: Study,
    base: ConsensusVersion,
    tree: ConsensusTree,
    note: Said,
    tr: Translator,
) -> None:
    """Store the edit (its note in English: the version history's record), then say it."""
    tree = _rescore(app.store, study, tree)
    version = store_edited_tree(
        app.store, study.id, tree.to_dict(), based_on=base.version, note=str(note)
    )
    plain(app.console, tr("edit.stored", what=say(tr, note), version=version.version))
    print_tree(
        app.console,
        tree.to_dict(),
        tr("edit.title", version=version.version),
        _labels(app.store, study),
    )


# -- consensus commands -----------------------------------------------------------------------


@click.group("consensus")
def consensus_group() -> None:
    """Show, edit and browse the versions of a study's consensus folder tree."""


@consensus_group.command("show")
@click.argument("study")
@click.option("--version", "number", type=int, help="Show this version instead of the current.")
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the tree (ConsensusTree JSON) to a file, or - for the terminal.",
)
@click.option("--force", is_flag=True, help="Replace the --json file if it exists.")
@_lang_opt
@pass_app
def show(
    app: AppContext,
    study: str,
    number: int | None,
    json_file: Path | None,
    force: bool,
    lang: str | None,
) -> None:
    """Print the current (or a given) consensus tree."""
    import json

    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    chosen = get_version(app.store, found.id, number) if number else None
    version = chosen or _current(app.store, found, tr)
    if json_file is not None:
        text = json.dumps(version.tree, ensure_ascii=False, indent=1) + "\n"
        write_output(json_file, text, force=force)
        if str(json_file) != "-":
            plain(app.console, tr("edit.wrote", version=version.version, file=json_file))
        return
    kind = tr("edit.kind.edited" if version.edited else "edit.kind.analysis")
    state = tr("edit.state.current" if version.current else "edit.state.old")
    print_tree(
        app.console,
        version.tree,
        tr("edit.version_title", version=version.version, kind=kind, state=state),
        _labels(app.store, found),
    )


@consensus_group.command("history")
@click.argument("study")
@_lang_opt
@pass_app
def history(app: AppContext, study: str, lang: str | None) -> None:
    """List every stored version of the consensus tree."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    title = markup_safe(tr("edit.history", study=found.name))
    table = Table(title=title, title_justify="left")
    for column in ("version", "made", "by", "from", "folders", "note"):
        table.add_column(tr(f"edit.col.{column}"))
    table.add_column("")
    for v in tree_history(app.store, found.id):
        table.add_row(
            str(v.version),
            v.created_at,
            tr("edit.by.edit" if v.edited else "edit.by.analysis"),
            str(v.based_on or "–"),
            str(len(v.tree.get("groups", []))),
            markup_safe(v.note),  # as it was recorded
            tr("edit.current_mark") if v.current else "",
        )
    app.console.print(table)


@consensus_group.command("use")
@click.argument("study")
@click.argument("version", type=int)
@_lang_opt
@pass_app
def use(app: AppContext, study: str, version: int, lang: str | None) -> None:
    """Make VERSION the consensus the team works from."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    chosen = set_current(app.store, found.id, version)
    plain(app.console, tr("edit.now_current", version=chosen.version))


@consensus_group.command("move")
@click.argument("study")
@click.argument("card")
@click.argument("folder", required=False)
@click.option("--new", "new_folder", help="Put the card in a new top-level folder of this name.")
@click.option("--apart", is_flag=True, help="Set the card apart (no folder yet).")
@_lang_opt
@pass_app
def move(
    app: AppContext,
    study: str,
    card: str,
    folder: str | None,
    new_folder: str | None,
    apart: bool,
    lang: str | None,
) -> None:
    """Move CARD (key or label) into FOLDER (number like 2 or 2.1, or name)."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    base = _current(app.store, found, tr)
    tree = _tree(base, tr)
    if sum(bool(x) for x in (folder, new_folder, apart)) != 1:
        raise UserError(tr("edit.one_of"))
    key, label = _card(app.store, found, card, tr)
    target = find_folder(tree, folder, tr) if folder else None
    if new_folder is not None and not new_folder.strip():
        raise UserError(tr("edit.new_needs_name"))
    try:
        edited = move_card(tree, key, label, target, new_folder=new_folder or "")
    except ValueError as error:
        raise UserError(str(error)) from error
    if target is None and not (new_folder or "").strip():
        note = Said("edit.moved_apart", "Set ‘{card}’ apart", {"card": label})
    else:
        where = " ".join((new_folder or "").split()) or node_at(tree, target or ()).label
        note = Said("edit.moved", "Moved ‘{card}’ to ‘{folder}’", {"card": label, "folder": where})
    _save_edit(app, found, base, edited, note, tr)


@consensus_group.command("rename")
@click.argument("study")
@click.argument("folder")
@click.argument("name")
@_lang_opt
@pass_app
def rename(app: AppContext, study: str, folder: str, name: str, lang: str | None) -> None:
    """Rename FOLDER (number or name) to NAME."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    base = _current(app.store, found, tr)
    tree = _tree(base, tr)
    path = find_folder(tree, folder, tr)
    old = node_at(tree, path).label
    try:
        edited = rename_folder(tree, path, name)
    except ValueError as error:
        raise UserError(str(error)) from error
    note = Said("edit.renamed", "Renamed ‘{old}’ to ‘{new}’", {"old": old, "new": name.strip()})
    _save_edit(app, found, base, edited, note, tr)
    # Who may open it goes with the folder's new name (cardsort.privacy).
    prefix = "" if len(path) == 1 else tree.groups[path[0]].label + "/"
    rename_folder_audience(app.store, found.id, prefix + old, prefix + name.strip())


@consensus_group.command("merge")
@click.argument("study")
@click.argument("folder")
@click.argument("into")
@_lang_opt
@pass_app
def merge(app: AppContext, study: str, folder: str, into: str, lang: str | None) -> None:
    """Merge FOLDER into INTO (folders at the same level); INTO keeps its name."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    base = _current(app.store, found, tr)
    tree = _tree(base, tr)
    source, target = find_folder(tree, folder, tr), find_folder(tree, into, tr)
    names = node_at(tree, source).label, node_at(tree, target).label
    try:
        edited = merge_folders(tree, source, target)
    except ValueError as error:
        raise UserError(str(error)) from error
    note = Said("edit.merged", "Merged ‘{old}’ into ‘{into}’", {"old": names[0], "into": names[1]})
    _save_edit(app, found, base, edited, note, tr)


# -- labels -----------------------------------------------------------------------------------


@click.group("labels")
def labels_group() -> None:
    """The label standardisation map: which group names count as the same category."""


@labels_group.command("show")
@click.argument("study")
@_lang_opt
@pass_app
def labels_show(app: AppContext, study: str, lang: str | None) -> None:
    """Print the map."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    title = markup_safe(tr("labels.title", study=found.name))
    table = Table(title=title, title_justify="left")
    for column in ("raw", "standard", "how", "scope"):
        table.add_column(tr(f"labels.col.{column}"))
    for e in label_map(app.store, found.id):
        scope = f"{e.participant_name}" + (f" / {e.group_key}" if e.group_key else "")
        table.add_row(
            markup_safe(e.raw),
            markup_safe(e.standard),
            e.action,  # the map's own word (merge, rename, split), as in its CSV
            markup_safe(scope) if e.participant_id else tr("labels.everyone"),
        )
    app.console.print(table)


@labels_group.command("suggest")
@click.argument("study")
@_lang_opt
@pass_app
def labels_suggest(app: AppContext, study: str, lang: str | None) -> None:
    """Suggest labels to merge (near-identical names used for the same cards)."""
    from cardsort.analysis import analyse
    from cardsort.studydata import load_study_data

    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    loaded = load_study_data(app.store, found)
    if not loaded.data.n_participants:
        raise UserError(tr("labels.no_sorts", study=found.name))
    try:
        result = analyse(
            loaded.data, options=loaded.options(n_resamples=0, sample_size_curve=False)
        )
    except ValueError as error:
        raise UserError(tr("labels.cannot_run", error=error)) from error
    document = result.to_dict()["labels"]
    suggestions = document["merge_suggestions"]
    if not suggestions:
        plain(app.console, tr("labels.none_similar"))
    else:
        table = Table(title=tr("labels.suggest.title"), title_justify="left")
        for column in ("labels", "similarity", "same"):
            table.add_column(tr(f"labels.col.{column}"))
        for s in suggestions:
            labels = markup_safe(" | ".join(s["labels"]))
            table.add_row(labels, f"{s['score']:.0f}", percent(s["card_overlap"]))
        app.console.print(table)
        plain(app.console, tr("labels.merge_with", study=found.name))


@labels_group.command("merge")
@click.argument("study")
@click.argument("labels", nargs=-1, required=True)
@click.option("--into", "standard", required=True, help="The standard name they count as.")
@_lang_opt
@pass_app
def labels_merge(
    app: AppContext, study: str, labels: Sequence[str], standard: str, lang: str | None
) -> None:
    """Count LABELS as one category called --into."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    merge_labels(app.store, found.id, labels, standard)
    plain(app.console, counted(tr, "labels.merged", len(labels), standard=standard.strip()))


@labels_group.command("rename")
@click.argument("study")
@click.argument("old")
@click.argument("new")
@_lang_opt
@pass_app
def labels_rename(app: AppContext, study: str, old: str, new: str, lang: str | None) -> None:
    """Rename the standard category OLD to NEW."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    rename_label(app.store, found.id, old, new)
    plain(app.console, tr("labels.renamed", old=old, new=new.strip()))


@labels_group.command("split")
@click.argument("study")
@click.argument("label")
@click.option("--participant", help="Only this participant's group with LABEL …")
@click.option("--as", "standard", help="… counts as this category.")
@_lang_opt
@pass_app
def labels_split(
    app: AppContext,
    study: str,
    label: str,
    participant: str | None,
    standard: str | None,
    lang: str | None,
) -> None:
    """Take LABEL out of its merge, or (--participant, --as) re-file one participant's group."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    if participant is None:
        removed = remove_label(app.store, found.id, label)
        if not removed:
            raise UserError(tr("labels.not_in_map", label=label))
        plain(app.console, tr("labels.on_its_own", label=label))
        return
    if not standard:
        raise UserError(tr("labels.split_needs_as"))
    person = next((p for p in participants_of(app.store, found.id) if p.name == participant), None)
    if person is None:
        raise UserError(tr("labels.no_participant", name=participant, study=found.name))
    groups = [
        g
        for g in load_sort(app.store, person.id).groups
        if label_key(g.label) == label_key(label) or g.key == label
    ]
    if not groups:
        raise UserError(tr("labels.no_pile", name=participant, label=label))
    split_label(
        app.store,
        found.id,
        groups[0].label or label,
        {(person.id, g.key): standard for g in groups},
    )
    plain(app.console, tr("labels.split", name=participant, label=label, standard=standard))


@labels_group.command("export")
@click.argument("study")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@pass_app
def labels_export(app: AppContext, study: str, file: Path, force: bool) -> None:
    """Write the map as CSV (raw, standard, action, participant, group)."""
    found = get_study(app.store, study)
    write_output(file, export_label_map(app.store, found.id), force=force)


@labels_group.command("import")
@click.argument("study")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_lang_opt
@pass_app
def labels_import(app: AppContext, study: str, file: Path, lang: str | None) -> None:
    """Replace the map with a CSV's entries (checked first; a bad file changes nothing)."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(tr("labels.not_utf8", file=file)) from error
    count = import_label_map(app.store, found.id, text, str(file))
    plain(app.console, counted(tr, "labels.imported", count))


# -- exclusions -------------------------------------------------------------------------------


def _participant_id(store: Store, study: Study, name: str, tr: Translator) -> int:
    for person in participants_of(store, study.id):
        if person.name == name or str(person.id) == name:
            return person.id
    raise UserError(tr("labels.no_participant", name=name, study=study.name))


def _rule(rule: str, tr: Translator) -> str:
    from cardsort.analysis import QUALITY_FLAGS

    if rule not in QUALITY_FLAGS:
        raise UserError(tr("exclude.unknown_rule", rule=rule, rules=", ".join(QUALITY_FLAGS)))
    return rule


@click.command("exclude")
@click.argument("study")
@click.argument("participant", required=False)
@click.option("--rule", help="Leave out everybody a quality rule flags (e.g. too_fast).")
@click.option("--reason", default="", help="Why (shown in the report).")
@click.option("--list", "show_list", is_flag=True, help="Show every exclusion, past and present.")
@_lang_opt
@pass_app
def exclude(
    app: AppContext,
    study: str,
    participant: str | None,
    rule: str | None,
    reason: str,
    show_list: bool,
    lang: str | None,
) -> None:
    """Leave PARTICIPANT (or everybody flagged by --rule) out of the analysis; reversible."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    if show_list:
        title = markup_safe(tr("exclude.title", study=found.name))
        table = Table(title=title, title_justify="left")
        for column in ("who", "what", "reason", "since", "undone"):
            table.add_column(tr(f"exclude.col.{column}"))
        for e in exclusion_history(app.store, found.id):
            table.add_row(
                markup_safe(e.participant_name or tr("exclude.rule", rule=e.rule)),
                e.mode,
                markup_safe(e.reason),
                e.created_at,
                e.revoked_at or "",
            )
        app.console.print(table)
        return
    if (participant is None) == (rule is None):
        raise UserError(tr("exclude.one_of"))
    if rule is not None:
        exclude_rule(app.store, found.id, _rule(rule, tr), reason)
        plain(app.console, tr("exclude.rule_out", rule=rule))
    else:
        assert participant is not None
        exclude_participant(
            app.store, found.id, _participant_id(app.store, found, participant, tr), reason
        )
        plain(app.console, tr("exclude.out", name=participant))


@click.command("include")
@click.argument("study")
@click.argument("participant", required=False)
@click.option("--rule", help="Stop leaving out participants flagged by this rule.")
@click.option("--override", is_flag=True, help="Keep PARTICIPANT in even if a rule flags them.")
@click.option("--reason", default="", help="Why (shown in the report).")
@_lang_opt
@pass_app
def include(
    app: AppContext,
    study: str,
    participant: str | None,
    rule: str | None,
    override: bool,
    reason: str,
    lang: str | None,
) -> None:
    """Undo an exclusion: bring PARTICIPANT back, or switch a --rule off."""
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    if (participant is None) == (rule is None):
        raise UserError(tr("exclude.one_of"))
    if rule is not None:
        include_rule(app.store, found.id, _rule(rule, tr), reason)
        plain(app.console, tr("exclude.rule_in", rule=rule))
    else:
        assert participant is not None
        include_participant(
            app.store,
            found.id,
            _participant_id(app.store, found, participant, tr),
            reason,
            override=override,
        )
        plain(app.console, tr("exclude.in", name=participant))


def register(root: click.Group) -> None:
    """Add ``consensus``, ``labels``, ``exclude`` and ``include``."""
    root.add_command(consensus_group)
    root.add_command(labels_group)
    root.add_command(exclude)
    root.add_command(include)
