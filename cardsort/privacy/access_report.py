"""The "who can open what" report a school leader signs before a migration is applied.

Per top-level folder of the new structure: who may open it after the migration (its audience,
and the platform groups that audience maps to where the plan names them), and, for a local
source, what the file system says today about each folder that goes into it (owner, group,
mode, POSIX ACL entries). A folder whose content is readable by fewer people today than by
its audience after is flagged as *wider after*: the leader decides knowingly.

:func:`access_rows` is pure (permissions come in through a function); :func:`to_csv` and
:func:`to_html` render the rows in Dutch or English. The HTML is one self-contained page.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from cardsort.i18n import Translator
from cardsort.privacy.audiences import TEAM, audience_label_key
from cardsort.privacy.fs_access import FsAccess, Readers
from drive_adapters.plan import Plan

__all__ = ["AccessRow", "SourceAccess", "access_rows", "to_csv", "to_html"]


@dataclass(frozen=True, slots=True)
class SourceAccess:
    """One source folder or file that moves into a top-level folder, and its access today."""

    path: str
    access: FsAccess | None  # None: not a local source, or gone since the scan


@dataclass(slots=True)
class AccessRow:
    """One top-level folder of the new structure."""

    folder: str
    audience: str
    groups: tuple[str, ...]
    narrower: dict[str, str] = field(default_factory=dict)  # subfolder -> its own audience
    sources: list[SourceAccess] = field(default_factory=list)

    @property
    def wider_after(self) -> bool:
        """Whether anything in it is readable by fewer people today than after the move."""
        if self.audience != TEAM:
            return False
        return any(
            s.access is not None and s.access.readers is not Readers.EVERYONE for s in self.sources
        )


def access_rows(
    plan: Plan,
    read: Callable[[bytes], FsAccess | None] | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
) -> list[AccessRow]:
    """The report's rows, one per top-level folder of the plan, in name order.

    ``read`` gives the file system's answer for a source path (``None``: no local source);
    ``groups`` maps an audience to the platform groups that get it (default: the plan's
    ``options.audience_groups`` where present).
    """
    audiences: Mapping[str, str] = plan.options.get("audiences") or {}
    mapped: Mapping[str, Sequence[str]] = (
        groups if groups is not None else plan.options.get("audience_groups") or {}
    )
    rows: dict[str, AccessRow] = {}
    for card in plan.cards:
        if not card.folder:
            continue
        top = card.folder[0]
        audience = audiences.get(top, TEAM)
        row = rows.get(top)
        if row is None:
            row = AccessRow(top, audience, tuple(mapped.get(audience, ())))
            rows[top] = row
        for source in card.sources:
            shown = source.decode("utf-8", "replace")
            row.sources.append(SourceAccess(shown, read(source) if read else None))
    for folder, audience in audiences.items():
        top, _, rest = folder.partition("/")
        if rest and top in rows and audience != rows[top].audience:
            rows[top].narrower[rest] = audience
    for row in rows.values():
        row.sources.sort(key=lambda s: s.path)
    return [rows[k] for k in sorted(rows)]


def _audience(tr: Translator, code: str) -> str:
    key, name = audience_label_key(code)
    return tr(key, name=name) if key == "audience.named" else tr(key)


def _today(tr: Translator, access: FsAccess | None) -> str:
    if access is None:
        return tr("access.unknown")
    text = tr(f"access.readers.{access.readers.value}", group=access.group, owner=access.owner)
    return text


def to_csv(rows: Sequence[AccessRow], tr: Translator) -> str:
    """One line per source: folder, audience after, groups, source, owner, group, mode, ACL."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([tr(f"access.csv.{c}") for c in _CSV_COLUMNS])
    for row in rows:
        after = _audience(tr, row.audience)
        groups = " ".join(row.groups)
        sources = row.sources or [SourceAccess("", None)]
        for source in sources:
            a = source.access
            writer.writerow(
                [
                    row.folder,
                    after,
                    groups,
                    source.path,
                    a.owner if a else "",
                    a.group if a else "",
                    a.mode if a else "",
                    " ".join(a.acl) if a else "",
                    _today(tr, a),
                    tr("access.yes")
                    if row.wider_after and a and a.readers is not Readers.EVERYONE
                    else "",
                ]
            )
    return out.getvalue()


