"""Hostile or broken files are refused with a reason, never a traceback, and change nothing.

The explicit cases are the ones a fuzzing session found; the property tests throw arbitrary
text and arbitrary JSON values at every format and require either a clean import or a
:class:`FormatError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.formats import FORMATS, FormatError, apply_import, import_file, parse_text
from sessions.store import Store, StoreError
from tests.sessions.formats.helpers import store_contents

GOOD: dict[str, Any] = {
    "format": "cardsort-drive",
    "version": 1,
    "study": {"name": "x", "kind": "open"},
    "cards": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}],
    "participants": [
        {
            "name": "p",
            "duration_s": 12,
            "groups": [{"key": "g", "label": "G"}],
            "placements": [
                {"card": "a", "state": "placed", "group": "g", "position": 0},
                {"card": "b", "state": "placed", "group": "g", "position": 1},
            ],
        }
    ],
}
GOOD_TEXT = json.dumps(GOOD)

HOSTILE = {
    "100,000-deep nesting": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "a 5,000-digit number": GOOD_TEXT.replace('"duration_s": 12', '"duration_s": ' + "9" * 5000),
    "position 10**30": GOOD_TEXT.replace('"position": 0', f'"position": {10**30}'),
    "a lone surrogate": GOOD_TEXT.replace('"G"', '"\\ud800"'),
    "duration Infinity": GOOD_TEXT.replace('"duration_s": 12', '"duration_s": Infinity'),
    "duration NaN": GOOD_TEXT.replace('"duration_s": 12', '"duration_s": NaN'),
    "duration 1e999": GOOD_TEXT.replace('"duration_s": 12', '"duration_s": 1e999'),
    "position true": GOOD_TEXT.replace('"position": 0', '"position": true'),
    "duration of a year": GOOD_TEXT.replace('"duration_s": 12', '"duration_s": 31536000'),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_json_is_refused_cleanly(case: str, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(HOSTILE[case], encoding="utf-8")
    before = store_contents(store)
    with pytest.raises(FormatError) as caught:
        import_file(store, "s", path)
    assert "Nothing was imported." in str(caught.value)
    assert store_contents(store) == before


def test_an_infinite_optimalsort_duration_is_not_a_duration() -> None:
    text = "Participant ID,Time taken,Kaart A,Kaart B\np1,inf,Zorg,Zorg\np2,1e999,Zorg,Feest\n"
    parsed, _ = parse_text(text, "os.csv", "optimalsort")
    assert all(sort.duration_s is None for sort in parsed.sorts)


def _import_or_refuse(text: str, fmt: str) -> None:
    """Parse and, when that works, write into a fresh store: only a StoreError may escape."""
    try:
        parsed, _ = parse_text(text, "fuzz", fmt)
    except FormatError:
        return
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "s.sqlite")
        try:
            with contextlib.suppress(StoreError):  # a clean refusal is allowed, a traceback not
                apply_import(store, parsed, "fuzz")
        finally:
            store.close()


CSV_ALPHABET = st.sampled_from(list(",;\t\n\r\"' abcAB019.-_GÉé\u00a0\u200b\ufeff\ud7ff"))
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@FUZZ
@given(text=st.text(CSV_ALPHABET, max_size=200), fmt=st.sampled_from(["auto", *FORMATS]))
def test_arbitrary_text_in_any_format_never_ends_in_a_traceback(text: str, fmt: str) -> None:
    _import_or_refuse(text, fmt)


@FUZZ
@given(
    text=st.sampled_from(
        [
            "card_id,card_label,category_id,category_label,user_id\n",
            "item,judge1,judge2\n",
            "Participant ID,Card,Category\n",
        ]
    ),
    rows=st.lists(st.lists(st.text(CSV_ALPHABET, max_size=6), min_size=1, max_size=6), max_size=8),
    fmt=st.sampled_from(["auto", *FORMATS]),
)
def test_csv_shaped_garbage_never_ends_in_a_traceback(
    text: str, rows: list[list[str]], fmt: str
) -> None:
    _import_or_refuse(text + "\n".join(",".join(r) for r in rows), fmt)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)
PLACES = [
    ("participants", 0, "duration_s"),
    ("participants", 0, "name"),
    ("participants", 0, "groups"),
    ("participants", 0, "groups", 0, "key"),
    ("participants", 0, "groups", 0, "parent"),
    ("participants", 0, "placements", 0, "position"),
    ("participants", 0, "placements", 0, "state"),
    ("participants", 0, "placements", 0, "card"),
    ("participants", 0, "card_order"),
    ("cards", 0, "label"),
    ("cards", 0, "restricted"),
    ("cards",),
    ("study", "kind"),
    ("study", "settings"),
    ("study", "categories"),
    ("version",),
]


@FUZZ
@given(place=st.sampled_from(PLACES), value=JSON_VALUES)
def test_any_json_value_anywhere_never_ends_in_a_traceback(
    place: tuple[str | int, ...], value: object
) -> None:
    document = json.loads(GOOD_TEXT)
    target: Any = document
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = value
    _import_or_refuse(json.dumps(document), "json")
