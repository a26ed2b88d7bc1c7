"""Properties of the shared access model (drive_adapters/remote/access.py) and of its in-memory
drive: an access survives the journal's JSON whatever it holds, a plan's group names read the
same however often they are read, and limiting any folders in any order and restoring them
newest first gives every item exactly the access it had (what undo relies on)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drive_adapters.remote.access import ANYONE_IN_DRIVE, Access, Grant, principal_of
from drive_adapters.rules import get_ruleset
from drive_adapters.simulated import SimulatedAdapter

principals = st.one_of(
    st.sampled_from(["anyone", ANYONE_IN_DRIVE]),
    st.builds(
        lambda kind, name: f"{kind}:{name}@school.nl",
        st.sampled_from(["group", "user"]),
        st.text("abcxyz.-", min_size=1, max_size=8),
    ),
)
grants = st.builds(Grant, principals, st.sampled_from(["reader", "writer", "owner"]), st.booleans())


@given(st.booleans(), st.lists(grants, max_size=8))
def test_an_access_survives_the_journal(limited: bool, given_grants: list[Grant]) -> None:
    access = Access.of(limited, given_grants)
    assert Access.from_json(access.to_json()) == access
    assert Access.of(limited, reversed(given_grants)) == access  # order never matters


@given(st.text(max_size=30))
def test_a_plan_group_reads_the_same_however_often_it_is_read(text: str) -> None:
    once = principal_of(text)
    assert principal_of(once) == once
    assert once == once.strip()


FOLDERS = ["A", "A/B", "A/B/C", "D", "D/E"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(FOLDERS), st.lists(principals, min_size=1, max_size=3)),
        min_size=1,
        max_size=6,
    )
)
def test_limiting_folders_in_any_order_and_restoring_newest_first_gives_back_every_access(
    steps: list[tuple[str, list[str]]],
) -> None:
    drive = SimulatedAdapter(get_ruleset("gdrive"), access=True)
    ids = {"": drive.root().id}
    for path in FOLDERS:
        parent, _, name = path.rpartition("/")
        ids[path] = drive.create_folder(ids[parent], name).id
    ids["A/B/C/f"] = drive.add_existing(("A", "B", "C", "f"), is_folder=False, size=1)
    everything = {path: drive.read_access(item) for path, item in ids.items()}
    recorded = [(ids[path], drive.limit_access(ids[path], who)) for path, who in steps]
    for path, _who in steps:  # every folder limited on the way is limited now
        assert drive.read_access(ids[path]).limited
    last_path, last_who = steps[-1]
    assert drive.read_access(ids[last_path]).reaches() == {principal_of(p) for p in last_who}
    for item_id, before in reversed(recorded):
        drive.restore_access(item_id, before)
    assert {path: drive.read_access(item) for path, item in ids.items()} == everything
