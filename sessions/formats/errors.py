"""Why a file cannot be imported: the file, the line (or place in a JSON file) and the reason.

Every importer parses the whole file before anything is written, and collects the problems it
finds; the first few are shown together so a coordinator can fix the file in one go.
"""

from __future__ import annotations

from dataclasses import dataclass

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
        """``file:line: reason`` (or ``file (where): reason``)."""
        if self.line is not None:
            return f"{source}:{self.line}: {self.reason}"
        if self.where:
            return f"{source} ({self.where}): {self.reason}"
        return f"{source}: {self.reason}"


class FormatError(StoreError):
    """The file was refused; nothing was imported. ``problems`` holds every reason found."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        lines = [p.describe(source) for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"… and {len(self.problems) - MAX_LISTED} more problems")
        lines.append("Nothing was imported.")
        super().__init__("\n".join(lines))

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
