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
        "nl": "Elk vakje: het deel van de collega's dat beide kaarten op dezelfde stapel legde "
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
    "aam": {"nl": "Hoeveel collega's het eens zijn (AAM)", "en": "How many agree (AAM)"},
    "aam_help": {
        "nl": "Elke haak is een groepje kaarten en het deel van de collega's dat die kaarten "
        "allemaal samen legde (OptimalSort's Actual Agreement Method).",
        "en": "Each bracket is a set of cards and the share of colleagues who put all of them "
        "together (OptimalSort's Actual Agreement Method).",
    },
    "aam_axis": {"nl": "deel van de collega's dat het eens is", "en": "share of colleagues"},
    "curve": {
        "nl": "Hoe de uitkomst groeit met het team",
        "en": "How the result grows with the team",
    },
    "curve_help": {
        "nl": "Hoe gelijk de uitkomst is als je steeds meer collega's neemt; boven de stippellijn "
        "is de indeling stevig.",
        "en": "How alike the result is as more colleagues are taken; above the dashed line the "
        "structure is firm.",
    },
    "curve_ari": {"nl": "indeling (ARI)", "en": "structure (ARI)"},
    "curve_r": {"nl": "gelijkenismatrix (r)", "en": "similarity matrix (r)"},
    "curve_x": {"nl": "aantal sorteringen", "en": "number of sorts"},
    "representative": {
        "nl": "Drie sorteringen die het meest op die van de anderen lijken",
        "en": "Three sorts most like everyone else's",
    },
    "representative_help": {
        "nl": "Een goed vertrekpunt: zo deelden de meest 'gemiddelde' collega's de kaarten in.",
        "en": "A good starting point: how the most 'typical' colleagues divided the cards.",
    },
    "dissenters": {"nl": "Sorteerden anders dan iedereen", "en": "Sorted unlike anyone else"},
    "open_placements_help": {
        "nl": "Per kaart het deel van de collega's dat hem in een stapel met die naam legde "
        "(namen samengevoegd zoals hierboven; de meest gebruikte namen).",
        "en": "Per card the share of colleagues who put it in a pile of that name (names "
        "merged as above; the most used names).",
    },
    "similarity": {"nl": "overeenkomst", "en": "similarity"},
    "fits_poorly": {"nl": "past slecht", "en": "fits poorly"},
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


#: Folder colours (Okabe-Ito, readable for colour-blind readers and on paper).
FOLDER_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#8B6D00",
    "#882255",
    "#332288",
)


def folder_colour(index: int) -> str:
    """The colour of the ``index``-th folder (repeats after nine)."""
    return FOLDER_COLOURS[index % len(FOLDER_COLOURS)]


