"""From the store to the analysis: a study's sorts as :class:`~cardsort.analysis.SortData`.

This is the one place where stored sorts meet the pure analysis. It applies the study's label
standardisation map to the participants' group labels (a split entry for one participant's
group beats a study-wide entry), and turns the stored exclusions into analysis options, so the
analysis itself can report who was left out and why (every exclusion stays visible and
reversible).

Only finished sorts are analysed by default: a sort still in progress (one card of 64 placed)
would count as a whole opinion. Those left out for that are listed in
:attr:`StudyData.unfinished`, so every view can say who is not counted and why;
``finished_only=False`` counts them anyway.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from cardsort.analysis import AnalysisOptions, SortData
from sessions.analysis_store import ExclusionState, exclusion_state, label_key, label_map
from sessions.cards import cards_of
from sessions.models import Participant, PlacementState, Study
from sessions.store import Store
from sessions.studies import load_sort, participants_of

__all__ = ["StudyData", "load_study_data"]


@dataclass(frozen=True)
class StudyData:
    """A study's sorts ready for the analysis, and what the store says about exclusions."""

    study: Study
    data: SortData
    participant_ids: tuple[int, ...]  # aligned with data.participants
    exclusions: ExclusionState
    relabelled: int  # group labels the standardisation map changed
    skipped: tuple[str, ...]  # participants with nothing placed yet
    unfinished: tuple[str, ...] = ()  # left out because they have not finished (by default)

    def participant_names(self, ids: frozenset[int]) -> frozenset[str]:
        """Names of the given participant ids that are part of the data."""
        return frozenset(
            name
            for name, pid in zip(self.data.participants, self.participant_ids, strict=True)
            if pid in ids
        )

    def options(self, **overrides: Any) -> AnalysisOptions:
        """Analysis options carrying the stored exclusions (``overrides`` for everything else)."""
        defaults = AnalysisOptions()
        flags = (set(defaults.exclude_flags) - set(self.exclusions.rules_off)) | set(
            self.exclusions.rules
        )
        settings: dict[str, Any] = {
            "exclude_flags": frozenset(flags),
            "exclude_participants": self.participant_names(self.exclusions.excluded),
            "include_participants": self.participant_names(self.exclusions.included),
        }
        settings.update(overrides)
        return AnalysisOptions(**settings)


def _standardiser(store: Store, study_id: int) -> Any:
    scoped: dict[tuple[int, str | None, str], str] = {}
    general: dict[str, str] = {}
    for entry in label_map(store, study_id):
        if entry.participant_id is None:
            general[entry.raw] = entry.standard
        else:
            scoped[(entry.participant_id, entry.group_key, entry.raw)] = entry.standard

    def standard(participant_id: int, group_key: str, label: str) -> str:
        key = label_key(label)
        for lookup in ((participant_id, group_key, key), (participant_id, None, key)):
            if lookup in scoped:
                return scoped[lookup]
        return general.get(key, label)

    return standard


def load_study_data(store: Store, study: Study, *, finished_only: bool = True) -> StudyData:
    """Finished sorts as SortData (``finished_only=False``: everybody who placed a card)."""
    cards = cards_of(store, study_id=study.id)
    column = {card.id: index for index, card in enumerate(cards)}
    standard = _standardiser(store, study.id)
    rows: list[np.ndarray[Any, Any]] = []
    unsure_rows: list[np.ndarray[Any, Any]] = []
    shown_rows: list[np.ndarray[Any, Any]] = []
    labels: list[tuple[str, ...]] = []
    parents: list[tuple[int, ...]] = []
    durations: list[float] = []
    people: list[Participant] = []
    skipped: list[str] = []
    relabelled = 0
    unfinished: list[str] = []
    for participant in participants_of(store, study.id):
        sort = load_sort(store, participant.id)
        if not any(p.state is PlacementState.PLACED for p in sort.placements):
            skipped.append(participant.name)
            continue
        if finished_only and not participant.finished:
            unfinished.append(participant.name)
            continue
        index = {group.key: n for n, group in enumerate(sort.groups)}
        parent_of = {group.key: group.parent_key for group in sort.groups}

        def top_two(key: str, parent_of: dict[str, str | None] = parent_of) -> str:
            # SortData allows one level of subgroups: deeper groups count as their
            # second-level ancestor.
            path = [key]
            while parent_of[path[-1]] is not None:
                path.append(parent_of[path[-1]])  # type: ignore[arg-type]
            return path[-2] if len(path) >= 2 else path[0]

        row = np.full(len(cards), -1, dtype=np.int32)
        unsure = np.zeros(len(cards), dtype=bool)
        shown = np.zeros(len(cards), dtype=bool)
        for card_id in participant.card_order:
            if card_id in column:
                shown[column[card_id]] = True
        for placement in sort.placements:
            if placement.card_id not in column:
                continue
            c = column[placement.card_id]
            shown[c] = True
            if placement.group_key is not None:
                row[c] = index[top_two(placement.group_key)]
            elif placement.state is PlacementState.UNSURE:
                unsure[c] = True
        group_labels = []
        for group in sort.groups:
            new = standard(participant.id, group.key, group.label)
            relabelled += new != group.label
            group_labels.append(new)
        group_parents = []
        for group in sort.groups:
            if group.parent_key is None:
                group_parents.append(-1)
            else:
                path = [group.key]
                while parent_of[path[-1]] is not None:
                    path.append(parent_of[path[-1]])  # type: ignore[arg-type]
                group_parents.append(index[path[-1]])
        rows.append(row)
        unsure_rows.append(unsure)
        shown_rows.append(shown)
        labels.append(tuple(group_labels))
        parents.append(tuple(group_parents))
        durations.append(participant.duration_s if participant.duration_s is not None else math.nan)
        people.append(participant)
    n_cards = len(cards)
    shown_matrix = np.array(shown_rows, dtype=bool).reshape(len(people), n_cards)
    data = SortData(
        card_keys=tuple(card.key for card in cards),
        card_labels=tuple(card.label for card in cards),
        participants=tuple(p.name for p in people),
        assignments=np.array(rows, dtype=np.int32).reshape(len(people), n_cards),
        group_labels=tuple(labels),
        group_parents=tuple(parents) if any(x >= 0 for ps in parents for x in ps) else None,
        unsure=np.array(unsure_rows, dtype=bool).reshape(len(people), n_cards),
        shown=None if shown_matrix.all() else shown_matrix,
        durations=np.array(durations, dtype=np.float64),
        kind=study.kind.value,
        categories=tuple(
            r["label"]
            for r in store.conn.execute(
                "SELECT label FROM categories WHERE study_id = ? ORDER BY position", (study.id,)
            )
        ),
    )
    return StudyData(
        study=study,
        data=data,
        participant_ids=tuple(p.id for p in people),
        exclusions=exclusion_state(store, study.id),
        relabelled=relabelled,
        skipped=tuple(skipped),
        unfinished=tuple(unfinished),
    )
