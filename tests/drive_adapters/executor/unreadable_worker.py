"""Plan, simulate, apply and verify a share with unreadable folders, as an admin who is not root.

Usage: python unreadable_worker.py SHARE WORKDIR — run by test_unreadable.py as user ``nobody``
(root reads every folder). Prints one ``STATUS verb N`` line per command.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.cli import main
from cardsort.planning import PlanOptions, build_plan
from cardsort.scan import scan_local
from drive_adapters.plan import save_plan
from sessions.cards import NewCard, cards_of
from sessions.inventory import iter_entries
from sessions.store import Store
from sessions.studies import create_study


def _node(label: str, keys: list[str]) -> ConsensusNode:
    return ConsensusNode(label, (), tuple(keys), tuple(keys), 1.0, 1.0, ())


def run(share: Path, work: Path) -> None:
    store_path = work / "ws.sqlite"
    with Store.open(store_path) as store:
        snapshot = scan_local(store, share, hashes=True)
        cards = [
            NewCard("Directie", sources=(b"Directie",), key="directie"),
            NewCard("Groep 7", sources=(b"Groep 7",), key="groep7"),
            NewCard("Rekenen", sources=(b"Rekenen",), key="rekenen"),
        ]
        study = create_study(store, "s", cards, snapshot_id=snapshot.id)
        plan = build_plan(
            ConsensusTree(
                (_node("Team", ["directie"]), _node("Onderwijs", ["groep7", "rekenen"])), ()
            ),
            cards_of(store, study_id=study.id),
            snapshot,
            iter_entries(store, snapshot.id),
            study="s",
            options=PlanOptions(rules="local"),
        )
        save_plan(plan, work / "plan")
    base = ["--store", str(store_path), "migrate"]
    plan_dir = str(work / "plan")
    for verb, target in [
        ("simulate", "simulated:local"),
        ("apply", f"local-copy:{work / 'kopie'}"),
        ("verify", f"local-copy:{work / 'kopie'}"),
        ("apply", f"local:{share}"),
        ("verify", f"local:{share}"),
    ]:
        status = main([*base, verb, plan_dir, "--target", target])
        sys.stdout.flush()
        print(f"STATUS {verb} {target.partition(':')[0]} {status}", flush=True)


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
