"""Tree testing: does the analysis find a planted confusing folder, and how fast is it?

1. Detection. A school tree of 8 folders (4 cards each) with one folder given a vague name
   that simulated participants do not recognise (``simulate_treetest``). For team sizes 6-30 and
   several seeds: how often the product's folder ranking (wrong turns + misses) puts the planted
   folder first and flags it with the rename back to its card-sort name, beside the baseline in
   the same run: ranking folders by wrong turns alone (what a click count would show); and how
   many other folders get flagged per run (false alarms).
2. Effect. Mean overall success before and after applying the suggested edit.
3. Speed. Analysing 1,000 participants x 20 tasks against a baseline in the same run: one bare
   pass that classifies every answer's outcome (the least any analysis must do).
"""

from __future__ import annotations

import statistics
import time

from cardsort.treetest import (
    Task,
    TestTree,
    analyse_treetest,
    apply_edit,
    flag_results,
    outcome_of,
    simulate_treetest,
)

FOLDERS = ["Organisatie", "Vieringen", "Zorg", "Team", "Methodes", "ICT", "Groepen", "Archief"]


def school(vague: str | None) -> dict[str, object]:
    groups = []
    for f, label in enumerate(FOLDERS):
        shown = vague if (vague and label == "Zorg") else label
        groups.append(
            {
                "label": shown,
                "alternatives": [label] if shown != label else [],
                "card_keys": [f"c{f}-{i}" for i in range(4)],
                "cards": [f"{label} {i}" for i in range(4)],
                "children": [],
            }
        )
    return {"groups": groups, "unassigned": []}


TASKS = [Task(f"t{f}-{i}", "?", targets=(f"card:c{f}-{i}",)) for f in range(8) for i in (0, 1)]


def detection() -> None:
    print(f"{'team':>5} {'runs':>5} {'product first':>14} {'flagged+rename':>15} "
          f"{'baseline first':>15} {'other folders flagged':>22} {'success before':>15} "
          f"{'after':>7}")  # fmt: skip
    for team in (6, 10, 16, 30):
        seeds = range(12)
        first = flagged = baseline = false_flags = 0
        before: list[float] = []
        after: list[float] = []
        for seed in seeds:
            planted = school("Varia")
            tree = TestTree.from_consensus(planted)
            answers = simulate_treetest(
                {"A": tree}, TASKS, n_participants=team, vague_labels={"Varia"}, seed=seed
            )
            results = analyse_treetest({"A": tree}, TASKS, answers)
            folders = [f for f in results.folders if f.folder_path is not None]
            first += folders[0].label == "Varia"
            by_wrong = max(folders, key=lambda f: (f.wrong_turns, f.label))
            baseline += by_wrong.label == "Varia"
            flags = flag_results(results, {"A": tree}, answers)
            false_flags += sum(f.kind.startswith("folder") and f.subject != "Varia" for f in flags)
            edit = next((e for f in flags for e in f.edits if f.subject == "Varia"), None)
            flagged += edit is not None and edit.new_name == "Zorg"
            before.append(results.summary("A").success)
            if edit is not None:
                fixed = TestTree.from_consensus(apply_edit(planted, edit))
                again = simulate_treetest(
                    {"A": fixed}, TASKS, n_participants=team, vague_labels={"Varia"}, seed=seed + 99
                )
                after.append(analyse_treetest({"A": fixed}, TASKS, again).summary("A").success)
        n = len(seeds)
        print(
            f"{team:>5} {n:>5} {first / n:>14.0%} {flagged / n:>15.0%} {baseline / n:>15.0%} "
            f"{false_flags / n:>22.2f} "
            f"{statistics.mean(before):>15.1%} "
            f"{(statistics.mean(after) if after else float('nan')):>7.1%}"
        )


def speed() -> None:
    tree = TestTree.from_consensus(school(None))
    tasks = TASKS + [Task(f"u{i}", "?", targets=(f"card:c{i}-2",)) for i in range(4)]
    answers = simulate_treetest({"A": tree, "B": tree}, tasks, n_participants=1000, seed=1)
    correct = {t.key: tree.resolve(t.targets) for t in tasks}
    started = time.perf_counter()
    for answer in answers:
        outcome_of(answer, correct[answer.task])
    bare = time.perf_counter() - started
    started = time.perf_counter()
    analyse_treetest({"A": tree, "B": tree}, tasks, answers)
    full = time.perf_counter() - started
    print(
        f"\n{len(answers):,} answers: analysis {full * 1000:.0f} ms, bare outcome pass "
        f"{bare * 1000:.0f} ms ({full / bare:.1f}x)"
    )


def main() -> None:
    detection()
    speed()


if __name__ == "__main__":
    main()
