"""Thirty teachers save complete sorts at the same moment, each in their own process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sessions.cards import NewCard, cards_of
from sessions.models import PlacementState
from sessions.store import Store
from sessions.studies import create_study, load_sort, participants_of

WORKER = r"""
import sys
from sessions.cards import cards_of
from sessions.models import Group, Placement, PlacementState, Sort
from sessions.store import Store
from sessions.studies import finish_participant, get_study, save_sort, start_participant

store = Store.open(sys.argv[1])
number = int(sys.argv[2])
study = get_study(store, "team")
cards = cards_of(store, study_id=study.id)
sys.stdin.readline()  # wait for the starting gun so all processes write together
person, _ = start_participant(store, study.id, f"Leerkracht {number:02d}")
groups = tuple(Group(f"g{k}", f"Stapel {k} van {number}") for k in range(4))
for round_ in range(3):  # autosave after "moves": the last save is the complete sort
    placements = tuple(
        Placement(card.id, PlacementState.PLACED, f"g{(i + number + round_) % 4}", position=i)
        for i, card in enumerate(cards)
    )
    save_sort(store, person.id, Sort(groups, placements))
finish_participant(store, person.id, duration_s=60.0 + number)
store.close()
"""


def test_thirty_processes_saving_sorts_lose_nothing(store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path) as store:
        study = create_study(store, "team", [NewCard(f"Kaart {i}") for i in range(40)])
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(store_path), str(n)],
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(30)
    ]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err

    with Store.open(store_path) as store:
        cards = cards_of(store, study_id=study.id)
        people = participants_of(store, study.id)
        assert len(people) == 30
        for person in people:
            number = int(person.name.split()[-1])
            sort = load_sort(store, person.id)
            assert person.finished and person.duration_s == 60.0 + number
            assert len(sort.groups) == 4
            expected = {card.id: f"g{(i + number + 2) % 4}" for i, card in enumerate(cards)}
            assert {p.card_id: p.group_key for p in sort.placements} == expected
            assert all(p.state is PlacementState.PLACED for p in sort.placements)
