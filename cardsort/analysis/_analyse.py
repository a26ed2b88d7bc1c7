"""The whole analysis in one call: ``analyse(SortData) -> AnalysisResult``.

Order of work: canonical order (cards by key, participants by name, so results never depend on
input order and ties break the same way every time) -> quality flags and exclusions -> similarity
-> clustering -> consensus partition (k by mean ARI, transfer step) -> second-level folders ->
bootstrap stability and the sample-size curve -> names from standardised labels -> unassigned
cards -> the tree, plus the participant-centric views, AAM, placements and label suggestions.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from cardsort.analysis._aam import AamNode, actual_agreement
from cardsort.analysis._data import ConsensusNode, ConsensusTree, SortData
from cardsort.analysis._groups import GroupIndex
from cardsort.analysis._labels import (
    LabelMergeSuggestion,
    StandardisationMap,
    StandardisedLabels,
    folder_name,
    normalise_label,
    standardise,
    suggest_label_merges,
)
from cardsort.analysis._linkage import Clustering, canonical_labels, cluster_cards
from cardsort.analysis._options import AnalysisOptions
from cardsort.analysis._participants import (
    ParticipantClusters,
    pairwise_participant_ari,
    participant_clusters,
)
from cardsort.analysis._partition import PartitionChoice, choose_partition
from cardsort.analysis._placements import PlacementMatrix, popular_placements
from cardsort.analysis._quality import ParticipantQuality, quality_flags
from cardsort.analysis._similarity import SimilarityMatrix, similarity_matrix
from cardsort.analysis._stability import (
    PairCounts,
    ResampleStats,
    SampleSizeCurve,
    bootstrap_weights,
    curve_sizes,
    resample_partitions,
)
from cardsort.analysis._verdict import Verdict, make_verdict, small_sample_warning

__all__ = ["AnalysisResult", "ParticipantReport", "analyse"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class ParticipantReport:
    """One participant in the report: quality, exclusion and participant-centric scores.

    Attributes
    ----------
    name : str
    quality : ParticipantQuality
    mean_ari : float
        Mean ARI with every other included participant (NaN when excluded).
    rank : int or None
        1 = most central sort among the included participants.
    cluster : int or None
        Edit-distance cluster (mental model) among the included participants.
    consensus_ari : float
        ARI of this sort with the consensus partition.
    """

    name: str
    quality: ParticipantQuality
    mean_ari: float
    rank: int | None
    cluster: int | None
    consensus_ari: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        q = self.quality
        return {
            "name": self.name,
            "excluded": q.excluded,
            "reasons": list(q.reasons),
            "flags": list(q.flags),
            "placed": q.placed,
            "shown": q.shown,
            "groups": q.groups,
            "seconds_per_card": _f(q.seconds_per_card),
            "mean_ari": _f(self.mean_ari),
            "rank": self.rank,
            "cluster": self.cluster,
            "consensus_ari": _f(self.consensus_ari),
        }


@dataclass(frozen=True, eq=False)
class AnalysisResult:
    """Everything :func:`analyse` computes. Matrices are in ``card_keys`` order (sorted keys).

    Attributes
    ----------
    card_keys, card_labels : tuple of str
    participants : tuple of ParticipantReport
        Every participant, included or not, sorted by name.
    sample_size : int
        Participants included in the analysis.
    similarity : SimilarityMatrix
        Top-level similarity over all cards.
    clustering : Clustering
        Dendrogram of the sorted cards (``active_cards``).
    active_cards : ndarray of int
        Indices of cards placed by at least one included participant (the dendrogram's leaves).
    order : ndarray of int
        Seriated order of all cards (active cards first, in leaf order).
    partition : PartitionChoice
        The top-level partition of the active cards, before unassigned cards are set apart.
    consensus : ConsensusTree
        Folder stability is measured on the folder as the partition made it, before cards
        with low fit or confidence were set apart as unassigned; agreement is measured on the
        cards that stayed.
    card_fit, card_confidence : dict of str to float
        Mean similarity with the rest of its folder; share of bootstrap resamples in which
        the card stayed with its folder (NaN without bootstrap).
    low_fit : tuple of str
        Cards with low fit or confidence kept in their folder because the number of folders
        was forced (``n_groups``); without it such cards are set apart as unassigned.
    example_sorts : dict of str to tuple
        The top-level sorts of the three most representative participants and of each
        participant camp's most typical member: name -> ``((pile label, card labels), ...)``,
        largest pile first.
    expected_ari : float
        Mean ARI between the consensus and the bootstrap consensus.
    bootstrap_resamples : int
    curve : SampleSizeCurve or None
    verdict : Verdict
    labels : StandardisedLabels
    label_suggestions : tuple of LabelMergeSuggestion
    placements : PlacementMatrix or None
        Predefined (closed, hybrid) and standardised categories x cards; ``None`` when no
        participant named a pile.
    participant_clusters : ParticipantClusters or None
        ``None`` when skipped (too few or too many participants; see ``notes``).
    aam : tuple of AamNode
    warnings : tuple of dict
        Each ``{"code", "en", "nl"}``.
    options : AnalysisOptions
    timings, cpu_timings : dict of str to float
        Wall-clock and process CPU seconds per stage (not part of :meth:`to_dict`).
    """

    card_keys: tuple[str, ...]
    card_labels: tuple[str, ...]
    kind: str
    participants: tuple[ParticipantReport, ...]
    sample_size: int
    similarity: SimilarityMatrix
    clustering: Clustering
    active_cards: IntArray
    order: IntArray
    partition: PartitionChoice
    consensus: ConsensusTree
    card_fit: dict[str, float]
    card_confidence: dict[str, float]
    low_fit: tuple[str, ...]
    example_sorts: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    expected_ari: float
    bootstrap_resamples: int
    curve: SampleSizeCurve | None
    verdict: Verdict
    labels: StandardisedLabels
    label_suggestions: tuple[LabelMergeSuggestion, ...]
    placements: PlacementMatrix | None
    participant_clusters: ParticipantClusters | None
    aam: tuple[AamNode, ...]
    warnings: tuple[dict[str, str], ...]
    options: AnalysisOptions
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The full result as JSON-ready data (the ``--json`` output).

        Top-level keys: ``consensus`` (list of top-level folders with ``label``, ``cards``,
        ``card_keys``, ``alternatives``, ``agreement``, ``stability``, ``children``),
        ``unassigned``, ``similarity``, ``dendrogram``, ``aam``, ``participants``,
        ``sample_size``, ``groups`` (k choice), ``stability``, ``labels``, ``placements``,
        ``participant_clusters``, ``warnings``, ``options``.
        """
        keys = self.card_keys
        label_of = dict(zip(keys, self.card_labels, strict=True))
        active_keys = [keys[i] for i in self.active_cards.tolist()]
        curve = self.curve
        return {
            "kind": self.kind,
            "consensus": [node.to_dict() for node in self.consensus.groups],
            "low_fit": list(self.low_fit),
            "unassigned": [
                {
                    "card_key": k,
                    "card": label_of[k],
                    "fit": _f(self.card_fit.get(k, math.nan)),
                    "confidence": _f(self.card_confidence.get(k, math.nan)),
                }
                for k in self.consensus.unassigned
            ],
            "similarity": {
                "card_keys": list(keys),
                "cards": list(self.card_labels),
                "matrix": _rounded(self.similarity.similarity),
                "cooccurrence": self.similarity.cooccurrence.tolist(),
                "copresented": self.similarity.copresented.tolist(),
                "order": self.order.tolist(),
            },
            "dendrogram": {
                "method": self.clustering.method,
                "card_keys": active_keys,
                "linkage": _rounded(self.clustering.linkage),
                "order": self.clustering.order.tolist(),
                "similarity_levels": _rounded(self.clustering.similarity_levels),
                "cophenetic_correlation": _f(self.clustering.cophenetic_correlation),
                "cophenetic": _rounded(self.clustering.cophenetic),
            },
            "aam": [
                {
                    "card_keys": [active_keys[i] for i in n.card_indices],
                    "cards": [label_of[active_keys[i]] for i in n.card_indices],
                    "count": n.count,
                    "share": _f(n.share),
                    "exact": n.exact,
                    "parent": n.parent,
                }
                for n in self.aam
            ],
            "participants": [p.to_dict() for p in self.participants],
            "sample_size": {
                "participants": self.sample_size,
                "excluded": sum(p.quality.excluded for p in self.participants),
                "curve": None
                if curve is None
                else {
                    "sizes": list(curve.sizes),
                    "matrix_correlation": [_f(x) for x in curve.matrix_correlation],
                    "partition_ari": [_f(x) for x in curve.partition_ari],
                    "group_stability": [[_f(x) for x in row] for row in curve.group_stability],
                },
                "verdict": self.verdict.to_dict(),
            },
            "groups": {
                "k": self.partition.k,
                "automatic": self.partition.automatic,
                "mean_ari": _f(self.partition.mean_ari),
                "silhouette": _f(self.partition.silhouette),
                "candidates": [
                    {
                        "k": k,
                        "mean_ari": _f(self.partition.scores[k]),
                        "silhouette": _f(self.partition.silhouettes.get(k, math.nan)),
                    }
                    for k in sorted(self.partition.scores)
                ],
                "moved_cards": self.partition.moves,
            },
            "stability": {
                "resamples": self.bootstrap_resamples,
                "expected_ari": _f(self.expected_ari),
                "cards": [
                    {
                        "card_key": k,
                        "card": label_of[k],
                        "fit": _f(self.card_fit.get(k, math.nan)),
                        "confidence": _f(self.card_confidence.get(k, math.nan)),
                    }
                    for k in keys
                ],
            },
            "labels": {
                "categories": [
                    {
                        "name": c.name,
                        "key": c.key,
                        "variants": list(c.variants),
                        "participants": c.participants,
                        "placements": c.placements,
                        "unique_cards": c.unique_cards,
                        "agreement": _f(c.agreement),
                        "card_keys": list(c.card_keys),
                    }
                    for c in self.labels.categories
                ],
                "merge_suggestions": [
                    {
                        "labels": list(s.labels),
                        "score": _f(s.score),
                        "card_overlap": _f(s.card_overlap),
                    }
                    for s in self.label_suggestions
                ],
            },
            "placements": None if self.placements is None else _placements_dict(self.placements),
            "participant_clusters": None
            if self.participant_clusters is None
            else _clusters_dict(self.participant_clusters, self.participants),
            "representative": [
                p.name
                for p in sorted(
                    (p for p in self.participants if p.rank is not None),
                    key=lambda p: p.rank or 0,
                )[:3]
            ],
            "example_sorts": {
                name: [{"label": label, "cards": list(cards)} for label, cards in piles]
                for name, piles in self.example_sorts.items()
            },
            "warnings": [dict(w) for w in self.warnings],
            "options": self.options.to_dict(),
        }


def _f(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) or math.isinf(value) else round(value, 6)


def _rounded(array: npt.NDArray[Any]) -> Any:
    return np.round(np.asarray(array, dtype=np.float64), 6).tolist()


def _placements_dict(m: PlacementMatrix) -> dict[str, Any]:
    return {
        "card_keys": list(m.card_keys),
        "categories": list(m.categories),
        "predefined": list(m.predefined),
        "counts": m.counts.tolist(),
        "shares": _rounded(m.shares),
        "best": [None if b < 0 else m.categories[b] for b in m.best.tolist()],
        "agreement": _rounded(m.agreement),
        "second_locations": [[m.categories[k] for k in row] for row in m.second_locations],
    }


def _clusters_dict(
    c: ParticipantClusters, participants: tuple[ParticipantReport, ...]
) -> dict[str, Any]:
    included = [p.name for p in participants if not p.quality.excluded]
    return {
        "k": c.k,
        "silhouette": _f(c.silhouette),
        "dissenters": [included[i] for i in c.dissenters],
        "clusters": [
            {
                "members": [included[i] for i in np.nonzero(c.labels == j)[0].tolist()],
                "medoid": included[c.medoids[j]],
                "mean_distance": _f(c.mean_distance[j]),
            }
            for j in range(c.k)
        ],
    }


# ---------------------------------------------------------------------------------------------


def _canonical(data: SortData) -> SortData:
    card_order = sorted(range(data.n_cards), key=lambda i: data.card_keys[i])
    people = sorted(range(data.n_participants), key=lambda i: data.participants[i])
    out = data
    if card_order != list(range(data.n_cards)):
        out = out.select_cards(card_order)
    if people != list(range(data.n_participants)):
        out = out.select_participants(people)
    return out


def analyse(data: SortData, *, options: AnalysisOptions | None = None) -> AnalysisResult:
    """Analyse a card sort end to end.

    Parameters
    ----------
    data : SortData
    options : AnalysisOptions, optional

    Returns
    -------
    AnalysisResult

    Raises
    ------
    ValueError
        When no participant is left after exclusions, nobody placed a card, or an option
        does not fit the data (for example more forced groups than sorted cards).

    Examples
    --------
    >>> data = SortData.from_groups(card_keys=("apple", "pear", "cat", "dog"), sorts={
    ...     name: [("Fruit", ["apple", "pear"]), ("Pets", ["cat", "dog"])] for name in "abc"})
    >>> result = analyse(data, options=AnalysisOptions(n_resamples=20))
    >>> groups = result.to_dict()["consensus"]
    >>> [(g["label"], g["cards"], g["agreement"], g["stability"]) for g in groups]
    [('Fruit', ['apple', 'pear'], 1.0, 1.0), ('Pets', ['dog', 'cat'], 1.0, 1.0)]
    """
    if not isinstance(data, SortData):
        raise ValueError("analyse() needs a SortData")
    options = options or AnalysisOptions()
    if options.blas_threads is None:
        return _analyse(data, options)
    with threadpool_limits(limits=options.blas_threads, user_api="blas"):
        return _analyse(data, options)


def _analyse(data: SortData, options: AnalysisOptions) -> AnalysisResult:
    timings: dict[str, float] = {}
    cpu_timings: dict[str, float] = {}
    clock = time.perf_counter()
    cpu_clock = time.process_time()

    def lap(name: str) -> None:
        nonlocal clock, cpu_clock
        now, cpu_now = time.perf_counter(), time.process_time()
        timings[name] = now - clock
        cpu_timings[name] = cpu_now - cpu_clock
        clock, cpu_clock = now, cpu_now

    data = _canonical(data)
    quality = quality_flags(data, options=options)
    included = [i for i, q in enumerate(quality) if not q.excluded]
    if not included:
        reasons = sorted({r for q in quality for r in q.reasons})
        raise ValueError(
            f"no participants left to analyse: all {len(quality)} are excluded "
            f"({', '.join(reasons) or 'no sorts'}); re-include some or change the exclusion rules"
        )
    sub = data.select_participants(included)
    n_p = sub.n_participants
    lap("quality")

    sim_top = similarity_matrix(sub, level="top")
    has_subgroups = sub.group_parents is not None and any(
        x >= 0 for parents in sub.group_parents for x in parents
    )
    sim_deep = similarity_matrix(sub, level="deep") if has_subgroups else sim_top
    active = np.nonzero(sub.placed.any(axis=0))[0].astype(np.int64)
    if active.size == 0:
        raise ValueError("nobody placed any card in a group; there is nothing to analyse")
    s_act = sim_top.similarity[np.ix_(active, active)]
    clustering = cluster_cards(s_act, method=options.method)
    inactive = np.setdiff1d(np.arange(sub.n_cards), active)
    order = np.concatenate([active[clustering.order], inactive]).astype(np.int64)
    lap("similarity_clustering")

    top_assign = sub.top_assignments()[:, active]
    deep_assign = sub.assignments[:, active]
    index = GroupIndex.build(top_assign)
    if active.size >= 2:
        partition = choose_partition(
            clustering.linkage,
            1.0 - s_act,
            index,
            n_groups=options.n_groups,
            prior=options.group_prior,
            refine=options.refine,
            parsimony=options.k_parsimony,
            prior_weight=options.group_prior_weight,
        )
    else:
        if options.n_groups not in (None, 1):
            raise ValueError(f"cannot make {options.n_groups} groups from 1 sorted card")
        partition = PartitionChoice(
            np.zeros(1, np.int64), 1, options.n_groups is None, {1: 1.0}, {}, 1.0, math.nan, 0
        )
    partition = _canonical_partition(partition, clustering.order)
    k = partition.k
    labels = partition.labels
    children = _second_level(
        labels,
        k,
        sim_deep.similarity[np.ix_(active, active)],
        deep_assign,
        options,
        refine=options.refine and n_p * active.size <= options.refine_resamples_max_placements,
    )
    lap("consensus")

    # -- stability ------------------------------------------------------------------------------
    iu = np.triu_indices(active.size, k=1)
    full_condensed = s_act[iu]
    group_stability = np.full(k, np.nan)
    confidence = np.full(active.size, np.nan)
    expected_ari = math.nan
    child_stability: dict[int, FloatArray] = {
        i: np.full(int(c.max()) + 1, np.nan) for i, c in children.items()
    }
    curve: SampleSizeCurve | None = None
    larger: tuple[list[int], list[FloatArray], list[float]] = ([], [], [])
    resamples = options.n_resamples if n_p >= 2 and active.size >= 2 else 0
    if resamples:
        top_pairs = PairCounts(top_assign)
        deep_pairs = PairCounts(deep_assign) if has_subgroups else None
        common = {
            "top_pairs": top_pairs,
            "deep_pairs": deep_pairs,
            "reference": labels,
            "k": k,
            "method": options.method,
            "full_similarity": full_condensed,
            "index": index,
            "children": children,
            "refine": options.refine
            and n_p * active.size <= options.refine_resamples_max_placements,
        }
        weights = bootstrap_weights(n_p, n_p, resamples, options.random_state)
        boot = resample_partitions(weights, **common)  # type: ignore[arg-type]
        group_stability = boot.group_jaccard.mean(axis=0)
        confidence = boot.card_follows.mean(axis=0)
        expected_ari = float(np.nanmean(boot.ari)) if np.isfinite(boot.ari).any() else math.nan
        child_stability = {i: boot.child_jaccard[i].mean(axis=0) for i in children}
        lap("bootstrap")
        # The curve costs as much again as the bootstrap; it is drawn only when the verdict
        # needs it (the bootstrap alone does not say "enough") or when asked for.
        already_enough = bool(
            np.all(group_stability >= options.stable_threshold)
            and np.isfinite(expected_ari)
            and expected_ari >= options.enough_ari
        )
        wanted = options.curve_always or (options.sample_size_curve and not already_enough)
        if wanted and options.curve_repeats > 0 and n_p >= 3:
            below, above = curve_sizes(n_p)
            rows: dict[int, ResampleStats] = {}
            sizes_drawn = below + above
            repeats = options.curve_repeats
            stacked = np.vstack(
                [
                    bootstrap_weights(n_p, size, repeats, options.random_state + size)
                    for size in sizes_drawn
                ]
            )
            # One pass over the pair matrix for every team size at once.
            every = resample_partitions(stacked, **{**common, "children": {}})  # type: ignore[arg-type]
            for i, size in enumerate(sizes_drawn):
                part = slice(i * repeats, (i + 1) * repeats)
                rows[size] = ResampleStats(
                    every.ari[part],
                    every.group_jaccard[part],
                    every.card_follows[part],
                    every.matrix_correlation[part],
                )
            rows[n_p] = boot
            sizes = sorted(rows)
            curve = SampleSizeCurve(
                sizes=tuple(sizes),
                matrix_correlation=tuple(_nanmean(rows[m].matrix_correlation) for m in sizes),
                partition_ari=tuple(_nanmean(rows[m].ari) for m in sizes),
                group_stability=tuple(
                    tuple(float(x) for x in rows[m].group_jaccard.mean(axis=0)) for m in sizes
                ),
            )
            larger = (
                above,
                [rows[m].group_jaccard.mean(axis=0) for m in above],
                [_nanmean(rows[m].ari) for m in above],
            )
            lap("sample_size_curve")

    # -- names -------------------------------------------------------------------------------------
    smap = StandardisationMap(options.standardisation or {})
    std = standardise(sub, smap)
    fit = _card_fit(labels, s_act, top_assign)
    weak = fit < options.min_card_fit
    if resamples:
        weak |= confidence < options.min_card_confidence
    # Asked for K folders (--groups K), the coordinator gets a complete partition into K
    # folders: weak cards stay in their folder and are marked (``low_fit``), never set apart.
    forced = options.n_groups is not None
    unassigned_mask = np.zeros_like(weak) if forced else weak
    tree = _build_tree(
        sub=sub,
        active=active,
        clustering_order=clustering.order,
        labels=labels,
        k=k,
        children=children,
        s_top=s_act,
        s_deep=sim_deep.similarity[np.ix_(active, active)],
        top_assign=top_assign,
        deep_assign=deep_assign,
        std=std,
        group_stability=group_stability,
        child_stability=child_stability,
        unassigned=unassigned_mask,
        inactive=inactive,
        unnamed=options.unnamed_label,
    )
    lap("tree")

    # -- participants ---------------------------------------------------------------------------
    pair_ari = pairwise_participant_ari(index)
    with np.errstate(invalid="ignore"):
        off = pair_ari.copy()
        np.fill_diagonal(off, np.nan)
        mean_ari = np.array([_nanmean(row) for row in off]) if n_p > 1 else np.full(n_p, math.nan)
    ranking = sorted(range(n_p), key=lambda i: (-np.nan_to_num(mean_ari[i], nan=-2.0), i))
    rank_of = {i: r + 1 for r, i in enumerate(ranking)}
    consensus_ari = index.participant_ari(labels, n_clusters=k)
    clusters: ParticipantClusters | None = None
    if 4 <= n_p <= options.max_pairwise_participants:
        clusters = participant_clusters(index)
    reports = []
    position = {p: i for i, p in enumerate(included)}
    for p, q in enumerate(quality):
        j = position.get(p)
        reports.append(
            ParticipantReport(
                name=q.participant,
                quality=q,
                mean_ari=math.nan if j is None else float(mean_ari[j]),
                rank=None if j is None else rank_of[j],
                cluster=None
                if j is None or clusters is None or clusters.labels[j] < 0
                else int(clusters.labels[j]),
                consensus_ari=math.nan if j is None else float(consensus_ari[j]),
            )
        )
    shown_sorts = list(ranking[:3])
    if clusters is not None and clusters.k >= 2:
        shown_sorts += [m for m in clusters.medoids if m not in shown_sorts]
    examples = _example_sorts(sub, shown_sorts)
    lap("participants")

    aam = tuple(actual_agreement(top_assign))
    placements = None
    if sub.kind in ("closed", "hybrid") or std.categories:
        # Open sorts too: standardised categories x cards, OptimalSort's "popular placements".
        placements = popular_placements(sub, std, second_location_min=options.second_location_min)
    suggestions = _suggestions(std, options.label_merge_threshold)
    lap("labels_aam_placements")

    # Partition groups by their folder names; a group whose every card was set apart is no
    # folder, so the verdict does not name it (its cards are listed apart).
    group_names = _partition_names(labels, active, sub.card_keys, tree)
    verdict = make_verdict(
        n_participants=n_p,
        kind=sub.kind,
        group_names=group_names,
        group_stability=[float(x) for x in group_stability] if resamples else [],
        expected_ari=expected_ari,
        larger_sizes=larger[0],
        larger_stability=[[float(x) for x in row] for row in larger[1]],
        larger_ari=larger[2],
        stable_threshold=options.stable_threshold,
        enough_ari=options.enough_ari,
    )
    warnings: list[dict[str, str]] = []
    if verdict.status not in ("small", "unknown"):
        small = small_sample_warning(n_p, sub.kind)
        if small:
            warnings.append({"code": "small_sample", **small})
    low_fit = tuple(sub.card_keys[active[i]] for i in np.nonzero(weak & ~unassigned_mask)[0])
    if low_fit:
        warnings.append(_low_fit_warning(low_fit, sub.card_keys, sub.card_labels))
    if n_p > options.max_pairwise_participants:
        warnings.append(
            {
                "code": "participant_clusters_skipped",
                "en": f"Participant clusters skipped: more than "
                f"{options.max_pairwise_participants} participants.",
                "nl": f"Deelnemersclusters overgeslagen: meer dan "
                f"{options.max_pairwise_participants} deelnemers.",
            }
        )
    if inactive.size:
        warnings.append(
            {
                "code": "cards_never_sorted",
                "en": f"{inactive.size} card(s) were never placed in a group by anyone.",
                "nl": f"{inactive.size} kaart(en) zijn door niemand op een stapel gelegd.",
            }
        )
    keys = sub.card_keys
    return AnalysisResult(
        card_keys=keys,
        card_labels=sub.card_labels,
        kind=sub.kind,
        participants=tuple(reports),
        sample_size=n_p,
        similarity=sim_top,
        clustering=clustering,
        active_cards=active,
        order=order,
        partition=partition,
        consensus=tree,
        card_fit={keys[a]: float(fit[i]) for i, a in enumerate(active.tolist())},
        card_confidence={keys[a]: float(confidence[i]) for i, a in enumerate(active.tolist())},
        low_fit=low_fit,
        example_sorts=examples,
        expected_ari=expected_ari,
        bootstrap_resamples=resamples,
        curve=curve,
        verdict=verdict,
        labels=std,
        label_suggestions=tuple(suggestions),
        placements=placements,
        participant_clusters=clusters,
        aam=aam,
        warnings=tuple(warnings),
        options=options,
        timings=timings,
        cpu_timings=cpu_timings,
    )


def _example_sorts(
    sub: SortData, people: list[int]
) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Top-level piles of some participants, largest first, cards in card-label order."""
    top = sub.top_assignments()
    out: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {}
    for p in people:
        piles: dict[int, list[str]] = {}
        for c in sorted(range(sub.n_cards), key=lambda c: sub.card_labels[c]):
            g = int(top[p, c])
            if g >= 0:
                piles.setdefault(g, []).append(sub.card_labels[c])
        labels = sub.group_labels[p]
        ordered = sorted(piles.items(), key=lambda t: (-len(t[1]), t[0]))
        out[sub.participants[p]] = tuple(
            ((labels[g] if g < len(labels) else "").strip() or "–", tuple(cards))
            for g, cards in ordered
        )
    return out


def _nanmean(values: npt.NDArray[Any]) -> float:
    values = np.asarray(values, dtype=np.float64)
    ok = values[~np.isnan(values)]
    return float(ok.mean()) if ok.size else math.nan


def _canonical_partition(partition: PartitionChoice, leaf_order: IntArray) -> PartitionChoice:
    """Number groups by their first card in the seriated (dendrogram) order."""
    first_seen = canonical_labels(partition.labels[leaf_order])
    mapping = {}
    for old, new in zip(partition.labels[leaf_order].tolist(), first_seen.tolist(), strict=True):
        mapping[old] = new
    labels = np.array([mapping[x] for x in partition.labels.tolist()], dtype=np.int64)
    return PartitionChoice(
        labels=labels,
        k=partition.k,
        automatic=partition.automatic,
        scores=partition.scores,
        silhouettes=partition.silhouettes,
        mean_ari=partition.mean_ari,
        silhouette=partition.silhouette,
        moves=partition.moves,
    )


def _second_level(
    labels: IntArray,
    k: int,
    s_deep: FloatArray,
    deep_assign: npt.NDArray[np.int32],
    options: AnalysisOptions,
    *,
    refine: bool,
) -> dict[int, IntArray]:
    """Child labels for each top group that is large and whose sub-tree agrees."""
    out: dict[int, IntArray] = {}
    for group in range(k):
        members = np.nonzero(labels == group)[0]
        if members.size < options.subgroup_min_size:
            continue
        sub_s = s_deep[np.ix_(members, members)]
        sub_clustering = cluster_cards(sub_s, method=options.method, optimal_ordering=False)
        sub_index = GroupIndex.build(deep_assign[:, members])
        hi = min(options.subgroup_max, members.size // 2)
        if hi < 2:
            continue
        choice = choose_partition(
            sub_clustering.linkage,
            1.0 - sub_s,
            sub_index,
            prior=(2, hi),
            max_groups=hi,
            refine=refine,
            with_silhouette=False,
            parsimony=options.k_parsimony,
        )
        if choice.k < 2 or np.isnan(choice.mean_ari) or choice.mean_ari < options.subgroup_min_ari:
            continue
        if np.bincount(choice.labels).min() < 2:
            continue
        child = np.full(labels.size, -1, dtype=np.int64)
        child[members] = canonical_labels(choice.labels)
        out[group] = child
    return out


def _card_fit(labels: IntArray, s: FloatArray, top_assign: npt.NDArray[np.int32]) -> FloatArray:
    """Mean similarity of each card with the other cards of its group.

    A card alone in its group: the share of participants who placed it that also put it alone.
    """
    fit = np.zeros(labels.size)
    sizes = np.bincount(labels, minlength=int(labels.max()) + 1)
    same = labels[:, None] == labels[None, :]
    totals = (s * same).sum(axis=1) - 1.0
    for c in range(labels.size):
        n = sizes[labels[c]]
        if n >= 2:
            fit[c] = totals[c] / (n - 1)
    singles = np.nonzero(sizes[labels] == 1)[0]
    for c in singles.tolist():
        placed = top_assign[:, c] >= 0
        if not placed.any():
            continue
        alone = 0
        for p in np.nonzero(placed)[0].tolist():
            alone += int(np.count_nonzero(top_assign[p] == top_assign[p, c]) == 1)
        fit[c] = alone / int(placed.sum())
    return fit


def _agreement(members: IntArray, s: FloatArray, assign: npt.NDArray[np.int32]) -> float:
    if members.size == 0:
        return math.nan
    if members.size == 1:
        c = int(members[0])
        placed = np.nonzero(assign[:, c] >= 0)[0]
        if placed.size == 0:
            return math.nan
        alone = sum(int(np.count_nonzero(assign[p] == assign[p, c]) == 1) for p in placed.tolist())
        return alone / placed.size
    sub = s[np.ix_(members, members)]
    iu = np.triu_indices(members.size, k=1)
    return float(sub[iu].mean())


def _name_scores(
    node_members: list[IntArray],
    assign: npt.NDArray[np.int32],
    category_of: list[npt.NDArray[np.int64]],
) -> list[dict[int, float]]:
    """Per node, standard category -> sum of Jaccard overlaps of participant groups carrying it.

    A participant group counts for a node when it overlaps at least a third (Jaccard, on the
    cards that participant placed). Vectorised: one product of the group one-hot matrix with the
    node one-hot matrix.
    """
    index = GroupIndex.build(assign)
    n_nodes = len(node_members)
    node_onehot = np.zeros((assign.shape[1], n_nodes), dtype=np.float32)
    for n, members in enumerate(node_members):
        node_onehot[members, n] = 1.0
    inter = np.asarray(index.dense() @ node_onehot, dtype=np.float64)  # (G, nodes)
    in_node = np.asarray(index.placed.astype(np.float32) @ node_onehot, dtype=np.float64)
    union = index.group_sizes()[:, None] + in_node[index.owner] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0)
    cat = np.full(index.n_groups, -1, dtype=np.int64)
    for g, (p, local) in enumerate(zip(index.owner.tolist(), index.local.tolist(), strict=True)):
        cats = category_of[p]
        if local < cats.size:
            cat[g] = cats[local]
    groups, nodes = np.nonzero((jaccard >= 1 / 3) & (cat[:, None] >= 0))
    sums = np.zeros((n_nodes, max(1, int(cat.max()) + 1)))
    np.add.at(sums, (nodes, cat[groups]), jaccard[groups, nodes])
    # Per participant and rounded, so a team sorted twice over names folders the same way
    # (float sums in another order must not flip a tie).
    sums = np.round(sums / max(1, assign.shape[0]), 9)
    out: list[dict[int, float]] = []
    for n in range(n_nodes):
        used = np.nonzero(sums[n] > 0)[0]
        out.append({int(c): float(sums[n, c]) for c in used})
    return out


def _pick_names(
    scores: list[dict[int, float]], names: tuple[str, ...], taken: set[str], fallback: list[str]
) -> list[tuple[str, tuple[str, ...]]]:
    """Give each node its best free name (greedy by score), alternatives = runners-up."""
    ranked = [sorted(s.items(), key=lambda t: (-t[1], names[t[0]])) for s in scores]
    result: list[tuple[str, tuple[str, ...]] | None] = [None] * len(scores)
    order = sorted(range(len(scores)), key=lambda n: -(ranked[n][0][1] if ranked[n] else 0.0))
    used = {normalise_label(t) for t in taken}
    for n in order:
        # Names as folders: "IB / zorg" becomes "IB - zorg", never "IB _ zorg" later on.
        candidates = list(dict.fromkeys(f for c, _ in ranked[n] if (f := folder_name(names[c]))))
        label = next((c for c in candidates if normalise_label(c) not in used), None)
        if label is None:
            label = fallback[n]
        used.add(normalise_label(label))
        alternatives = tuple(c for c in candidates if c != label)[:3]
        result[n] = (label, alternatives)
    return [r if r is not None else (fallback[i], ()) for i, r in enumerate(result)]


def _build_tree(
    *,
    sub: SortData,
    active: IntArray,
    clustering_order: IntArray,
    labels: IntArray,
    k: int,
    children: dict[int, IntArray],
    s_top: FloatArray,
    s_deep: FloatArray,
    top_assign: npt.NDArray[np.int32],
    deep_assign: npt.NDArray[np.int32],
    std: StandardisedLabels,
    group_stability: FloatArray,
    child_stability: dict[int, FloatArray],
    unassigned: npt.NDArray[np.bool_],
    inactive: IntArray,
    unnamed: str,
) -> ConsensusTree:
    keys = sub.card_keys
    card_labels = sub.card_labels
    position = np.empty(active.size, dtype=np.int64)
    position[clustering_order] = np.arange(active.size)
    cat_names = tuple(c.name for c in std.categories)
    top_category = _top_categories(sub, std)
    deep_category = [np.array(c, dtype=np.int64) for c in std.group_category]

    groups = []
    for g in range(k):
        members = np.nonzero((labels == g) & ~unassigned)[0]
        members = members[np.argsort(position[members], kind="stable")]
        if members.size:
            groups.append((g, members))
    top_scores = _name_scores([m for _, m in groups], top_assign, top_category)
    fallback = [unnamed.format(n=i + 1) for i in range(len(groups))]
    top_names = _pick_names(top_scores, cat_names, set(), fallback)
    nodes = []
    for (g, members), (label, alternatives) in zip(groups, top_names, strict=True):
        kids: list[ConsensusNode] = []
        if g in children:
            child_labels = children[g]
            kid_sets = []
            for c in range(int(child_labels.max()) + 1):
                kid = members[child_labels[members] == c]
                if kid.size:
                    kid_sets.append((c, kid))
            if len(kid_sets) >= 2:
                kid_scores = _name_scores([m for _, m in kid_sets], deep_assign, deep_category)
                kid_fallback = [f"{label} {i + 1}" for i in range(len(kid_sets))]
                kid_names = _pick_names(kid_scores, cat_names, {label}, kid_fallback)
                for (c, kid), (kid_label, kid_alt) in zip(kid_sets, kid_names, strict=True):
                    kids.append(
                        ConsensusNode(
                            label=kid_label,
                            alternatives=kid_alt,
                            card_keys=tuple(keys[active[i]] for i in kid),
                            card_labels=tuple(card_labels[active[i]] for i in kid),
                            agreement=_agreement(kid, s_deep, deep_assign),
                            stability=float(child_stability[g][c]),
                        )
                    )
        nodes.append(
            ConsensusNode(
                label=label,
                alternatives=alternatives,
                card_keys=tuple(keys[active[i]] for i in members),
                card_labels=tuple(card_labels[active[i]] for i in members),
                agreement=_agreement(members, s_top, top_assign),
                stability=float(group_stability[g]),
                children=tuple(kids),
            )
        )
    left_out = [
        keys[active[i]] for i in np.nonzero(unassigned)[0][np.argsort(position[unassigned])]
    ]
    left_out += [keys[i] for i in inactive.tolist()]
    return ConsensusTree(groups=tuple(nodes), unassigned=tuple(left_out))


def _top_categories(sub: SortData, std: StandardisedLabels) -> list[npt.NDArray[np.int64]]:
    """Category of each top-level group; an unnamed parent takes nothing from its children."""
    return [np.array(c, dtype=np.int64) for c in std.group_category]


def _partition_names(
    labels: IntArray,
    active: IntArray,
    keys: tuple[str, ...],
    tree: ConsensusTree,
) -> list[str | None]:
    """Folder name of each partition group; ``None`` when all its cards were set apart."""
    owner = {k: node.label for node in tree.groups for k in node.card_keys}
    names: list[str | None] = []
    for g in range(int(labels.max()) + 1):
        members = [keys[active[i]] for i in np.nonzero(labels == g)[0].tolist()]
        found = [owner[m] for m in members if m in owner]
        names.append(found[0] if found else None)
    return names


def _low_fit_warning(
    low_fit: tuple[str, ...], keys: tuple[str, ...], card_labels: tuple[str, ...]
) -> dict[str, str]:
    label_of = dict(zip(keys, card_labels, strict=True))
    shown = [f"“{label_of[k]}”" for k in low_fit[:5]]
    more = len(low_fit) - len(shown)
    listed = ", ".join(shown)
    return {
        "code": "low_fit_cards",
        "en": f"{len(low_fit)} card(s) fit their folder poorly and stay there because you asked "
        f"for a fixed number of folders: {listed}" + (f" and {more} more" if more else "") + ".",
        "nl": f"{len(low_fit)} kaart(en) passen slecht in hun map en blijven er omdat je om een "
        f"vast aantal mappen vroeg: {listed}" + (f" en nog {more}" if more else "") + ".",
    }


def _suggestions(std: StandardisedLabels, threshold: float) -> list[LabelMergeSuggestion]:
    """Merge suggestions among the current standard categories (after the map is applied)."""
    return suggest_label_merges(
        [c.key for c in std.categories],
        threshold=threshold,
        counts={c.key: c.participants for c in std.categories},
        cards={c.key: frozenset(c.card_keys) for c in std.categories},
    )