def heatmap_svg(
    labels: Sequence[str],
    similarity: Any,
    order: Sequence[int],
    blocks: Sequence[tuple[int, int]] = (),
) -> str:
    """The similarity matrix in ``order`` as an SVG heatmap.

    ``blocks`` are ``(start, length)`` runs of ``order`` that form one folder; each is outlined
    in its folder's colour.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    matrix = np.asarray(similarity, dtype=float)[np.ix_(order, order)]
    names = [labels[i] for i in order]
    n = len(names)
    size = min(max(4.0, 0.22 * n + 2.0), 11.0)
    figure = Figure(figsize=(size, size))
    axes = figure.add_subplot()
    image = axes.imshow(np.nan_to_num(matrix, nan=0.0), cmap="Greys", vmin=0, vmax=1)
    for number, (start, length) in enumerate(blocks):
        axes.add_patch(
            Rectangle(
                (start - 0.5, start - 0.5),
                length,
                length,
                fill=False,
                edgecolor=folder_colour(number),
                linewidth=2.2,
            )
        )
    axes.set_xticks(range(n), names, rotation=90, fontsize=7 if n > 30 else 8)
    axes.set_yticks(range(n), names, fontsize=7 if n > 30 else 8)
    axes.tick_params(length=0)
    colorbar = figure.colorbar(image, ax=axes, fraction=0.035, pad=0.02)
    colorbar.ax.tick_params(labelsize=7)
    return _svg(figure)


def dendrogram_svg(
    labels: Sequence[str],
    linkage: Any,
    method: str,
    colours: Sequence[str] | None = None,
    lang: str = "en",
) -> str:
    """The card dendrogram as SVG, leaves on the left axis, similarity along the bottom.

    ``colours`` (one per leaf, in ``labels`` order) colour each card's name by its folder.
    """
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
        if colours is not None:
            colour_of = dict(zip(labels, colours, strict=True))
            for tick in axes.get_yticklabels():
                tick.set_color(colour_of.get(tick.get_text(), "#1d2733"))
        ticks = axes.get_xticks()
        if method != "ward":
            axes.set_xticks(ticks, [f"{1 - t:.1f}" for t in ticks])
            axes.set_xlabel(_t("similarity", lang))
        else:
            axes.set_xlabel("Ward distance")
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def aam_svg(nodes: Sequence[Mapping[str, Any]], lang: str) -> str:
    """OptimalSort's Actual Agreement Method tree as an SVG dendrogram.

    Each kept grouping is a bracket at the share of participants who agree with it (100 % on
    the right, where every card agrees with itself); cards in no grouping are left out.
    """
    from matplotlib.figure import Figure

    children: dict[int, list[int]] = {i: [] for i in range(len(nodes))}
    roots: list[int] = []
    for i, node in enumerate(nodes):
        parent = node.get("parent")
        (roots if parent is None or parent < 0 else children[int(parent)]).append(i)
    n_leaves = sum(len(n["cards"]) for i, n in enumerate(nodes) if i in roots)
    figure = Figure(figsize=(8.0, max(2.0, 0.22 * n_leaves + 1.0)))
    axes = figure.add_subplot()
    line: dict[str, Any] = {"color": "#2b5d8a", "linewidth": 1.2}
    names: list[str] = []

    def place(i: int) -> float:
        share = float(nodes[i]["share"])
        inside = {c for k in children[i] for c in nodes[k]["cards"]}
        ys: list[float] = []
        for k in sorted(children[i], key=lambda k: nodes[k]["cards"][0]):
            y = place(k)
            axes.plot([float(nodes[k]["share"]), share], [y, y], **line)
            ys.append(y)
        for card in nodes[i]["cards"]:
            if card not in inside:
                y = float(len(names))
                names.append(card)
                axes.plot([1.0, share], [y, y], **line)
                ys.append(y)
        axes.plot([share, share], [min(ys), max(ys)], **line)
        middle = (min(ys) + max(ys)) / 2
        axes.annotate(
            f"{100 * share:.0f}%",
            (share, middle),
            xytext=(-3, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=7,
            color="#5b6775",
        )
        return middle

    for root in sorted(roots, key=lambda i: nodes[i]["cards"][0]):
        place(root)
    axes.set_yticks(range(len(names)), names, fontsize=8)
    axes.set_ylim(len(names) - 0.5, -0.5)
    axes.set_xlim(-0.02, 1.02)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    axes.set_xlabel(_t("aam_axis", lang))
    axes.yaxis.tick_right()
    axes.tick_params(length=0)
    for side in ("top", "left"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def curve_svg(curve: Mapping[str, Any], enough: float, lang: str) -> str:
    """The sample-size curve: partition ARI and matrix correlation against team size."""
    from matplotlib.figure import Figure

    sizes = list(curve["sizes"])
    figure = Figure(figsize=(7.0, 3.2))
    axes = figure.add_subplot()
    for key, colour, label in (
        ("partition_ari", "#0072B2", _t("curve_ari", lang)),
        ("matrix_correlation", "#E69F00", _t("curve_r", lang)),
    ):
        values = [np.nan if v is None else v for v in curve[key]]
        axes.plot(sizes, values, marker="o", color=colour, label=label)
    axes.axhline(enough, color="#5b6775", linestyle="--", linewidth=1)
    axes.set_ylim(0, 1.02)
    axes.set_xlabel(_t("curve_x", lang))
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def _tree_html(
    nodes: Sequence[Mapping[str, Any]],
    lang: str,
    prefix: str = "",
    *,
    weak: set[str] | frozenset[str] = frozenset(),
    top: bool = True,
) -> str:
    parts = ['<ol class="tree">']
    for number, node in enumerate(nodes, start=1):
        label = f"{prefix}{number}."
        nested = {k for c in node.get("children", []) for k in c.get("card_keys", [])}
        cards = [
            html.escape(name)
            + (f' <span class="weak">({_t("fits_poorly", lang)})</span>' if key in weak else "")
            for key, name in zip(node.get("card_keys", []), node.get("cards", []), strict=False)
            if key not in nested
        ]
        stability = node.get("stability")
        css = "ok" if stability is not None and stability >= 0.75 else "weak"
        also = node.get("alternatives") or []
        swatch = (
            f'<span class="swatch" style="background:{folder_colour(number - 1)}"></span>'
            if top
            else ""
        )
        parts.append(
            f'<li><div class="folder">{swatch}<span class="num">{label}</span> '
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
            parts.append(_tree_html(node["children"], lang, label, weak=weak, top=False))
        if cards:
            parts.append('<ul class="cards">' + "".join(f"<li>{c}</li>" for c in cards) + "</ul>")
        parts.append("</li>")
    parts.append("</ol>")
    return "".join(parts)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], css: str = "") -> str:
    out = [f'<table class="{css}"><thead><tr>' if css else "<table><thead><tr>"]
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
.swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: .15rem;
          margin-right: .4rem; vertical-align: -.05rem; }
details summary { cursor: pointer; } details summary h2 { display: inline; border: none; }
details { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: .4rem; }
table.matrix td { padding: 0; } .cell { display: block; padding: .2rem .3rem; min-height: 1rem; }
ul.sort { margin: .2rem 0 .6rem 1.2rem; padding: 0; font-size: .9rem; }
.example { margin: .5rem 0; }
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
  details > *:not(summary) { display: block; }
  figure svg { max-height: 240mm; }
  ul.cards { columns: 2; } a { color: inherit; text-decoration: none; }
}
"""


