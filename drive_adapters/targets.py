"""Open a target from a spec string: where ``cardsort migrate`` applies a plan.

=====================  ===========================================================================
``local:PATH``         restructure the scanned share itself, in place (Linux file-system rules)
``smb:PATH``           the same for a mounted Windows/SMB share (Windows naming rules)
``local-copy:PATH``    copy the new structure into another folder (e.g. a OneDrive sync folder)
``onedrive:REST``      ``drive_adapters.onedrive:open_target(REST, options)``
``gdrive:REST``        ``drive_adapters.gdrive:open_target(REST, options)``
``simulated:RULES``    an in-memory target with the rules of onedrive, gdrive, local, smb or
                       local-copy; nothing is written anywhere (what ``simulate`` uses)
=====================  ===========================================================================

Cloud targets restructure in place when the plan was made from a scan of that same drive, and
upload from the source otherwise. A copy reads the source it was planned from: the local share,
or, for a plan made from a OneDrive or Google Drive scan, that drive, opened from the scan's own
spec or from ``source=`` (``onedrive:me?base_url=…``), which must name the same drive.
Options follow the spec after ``?`` as ``key=value`` pairs joined by ``&``
(``simulated:onedrive?mode=in-place``). Each target declares the options
it accepts (``OPTIONS`` of its cloud package, :data:`SIMULATED_OPTIONS`) and they are parsed by
:func:`drive_adapters.remote.options.parse_options`; options are never written to the journal,
and :func:`shown_spec` is the spec as it may be printed (secret values hidden).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drive_adapters.base import DriveAdapter, DriveError
from drive_adapters.local import LocalAdapter
from drive_adapters.plan import Mode, Plan, split_source
from drive_adapters.remote.options import (
    Kind,
    Option,
    OptionError,
    parse_options,
    redacted,
)
from drive_adapters.remote.paths import rules_with_prefix
from drive_adapters.rules import RuleSet, get_ruleset
from drive_adapters.simulated import SimulatedAdapter
from sessions.said import Said

__all__ = [
    "CLOUD_MODULES",
    "SIMULATED_OPTIONS",
    "Target",
    "TargetError",
    "declared_options",
    "open_target",
    "parse_spec",
    "shown_spec",
]

#: Cloud targets, opened lazily by module path so a missing SDK only breaks that target.
CLOUD_MODULES: dict[str, str] = {
    "onedrive": "drive_adapters.onedrive:open_target",
    "gdrive": "drive_adapters.gdrive:open_target",
}
_SIMULATED = ("onedrive", "gdrive", "local", "smb", "local-copy")

#: The options of a ``simulated:`` target.
SIMULATED_OPTIONS: tuple[Option, ...] = (
    Option(
        "mode",
        Kind.CHOICE,
        None,
        "Restructure in place or copy (default: in place when the plan was made from a scan of "
        "that platform, and for local and smb).",
        choices=("in-place", "copy"),
    ),
)


class TargetError(Exception):
    """The target spec cannot be used; the message says why.

    Its message is usually a :class:`~sessions.said.Said` (``target.<code>``): its English
    here, Dutch or English at the CLI edge (``cardsort/migrate_texts.py``). Where it passes on
    another error's words (a platform's, an option parser's), those stay as they came.
    """


def _said(code: str, english: str, **params: object) -> Said:
    return Said(f"target.{code}", english, params)


@dataclass
class Target:
    """An opened target, ready for the executor."""

    adapter: DriveAdapter
    mode: Mode
    rules: RuleSet
    label: str  # what the journal records (no options, no secrets)
    source_adapter: DriveAdapter | None  # the live source to compare with the inventory
    simulated: bool = False
    note: str = ""


def parse_spec(spec: str) -> tuple[str, str, dict[str, str]]:
    """``scheme:rest?k=v&k=v`` → ``(scheme, rest, options)``."""
    scheme, sep, rest = spec.partition(":")
    if not sep or not scheme:
        raise TargetError(
            _said(
                "not_a_target",
                "{spec} is not a target. Use local:PATH, smb:PATH, local-copy:PATH, onedrive:…, "
                "gdrive:… or simulated:onedrive|gdrive|local|smb|local-copy.",
                spec=spec,
            )
        )
    options: dict[str, str] = {}
    if scheme in (*CLOUD_MODULES, "simulated") and "?" in rest:
        rest, _, query = rest.partition("?")
        for number, pair in enumerate(query.split("&"), 1):
            key, eq, value = pair.partition("=")
            if not eq or not key:
                # the pair itself is not shown: it may hold a secret typed without its "="
                raise TargetError(
                    _said(
                        "bad_option",
                        "Every option after ? must be name=value (joined by &); option {number} "
                        "of the {scheme} target is not.",
                        number=number,
                        scheme=scheme,
                    )
                )
            options[key] = value
    return scheme, rest, options


def declared_options(scheme: str) -> tuple[Option, ...]:
    """The options a target type accepts (importing the cloud package that declares them)."""
    if scheme == "simulated":
        return SIMULATED_OPTIONS
    if scheme not in CLOUD_MODULES:
        return ()
    module = importlib.import_module(CLOUD_MODULES[scheme].partition(":")[0])
    return tuple(getattr(module, "OPTIONS", ()))


def shown_spec(spec: str) -> str:
    """``spec`` as it may be printed, stored or logged: secret option values become ``***``
    (all values, when the target's declaration cannot be loaded)."""
    scheme, sep, rest = spec.partition(":")
    if not sep or "?" not in rest or scheme not in (*CLOUD_MODULES, "simulated"):
        return spec
    try:
        _scheme, rest, options = parse_spec(spec)
    except TargetError:
        return f"{scheme}:{rest.partition('?')[0]}"
    try:
        declared = declared_options(scheme)
    except ImportError:
        declared = ()
    shown = redacted(declared, options)
    return f"{scheme}:{rest}?" + "&".join(f"{key}={value}" for key, value in shown.items())


def _same_folder(a: bytes, b: bytes) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _local_source(plan: Plan, *, required: bool) -> LocalAdapter | None:
    if plan.snapshot.source != "local":
        if required:
            raise TargetError(
                _said(
                    "source_elsewhere",
                    "Copying needs the source share on this machine; this plan was made from a "
                    "{kind} scan.",
                    kind=plan.snapshot.source,
                )
            )
        return None
    try:
        return LocalAdapter(plan.snapshot.root_bytes)
    except DriveError as error:
        if required:
            raise TargetError(
                _said(
                    "source_unreadable",
                    "The source share {root} cannot be read: {error}",
                    root=plan.snapshot.root,
                    error=error,
                )
            ) from error
        return None


def _open_cloud(scheme: str, rest: str, options: Mapping[str, str]) -> DriveAdapter:
    module_name, _, func_name = CLOUD_MODULES[scheme].partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        raise TargetError(
            _said(
                "not_installed",
                "The {scheme} target is not available in this installation ({error}). Try "
                "`--target simulated:{scheme}` to check the plan against its rules.",
                scheme=scheme,
                error=error,
            )
        ) from error
    opener = getattr(module, func_name, None)
    if opener is None:
        raise TargetError(
            _said(
                "unfinished",
                "{module} has no {func}(); the {scheme} target is not finished in this version.",
                module=module_name,
                func=func_name,
                scheme=scheme,
            )
        )
    try:
        adapter: DriveAdapter = opener(rest, options)
    except DriveError as error:
        raise TargetError(
            _said(
                "cannot_open",
                "Cannot open {spec}: {error}",
                spec=f"{scheme}:{rest}",
                error=error,
            )
        ) from error
    return adapter


def _copy_source(plan: Plan, spec: str | None) -> DriveAdapter:
    """The live source a copy reads: the local share, or the cloud drive the plan was scanned
    from (opened from ``spec``, which must name that same drive)."""
    kind = plan.snapshot.source
    if kind == "local":
        if spec is not None:
            raise TargetError(
                _said(
                    "source_not_cloud",
                    "--source is for plans made from a OneDrive or Google Drive scan; this plan "
                    "was made from the local share {root}.",
                    root=plan.snapshot.root,
                )
            )
        found = _local_source(plan, required=True)
        assert found is not None
        return found
    if kind not in CLOUD_MODULES:
        raise TargetError(
            _said(
                "source_kind",
                "This plan was made from a {kind} scan, which cannot be copied from.",
                kind=kind,
            )
        )
    scheme, rest, options = parse_spec(spec or plan.snapshot.root)
    if scheme != kind:
        raise TargetError(
            _said(
                "source_other_kind",
                "This plan was made from a {kind} scan ({root}); --source must name that drive, "
                "not a {scheme} one.",
                kind=kind,
                root=plan.snapshot.root,
                scheme=scheme,
            )
        )
    adapter = _open_cloud(scheme, rest, options)
    drive_id = getattr(adapter, "drive_id", None)
    identity = drive_id if kind == "onedrive" else f"gdrive:{getattr(adapter, 'spec', '')}"
    if plan.snapshot.source_ref and identity != plan.snapshot.source_ref:
        adapter.close()
        raise TargetError(
            _said(
                "source_other_drive",
                "{spec} is not the drive this plan was scanned from ({root}); name that drive "
                "with --source.",
                spec=f"{scheme}:{rest}",
                root=plan.snapshot.root,
            )
        )
    return adapter


def _simulated(plan: Plan, name: str, options: Mapping[str, str]) -> Target:
    if name not in _SIMULATED:
        raise TargetError(
            _said(
                "unknown_simulated",
                "simulated:{name} is unknown; use one of: {known}.",
                name=name,
                known=", ".join(_SIMULATED),
            )
        )
    rules = get_ruleset("local" if name == "local-copy" else name)
    try:
        chosen = parse_options("simulated", SIMULATED_OPTIONS, options).text("mode")
    except OptionError as error:
        raise TargetError(str(error)) from None
    if chosen is not None:
        mode = Mode(chosen)
    elif name in ("local", "smb"):
        mode = Mode.IN_PLACE
    elif name == "local-copy":
        mode = Mode.COPY
    else:
        mode = Mode.IN_PLACE if plan.snapshot.source == name else Mode.COPY
    sizes = {
        os.fsdecode(os.path.join(plan.snapshot.root_bytes, i.source)): i.size
        for i in plan.items
        if i.kind == "file"
    }
    # Standing in for a cloud, it keeps who can open what, so simulate shows the access steps.
    adapter = SimulatedAdapter(
        rules, size_of=lambda p: sizes.get(str(p), 0), access=name in CLOUD_MODULES
    )
    if mode is Mode.IN_PLACE:
        for item in plan.items:
            if item.kind != "error":
                adapter.add_existing(
                    split_source(item.source),
                    is_folder=item.kind == "dir",
                    size=item.size,
                    mtime=item.mtime,
                )
    source = _local_source(plan, required=False)
    note = (
        ""
        if source is not None
        else (
            f"the source {plan.snapshot.root} is not reachable here, so it was not compared with "
            "the scan"
        )
    )
    return Target(adapter, mode, rules, f"simulated:{name}", source, simulated=True, note=note)


def _with_libraries(
    adapter: DriveAdapter, plan: Plan, libraries: Mapping[str, str],
    options: Mapping[str, str], in_place: bool,
) -> DriveAdapter:  # fmt: skip
    """The OneDrive adapter plus a library per narrower audience, where the plan names them
    (drive_adapters/onedrive/libraries.py); a clear refusal when that cannot work."""
    from drive_adapters.onedrive.libraries import AudienceLibraries, routed_folders

    routes = routed_folders(plan.options.get("audiences") or {}, libraries)
    if not routes:
        return adapter
    if in_place:
        adapter.close()
        raise TargetError(
            "This plan restructures the library in place and puts "
            + ", ".join("/".join(p) for p in sorted(routes))
            + " in a library of its own; Graph moves items only within one library. Plan "
            "without --library (and keep the audience's folder in a library the audience "
            "owns), or upload from the school's share."
        )
    opened: dict[str, Any] = {}
    try:
        for url in sorted(set(routes.values())):
            opened[url] = _open_cloud("onedrive", f"site:{url}", options)
    except TargetError:
        for lib in opened.values():
            lib.close()
        adapter.close()
        raise
    return AudienceLibraries(adapter, {path: opened[url] for path, url in routes.items()})  # type: ignore[arg-type]


def open_target(spec: str, plan: Plan, *, source: str | None = None) -> Target:
    """Open the target a spec names, for this plan. :class:`TargetError` when it cannot.

    ``source``: for a copy of a plan made from a cloud scan, the spec to open that drive with
    (default: the scan's own, ``onedrive:me``); its options (``?base_url=…``) are not stored.
    """
    scheme, rest, options = parse_spec(spec)
    if scheme == "simulated":
        return _simulated(plan, rest, options)
    if scheme in ("local", "smb"):
        if not rest:
            raise TargetError(
                _said(
                    "needs_path",
                    "{scheme}: needs the path of the share, e.g. {scheme}:/srv/share.",
                    scheme=scheme,
                )
            )
        root = os.fsencode(os.path.abspath(os.path.expanduser(rest)))
        if plan.snapshot.source != "local" or not _same_folder(root, plan.snapshot.root_bytes):
            raise TargetError(
                _said(
                    "in_place_elsewhere",
                    "In place means the share the plan was made from ({root}); {folder} is "
                    "another folder. Use local-copy:{folder} to copy into it instead.",
                    root=plan.snapshot.root,
                    folder=rest,
                )
            )
        try:
            adapter = LocalAdapter(root)
        except DriveError as error:
            raise TargetError(str(error)) from error
        return Target(
            adapter, Mode.IN_PLACE, get_ruleset(scheme), f"{scheme}:{os.fsdecode(root)}", adapter
        )
    if scheme == "local-copy":
        if not rest:
            raise TargetError(
                _said(
                    "copy_needs_folder", "local-copy: needs a folder, e.g. local-copy:/srv/nieuw."
                )
            )
        root_path = Path(os.path.abspath(os.path.expanduser(rest)))
        live = _copy_source(plan, source)
        if plan.snapshot.source == "local" and _same_folder(
            os.fsencode(root_path), plan.snapshot.root_bytes
        ):
            raise TargetError(
                _said(
                    "copy_onto_share",
                    "local-copy needs a folder other than the share itself; use local:{folder} "
                    "to restructure in place.",
                    folder=rest,
                )
            )
        try:
            root_path.mkdir(parents=False, exist_ok=True)
            adapter = LocalAdapter(root_path)
        except (OSError, DriveError) as error:
            raise TargetError(
                _said(
                    "copy_unusable",
                    "Cannot use {folder} as the copy target: {error}",
                    folder=root_path,
                    error=error,
                )
            ) from error
        return Target(adapter, Mode.COPY, get_ruleset("local"), f"local-copy:{root_path}", live)
    if scheme in CLOUD_MODULES:
        cloud = _open_cloud(scheme, rest, options)
        in_place = plan.snapshot.source == scheme
        libraries = plan.options.get("audience_libraries") or {}
        if scheme == "onedrive" and libraries:
            cloud = _with_libraries(cloud, plan, libraries, options, in_place)
        live = cloud if in_place else _copy_source(plan, source)
        # The platform measures paths with its library prefix, and an in-place run's paths pass
        # through the staging folder (drive_adapters/remote/paths.py).
        rules = rules_with_prefix(
            get_ruleset(scheme), cloud.path_prefix_chars, plan.staging if in_place else None
        )
        return Target(
            cloud, Mode.IN_PLACE if in_place else Mode.COPY, rules, f"{scheme}:{rest}", live
        )
    raise TargetError(
        _said(
            "unknown_type",
            "Unknown target type ‘{scheme}’: use local, smb, local-copy, onedrive, gdrive or "
            "simulated.",
            scheme=scheme,
        )
    )
