"""``cardsort treetest serve`` uses the design of ``cardsort serve``: cardsort's own page (in the
test's language, naming the tree test, nothing from the internet) and each tab forked from one
warm parent running the tree-test app, so a whole team can take the test at once."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from sessions.analysis_store import get_version
from sessions.store import Store
from sessions.studies import get_study
from sessions.treetests import add_task, create_treetest
from tests.browser import cardsort_served
from tests.cardsort.cli.test_serve_pool import children, cmdline, first_screen, page

# The coordinator's English (tests/cardsort/treetest/conftest.py).
pytestmark = pytest.mark.usefixtures("english_coordinator")


@contextmanager
def serving(store: Store, *args: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    study = get_study(store, "school")
    record = create_treetest(
        store, study.id, "juni", {"A": (1, get_version(store, study.id, 1).tree)}
    )
    add_task(store, record.id, "Waar zijn de groepsplannen?", ["card:c7"])
    with cardsort_served(store.path, "treetest", "serve", "juni", *args) as served:
        yield served


def test_the_tree_test_is_served_from_a_warm_parent_with_cardsorts_dutch_page(
    school: Store,
) -> None:
    with serving(school) as (url, proc):
        html = page(url)
        (warm,) = children(proc.pid)
        assert "cardsort.cli.serve_pool" in cmdline(warm) and cmdline(warm).endswith("treetest ")
        tabs: list[list[int]] = []

        def look() -> None:
            assert children(proc.pid) == [warm]  # the server started no process of its own
            tabs.append(children(warm))

        screen = asyncio.run(first_screen(url, look))
    assert '<html lang="nl">' in html and "de boomtest wordt geopend" in html
    assert "kaartsortering" not in html and "https://" not in html
    assert b"naam" in screen  # "Je naam of code": the tree test's welcome, not the sort's
    assert b"Boomtest" in screen
    assert len(tabs[0]) == 1
