"""``cardsort analyse STUDY``: from the team's sorts to a consensus folder tree.

Prints the proposed tree (names, agreement and stability per folder), the flagged and excluded
participants and whether the team sorted enough; stores the tree as a new consensus version
(never replacing a tree somebody edited unless asked with ``--make-current``); optionally
writes the full result as JSON and a self-contained HTML report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import num, plain
from cardsort.cli.exporting import check_output, write_output
from cardsort.i18n import Translator
from sessions.analysis_store import current_tree, store_analysis_tree, tree_history
from sessions.studies import get_study

__all__ = ["percent", "print_tree", "register", "tree_renderable"]


def percent(value: float | None) -> str:
    """0.734 → '73 %'; unknown → '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.0f} %"


def _stability_style(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "dim"
    return "green" if value >= 0.75 else "yellow" if value >= 0.5 else "red"


def tree_renderable(
    tree: Mapping[str, Any],
    title: str,
    card_labels: Mapping[str, str] | None = None,
    weak: set[str] | frozenset[str] = frozenset(),
) -> Tree:
    """A rich Tree of a consensus tree dict (``ConsensusTree.to_dict()``).

    Cards in ``weak`` fit their folder poorly (kept there because the number of folders was
    forced) and are marked so.
    """
    labels = dict(card_labels or {})
    root = Tree(f"[bold]{title}[/]")

    def add(branch: Tree, node: Mapping[str, Any], number: str) -> None:
        keys = list(node.get("card_keys", []))
        names = list(node.get("cards", keys))
        labels.update(zip(keys, names, strict=False))
        stability = node.get("stability")
        head = (
            f"[bold]{number} {_escape(str(node['label']))}[/]  "
            f"agreement {percent(node.get('agreement'))}  "
            f"[{_stability_style(stability)}]stability {percent(stability)}[/]"
        )
        alternatives = node.get("alternatives") or []
        if alternatives:
            head += f"  [dim](also: {_escape(', '.join(alternatives[:3]))})[/]"
        child = branch.add(head)
        nested = {k for c in node.get("children", []) for k in c.get("card_keys", [])}
        for n, sub in enumerate(node.get("children", []), start=1):
            add(child, sub, f"{number}{n}.")
        for key, name in zip(keys, names, strict=False):
            if key not in nested:
                mark = " [yellow](fits poorly)[/]" if key in weak else ""
                child.add(f"{_escape(name)} [dim]{_escape(key)}[/]{mark}")

    for n, node in enumerate(tree.get("groups", []), start=1):
        add(root, node, f"{n}.")
    unassigned = list(tree.get("unassigned", []))
    if unassigned:
        apart = root.add("[bold]Not placed with confidence[/] (decide by hand)")
        for key in unassigned:
            apart.add(f"{_escape(labels.get(key, key))} [dim]{_escape(key)}[/]")
    return root


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def print_tree(
    console: Console,
    tree: Mapping[str, Any],
    title: str,
    card_labels: Mapping[str, str],
    weak: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Print a consensus tree (cards in ``weak`` marked as fitting poorly)."""
    console.print(tree_renderable(tree, title, card_labels, weak))


def _participants_table(participants: Sequence[Mapping[str, Any]], lang: str) -> Table | None:
    from cardsort.analysis_texts import flags_text, inclusion_text

    flagged = [p for p in participants if p["flags"] or p["excluded"]]
    if not flagged:
        return None
    title = "Opvallende deelnemers" if lang == "nl" else "Flagged participants"
    table = Table(title=title, title_justify="left")
    columns = (
        ("deelnemer", "opvallend", "meegeteld", "gesorteerd", "s/kaart")
        if lang == "nl"
        else ("participant", "flags", "in analysis", "placed", "s/card")
    )
    for column in columns:
        table.add_column(column)
    for p in flagged:
        spc = p.get("seconds_per_card")
        table.add_row(
            _escape(p["name"]),
            flags_text(p["flags"], lang),
            inclusion_text(p["excluded"], p["reasons"], lang),
            f"{p['placed']}/{p['shown']}",
            "–" if spc is None else f"{spc:.1f}",
        )
    return table


@click.command("analyse")
@click.argument("study")
@click.option("--groups", "n_groups", type=click.IntRange(1), help="Force K top-level folders.")
@click.option(
    "--linkage",
    type=click.Choice(["average", "complete", "ward"]),
    default="average",
    show_default=True,
    help="Hierarchical clustering method (average = UPGMA).",
)
@click.option(
    "--resamples",
    type=click.IntRange(0),
    default=200,
    show_default=True,
    help="Bootstrap resamples over participants for stability (0 = skip).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option(
    "--curve",
    is_flag=True,
    help="Always compute the sample-size curve (by default only when the verdict needs it).",
)
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--html", "html_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace existing --json/--html files.")
@click.option(
    "--make-current",
    is_flag=True,
    help="Use this analysis as the current consensus even if an edited version is current.",
)
@click.option(
    "--include-unfinished",
    is_flag=True,
    help="Count sorts whose participant has not finished yet (left out by default).",
)
@click.option("--finished-only", is_flag=True, hidden=True, help="The default now; ignored.")
@click.option(
    "--lang",
    type=click.Choice(["nl", "en"]),
    help="Language of the summary and the report (default: English here, the study's language "
    "in the report).",
)
@pass_app
def analyse_command(
    app: AppContext,
    study: str,
    n_groups: int | None,
    linkage: str,
    resamples: int,
    seed: int,
    curve: bool,
    json_file: Path | None,
    html_file: Path | None,
    force: bool,
    make_current: bool,
    include_unfinished: bool,
    finished_only: bool,
    lang: str | None,
) -> None:
    """Analyse STUDY's finished sorts and propose a consensus folder tree."""
    from cardsort.analysis import analyse
    from cardsort.studydata import load_study_data

    found = get_study(app.store, study)
    report_lang = lang or found.settings.lang  # the report is for the school: its language
    lang = lang or "en"  # the terminal speaks the coordinator's CLI language
    tr = Translator(lang)
    for target in (json_file, html_file):
        check_output(target, force=force)
    loaded = load_study_data(app.store, found, finished_only=not include_unfinished)
    if loaded.data.n_participants == 0:
        if loaded.unfinished:
            raise UserError(
                tr("run.unfinished", study=found.name, count=num(tr, len(loaded.unfinished)))
            )
        raise UserError(tr("run.no_sorts", study=found.name))
    try:
        options = loaded.options(
            method=linkage,
            n_groups=n_groups,
            n_resamples=resamples,
            random_state=seed,
            curve_always=curve,
        )
        result = analyse(loaded.data, options=options)
    except ValueError as error:
        raise UserError(tr("labels.cannot_run", error=error)) from error
    document = result.to_dict()
    parameters = {**result.options.to_dict(), "participants": result.sample_size}
    before = current_tree(app.store, found.id)
    stored_before = {v.version for v in tree_history(app.store, found.id)}
    version, became_current = store_analysis_tree(
        app.store, found.id, result.consensus.to_dict(), parameters, make_current=make_current
    )
    document["study"] = {"name": found.name, "kind": found.kind.value}
    document["consensus_version"] = {"version": version.version, "current": became_current}

    labels = dict(zip(result.card_keys, result.card_labels, strict=True))
    console = app.console
    verdict = document["sample_size"]["verdict"]
    excluded = document["sample_size"]["excluded"]
    shown = len(document["consensus"])
    console.print(
        f"[bold]{_escape(found.name)}[/]: {result.sample_size} sorts analysed"
        + (f", {excluded} left out" if excluded else "")
        + f"; {len(result.card_keys)} cards; {shown} top-level folders"
        + (" (automatic)" if document["groups"]["automatic"] else " (--groups)")
        + (f", {len(document['unassigned'])} cards set apart" if document["unassigned"] else "")
        + f"; {linkage} linkage, cophenetic r = "
        + f"{_number(document['dendrogram']['cophenetic_correlation'])}."
    )
    print_tree(
        console,
        document_tree(document),
        tr("edit.title", version=version.version),
        labels,
        weak=set(document.get("low_fit", [])),
    )
    if loaded.skipped:
        plain(console, tr("run.skipped", names=", ".join(loaded.skipped)))
    if loaded.unfinished:
        plain(console, tr("run.not_counted", names=", ".join(loaded.unfinished)))
    table = _participants_table(document["participants"], lang)
    if table is not None:
        console.print(table)
    camps = _camps_line(document.get("participant_clusters"), lang)
    if camps:
        console.print(camps, markup=False)
    from cardsort.analysis_texts import story_lines

    verdict_line, *notes = story_lines(verdict["text"], document.get("warnings", []), lang)
    console.print(f"[bold]Sample size:[/] {_escape(verdict_line)}")
    for note in notes:
        console.print(f"[yellow]Note:[/] {_escape(note)}")
    number, name = version.version, found.name
    if before is not None and before.version == number:
        plain(console, tr("run.unchanged_current", version=number))
    elif number in stored_before and not became_current:
        plain(console, tr("run.unchanged_edited", version=number, study=name))
    elif became_current:
        plain(console, tr("run.stored_current", version=number))
    else:
        plain(console, tr("run.stored_edited", version=number, study=name))
    if json_file is not None:
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        write_output(json_file, text, force=force)
        plain(console, tr("run.wrote", file=json_file))
    if html_file is not None:
        from cardsort.report_html import render_report

        write_output(html_file, render_report(result, found.name, lang=report_lang), force=force)
        plain(console, tr("run.wrote", file=html_file))


def _camps_line(clusters: Mapping[str, Any] | None, lang: str) -> str:
    """Camps of teachers who sorted alike, each with its most typical member, in one line."""
    if not clusters or clusters.get("k", 0) < 2:
        return ""
    nl = lang == "nl"
    parts = [
        (
            f"{len(c['members'])} collega's (voorbeeld: {c['medoid']})"
            if nl
            else f"{len(c['members'])} teachers (example: {c['medoid']})"
        )
        for c in clusters["clusters"]
    ]
    line = ("Manieren van denken: " if nl else "Ways of thinking: ") + "; ".join(parts) + "."
    if clusters.get("dissenters"):
        line += (" Sorteerden anders dan iedereen: " if nl else " Sorted unlike anyone: ") + (
            ", ".join(clusters["dissenters"]) + "."
        )
    return line


def document_tree(document: Mapping[str, Any]) -> dict[str, Any]:
    """The consensus tree dict inside an analysis document."""
    return {
        "groups": document["consensus"],
        "unassigned": [u["card_key"] for u in document.get("unassigned", [])],
    }


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def register(root: click.Group) -> None:
    """Add ``analyse`` to the root group."""
    root.add_command(analyse_command)
