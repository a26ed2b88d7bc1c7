"""The tree-test section of the HTML report: one self-contained page for the school leader.

Overall success with its interval, the per-task table (worst first), per-folder wrong turns and
misses, the flags with their suggested consensus edits, an A/B comparison when there are two
versions, and per task a path flow in the spirit of a pie tree: the folders people opened,
level by level, with how many went there (green on the way to a correct folder, red a wrong
turn) and where they said they would look. No scripts, no external assets; prints on A4.
Every text comes from the catalogue in Dutch and English.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime

from cardsort.i18n import Translator
from cardsort.treetest import Flag, FlowNode, TreeTestResults
from cardsort.treetest_data import LoadedTreeTest
from cardsort.treetest_text import edit_text, flag_text, overall_text, pct

__all__ = ["render_treetest_report"]

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}.low{color:#b00020;font-weight:600}
.flag{margin:.3rem 0}.edit{margin-left:1.5rem;color:#0b5394}
ul.flow{list-style:none;padding-left:1.2rem;margin:.1rem 0}
.bar{display:inline-block;height:.7rem;margin-right:.4rem;vertical-align:middle}
.way{background:#2e7d32}.wrong{background:#c62828}.n{color:#555;font-size:.9em}
.task{page-break-inside:avoid;margin-bottom:1rem}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], numeric: int = 1) -> str:
    cells = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{c}</td>' if i >= numeric else f"<td>{c}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _flow(nodes: Sequence[FlowNode], n: int, tr: Translator) -> str:
    if not nodes:
        return ""
    items = []
    for node in nodes:
        width = max(2, round(160 * node.entered / max(1, n)))
        kind = "way" if node.on_the_way else "wrong"
        mark = ""
        if node.chosen:
            sign = "✔" if node.correct else "✘"
            mark = (
                f' <span class="n">{sign} {node.chosen}× {_e(tr("treetest.report.chosen"))}</span>'
            )
        correct = f" <em>({_e(tr('treetest.report.correct'))})</em>" if node.correct else ""
        items.append(
            f'<li><span class="bar {kind}" style="width:{width}px"></span>{_e(node.label)} '
            f'<span class="n">{node.entered}/{n}</span>{correct}{mark}'
            f"{_flow(node.children, n, tr)}</li>"
        )
    return f'<ul class="flow">{"".join(items)}</ul>'


def render_treetest_report(
    loaded: LoadedTreeTest, results: TreeTestResults, flags: Sequence[Flag], *, lang: str = "nl"
) -> str:
    """The report as one HTML document."""
    tr = Translator(lang)
    ab = len(loaded.trees) > 1
    parts = [
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(tr('treetest.report.title'))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(tr('treetest.report.title'))} — {_e(loaded.record.name)}</h1>",
        f'<p class="n">{datetime.now(UTC).strftime("%Y-%m-%d %H:%M")} UTC</p>',
    ]
    for summary in results.summaries:
        parts.append("<p>" + _e(overall_text(summary, tr)) + "</p>")
    if results.overall_difference is not None:
        d = results.overall_difference
        parts.append(
            "<p>"
            + _e(
                tr(
                    "treetest.ab_overall",
                    diff=f"{100 * d.difference:+.0f} pp",
                    low=f"{100 * d.low:+.0f} pp",
                    high=f"{100 * d.high:+.0f} pp",
                )
            )
            + "</p>"
        )
    if flags:
        parts.append(f"<h2>{_e(tr('treetest.flags_heading'))}</h2>")
        for flag in flags:
            text = flag_text(flag, results, tr)
            prefix = f"{flag.variant}: " if ab else ""
            parts.append(f'<p class="flag">{_e(prefix + text)}</p>')
            parts.extend(f'<p class="edit">→ {_e(edit_text(e, tr))}</p>' for e in flag.edits)
    head = [tr("treetest.col.task")]
    if ab:
        head.append(tr("treetest.col.version"))
    head += [
        tr("treetest.col.n"),
        tr("treetest.col.success"),
        tr("treetest.col.direct"),
        tr("treetest.col.directness"),
        tr("treetest.col.first_click"),
        tr("treetest.col.time"),
        tr("treetest.col.skipped"),
    ]
    rows = []
    for r in results.tasks:
        low, high = r.success_ci
        success = f"{pct(r.success)} <span class=n>({pct(low)}–{pct(high)})</span>"
        if r.success < 0.6:
            success = f'<span class="low">{success}</span>'
        row = [_e(f"{r.task} {results.task_text[r.task].text(lang)}")]
        if ab:
            row.append(_e(r.variant))
        row += [
            str(r.n),
            success,
            pct(r.outcomes["direct_success"] / r.n if r.n else None),
            pct(r.directness),
            pct(r.first_click_correct),
            "–" if r.median_seconds is None else f"{r.median_seconds:.0f} s",
            str(r.outcomes["skip"]),
        ]
        rows.append(row)
    parts.append(f"<h2>{_e(tr('treetest.tasks_heading'))}</h2>")
    parts.append(_table(head, rows, numeric=2 if ab else 1))
    if results.differences:
        parts.append(f"<h2>{_e(tr('treetest.col.difference'))}</h2>")
        parts.append(
            _table(
                [tr("treetest.col.task"), tr("treetest.col.difference")],
                [
                    [
                        _e(d.task),
                        f"{100 * d.difference:+.0f} pp ({100 * d.low:+.0f} … {100 * d.high:+.0f})"
                        + (" *" if d.clear else ""),
                    ]
                    for d in results.differences
                ],
            )
        )
    folder_head = [tr("treetest.col.folder")]
    if ab:
        folder_head.append(tr("treetest.col.version"))
    folder_head += [tr("treetest.col.wrong_turns"), tr("treetest.col.missed")]
    folder_rows = []
    for f in results.folders:
        if f.folder_path is None:
            continue
        row = [_e(f.path)]
        if ab:
            row.append(_e(f.variant))
        row += [str(f.wrong_turns), f"{f.missed}/{f.tasks_inside}"]
        folder_rows.append(row)
    parts.append(f"<h2>{_e(tr('treetest.folders_heading'))}</h2>")
    parts.append(_table(folder_head, folder_rows, numeric=2 if ab else 1))
    parts.append(f"<h2>{_e(tr('treetest.report.paths'))}</h2>")
    parts.append(f"<p>{_e(tr('treetest.report.paths_help'))}</p>")
    for r in results.tasks:
        title = f"{r.task} {results.task_text[r.task].text(lang)}"
        if ab:
            title += f" — {r.variant}"
        top = "".join(f"<li>{_e(p)} <span class=n>{n}×</span></li>" for p, n, _o in r.paths[:5])
        parts.append(
            f'<div class="task"><h3>{_e(title)}</h3>{_flow(r.flow, r.n, tr)}'
            f"<p class=n>{_e(tr('treetest.report.paths_top'))}</p><ol>{top}</ol></div>"
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)
