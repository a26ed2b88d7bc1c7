"""A self-contained HTML report of an analysis, for a school leader (and a printer).

One file, no external assets: the plots are drawn with matplotlib (no display needed) and
embedded as inline SVG with their text kept as text, so the file is small, searchable and
sharp on paper. Print CSS lays it out on A4 with no figure split over two pages. Every heading
and explanation exists in Dutch and English.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from cardsort.analysis_texts import flags_text, inclusion_text, story_lines

__all__ = ["dendrogram_svg", "heatmap_svg", "render_report"]

TEXT: dict[str, dict[str, str]] = {
    "title": {
        "nl": "Kaartsortering: voorstel voor de mappenstructuur",
        "en": "Card sort: proposed folder structure",
    },
    "summary": {"nl": "Samenvatting", "en": "Summary"},
    "sorts": {"nl": "sorteringen geanalyseerd", "en": "sorts analysed"},
    "excluded": {"nl": "buiten de analyse gelaten", "en": "left out of the analysis"},
    "cards": {"nl": "kaarten", "en": "cards"},
    "folders": {"nl": "hoofdmappen", "en": "top-level folders"},
    "consensus": {"nl": "Voorgestelde mappen", "en": "Proposed folders"},
    "consensus_help": {
        "nl": "Overeenstemming: hoe vaak collega's de kaarten van een map samen legden. "
        "Stabiliteit: hoe zeker de map is als je andere collega's had gevraagd "
        "(≥ 75 % is stabiel).",
        "en": "Agreement: how often colleagues put the cards of a folder together. Stability: "
        "how sure the folder is had other colleagues sorted (≥ 75 % is stable).",
    },
    "agreement": {"nl": "overeenstemming", "en": "agreement"},
    "stability": {"nl": "stabiliteit", "en": "stability"},
    "also": {"nl": "ook genoemd", "en": "also named"},
    "unassigned": {"nl": "Kaarten zonder duidelijke plek", "en": "Cards without a clear place"},
    "unassigned_help": {
        "nl": "Deze kaarten landen niet betrouwbaar in één map; beslis samen waar ze heen gaan.",
        "en": "These cards do not land reliably in one folder; decide together where they go.",
    },
    "heatmap": {"nl": "Welke kaarten horen bij elkaar", "en": "Which cards belong together"},
    "heatmap_help": {
        "nl": "Elk vakje: het deel van de collega's dat beide kaarten in dezelfde groep legde "
        "(van wie beide sorteerde). Donkere blokken zijn mappen.",
        "en": "Each cell: the share of colleagues who put both cards in the same group (of "
        "those who sorted both). Dark blocks are folders.",
    },
    "dendrogram": {"nl": "Boomdiagram", "en": "Dendrogram"},
    "dendrogram_help": {
        "nl": "Kaarten die rechts (bij een hoge overeenkomst) samenkomen, worden vaak samen "
        "gelegd; hoe verder naar links ze pas samenkomen, hoe minder ze bij elkaar horen.",
        "en": "Cards that join on the right (at a high similarity) are often put together; the "
        "further left they join, the less they belong together.",
    },
    "sample": {"nl": "Genoeg sorteringen?", "en": "Enough sorts?"},
    "participants": {"nl": "Deelnemers", "en": "Participants"},
    "participant": {"nl": "deelnemer", "en": "participant"},
    "flags": {"nl": "signalen", "en": "flags"},
    "included": {"nl": "meegeteld", "en": "included"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "placed": {"nl": "gelegd", "en": "placed"},
    "central": {"nl": "representatief (rang)", "en": "representative (rank)"},
    "labels": {"nl": "Namen die collega's gaven", "en": "Names colleagues gave"},
    "category": {"nl": "categorie", "en": "category"},
    "variants": {"nl": "schrijfwijzen", "en": "spellings"},
    "people": {"nl": "collega's", "en": "colleagues"},
    "card": {"nl": "kaart", "en": "card"},
    "confidence": {"nl": "zekerheid", "en": "confidence"},
    "cardtable": {"nl": "Kaarten", "en": "Cards"},
    "folder": {"nl": "map", "en": "folder"},
    "generated": {"nl": "Gemaakt", "en": "Generated"},
    "method": {"nl": "methode", "en": "method"},
    "placements": {
        "nl": "Waar collega's elke kaart legden",
        "en": "Where colleagues put each card",
    },
    "placements_help": {
        "nl": "Per kaart de vaakst gekozen categorie en het deel van de collega's dat die koos; "
        "een tweede plek is een categorie die ook vaak gekozen werd.",
        "en": "Per card the category chosen most often and the share of colleagues who chose "
        "it; a second location is a category that was also chosen often.",
    },
    "best": {"nl": "meest gekozen", "en": "most chosen"},
    "share": {"nl": "deel", "en": "share"},
    "second": {"nl": "tweede plek", "en": "second location"},
    "models": {"nl": "Verschillende manieren van denken", "en": "Different ways of thinking"},
    "models_help": {
        "nl": "Collega's met een vergelijkbare indeling staan samen; de middelste sortering van "
        "elke groep is een goed voorbeeld van die manier van denken.",
        "en": "Colleagues who sorted alike are listed together; the most central sort of each "
        "group is a good example of that way of thinking.",
    },
    "members": {"nl": "collega's", "en": "colleagues"},
    "example": {"nl": "voorbeeld", "en": "example"},
}


def _t(key: str, lang: str) -> str:
    return TEXT[key].get(lang) or TEXT[key]["en"]


def _pct(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.0f}\u00a0%"


def _svg(figure: Any) -> str:
    """A matplotlib figure as an inline <svg> element (text kept as text)."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "sans-serif"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    start = text.index("<svg")
    svg = text[start:]
    # responsive: let CSS size it, keep the drawing's aspect ratio
    svg = re.sub(r'(<svg[^>]*?)\swidth="[^"]*"\sheight="[^"]*"', r"\1", svg, count=1)
    return svg


