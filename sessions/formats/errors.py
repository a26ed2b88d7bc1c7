"""Why a file cannot be imported: the file, the line (or place in a JSON file) and the reason.

Every importer parses the whole file before anything is written, and collects the problems it
finds; the first few are shown together so a coordinator can fix the file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass

from sessions.formats.messages import said
from sessions.store import StoreError

__all__ = ["FormatError", "Problem"]

#: How many problems one error message lists before it says "and N more".
MAX_LISTED = 12


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input file."""

    reason: str
    line: int | None = None
    where: str | None = None  # a place that is not a line, e.g. ``participants[2].groups``

    def describe(self, source: str) -> str:
        """``file:line: reason`` (or ``file (where): reason``), as a message."""
        if self.line is not None:
            return said("problem.line", source=source, line=self.line, reason=self.reason)
        if self.where:
            return said("problem.where", source=source, where=self.where, reason=self.reason)
        return said("problem.file", source=source, reason=self.reason)


class FormatError(StoreError):
    """The file was refused; nothing was imported. ``problems`` holds every reason found;
    :meth:`lines` says them as messages (``str(error)`` is their English)."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """The first problems, how many more there are, and that nothing was imported."""
        lines = [p.describe(self.source) for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(said("more_problems", count=len(self.problems) - MAX_LISTED))
        lines.append(said("nothing_imported"))
        return lines

    @classmethod
    def one(
        cls, source: str, reason: str, *, line: int | None = None, where: str | None = None
    ) -> FormatError:
        """An error with a single problem."""
        return cls(source, [Problem(reason, line, where)])

    @property
    def first(self) -> Problem:
        """The first problem (tests and the UI show it prominently)."""
        return self.problems[0]
