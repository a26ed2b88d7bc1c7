"""The Textual user interface: the teacher's sorting app and the coordinator's app.

Only this package and :mod:`cardsort.cli` import Textual (import-linter enforces it).
"""