def heatmap_svg(labels: Sequence[str], similarity: Any, order: Sequence[int]) -> str:
    """The similarity matrix in seriated order as an SVG heatmap."""
    from matplotlib.figure import Figure

    matrix = np.asarray(similarity, dtype=float)[np.ix_(order, order)]
    names = [labels[i] for i in order]
    n = len(names)
    size = min(max(4.0, 0.22 * n + 2.0), 11.0)
    figure = Figure(figsize=(size, size))
    axes = figure.add_subplot()
    image = axes.imshow(np.nan_to_num(matrix, nan=0.0), cmap="Blues", vmin=0, vmax=1)
    axes.set_xticks(range(n), names, rotation=90, fontsize=7 if n > 30 else 8)
    axes.set_yticks(range(n), names, fontsize=7 if n > 30 else 8)
    axes.tick_params(length=0)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.035, pad=0.02)
    colorbar.ax.tick_params(labelsize=7)
    return _svg(figure)


def dendrogram_svg(labels: Sequence[str], linkage: Any, method: str) -> str:
    """The card dendrogram as SVG, leaves on the left axis, similarity along the bottom."""
    from matplotlib.figure import Figure
    from scipy.cluster import hierarchy

    z = np.asarray(linkage, dtype=float)
    n = len(labels)
    figure = Figure(figsize=(8.0, max(2.5, 0.2 * n + 1.0)))
    axes = figure.add_subplot()
    if n >= 2 and z.size:
        hierarchy.dendrogram(
            z,
            labels=list(labels),
            orientation="left",
            ax=axes,
            color_threshold=0,
            above_threshold_color="#2b5d8a",
            leaf_font_size=8,
        )
        ticks = axes.get_xticks()
        if method != "ward":
            axes.set_xticks(ticks, [f"{1 - t:.1f}" for t in ticks])
            axes.set_xlabel("similarity" if method else "")
        else:
            axes.set_xlabel("Ward distance")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def _tree_html(nodes: Sequence[Mapping[str, Any]], lang: str, prefix: str = "") -> str:
    parts = ['<ol class="tree">']
    for number, node in enumerate(nodes, start=1):
        label = f"{prefix}{number}."
        nested = {k for c in node.get("children", []) for k in c.get("card_keys", [])}
        cards = [
            html.escape(name)
            for key, name in zip(node.get("card_keys", []), node.get("cards", []), strict=False)
            if key not in nested
        ]
        stability = node.get("stability")
        css = "ok" if stability is not None and stability >= 0.75 else "weak"
        also = node.get("alternatives") or []
        parts.append(
            f'<li><div class="folder"><span class="num">{label}</span> '
            f"<strong>{html.escape(str(node['label']))}</strong> "
            f'<span class="meta">{_t("agreement", lang)} {_pct(node.get("agreement"))} · '
            f'<span class="{css}">{_t("stability", lang)} {_pct(stability)}</span></span>'
            + (
                f'<div class="also">{_t("also", lang)}: {html.escape(", ".join(also[:3]))}</div>'
                if also
                else ""
            )
            + "</div>"
        )
        if node.get("children"):
            parts.append(_tree_html(node["children"], lang, label))
        if cards:
            parts.append('<ul class="cards">' + "".join(f"<li>{c}</li>" for c in cards) + "</ul>")
        parts.append("</li>")
    parts.append("</ol>")
    return "".join(parts)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = ["<table><thead><tr>"]
    out.extend(f"<th>{html.escape(h)}</th>" for h in head)
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


