"""Simulated teams taking a tree test, with planted confusing folder names.

Used by the tests, the demo and the benchmark without real participants. Each simulated
participant looks for the task's correct folder one level at a time: at each level they pick the
folder on the way with probability ``skill``, but only ``vague_scent`` when that folder's name is
one of the planted ``vague_labels`` (they do not recognise it). A wrong pick goes to another
folder of that level, where a vague folder weighs ``vague_pull`` times as much as a clear one
(people who do not know where to look try the catch-all). In a wrong folder they notice the
mistake and go back up with probability ``notice`` (at most ``max_backtracks`` times), else they
settle for a folder there. A few skip a task outright.

The simulation knows nothing of the analysis: it sees the folder names, never the results, so a
renamed folder helps exactly when its new name is not a planted vague one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from cardsort.treetest._model import Answer, Navigator, Task
from cardsort.treetest._tree import TestTree

if TYPE_CHECKING:  # numpy is imported when a simulation runs, not by every participant's tab
    import numpy as np

__all__ = ["simulate_treetest"]


def _pick(rng: np.random.Generator, options: Sequence[str], weights: Sequence[float]) -> str:
    total = float(sum(weights))
    return options[int(rng.choice(len(options), p=[w / total for w in weights]))]


def _attempt(
    rng: np.random.Generator,
    tree: TestTree,
    correct: frozenset[str],
    vague: frozenset[str],
    *,
    skill: float,
    vague_scent: float,
    vague_pull: float,
    notice: float,
    max_backtracks: int,
) -> tuple[list[str], str | None]:
    way = tree.on_the_way(correct)
    nav = Navigator(tree)
    backtracks = 0
    for _ in range(40):  # a walk always ends well before this; the bound keeps it finite
        if nav.current in correct:
            return nav.steps, nav.current
        choices = tree.children(nav.current)
        lost = nav.current not in way and nav.current != ""
        if lost:
            if backtracks < max_backtracks and rng.random() < notice:
                while nav.current not in way and nav.current != "":
                    nav.up()
                backtracks += 1
                continue
            if not choices:
                return nav.steps, nav.current
        if not choices:  # pragma: no cover - a correct leaf is returned above
            return nav.steps, nav.current
        right = [c.id for c in choices if c.id in way]
        is_vague = [c.label.casefold() in vague for c in choices]
        if right and not lost:
            target = right[0]
            hit = vague_scent if tree.node(target).label.casefold() in vague else skill
            if rng.random() < hit or len(choices) == 1:
                nav.enter(target)
                continue
            others = [c.id for c in choices if c.id != target]
            weights = [
                vague_pull if v else 1.0
                for c, v in zip(choices, is_vague, strict=True)
                if c.id != target
            ]
            nav.enter(_pick(rng, others, weights))
            continue
        weights = [vague_pull if v else 1.0 for v in is_vague]
        nav.enter(_pick(rng, [c.id for c in choices], weights))
    return nav.steps, nav.current if nav.current else None


def simulate_treetest(
    trees: Mapping[str, TestTree],
    tasks: Sequence[Task],
    *,
    n_participants: int,
    vague_labels: Collection[str] = (),
    skill: float = 0.9,
    vague_scent: float = 0.2,
    vague_pull: float = 3.0,
    notice: float = 0.6,
    max_backtracks: int = 2,
    skip: float = 0.02,
    seed: int = 0,
) -> list[Answer]:
    """Simulate a team taking a tree test; participants are split evenly over the variants.

    Parameters
    ----------
    trees : mapping of str to TestTree
        The tested tree per variant.
    tasks : sequence of Task
    n_participants : int
    vague_labels : collection of str
        Folder names the team does not recognise (compared without case): the planted confusion.
    skill, vague_scent, vague_pull, notice : float
        See the module docstring.
    max_backtracks : int
    skip : float
        Probability of skipping a task.
    seed : int

    Returns
    -------
    list of Answer
        One per participant and task, in each participant's (shuffled) task order.

    Examples
    --------
    >>> tree = TestTree.from_consensus({"groups": [
    ...     {"label": "Zorg", "card_keys": ["a"], "cards": ["IB"]},
    ...     {"label": "Team", "card_keys": ["b"], "cards": ["MR"]}]})
    >>> answers = simulate_treetest({"A": tree}, [Task("t1", "Waar?", targets=("card:a",))],
    ...                             n_participants=4, seed=1)
    >>> len(answers), {a.variant for a in answers}
    (4, {'A'})
    """
    if n_participants < 1:
        raise ValueError("need at least one participant")
    for name, value in (
        ("skill", skill),
        ("vague_scent", vague_scent),
        ("notice", notice),
        ("skip", skip),
    ):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{name} must be a probability")
    import numpy as np

    rng = np.random.default_rng(seed)
    vague = frozenset(label.casefold() for label in vague_labels)
    variants = list(trees)
    assignment = [variants[i % len(variants)] for i in range(n_participants)]
    rng.shuffle(assignment)
    answers: list[Answer] = []
    for p, variant in enumerate(assignment):
        tree = trees[variant]
        for index in rng.permutation(len(tasks)):
            task = tasks[int(index)]
            name = f"deelnemer-{p + 1:02d}"
            if rng.random() < skip:
                answers.append(
                    Answer(name, variant, task.key, (), None, round(float(rng.uniform(3, 9)), 1))
                )
                continue
            steps, chosen = _attempt(
                rng,
                tree,
                tree.resolve(task.targets),
                vague,
                skill=skill,
                vague_scent=vague_scent,
                vague_pull=vague_pull,
                notice=notice,
                max_backtracks=max_backtracks,
            )
            seconds = float(rng.uniform(4, 9) + sum(rng.uniform(1.5, 4.0) for _ in steps))
            answers.append(Answer(name, variant, task.key, tuple(steps), chosen, round(seconds, 1)))
    return answers
