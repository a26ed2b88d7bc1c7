"""Tree-test results as CSV or JSON, to analyse results from another tool here (and back).

The CSV has one row per attempt and the header ``participant,version,task,path,chosen,seconds``:

``participant``
    Any id of the participant (a code; never needs a real name).
``version``
    Which tree they saw: ``A``, or ``A``/``B`` in an A/B comparison.
``task``
    The task's key as ``cardsort treetest tasks list`` shows it (``t1``, ``p3``...).
``path``
    The folders opened, one level at a time from the top, separated by `` > ``; ``..`` is a step
    back up. ``Zorg > .. > Per groep > Groep 5`` opened Zorg, went back, then opened Per groep
    and Groep 5. Empty when the tool recorded only where people ended: the attempt then counts as
    a direct walk to the chosen folder.
``chosen``
    The full name path of the folder where the participant would look (``Per groep/Groep 5``);
    empty when the task was skipped.
``seconds``
    Time taken on the task (decimal point).

The JSON form is ``{"format": "cardsort-treetest-results", "format_version": 1, "answers":
[{"participant", "version", "task", "path": [names], "chosen": path or null, "seconds"}]}``.
Folder names are compared without case. Reading checks every row first: bad rows are listed
with their line and, unless the caller skips them, nothing is imported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cardsort.treetest._model import Answer, Task
from cardsort.treetest._tree import ROOT, UP, TestTree

__all__ = ["CSV_COLUMNS", "ReadResult", "answers_to_csv", "answers_to_json", "read_answers"]

CSV_COLUMNS = ("participant", "version", "task", "path", "chosen", "seconds")
FORMAT = "cardsort-treetest-results"
SEPARATOR = " > "


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Answers read from a file and the rows that could not be read (``line: reason``)."""

    answers: tuple[Answer, ...]
    problems: tuple[str, ...]


def _names(tree: TestTree, answer: Answer) -> list[str]:
    return [UP if s == UP else tree.node(s).label for s in answer.steps]


def _record(trees: Mapping[str, TestTree], answer: Answer) -> dict[str, Any]:
    tree = trees[answer.variant]
    return {
        "participant": answer.participant,
        "version": answer.variant,
        "task": answer.task,
        "path": _names(tree, answer),
        "chosen": None if answer.chosen is None else tree.label_path(answer.chosen),
        "seconds": answer.seconds,
    }


def answers_to_csv(trees: Mapping[str, TestTree], answers: Sequence[Answer]) -> str:
    """The answers as CSV (see the module docstring)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for answer in answers:
        r = _record(trees, answer)
        writer.writerow(
            [
                r["participant"],
                r["version"],
                r["task"],
                SEPARATOR.join(r["path"]),
                r["chosen"] or "",
                f"{r['seconds']:g}",
            ]
        )
    return buffer.getvalue()


def answers_to_json(trees: Mapping[str, TestTree], answers: Sequence[Answer]) -> str:
    """The answers as JSON (see the module docstring)."""
    document = {
        "format": FORMAT,
        "format_version": 1,
        "answers": [_record(trees, a) for a in answers],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _replay(tree: TestTree, names: Sequence[str]) -> tuple[list[str], str]:
    """The steps of a path of names, and the folder it ends in."""
    current = ROOT
    steps: list[str] = []
    for name in names:
        if name.strip() == UP:
            parent = tree.node(current).parent
            if parent is None:
                raise ValueError("the path goes up from the top of the tree")
            current = parent
            steps.append(UP)
            continue
        child = tree.child_by_label(current, name)
        if child is None:
            where = tree.label_path(current) or "the top"
            raise ValueError(f"there is no folder {name.strip()!r} in {where!r}")
        current = child
        steps.append(child)
    return steps, current


def _answer(
    row: Mapping[str, Any], trees: Mapping[str, TestTree], tasks: Mapping[str, Task]
) -> Answer:
    participant = str(row.get("participant") or "").strip()
    variant = str(row.get("version") or "A").strip().upper()
    task = str(row.get("task") or "").strip()
    if not participant:
        raise ValueError("the participant is empty")
    if variant not in trees:
        raise ValueError(f"unknown version {variant!r} (this test has {', '.join(trees)})")
    if task not in tasks:
        raise ValueError(f"unknown task {task!r}")
    tree = trees[variant]
    raw_path = row.get("path") or []
    names = (
        [p for p in str(raw_path).split(SEPARATOR.strip()) if p.strip()]
        if isinstance(raw_path, str)
        else [str(p) for p in raw_path]
    )
    steps, end = _replay(tree, names)
    chosen_text = row.get("chosen")
    chosen = None
    if chosen_text is not None and str(chosen_text).strip():
        chosen = tree.find_path(str(chosen_text))
        if chosen is None or chosen == ROOT:
            raise ValueError(f"there is no folder {str(chosen_text).strip()!r}")
        if not steps:
            steps = tree.ancestors(chosen)
        elif end != chosen:
            raise ValueError("the path does not end in the chosen folder")
    try:
        seconds = float(str(row.get("seconds") or 0).replace(",", "."))
    except ValueError:
        raise ValueError(f"seconds {row.get('seconds')!r} is not a number") from None
    if seconds < 0:
        raise ValueError("seconds cannot be negative")
    return Answer(participant, variant, task, tuple(steps), chosen, seconds)


def read_answers(
    text: str, trees: Mapping[str, TestTree], tasks: Sequence[Task], source: str
) -> ReadResult:
    """Read CSV or JSON answers (recognised by content), checking each row against the trees.

    A participant who answers a task twice keeps the first answer; the second is a problem.
    """
    by_key = {t.key: t for t in tasks}
    stripped = text.lstrip("\ufeff").lstrip()
    rows: list[tuple[int, Mapping[str, Any]]] = []
    problems: list[str] = []
    if stripped.startswith("{"):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as error:
            return ReadResult((), (f"{source}: not valid JSON ({error.msg}, line {error.lineno})",))
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            return ReadResult((), (f"{source}: not a {FORMAT} file",))
        items = document.get("answers")
        if not isinstance(items, list):
            return ReadResult((), (f"{source}: 'answers' must be a list",))
        for i, item in enumerate(items, start=1):
            if isinstance(item, dict):
                rows.append((i, item))
            else:
                problems.append(f"{source}: answer {i}: not an object")
    else:
        reader = csv.reader(io.StringIO(stripped, newline=""))
        header = [c.strip().casefold() for c in next(reader, [])]
        missing = [c for c in ("participant", "task", "chosen") if c not in header]
        if missing:
            return ReadResult(
                (), (f"{source}:1: the header needs the columns {', '.join(CSV_COLUMNS)}",)
            )
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                problems.append(
                    f"{source}:{line}: {len(cells)} fields, the header has {len(header)}"
                )
                continue
            rows.append((line, dict(zip(header, cells, strict=True))))
    answers: list[Answer] = []
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        try:
            answer = _answer(row, trees, by_key)
        except ValueError as error:
            problems.append(f"{source}:{line}: {error}")
            continue
        if (answer.participant, answer.task) in seen:
            problems.append(f"{source}:{line}: {answer.participant} answered {answer.task} twice")
            continue
        seen.add((answer.participant, answer.task))
        answers.append(answer)
    return ReadResult(tuple(answers), tuple(problems))
