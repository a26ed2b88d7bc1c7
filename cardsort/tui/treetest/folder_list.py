"""The folders one level below the open folder: folders only, never files.

Enter, → or a click opens a folder. A folder with folders inside shows a ▸, so the
participant sees where they can go deeper (in text, not only in colour).
"""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

__all__ = ["FolderList"]


class FolderList(OptionList):
    """One level of the tree."""

    def show(self, choices: list[tuple[str, str, bool]]) -> None:
        """Show ``(id, name, has subfolders)`` choices, the first highlighted."""
        self.clear_options()
        self.add_options(
            [
                Option(f"{'▸' if deeper else ' '} {name}", id=node_id)
                for node_id, name, deeper in choices
            ]
        )
        if choices:
            self.highlighted = 0
