"""``cardsort plan STUDY``: turn the study's consensus tree into a reviewable migration plan.

The summary is in Dutch or English (``--lang``, else ``CARDSORT_LANG``, else the locale; texts
in :mod:`cardsort.migrate_texts`); names from the share and the cards are printed as text.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from typing import Any

import click

from cardsort.analysis import ConsensusTree
from cardsort.cli._app import AppContext, UserError, pass_app
from cardsort.cli._exit import ExitStatus, exit_with
from cardsort.cli._say import counted, num, plain, rule_label, say
from cardsort.cli.audience import print_plan_audiences, warn_orphaned
from cardsort.i18n import LANGUAGES, Translator, pick_language
from cardsort.planning import DEFAULT_UNSORTED, PlanOptions, build_plan, consensus_from_mapping
from cardsort.privacy.audiences import parse_audience
from drive_adapters.plan import PlanError, encode_path, save_plan
from drive_adapters.rules import RULESETS
from drive_adapters.rules.long_paths import LIFTED
from sessions.cards import cards_of
from sessions.folder_audiences import folder_audiences
from sessions.inventory import get_snapshot, iter_entries, latest_snapshot
from sessions.studies import get_study

__all__ = ["register"]


def _audience_groups(tr: Translator, given: tuple[str, ...]) -> dict[str, list[str]]:
    """``zorg=zorgteam@school.nl`` options as {audience code: [groups]}; a clear error otherwise."""
    out: dict[str, list[str]] = {}
    for text in given:
        audience, sep, group = text.partition("=")
        if not sep or not audience.strip() or not group.strip():
            raise UserError(tr("plan.bad_group", given=text))
        try:
            code = parse_audience(audience)
        except ValueError as error:
            raise UserError(str(error)) from error
        out.setdefault(code, []).append(group.strip())
    return out


def _audience_libraries(tr: Translator, given: tuple[str, ...]) -> dict[str, str]:
    """``zorg=https://school.sharepoint.com/sites/Zorg/Dossiers`` as {audience code: URL}."""
    out: dict[str, str] = {}
    for text in given:
        audience, sep, url = text.partition("=")
        url = url.strip()
        parts = [p for p in url.split("/")[3:] if p] if url.startswith("https://") else []
        if not sep or not audience.strip() or len(parts) < 3 or parts[0] not in ("sites", "teams"):
            raise UserError(tr("audience.bad_library", given=text))
        try:
            code = parse_audience(audience)
        except ValueError as error:
            raise UserError(str(error)) from error
        if code == "team":
            raise UserError(tr("audience.library_for_team"))
        out[code] = url
    return out


def _stored_consensus(app: AppContext, study_id: int) -> ConsensusTree | None:
    """The study's current consensus version, where the analysis store provides one."""
    try:
        module = importlib.import_module("sessions.analysis_store")
    except ImportError:
        return None
    current = getattr(module, "current_tree", None)
    if current is None:
        return None
    version = current(app.store, study_id)
    if version is None:
        return None
    tree: dict[str, Any] = version.tree
    return consensus_from_mapping(tree)


def _read_consensus(tr: Translator, path: Path) -> ConsensusTree:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UserError(tr("plan.bad_consensus", path=path, error=error)) from error
    if isinstance(data, dict) and "tree" in data and "groups" not in data:
        data = data["tree"]  # an export that wraps the tree
    try:
        return consensus_from_mapping(data)
    except PlanError as error:
        raise UserError(str(error)) from error


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "study"


