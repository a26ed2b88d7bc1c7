"""The offline round trip of a tree test: a test file out, a results CSV back.

``cardsort treetest pack`` writes one JSON file (format ``cardsort-treetest``) with the tested
tree(s), the tasks and the version this file's participant gets. ``cardsort treetest take FILE``
opens it in a small working store next to the file (``<stem>.treetest.sqlite``; every answer is
autosaved there, so a closed laptop loses nothing) and writes ``<stem>.result.csv`` in the
documented exchange format, which the coordinator imports with ``cardsort treetest import``.
The file holds folder and card names only: no file names, no restricted content beyond what the
tree itself shows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cardsort.treetest import answers_to_csv
from cardsort.treetest_data import LoadedTreeTest, load_treetest
from sessions.cards import NewCard
from sessions.store import Store, StoreError
from sessions.studies import create_study, list_studies
from sessions.treetests import add_task, create_treetest, list_treetests, treetest_participants

__all__ = ["FORMAT", "open_test_file", "pack", "result_path", "work_path", "write_result"]

FORMAT = "cardsort-treetest"


def pack(store: Store, loaded: LoadedTreeTest, variant: str | None = None) -> dict[str, Any]:
    """The test file's content; the version defaults to the one with fewer participants."""
    record = loaded.record
    if variant is None:
        counts = {v: 0 for v in record.variants}
        for person in treetest_participants(store, record.id):
            counts[person.variant] = counts.get(person.variant, 0) + 1
        variant = min(sorted(counts), key=lambda v: counts[v])
    if variant not in record.variants:
        raise StoreError(f"This tree test has no version {variant!r}.")
    return {
        "format": FORMAT,
        "format_version": 1,
        "name": record.name,
        "lang": record.lang,
        "version": variant,
        "trees": {v: tree for v, (_n, tree) in record.variants.items()},
        "tasks": [t.to_dict() for t in loaded.tasks],
    }


def work_path(test_file: Path) -> Path:
    """The autosaved answers in progress, next to the test file."""
    return test_file.with_name(f"{test_file.stem}.treetest.sqlite")


def result_path(test_file: Path) -> Path:
    """Where the answers go for the coordinator: ``<stem>.result.csv``."""
    return test_file.with_name(f"{test_file.stem}.result.csv")


def _read(test_file: Path) -> dict[str, Any]:
    try:
        data = json.loads(test_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StoreError(f"Cannot read the tree-test file {test_file}: {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise StoreError(f"{test_file} is not a tree-test file (made by `cardsort treetest pack`).")
    return data


def open_test_file(test_file: Path) -> tuple[Store, str, str]:
    """The working store for a test file (created the first time): (store, test name, version)."""
    data = _read(test_file)
    work = work_path(test_file)
    if not work.exists():
        partial = work.with_name(work.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            with Store.open(partial) as store:
                cards: dict[str, str] = {}
                for tree in data["trees"].values():
                    stack = list(tree["groups"])
                    while stack:
                        node = stack.pop()
                        cards.update(zip(node["card_keys"], node.get("cards", []), strict=False))
                        stack.extend(node.get("children", []))
                study = create_study(
                    store,
                    str(data["name"]),
                    [NewCard(label, key=key) for key, label in sorted(cards.items())],
                )
                record = create_treetest(
                    store,
                    study.id,
                    str(data["name"]),
                    {v: (0, tree) for v, tree in data["trees"].items()},
                    lang=str(data.get("lang", "nl")),
                )
                for task in data["tasks"]:
                    add_task(
                        store,
                        record.id,
                        task["text_nl"],
                        task["targets"],
                        text_en=task.get("text_en", ""),
                        origin=task.get("origin", "written"),
                        key=task["key"],
                    )
            partial.rename(work)
        except (KeyError, TypeError, AttributeError) as error:
            partial.unlink(missing_ok=True)
            raise StoreError(f"The tree-test file {test_file} is damaged ({error}).") from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    store = Store.open(work, create=False)
    tests = list_treetests(store)
    if len(tests) != 1 or len(list_studies(store)) != 1:
        store.close()
        raise StoreError(f"{work} is not a tree test in progress; move it away and try again.")
    return store, tests[0].name, str(data.get("version", "A"))


def write_result(store: Store, name: str, test_file: Path) -> Path:
    """Write the answers given so far as the exchange CSV next to the test file."""
    loaded = load_treetest(store, name)
    target = result_path(test_file)
    target.write_text(answers_to_csv(loaded.trees, loaded.answers), "utf-8")
    return target
