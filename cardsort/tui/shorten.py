"""Card names made to fit a narrow pile without two cards looking the same.

A name that fits is shown as it is. A longer one is cut at the end with "…". When two cut
names would read the same ("Kopie van Jaarpl…" twice), they keep their head *and* their tail
("Kopie van…2023-2024" / "Kopie van…2024-2025"); names that still look alike (they differ only
in the middle, or are the same name twice) get a number. Pure functions: no Textual.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rich.cells import cell_len

__all__ = ["ELLIPSIS", "fit", "short_labels"]

ELLIPSIS = "…"


def _head(text: str, width: int) -> str:
    """The longest start of ``text`` that is at most ``width`` cells wide."""
    out = []
    used = 0
    for char in text:
        size = cell_len(char)
        if used + size > width:
            break
        out.append(char)
        used += size
    return "".join(out)


def _tail(text: str, width: int) -> str:
    """The longest end of ``text`` that is at most ``width`` cells wide."""
    return _head(text[::-1], width)[::-1]


def fit(label: str, width: int) -> str:
    """``label`` if it fits in ``width`` cells, else its start and "…"."""
    if cell_len(label) <= width:
        return label
    return _head(label, max(0, width - 1)) + ELLIPSIS


def _head_and_tail(label: str, width: int, tail: int) -> str:
    if cell_len(label) <= width:
        return label
    end = _tail(label, tail)
    return _head(label, max(0, width - 1 - cell_len(end))) + ELLIPSIS + end


def short_labels(labels: Sequence[str], width: int) -> list[str]:
    """Every label at most ``width`` cells wide, distinct wherever the labels are distinct.

    Labels that are the same string stay distinguishable too: the second and later ones are
    numbered (``…(2)``). Only below about 6 cells can names be too short to tell apart.
    """
    width = max(1, width)
    shown = [fit(label, width) for label in labels]
    for _ in range(3):
        clashes: dict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(shown):
            clashes[text].append(index)
        groups = [group for group in clashes.values() if len(group) > 1]
        if not groups:
            return shown
        for group in groups:
            _settle(labels, shown, group, width)
    return shown


def _settle(labels: Sequence[str], shown: list[str], group: list[int], width: int) -> None:
    """Make the shown texts of one group of look-alikes differ."""
    names = [labels[i] for i in group]
    if len(set(names)) == len(names):
        # Keep the head and the shortest tail that tells them apart: a whole last word or
        # two ("…2023-2024") where that leaves a few cells of head, else any tail.
        longest = max(len(name) for name in names)
        words = [
            t
            for t in range(1, min(longest, width - 4))
            if any(len(n) > t and n[-t - 1].isspace() for n in names)
        ]
        for tail in [*words, *range(1, width)]:
            tried = [_head_and_tail(name, width, tail) for name in names]
            if len(set(tried)) == len(tried):
                for index, text in zip(group, tried, strict=True):
                    shown[index] = text
                return
    # Same names, or they differ only in the middle: the second and later are numbered.
    for number, index in enumerate(group, start=1):
        label = labels[index]
        if number == 1:
            shown[index] = fit(label, width)
            continue
        mark = f"({number})"
        room = width - cell_len(mark)
        base = label if cell_len(label) <= room else _head(label, max(0, room - 1)) + ELLIPSIS
        shown[index] = base + mark
