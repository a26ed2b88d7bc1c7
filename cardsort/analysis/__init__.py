"""Pure card-sort analysis: numpy, scipy and scikit-learn only; no I/O and no UI.

The entry point is :func:`analyse` (``SortData`` in, ``AnalysisResult`` out); the building blocks
are public too, scikit-learn style: keyword-only parameters, ``ValueError`` on bad input,
ndarrays and frozen dataclasses out.
"""

from cardsort.analysis._data import KINDS, ConsensusNode, ConsensusTree, SortData
from cardsort.analysis._options import LINKAGE_METHODS, QUALITY_FLAGS, AnalysisOptions

__all__ = [
    "KINDS",
    "LINKAGE_METHODS",
    "QUALITY_FLAGS",
    "AnalysisOptions",
    "ConsensusNode",
    "ConsensusTree",
    "SortData",
]
