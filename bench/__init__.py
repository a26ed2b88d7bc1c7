"""Benchmarks: speed and memory targets, each printed with a baseline measured in the same run."""