@click.command("plan")
@click.argument("study")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for plan.yaml and items.csv (default: ./plan-STUDY).",
)
@click.option(
    "--consensus",
    "consensus_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A consensus tree as JSON (ConsensusTree.to_dict()); default: the study's "
    "current consensus version.",
)
@click.option(
    "--rules",
    type=click.Choice(sorted(RULESETS)),
    default="portable",
    show_default=True,
    help="Fix names for this target's rules (portable = fits every target).",
)
@click.option(
    "--unsorted-folder",
    default=DEFAULT_UNSORTED,
    show_default=True,
    help="Folder for cards nobody sorted and items no card stands for.",
)
@click.option(
    "--card-folders",
    type=click.Choice(["label", "source"]),
    default="label",
    show_default=True,
    help="label: each card becomes a folder named by its label; source: items keep "
    "their own names.",
)
@click.option(
    "--acknowledge",
    "acknowledged",
    multiple=True,
    metavar="CARD_KEY",
    help="Allow this restricted card in a folder for a wider audience (repeatable).",
)
@click.option(
    "--group",
    "groups",
    multiple=True,
    metavar="AUDIENCE=GROUP",
    help="The school's group (Microsoft 365/Entra or Google group, e-mail or id) that gets an "
    "audience, e.g. zorg=zorgteam@school.nl (repeatable).",
)
@click.option(
    "--library-url",
    metavar="URL",
    default=None,
    help="Web address of the target OneDrive or SharePoint library, e.g. "
    "https://school.sharepoint.com/sites/team/Gedeelde%20documenten: its path counts in the "
    "400-character limit, so long paths are shortened for it.",
)
@click.option(
    "--library",
    "libraries",
    multiple=True,
    metavar="AUDIENCE=URL",
    help="SharePoint: the document library of a narrower audience, whose members are that "
    "audience, e.g. zorg=https://school.sharepoint.com/sites/Zorg/Dossiers; its folders are "
    "created there (repeatable).",
)
@click.option("--force", is_flag=True, help="Replace a plan in --out that was never applied.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the summary (default: CARDSORT_LANG, then the locale, then Dutch).",
)
@pass_app
def plan_command(
    app: AppContext,
    study: str,
    out: Path | None,
    consensus_file: Path | None,
    rules: str,
    unsorted_folder: str,
    card_folders: str,
    acknowledged: tuple[str, ...],
    groups: tuple[str, ...],
    library_url: str | None,
    libraries: tuple[str, ...],
    force: bool,
    lang: str | None,
) -> None:
    """Build a migration plan for STUDY from its consensus tree.

    Every inventory item is accounted for: moved with its card, put in the unsorted folder, or
    excluded and listed (lock/system files, links). Names the target refuses are fixed and
    listed. Nothing changes on the share: review plan.yaml and items.csv, then run
    `cardsort migrate simulate`.
    """
    tr = Translator(pick_language(lang))
    audience_groups = _audience_groups(tr, groups)  # a typing mistake is reported first
    audience_libraries = _audience_libraries(tr, libraries)
    found = get_study(app.store, study)
    cards = cards_of(app.store, study_id=found.id)
    if consensus_file is not None:
        consensus = _read_consensus(tr, consensus_file)
    else:
        stored = _stored_consensus(app, found.id)
        if stored is None:
            raise UserError(tr("plan.no_consensus", study=found.name))
        consensus = stored
    snapshot = (
        get_snapshot(app.store, found.snapshot_id)
        if found.snapshot_id is not None
        else latest_snapshot(app.store)
    )
    out = out or Path(f"plan-{_slug(found.name)}")
    if any(out.glob("journal*.sqlite")):
        raise UserError(tr("plan.applied_there", out=out))
    if (out / "plan.yaml").exists() and not force:
        raise UserError(tr("plan.exists", out=out))
    options = PlanOptions(
        rules=rules,
        unsorted_folder=unsorted_folder,
        card_folders=card_folders,
        acknowledged=frozenset(acknowledged),
        audience_groups=audience_groups,
        audience_libraries=audience_libraries,
        audiences=folder_audiences(app.store, found.id),
        library_url=library_url,
        language=tr.lang,  # names the plan makes up (a lifted branch) are in it
    )
    warn_orphaned(app, tr, consensus, found.id)
    try:
        plan = build_plan(
            consensus,
            cards,
            snapshot,
            iter_entries(app.store, snapshot.id),
            study=found.name,
            options=options,
        )
    except PlanError as error:  # its message may be a Said (restricted cards refused)
        raise UserError(say(tr, error.args[0] if error.args else str(error))) from error
    path = save_plan(plan, out)
    counts = plan.counts()
    console = app.console
    plain(
        console,
        tr(
            "plan.title",
            study=found.name,
            scan=snapshot.id,
            root=snapshot.root,
            rules=plan.rules,
        ),
        style="bold",
    )
    console.print(
        tr(
            "plan.items",
            items=num(tr, counts["items"]),
            files=num(tr, counts["files"]),
            bytes=num(tr, counts["bytes"]),
            excluded=num(tr, counts["excluded"]),
        )
    )
    console.print(
        tr(
            "plan.folders",
            folders=num(tr, counts["folders_created"]),
            units=num(tr, counts["units"]),
            removals=num(tr, counts["removals"]),
        )
    )
    print_plan_audiences(
        app, plan.options.get("audiences"), plan.options.get("audience_groups"),
        plan.options.get("audience_libraries"), tr=tr,
    )  # fmt: skip
    unsorted_cards = [c for c in plan.cards if c.status == "unsorted"]
    if unsorted_cards:
        names = ", ".join(c.label for c in unsorted_cards[:8])
        plain(
            console,
            counted(
                tr,
                "plan.unsorted",
                len(unsorted_cards),
                folder=plan.unsorted_folder,
                cards=names + (" …" if len(unsorted_cards) > 8 else ""),
            ),
        )
    by_code: dict[str, int] = plan.options.get("violation_counts", {})
    fixed = [v for v in plan.violations if v.get("severity") == "fixed"]
    if fixed:
        console.print(tr("plan.fixed", count=num(tr, len(fixed))))
        for v in fixed[:6]:
            plain(console, f"    {v['path']}  →  {v.get('fix')}  ({rule_label(tr, v['code'])})")
        lifted = sum(1 for v in fixed if v.get("code") == LIFTED)
        if lifted:  # listed first above; the reasons are in plan.yaml
            console.print("  " + tr("plan.lifted", count=num(tr, lifted)))
    warnings = sum(1 for v in plan.violations if v.get("severity") == "warning")
    if warnings:
        codes = ", ".join(
            f"{rule_label(tr, code)}: {num(tr, n)}"
            for code, n in sorted(by_code.items())
            if code in ("zero-byte", "long-path", "many-children", "many-items")
        )
        console.print(counted(tr, "plan.warnings", warnings, codes=codes))
    unreadable = plan.unreadable()
    if unreadable:
        plain(console, counted(tr, "plan.unreadable", len(unreadable)), style="yellow")
        for item in unreadable[:10]:
            plain(console, f"    {encode_path(item.source)}")
    if plan.blocking():
        plain(console, counted(tr, "plan.blocking", len(plan.blocking())), style="red")
        for v in plan.blocking()[:10]:
            line = tr(
                "rule.line", path=v["path"], message=v["message"], label=rule_label(tr, v["code"])
            )
            plain(console, f"    {line}")
    plain(console, tr("plan.written", plan=path, items=path.parent / "items.csv"))
    command = f"cardsort migrate simulate {path.parent} --target simulated:{simulated_for(rules)}"
    plain(console, tr("plan.next", command=command))
    if plan.blocking():
        exit_with(ExitStatus.BLOCKED)


def simulated_for(rules: str) -> str:
    """The simulated target a plan fixed for ``rules`` is rehearsed on (portable fits all: the
    strictest, OneDrive)."""
    return {"gdrive": "gdrive", "local": "local", "smb": "smb"}.get(rules, "onedrive")


def register(root: click.Group) -> None:
    """Add ``cardsort plan`` to the root group."""
    root.add_command(plan_command)
