"""The fake's strict mode against the project's own OneDrive rules: every name the fake (and so,
we claim, OneDrive) refuses must be flagged by ``drive_adapters.rules`` before anything is sent.
The two rule books were written independently; this is where they are held against each other."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drive_adapters.rules.catalog import get_ruleset
from drive_adapters.rules.names import check_name
from tests.fakes.graph_server import name_problem

RULES = get_ruleset("onedrive")
ALPHABET = st.sampled_from([*'abcXYZ. ~$_-#%&{}"*:<>?/\\|\x01\x7f\x85é', "vti", "con", "CON"])
NAMES = st.lists(ALPHABET, min_size=0, max_size=12).map("".join) | st.sampled_from(
    ["forms", "Forms", "desktop.ini", ".lock", "COM0", "lpt9", "~$x.docx", "a_vti_b", "x_files",
     "map_file", "~tmp", "ok.", " ok", "ok ", "a" * 256, "nul"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(NAMES, st.booleans(), st.booleans())
def test_every_name_the_fake_refuses_is_caught_by_the_rules(
    name: str, is_folder: bool, at_root: bool
) -> None:
    refused = name_problem(name, is_folder=is_folder, at_root=at_root)
    flagged = check_name(name, RULES, is_folder=is_folder, at_root=at_root)
    if refused is not None:
        assert flagged, f"the fake refuses {name!r} ({refused}) but the rules let it through"


def test_the_fake_accepts_ordinary_school_names() -> None:
    for name in ("Groep 7", "Rapport 2023-2024.docx", "Café", "#1 notulen", "100% kaart"):
        assert name_problem(name, is_folder=False, at_root=False) is None