CSS = """
:root { --ink: #1d2733; --muted: #5b6775; --line: #d6dde5; --ok: #1f7a3f; --weak: #b45309; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
.sub, .meta, .also, .help { color: var(--muted); font-size: .9rem; }
.stats { display: flex; gap: 1.5rem; flex-wrap: wrap; margin: 1rem 0; }
.stats div { border: 1px solid var(--line); border-radius: .4rem; padding: .5rem .8rem; }
.stats b { display: block; font-size: 1.3rem; }
.verdict { border-left: 4px solid var(--weak); padding: .4rem .8rem; background: #fff7ed; }
.verdict.enough { border-color: var(--ok); background: #f0fdf4; }
.warning { border-left: 4px solid var(--weak); padding: .3rem .8rem; margin: .4rem 0; }
ol.tree { list-style: none; padding-left: 0; } ol.tree ol.tree { padding-left: 1.5rem; }
.folder { margin-top: .6rem; } .num { color: var(--muted); }
ul.cards { margin: .2rem 0 .4rem 1.4rem; padding: 0; columns: 2; font-size: .92rem; }
.ok { color: var(--ok); } .weak { color: var(--weak); }
figure { margin: 1rem 0; } figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .4rem; text-align: left; }
th { background: #f3f6f9; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; }
@page { size: A4; margin: 15mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; } figure, table, .folder, .verdict { break-inside: avoid; }
  figure svg { max-height: 240mm; }
  ul.cards { columns: 2; } a { color: inherit; text-decoration: none; }
}
"""


def _placements_html(doc: Mapping[str, Any], label_of: Mapping[str, str], lang: str) -> list[str]:
    """Closed and hybrid sorts: the popular placements per card."""
    placements = doc.get("placements")
    if not placements:
        return []
    rows = []
    for index, key in enumerate(placements["card_keys"]):
        best = placements["best"][index]
        share = placements["shares"][index]
        top = max(share) if share else None
        rows.append(
            [
                html.escape(label_of.get(key, key)),
                html.escape(best or "–"),
                _pct(top),
                html.escape(", ".join(placements["second_locations"][index]) or "–"),
            ]
        )
    head = [_t("card", lang), _t("best", lang), _t("share", lang), _t("second", lang)]
    return [
        f"<h2>{_t('placements', lang)}</h2>",
        f'<p class="help">{_t("placements_help", lang)}</p>',
        _table(head, rows),
    ]


def _models_html(doc: Mapping[str, Any], lang: str) -> list[str]:
    """Groups of participants who sorted alike (only when there is more than one)."""
    clusters = doc.get("participant_clusters")
    if not clusters or clusters.get("k", 0) < 2:
        return []
    rows = [
        [str(n), html.escape(", ".join(c["members"])), html.escape(c["medoid"])]
        for n, c in enumerate(clusters["clusters"], start=1)
    ]
    return [
        f"<h2>{_t('models', lang)}</h2>",
        f'<p class="help">{_t("models_help", lang)}</p>',
        _table(["", _t("members", lang), _t("example", lang)], rows),
    ]


