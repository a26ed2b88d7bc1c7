"""cardsort-drive: re-organise a school's shared drive by card sorting with the people who use it.

Importing this package loads nothing heavy: the CLI, the Textual UI and the analysis are
imported only where they are used.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
