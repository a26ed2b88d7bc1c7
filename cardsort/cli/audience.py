"""``cardsort consensus audience``: who may open each folder of the new structure.

Without a folder it lists every folder with its audience (set by the coordinator, or inferred
from its cards, see :mod:`cardsort.privacy.placement`) and the restricted cards in it. With a
folder and an audience it sets one; ``--clear`` forgets it. ``cardsort plan`` uses them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import click
from rich.markup import escape
from rich.table import Table

from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._say import plain, say
from cardsort.i18n import Translator, pick_language
from cardsort.privacy.audiences import audience_label_key, parse_audience
from cardsort.privacy.placement import Placed, effective_audiences, refusals
from sessions.analysis_store import current_tree
from sessions.cards import cards_of
from sessions.folder_audiences import (
    clear_folder_audience,
    folder_audiences,
    set_folder_audience,
)
from sessions.models import Card
from sessions.studies import get_study

if TYPE_CHECKING:  # the analysis package pulls in scikit-learn: import it only when used
    from cardsort.analysis import ConsensusNode, ConsensusTree
    from drive_adapters.executor import Executor

__all__ = [
    "audience_text",
    "orphaned_audiences",
    "placed_cards",
    "print_access_plan",
    "print_plan_audiences",
    "register",
    "warn_orphaned",
]


def audience_text(tr: Translator, audience: str) -> str:
    """An audience in words."""
    key, name = audience_label_key(audience)
    return tr(key, name=name) if key == "audience.named" else tr(key)


def _walk(
    nodes: Sequence[ConsensusNode], prefix: tuple[str, ...]
) -> Iterable[tuple[tuple[str, ...], ConsensusNode]]:
    for node in nodes:
        path = (*prefix, node.label.strip() or "Naamloos")
        yield path, node
        yield from _walk(node.children, path)


def placed_cards(tree: ConsensusTree, cards: Sequence[Card]) -> list[Placed]:
    """Every card of the tree in its consensus folder (the plan's view, without the items)."""
    by_key = {c.key: c for c in cards}
    out = []
    for path, node in _walk(tree.groups, ()):
        for key in node.direct_card_keys:
            card = by_key.get(key)
            if card is not None:
                out.append(Placed(key, card.label, card.restricted, card.audience, path))
    return out


@click.command("audience")
@click.argument("study")
@click.argument("folder", required=False)
@click.argument("audience", required=False)
@click.option("--clear", is_flag=True, help="Forget the audience set for FOLDER.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language.")
@pass_app
def audience_command(
    app: AppContext,
    study: str,
    folder: str | None,
    audience: str | None,
    clear: bool,
    lang: str | None,
) -> None:
    """Show or set who may open FOLDER of STUDY's structure.

    AUDIENCE: team (hele team, the default), care (zorg), staff (personeel), management
    (directie), or a name of your own ('bouw onderbouw'). A restricted card may only land in
    a folder for its own audience; `cardsort plan` refuses anything else.
    """
    tr = Translator(pick_language(lang))
    found = get_study(app.store, study)
    if folder is not None:
        folder = _canonical(app, found.id, folder, tr)
        if clear:
            gone = clear_folder_audience(app.store, found.id, folder)
            plain(
                app.console, tr("audience.cleared" if gone else "audience.none_set", folder=folder)
            )
            return
        if audience is None:
            raise UserError(
                "Give the audience too, e.g. `cardsort consensus audience STUDY Zorg care`, "
                "or --clear."
            )
        try:
            code = parse_audience(audience)
        except ValueError as error:
            raise UserError(str(error)) from error
        set_folder_audience(app.store, found.id, folder, code)
        plain(app.console, tr("audience.set", folder=folder, audience=audience_text(tr, code)))
    _show(app, tr, found.id, found.name)


def orphaned_audiences(tree: ConsensusTree, explicit: dict[str, str]) -> list[str]:
    """Folders with an audience that the structure no longer has (renamed or merged since)."""
    present = {"/".join(path) for path, _node in _walk(tree.groups, ())}
    return sorted(folder for folder in explicit if folder not in present)


def warn_orphaned(app: AppContext, tr: Translator, tree: ConsensusTree, study_id: int) -> None:
    """Say which audiences no longer apply: a renamed folder must get its audience again."""
    explicit = folder_audiences(app.store, study_id)
    for folder in orphaned_audiences(tree, explicit):
        app.console.print(
            "⚠ "
            + tr("audience.orphaned", folder=folder, audience=audience_text(tr, explicit[folder])),
            markup=False,
        )


def _canonical(app: AppContext, study_id: int, folder: str, tr: Translator) -> str:
    """The folder's path in the current consensus (by number, or name in any case)."""
    version = current_tree(app.store, study_id)
    if version is None:
        return folder.strip().strip("/")
    from cardsort.analysis import ConsensusTree
    from cardsort.cli.consensus import find_folder

    tree = ConsensusTree.from_dict(version.tree)
    path = find_folder(tree, folder, tr)
    top = tree.groups[path[0]].label.strip()
    return (
        top if len(path) == 1 else f"{top}/{tree.groups[path[0]].children[path[1]].label.strip()}"
    )


def _show(app: AppContext, tr: Translator, study_id: int, study: str) -> None:
    version = current_tree(app.store, study_id)
    explicit = folder_audiences(app.store, study_id)
    if version is None:
        for name, code in explicit.items():
            app.console.print(f"{name}: {audience_text(tr, code)}", markup=False)
        return
    from cardsort.analysis import ConsensusTree

    tree = ConsensusTree.from_dict(version.tree)
    placed = placed_cards(tree, cards_of(app.store, study_id=study_id))
    audiences = effective_audiences(placed, explicit)
    table = Table(title=tr("audience.title", study=study), title_justify="left")
    table.add_column(tr("audience.col.folder"))
    table.add_column(tr("audience.col.audience"))
    table.add_column(tr("audience.col.restricted"), overflow="fold")
    for path, _node in _walk(tree.groups, ()):
        name = "/".join(path)
        code = audiences.get(path, "team")
        how = tr("audience.how.set" if name in explicit else "audience.how.inferred")
        restricted = [
            f"{c.key} {c.label} ({audience_text(tr, c.needs)})"
            for c in placed
            if c.folder == path and c.restricted
        ]
        table.add_row(
            escape("  " * (len(path) - 1) + path[-1]),
            escape(f"{audience_text(tr, code)} ({how})"),
            escape(", ".join(restricted)),
        )
    app.console.print(table)
    problems = refusals(placed, explicit, study=study)
    for line in problems:
        app.console.print(f"⚠ {say(tr, line)}", markup=False)
    warn_orphaned(app, tr, tree, study_id)


def print_access_plan(
    app: AppContext, executor: Executor, *, check: bool, tr: Translator | None = None
) -> int:
    """Before simulate or apply: the folders apply limits to their audience, or that this
    target cannot (then nothing is limited there). ``check``: also list what would stop apply
    (simulate; apply's own preflight does it there); returns how many problems block."""
    from drive_adapters.plan import OpKind, access_folders

    limits = access_folders(executor.plan)
    if not limits:
        return 0

    tr = tr or Translator(pick_language())
    folders = ", ".join(f"{'/'.join(f)} ({audience_text(tr, a)})" for f, a in limits)
    if not executor.adapter.supports_access:
        app.console.print(tr("access.not_applied", folders=folders), markup=False)
        return 0
    steps = sum(1 for op in executor.ops if op.kind is OpKind.ACCESS)
    app.console.print(tr("access.steps", count=steps, folders=folders), markup=False)
    problems = executor.access_problems() if check else []
    if problems:
        app.console.print(tr("access.blocked", count=len(problems)), style="red")
        for line in problems:
            app.console.print(f"    - {say(tr, line)}", markup=False)
    return len(problems)


def print_plan_audiences(
    app: AppContext,
    audiences: dict[str, str] | None,
    groups: dict[str, list[str]] | None = None,
    libraries: dict[str, str] | None = None,
    *,
    tr: Translator | None = None,
) -> None:
    """The audience of each top-level folder of a plan, its groups where the plan names them,
    and the SharePoint library its folders go to where it has one (for ``plan`` and
    ``simulate``, in their ``--lang``)."""
    if not audiences:
        return
    groups = groups or {}
    libraries = libraries or {}
    tr = tr or Translator(pick_language())
    top = {f: a for f, a in audiences.items() if "/" not in f}
    narrower = {f: a for f, a in audiences.items() if "/" in f and a != top.get(f.split("/")[0])}
    app.console.print(tr("audience.plan_heading"))
    for folder, code in sorted({**top, **narrower}.items()):
        mark = "🔒 " if code != "team" else "   "
        who = ", ".join(groups.get(code, []))
        app.console.print(
            f"    {mark}{folder}: {audience_text(tr, code)}" + (f" → {who}" if who else ""),
            markup=False,
        )
        if code in libraries:
            app.console.print(
                "        " + tr("audience.library", library=libraries[code]), markup=False
            )


def register(root: click.Group) -> None:
    """Add ``audience`` to ``cardsort consensus``."""
    group = root.commands.get("consensus")
    if isinstance(group, click.Group):
        group.add_command(audience_command)