def render_report(result: Any, study: str, *, lang: str = "nl") -> str:
    """The report as one HTML document (``result`` is an AnalysisResult or its ``to_dict()``)."""
    doc: Mapping[str, Any] = result.to_dict() if hasattr(result, "to_dict") else result
    lang = lang if lang in ("nl", "en") else "en"
    sim = doc["similarity"]
    keys: list[str] = sim["card_keys"]
    labels: list[str] = sim["cards"]
    label_of = dict(zip(keys, labels, strict=True))
    sample = doc["sample_size"]
    verdict = sample["verdict"]
    dendro = doc["dendrogram"]
    story = story_lines(verdict["text"], doc.get("warnings", []), lang)

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(_t('title', lang))} — {html.escape(study)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{html.escape(_t('title', lang))}</h1>",
        f'<p class="sub">{html.escape(study)} · {_t("generated", lang)} '
        f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M')} UTC · {_t('method', lang)} "
        f"{html.escape(dendro['method'])}</p>",
        f"<h2>{_t('summary', lang)}</h2>",
        '<div class="stats">',
        f"<div><b>{sample['participants']}</b>{_t('sorts', lang)}</div>",
        f"<div><b>{sample['excluded']}</b>{_t('excluded', lang)}</div>",
        f"<div><b>{len(keys)}</b>{_t('cards', lang)}</div>",
        f"<div><b>{len(doc['consensus'])}</b>{_t('folders', lang)}</div>",
        "</div>",
        f'<p class="verdict {html.escape(verdict["status"])}">'
        f"<strong>{_t('sample', lang)}</strong> {html.escape(story[0])}</p>",
        *(f'<p class="warning">{html.escape(line)}</p>' for line in story[1:]),
        f"<h2>{_t('consensus', lang)}</h2>",
        f'<p class="help">{_t("consensus_help", lang)}</p>',
        _tree_html(doc["consensus"], lang),
    ]
    if doc.get("unassigned"):
        parts.append(f"<h2>{_t('unassigned', lang)}</h2>")
        parts.append(f'<p class="help">{_t("unassigned_help", lang)}</p>')
        parts.append(
            _table(
                [_t("card", lang), _t("confidence", lang)],
                [[html.escape(u["card"]), _pct(u.get("confidence"))] for u in doc["unassigned"]],
            )
        )
    parts.append(f"<h2>{_t('heatmap', lang)}</h2>")
    parts.append(f'<p class="help">{_t("heatmap_help", lang)}</p>')
    parts.append(f"<figure>{heatmap_svg(labels, sim['matrix'], sim['order'])}</figure>")
    if len(dendro["card_keys"]) >= 2:
        parts.append(f"<h2>{_t('dendrogram', lang)}</h2>")
        parts.append(f'<p class="help">{_t("dendrogram_help", lang)}</p>')
        parts.append(
            "<figure>"
            + dendrogram_svg(
                [label_of[k] for k in dendro["card_keys"]], dendro["linkage"], dendro["method"]
            )
            + "</figure>"
        )
    folder_of = {
        key: node["label"] for node in doc["consensus"] for key in node.get("card_keys", [])
    }
    parts.append(f"<h2>{_t('cardtable', lang)}</h2>")
    parts.append(
        _table(
            [_t("card", lang), _t("folder", lang), _t("confidence", lang)],
            [
                [
                    html.escape(c["card"]),
                    html.escape(folder_of.get(c["card_key"], "–")),
                    _pct(c.get("confidence")),
                ]
                for c in doc["stability"]["cards"]
            ],
        )
    )
    categories = doc.get("labels", {}).get("categories", [])
    if categories:
        parts.append(f"<h2>{_t('labels', lang)}</h2>")
        parts.append(
            _table(
                [
                    _t("category", lang),
                    _t("people", lang),
                    _t("agreement", lang),
                    _t("variants", lang),
                ],
                [
                    [
                        html.escape(c["name"]),
                        str(c["participants"]),
                        _pct(c.get("agreement")),
                        html.escape(", ".join(c["variants"][:5])),
                    ]
                    for c in categories[:40]
                ],
            )
        )
    parts.extend(_placements_html(doc, label_of, lang))
    parts.extend(_models_html(doc, lang))
    parts.append(f"<h2>{_t('participants', lang)}</h2>")
    parts.append(
        _table(
            [
                _t("participant", lang),
                _t("included", lang),
                _t("flags", lang),
                _t("placed", lang),
                _t("central", lang),
            ],
            [
                [
                    html.escape(p["name"]),
                    html.escape(inclusion_text(p["excluded"], p["reasons"], lang)),
                    html.escape(flags_text(p["flags"], lang)),
                    f"{p['placed']}/{p['shown']}",
                    "–" if p.get("rank") is None else str(p["rank"]),
                ]
                for p in doc["participants"]
            ],
        )
    )
    parts.append(
        f"<footer>cardsort-drive · {html.escape(study)} · "
        f"cophenetic r = {dendro.get('cophenetic_correlation')}</footer></body></html>"
    )
    return "\n".join(parts) + "\n"