def _collapsible(title: str, body: str, lang: str, *, rows: int) -> str:
    """A section that folds away when long (more than 15 rows), open when short."""
    opened = " open" if rows <= 15 else ""
    return (
        f"<details{opened}><summary><h2>{html.escape(title)}</h2> "
        f'<span class="meta">({rows})</span></summary>{body}</details>'
    )


def _by_label(keys: Sequence[str], label_of: Mapping[str, str]) -> list[str]:
    """Card keys in the order a reader looks them up: by label, numbers in numeric order."""

    def natural(text: str) -> list[Any]:
        return [int(t) if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", text)]

    return sorted(keys, key=lambda k: (natural(label_of.get(k, k)), k))


def _placements_html(doc: Mapping[str, Any], label_of: Mapping[str, str], lang: str) -> list[str]:
    """Popular placements: closed/hybrid per card; open sorts as a categories x cards matrix."""
    placements = doc.get("placements")
    if not placements or not placements["categories"]:
        return []
    index = {key: i for i, key in enumerate(placements["card_keys"])}
    keys = _by_label(placements["card_keys"], label_of)
    if doc.get("kind") == "open":
        totals = np.asarray(placements["counts"], dtype=float).sum(axis=0)
        columns = [int(k) for k in np.argsort(-totals, kind="stable")[:8] if totals[k] > 0]
        head = [_t("card", lang), *(placements["categories"][k] for k in columns)]
        rows = []
        for key in keys:
            shares = placements["shares"][index[key]]
            cells = [html.escape(label_of.get(key, key))]
            for k in columns:
                value = float(shares[k])
                shade = f"rgba(0,114,178,{0.85 * value:.2f})"
                ink = "#fff" if value >= 0.5 else "inherit"
                cells.append(
                    f'<span class="cell" style="background:{shade};color:{ink}">'
                    f"{_pct(value) if value > 0 else ''}</span>"
                )
            rows.append(cells)
        return [
            f"<h2>{_t('placements', lang)}</h2>",
            f'<p class="help">{_t("open_placements_help", lang)}</p>',
            _table(head, rows, css="matrix"),
        ]
    rows = []
    for key in keys:
        i = index[key]
        share = placements["shares"][i]
        top = max(share) if share else None
        rows.append(
            [
                html.escape(label_of.get(key, key)),
                html.escape(placements["best"][i] or "–"),
                _pct(top),
                html.escape(", ".join(placements["second_locations"][i]) or "–"),
            ]
        )
    head = [_t("card", lang), _t("best", lang), _t("share", lang), _t("second", lang)]
    return [
        f"<h2>{_t('placements', lang)}</h2>",
        f'<p class="help">{_t("placements_help", lang)}</p>',
        _table(head, rows),
    ]


def _sort_html(piles: Sequence[Mapping[str, Any]]) -> str:
    """One participant's piles as a compact list."""
    return (
        '<ul class="sort">'
        + "".join(
            f"<li><strong>{html.escape(p['label'])}</strong>: "
            f"{html.escape(', '.join(p['cards']))}</li>"
            for p in piles
        )
        + "</ul>"
    )


def _representative_html(doc: Mapping[str, Any], lang: str) -> list[str]:
    names = [n for n in doc.get("representative", []) if n in doc.get("example_sorts", {})]
    if not names:
        return []
    parts = [
        f"<h2>{_t('representative', lang)}</h2>",
        f'<p class="help">{_t("representative_help", lang)}</p>',
    ]
    for number, name in enumerate(names, start=1):
        parts.append(
            f'<div class="example"><div class="meta">{number}. {html.escape(name)}</div>'
            f"{_sort_html(doc['example_sorts'][name])}</div>"
        )
    return parts


def _models_html(doc: Mapping[str, Any], lang: str) -> list[str]:
    """Camps of participants who sorted alike (only when there is more than one)."""
    clusters = doc.get("participant_clusters")
    if not clusters or clusters.get("k", 0) < 2:
        return []
    examples = doc.get("example_sorts", {})
    parts = [f"<h2>{_t('models', lang)}</h2>", f'<p class="help">{_t("models_help", lang)}</p>']
    for number, camp in enumerate(clusters["clusters"], start=1):
        parts.append(
            f'<div class="example"><div><strong>{number}.</strong> '
            f"{len(camp['members'])} {_t('members', lang)}: "
            f"{html.escape(', '.join(camp['members']))}</div>"
            f'<div class="meta">{_t("example", lang)}: {html.escape(camp["medoid"])}</div>'
            + (_sort_html(examples[camp["medoid"]]) if camp["medoid"] in examples else "")
            + "</div>"
        )
    if clusters.get("dissenters"):
        parts.append(
            f"<p><strong>{_t('dissenters', lang)}:</strong> "
            f"{html.escape(', '.join(clusters['dissenters']))}</p>"
        )
    return parts


def _heatmap_order(
    doc: Mapping[str, Any], keys: Sequence[str]
) -> tuple[list[int], list[tuple[int, int]]]:
    """Cards folder by folder (then the rest in seriated order), and each folder's run."""
    index = {k: i for i, k in enumerate(keys)}
    order: list[int] = []
    blocks: list[tuple[int, int]] = []
    for node in doc["consensus"]:
        members = [index[k] for k in node.get("card_keys", []) if k in index]
        if members:
            blocks.append((len(order), len(members)))
            order.extend(members)
    seen = set(order)
    order.extend(i for i in doc["similarity"]["order"] if i not in seen)
    return order, blocks


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
    weak = set(doc.get("low_fit", []))

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
        _tree_html(doc["consensus"], lang, weak=weak),
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
    order, blocks = _heatmap_order(doc, keys)
    parts.append(f"<h2>{_t('heatmap', lang)}</h2>")
    parts.append(f'<p class="help">{_t("heatmap_help", lang)}</p>')
    parts.append(f"<figure>{heatmap_svg(labels, sim['matrix'], order, blocks)}</figure>")
    folder_number = {
        key: n for n, node in enumerate(doc["consensus"]) for key in node.get("card_keys", [])
    }
    if len(dendro["card_keys"]) >= 2:
        parts.append(f"<h2>{_t('dendrogram', lang)}</h2>")
        parts.append(f'<p class="help">{_t("dendrogram_help", lang)}</p>')
        colours = [
            folder_colour(folder_number[k]) if k in folder_number else "#5b6775"
            for k in dendro["card_keys"]
        ]
        parts.append(
            "<figure>"
            + dendrogram_svg(
                [label_of[k] for k in dendro["card_keys"]],
                dendro["linkage"],
                dendro["method"],
                colours,
                lang,
            )
            + "</figure>"
        )
    curve = sample.get("curve")
    if curve and len(curve.get("sizes", [])) >= 2:
        parts.append(f"<h2>{_t('curve', lang)}</h2>")
        parts.append(f'<p class="help">{_t("curve_help", lang)}</p>')
        enough = float(doc.get("options", {}).get("enough_ari", 0.8))
        parts.append(f"<figure>{curve_svg(curve, enough, lang)}</figure>")
    if doc.get("aam"):
        parts.append(f"<h2>{_t('aam', lang)}</h2>")
        parts.append(f'<p class="help">{_t("aam_help", lang)}</p>')
        parts.append(f"<figure>{aam_svg(doc['aam'], lang)}</figure>")
    parts.extend(_representative_html(doc, lang))
    parts.extend(_models_html(doc, lang))
    parts.extend(_placements_html(doc, label_of, lang))
    folder_of = {
        key: node["label"] for node in doc["consensus"] for key in node.get("card_keys", [])
    }
    cards = {c["card_key"]: c for c in doc["stability"]["cards"]}
    card_rows = [
        [
            html.escape(label_of[key]),
            html.escape(folder_of.get(key, "–"))
            + (f' <span class="weak">({_t("fits_poorly", lang)})</span>' if key in weak else ""),
            _pct(cards[key].get("confidence")),
        ]
        for key in _by_label(list(cards), label_of)
    ]
    parts.append(
        _collapsible(
            _t("cardtable", lang),
            _table([_t("card", lang), _t("folder", lang), _t("confidence", lang)], card_rows),
            lang,
            rows=len(card_rows),
        )
    )
    categories = doc.get("labels", {}).get("categories", [])
    if categories:
        shown = categories[:40]
        parts.append(
            _collapsible(
                _t("labels", lang),
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
                        for c in shown
                    ],
                ),
                lang,
                rows=len(shown),
            )
        )
    people = doc["participants"]
    parts.append(
        _collapsible(
            _t("participants", lang),
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
                    for p in people
                ],
            ),
            lang,
            rows=len(people),
        )
    )
    parts.append(
        f"<footer>cardsort-drive · {html.escape(study)} · "
        f"cophenetic r = {dendro.get('cophenetic_correlation')}</footer></body></html>"
    )
    return "\n".join(parts) + "\n"
