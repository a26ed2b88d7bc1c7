"""Where the participant is in the tree: "Begin › Zorg › Groepsplannen"."""

from __future__ import annotations

from textual.widgets import Static

__all__ = ["Breadcrumb"]


class Breadcrumb(Static):
    """The trail of folders from the top down to the open one."""

    def show(self, top: str, trail: list[str]) -> None:
        """Show the trail (``top`` is the word for the top of the tree)."""
        self.update(" › ".join([top, *trail]))
