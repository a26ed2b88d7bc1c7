"""Tree-test flags and suggested edits in words, in Dutch or English, for every front end.

The CLI, the coordinator app and the HTML report say the same thing the same way.
"""

from __future__ import annotations

import math

from cardsort.i18n import Translator
from cardsort.treetest import Flag, SuggestedEdit, TreeTestResults, VariantSummary

__all__ = ["edit_text", "edits_of", "flag_text", "overall_text", "pct"]


def pct(value: float | None) -> str:
    """0.734 → '73 %'; unknown → '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.0f} %"


def overall_text(summary: VariantSummary, tr: Translator) -> str:
    """One tested version's overall line: participants, success with its interval, directness."""
    low, high = summary.success_ci
    return tr(
        "treetest.overall",
        variant=summary.variant,
        participants=summary.participants,
        pct=pct(summary.success),
        low=pct(low),
        high=pct(high),
        direct=pct(summary.directness),
    )


def edits_of(flags: list[Flag]) -> list[tuple[str, SuggestedEdit]]:
    """The suggested edits with their tested version, in the order shown (numbered from 1)."""
    seen: list[tuple[str, SuggestedEdit]] = []
    for flag in flags:
        for edit in flag.edits:
            if (flag.variant, edit) not in seen:
                seen.append((flag.variant, edit))
    return seen


def edit_text(edit: SuggestedEdit, tr: Translator) -> str:
    """An edit in words."""
    if edit.kind == "move":
        return tr("treetest.edit.move", card=edit.card_label, folder=edit.folder_label)
    if edit.new_name:
        return tr("treetest.edit.rename", folder=edit.folder_label, name=edit.new_name)
    return tr("treetest.edit.rename_free", folder=edit.folder_label)


def flag_text(flag: Flag, results: TreeTestResults, tr: Translator) -> str:
    """A flag in words (a task by its key and question)."""
    subject = flag.subject
    if flag.kind.startswith("task"):
        task = results.task_text[flag.subject]
        subject = f"{task.key} ({task.text(tr.lang)})"
    return tr(f"treetest.flag.{flag.kind}", subject=subject, value=pct(flag.value))
