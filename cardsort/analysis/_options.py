"""Tunable settings of :func:`cardsort.analysis.analyse` and their defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LINKAGE_METHODS", "QUALITY_FLAGS", "AnalysisOptions"]

LINKAGE_METHODS: tuple[str, ...] = ("average", "complete", "ward")
"""Supported linkage methods; ``average`` is UPGMA."""

QUALITY_FLAGS: tuple[str, ...] = (
    "all_in_one",
    "one_per_group",
    "too_fast",
    "single_character_labels",
    "mostly_unsorted",
)
"""Participant quality flags, in the order they are reported."""


@dataclass(frozen=True, kw_only=True)
class AnalysisOptions:
    """Settings of one analysis run. Every field has a sensible default.

    Parameters
    ----------
    method : {"average", "complete", "ward"}
        Linkage method (``average`` = UPGMA, the field's default).
    n_groups : int, optional
        Force this number of top-level groups (``--groups K``); ``None`` = automatic.
    group_prior : (int, int)
        Inclusive range of top-level group counts the automatic choice prefers (Righi's 7 ± 2).
        A soft preference: counts from 2 to twice the top are tried, see ``group_prior_weight``.
    group_prior_weight : float
        Mean-ARI penalty per group a count lies outside ``group_prior``; a team that clearly
        thinks in three groups still gets three folders.
    k_parsimony : float
        The automatic choice takes the smallest k whose mean ARI is within
        ``k_parsimony * (1 - best mean ARI)`` of the best: with noisy sorts the curve is flat
        past the true number of groups (planted-structure simulations), and a perfect score
        leaves no slack.
    refine : bool
        After cutting the tree, move single cards between groups while that raises the mean ARI
        with the participants (FreeSortR-style transfer step).
    subgroup_min_size : int
        A top-level folder needs at least this many cards to get second-level folders.
    subgroup_min_ari : float
        Mean ARI between the proposed split and the participants (restricted to the folder's
        cards) needed to accept second-level folders.
    subgroup_max : int
        Most second-level folders per folder.
    min_card_fit : float
        A card whose mean similarity with the other cards of its folder is below this goes to
        "unassigned".
    min_card_confidence : float
        A card that lands with its folder in fewer than this share of bootstrap resamples goes to
        "unassigned".
    n_resamples : int
        Bootstrap resamples over participants (0 disables stability).
    random_state : int
        Seed for the bootstrap and the sample-size curve.
    sample_size_curve : bool
        Compute the sample-size curve when the verdict needs it: only when the bootstrap does
        not already say "enough" (then the curve's larger-team draws say how many more sorts
        would help). ``False`` never computes it.
    curve_always : bool
        Compute the curve even when the verdict does not need it (``--curve``, for the report).
    curve_repeats : int
        Draws per team size on the sample-size curve.
    stable_threshold : float
        Group stability (mean bootstrap Jaccard) regarded as stable (Hennig: 0.75).
    enough_ari : float
        Expected bootstrap ARI regarded as "enough sorts".
    exclude_flags : frozenset of str
        Quality flags that exclude a participant automatically.
    exclude_participants, include_participants : frozenset of str
        Manual exclusions, and manual re-inclusions overriding flags (reversible).
    fast_fraction : float
        "Too fast": seconds per placed card below this fraction of the median.
    standardisation : Mapping[str, str], optional
        Normalised participant label -> standard category name (see
        :class:`~cardsort.analysis.StandardisationMap`); ``None`` = labels as normalised.
    label_merge_threshold : float
        rapidfuzz ``WRatio`` score (0-100) from which two labels are suggested for merging.
    second_location_min : int
        Closed/hybrid: placements in another category that make it a candidate second location.
    max_pairwise_participants : int
        Above this many participants the edit-distance participant clusters are skipped (pairwise
        optimal assignments grow with P²); the ARI ranking is always computed.
    unnamed_label : str
        Name for a folder no participant named; ``{n}`` is replaced by its number.
    refine_resamples_max_placements : int
        The transfer step is repeated inside every bootstrap resample only up to this many
        placements (participants x sorted cards); above it resamples compare plain tree cuts,
        which keeps 1,000 x 300 sorts within seconds (with that many sorts the transfer step
        rarely moves a card).
    blas_threads : int, optional
        BLAS threads during the analysis. One by default: the products here are small and
        many, and two OpenBLAS threads on a busy two-core machine were ten times slower than
        one (measured on ``X.T @ X``, 8,104 x 300). ``None`` leaves BLAS alone.
    """

    method: str = "average"
    n_groups: int | None = None
    group_prior: tuple[int, int] = (5, 9)
    group_prior_weight: float = 0.004
    refine: bool = True
    k_parsimony: float = 0.02
    subgroup_min_size: int = 8
    subgroup_min_ari: float = 0.3
    subgroup_max: int = 4
    min_card_fit: float = 0.25
    min_card_confidence: float = 0.5
    n_resamples: int = 200
    random_state: int = 0
    sample_size_curve: bool = True
    curve_always: bool = False
    curve_repeats: int = 20
    stable_threshold: float = 0.75
    enough_ari: float = 0.8
    exclude_flags: frozenset[str] = frozenset({"all_in_one", "one_per_group"})
    exclude_participants: frozenset[str] = frozenset()
    include_participants: frozenset[str] = frozenset()
    fast_fraction: float = 0.33
    standardisation: Mapping[str, str] | None = field(default=None)
    label_merge_threshold: float = 88.0
    second_location_min: int = 5
    max_pairwise_participants: int = 300
    unnamed_label: str = "Group {n}"
    refine_resamples_max_placements: int = 100_000
    blas_threads: int | None = 1

    def __post_init__(self) -> None:
        if self.method not in LINKAGE_METHODS:
            raise ValueError(
                f"method must be one of {', '.join(LINKAGE_METHODS)}; got {self.method!r}"
            )
        if self.n_groups is not None and (
            isinstance(self.n_groups, bool)
            or not isinstance(self.n_groups, int)
            or self.n_groups < 1
        ):
            raise ValueError(f"n_groups must be a positive whole number; got {self.n_groups!r}")
        lo, hi = self.group_prior
        if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
            raise ValueError(
                f"group_prior must be (low, high) with 1 <= low <= high; got {self.group_prior}"
            )
        for name in (
            "k_parsimony",
            "group_prior_weight",
            "subgroup_min_ari",
            "min_card_fit",
            "min_card_confidence",
            "stable_threshold",
            "enough_ari",
        ):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1; got {value}")
        for name in ("n_resamples", "curve_repeats", "second_location_min"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")
        if self.subgroup_min_size < 2 or self.subgroup_max < 2:
            raise ValueError("subgroup_min_size and subgroup_max must be at least 2")
        if self.blas_threads is not None and self.blas_threads < 1:
            raise ValueError("blas_threads must be at least 1 (or None)")
        if not 0.0 < self.fast_fraction <= 1.0:
            raise ValueError("fast_fraction must be in (0, 1]")
        if not 0.0 <= self.label_merge_threshold <= 100.0:
            raise ValueError("label_merge_threshold is a rapidfuzz score between 0 and 100")
        unknown = set(self.exclude_flags) - set(QUALITY_FLAGS)
        if unknown:
            raise ValueError(
                f"unknown quality flag(s) {sorted(unknown)}; known: {', '.join(QUALITY_FLAGS)}"
            )
        object.__setattr__(self, "exclude_flags", frozenset(self.exclude_flags))
        object.__setattr__(self, "exclude_participants", frozenset(self.exclude_participants))
        object.__setattr__(self, "include_participants", frozenset(self.include_participants))
        if self.standardisation is not None:
            object.__setattr__(self, "standardisation", dict(self.standardisation))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict of the settings, recorded in the analysis output."""
        return {
            "method": self.method,
            "n_groups": self.n_groups,
            "group_prior": list(self.group_prior),
            "group_prior_weight": self.group_prior_weight,
            "refine": self.refine,
            "k_parsimony": self.k_parsimony,
            "subgroup_min_size": self.subgroup_min_size,
            "subgroup_min_ari": self.subgroup_min_ari,
            "subgroup_max": self.subgroup_max,
            "min_card_fit": self.min_card_fit,
            "min_card_confidence": self.min_card_confidence,
            "n_resamples": self.n_resamples,
            "random_state": self.random_state,
            "sample_size_curve": self.sample_size_curve,
            "curve_always": self.curve_always,
            "curve_repeats": self.curve_repeats,
            "stable_threshold": self.stable_threshold,
            "enough_ari": self.enough_ari,
            "exclude_flags": sorted(self.exclude_flags),
            "exclude_participants": sorted(self.exclude_participants),
            "include_participants": sorted(self.include_participants),
            "fast_fraction": self.fast_fraction,
            "label_merge_threshold": self.label_merge_threshold,
            "second_location_min": self.second_location_min,
            "max_pairwise_participants": self.max_pairwise_participants,
            "refine_resamples_max_placements": self.refine_resamples_max_placements,
            "blas_threads": self.blas_threads,
        }
