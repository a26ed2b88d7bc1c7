"""The HTML report: self-contained, both languages, A/B differences and a path flow per task."""

from __future__ import annotations

import re

import pytest

from cardsort.report_treetest import render_treetest_report
from cardsort.treetest import Answer, Task, TestTree, analyse_treetest, flag_results
from cardsort.treetest_data import LoadedTreeTest
from sessions.treetests import TreeTestRecord
from tests.cardsort.treetest.conftest import consensus

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


TASKS = [Task("t1", "Waar zijn de groepsplannen?", "Where are the group plans?", ("card:c7",))]


def loaded_ab() -> tuple[LoadedTreeTest, list[Answer]]:
    a = TestTree.from_consensus(consensus({"Zorg": "Diversen"}))
    b = TestTree.from_consensus(consensus())
    answers = [Answer(f"a{i}", "A", "t1", ("f:0", "..", "f:3"), "f:3", 30.0) for i in range(6)]
    answers += [Answer(f"b{i}", "B", "t1", ("f:2", "c:c7"), "c:c7", 9.0) for i in range(6)]
    record = TreeTestRecord(1, 1, "ab", "nl", "", {"A": (2, a.consensus), "B": (3, b.consensus)})
    return LoadedTreeTest(record, {"A": a, "B": b}, TASKS, answers), answers


def test_the_report_in_both_languages_with_differences_and_flows() -> None:
    loaded, answers = loaded_ab()
    results = analyse_treetest(loaded.trees, loaded.tasks, answers)
    flags = flag_results(results, loaded.trees, answers)
    dutch = render_treetest_report(loaded, results, flags, lang="nl")
    english = render_treetest_report(loaded, results, flags, lang="en")
    assert "Waar gingen mensen heen" in dutch and "Where people went" in english
    assert "Where are the group plans?" in english and "Waar zijn de groepsplannen?" in dutch
    assert "+100 pp" in english  # B found it every time, A never
    assert re.search(r'class="bar wrong"[^>]*></span>Organisatie <span class="n">6/6', english)
    assert re.search(r'class="bar way"[^>]*></span>Zorg <span class="n">6/6', english)
    assert "<script" not in english and "http" not in english.replace('lang="en"', "")
