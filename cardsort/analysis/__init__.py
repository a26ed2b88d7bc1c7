"""Pure card-sort analysis: numpy, scipy and scikit-learn only; no I/O and no UI."""