_CSV_COLUMNS = (
    "folder",
    "audience",
    "groups",
    "source",
    "owner",
    "group",
    "mode",
    "acl",
    "today",
    "wider",
)

# A padlock drawn inline: a school laptop's browser may have no emoji font.
_LOCK = (
    '<svg class="padlock" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">'
    '<rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor"/>'
    '<path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" stroke-width="1.8"/>'
    "</svg> "
)

_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d232b; max-width: 72rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
p.lead { color: #4a5563; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem;
         border-bottom: 1px solid #d5dae1; }
th { background: #eef1f5; font-weight: 600; }
td.after { white-space: nowrap; }
.lock { color: #8a1c1c; font-weight: 600; }
.padlock { vertical-align: -1px; }
.team { color: #1c5d2e; }
.wider { background: #fff4d6; }
.flag { color: #8a5a00; font-weight: 600; }
code { font-size: .9em; }
ul { margin: 0; padding-left: 1.1rem; }
.sign { margin-top: 2.5rem; display: flex; gap: 4rem; }
.sign div { border-top: 1px solid #1d232b; padding-top: .3rem; min-width: 16rem; }
"""


def to_html(rows: Sequence[AccessRow], tr: Translator, *, study: str, source: str) -> str:
    """A self-contained page: one table row per top-level folder, before and after."""
    e = html.escape
    body = []
    for row in rows:
        after = _audience(tr, row.audience)
        css = "team" if row.audience == TEAM else "lock"
        mark = "" if row.audience == TEAM else _LOCK
        groups = ", ".join(row.groups) or tr("access.groups_unmapped")
        narrower = "".join(
            f"<li>{e(sub)}: {_LOCK}{e(_audience(tr, code))}</li>"
            for sub, code in row.narrower.items()
        )
        today = "".join(
            "<li><code>{}</code> — {}{}</li>".format(
                e(s.path),
                e(_today(tr, s.access)),
                ""
                if s.access is None
                else " <small>({} {}:{}{})</small>".format(
                    e(s.access.mode),
                    e(s.access.owner),
                    e(s.access.group),
                    (", ACL " + e(" ".join(s.access.acl))) if s.access.acl else "",
                ),
            )
            for s in row.sources
        )
        flag = f'<div class="flag">⚠ {e(tr("access.wider_after"))}</div>' if row.wider_after else ""
        body.append(
            f'<tr class="{"wider" if row.wider_after else ""}">'
            f"<td><strong>{e(row.folder)}</strong>"
            + (f"<ul>{narrower}</ul>" if narrower else "")
            + f'</td><td class="after"><span class="{css}">{mark}{e(after)}</span>'
            f"<br><small>{e(groups)}</small>{flag}</td>"
            f"<td><ul>{today}</ul></td></tr>"
        )
    wider = sum(r.wider_after for r in rows)
    return f"""<!DOCTYPE html>
<html lang="{tr.lang}"><head><meta charset="utf-8">
<title>{e(tr("access.title"))}</title><style>{_CSS}</style></head>
<body>
<h1>{e(tr("access.title"))}</h1>
<p class="lead">{e(tr("access.lead", study=study, source=source))}</p>
<p>{e(tr("access.summary", folders=len(rows), wider=wider))}</p>
<table>
<thead><tr><th>{e(tr("access.col.folder"))}</th><th>{e(tr("access.col.after"))}</th>
<th>{e(tr("access.col.before"))}</th></tr></thead>
<tbody>
{"".join(body)}
</tbody></table>
<div class="sign"><div>{e(tr("access.sign.leader"))}</div><div>{e(tr("access.sign.date"))}</div>
</div>
</body></html>
"""
