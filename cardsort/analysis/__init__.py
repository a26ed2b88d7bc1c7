"""Pure card-sort analysis: numpy, scipy and scikit-learn only; no I/O and no UI.

The entry point is :func:`analyse` (``SortData`` in, ``AnalysisResult`` out); the building blocks
are public too, scikit-learn style: keyword-only parameters, ``ValueError`` on bad input,
ndarrays and frozen dataclasses out.
"""

from cardsort.analysis._aam import AamNode, actual_agreement
from cardsort.analysis._analyse import AnalysisResult, ParticipantReport, analyse
from cardsort.analysis._data import KINDS, ConsensusNode, ConsensusTree, SortData
from cardsort.analysis._edit import (
    NodePath,
    find_card,
    merge_nodes,
    move_card,
    rename_node,
    score_tree,
)
from cardsort.analysis._labels import (
    LabelMergeSuggestion,
    StandardisationMap,
    StandardisedCategory,
    StandardisedLabels,
    normalise_label,
    spencer_agreement,
    standardise,
    suggest_label_merges,
)
from cardsort.analysis._linkage import Clustering, cluster_cards, cut_tree
from cardsort.analysis._options import LINKAGE_METHODS, QUALITY_FLAGS, AnalysisOptions
from cardsort.analysis._participants import (
    ParticipantClusters,
    edit_distances,
    pairwise_participant_ari,
    participant_clusters,
)
from cardsort.analysis._partition import PartitionChoice
from cardsort.analysis._placements import PlacementMatrix, popular_placements
from cardsort.analysis._quality import ParticipantQuality, quality_flags
from cardsort.analysis._similarity import SimilarityMatrix, similarity_matrix
from cardsort.analysis._simulate import simulate_sorts
from cardsort.analysis._stability import SampleSizeCurve
from cardsort.analysis._verdict import Verdict

__all__ = [
    "KINDS",
    "LINKAGE_METHODS",
    "QUALITY_FLAGS",
    "AamNode",
    "AnalysisOptions",
    "AnalysisResult",
    "Clustering",
    "ConsensusNode",
    "ConsensusTree",
    "LabelMergeSuggestion",
    "NodePath",
    "ParticipantClusters",
    "ParticipantQuality",
    "ParticipantReport",
    "PartitionChoice",
    "PlacementMatrix",
    "SampleSizeCurve",
    "SimilarityMatrix",
    "SortData",
    "StandardisationMap",
    "StandardisedCategory",
    "StandardisedLabels",
    "Verdict",
    "actual_agreement",
    "analyse",
    "cluster_cards",
    "cut_tree",
    "edit_distances",
    "find_card",
    "merge_nodes",
    "move_card",
    "normalise_label",
    "pairwise_participant_ari",
    "participant_clusters",
    "popular_placements",
    "quality_flags",
    "rename_node",
    "score_tree",
    "similarity_matrix",
    "simulate_sorts",
    "spencer_agreement",
    "standardise",
    "suggest_label_merges",
]
