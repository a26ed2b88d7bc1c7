"""A study file carries each restricted card's audience, so an imported study keeps it."""

from __future__ import annotations

import json

import pytest

from sessions.cards import NewCard, cards_of
from sessions.formats import FormatError, jsonfmt
from sessions.formats.apply import apply_import
from sessions.store import Store
from sessions.studies import create_study, get_study


def test_audience_survives_a_study_file_round_trip(store: Store) -> None:
    create_study(
        store,
        "bron",
        [
            NewCard("Personeel", key="p", restricted=True, audience="staff"),
            NewCard("MR", key="m", restricted=True, audience="named:MR"),
            NewCard("Kerst", key="k"),
        ],
    )
    text = json.dumps(jsonfmt.dump_study(store, "bron", participant_ids=[]))
    apply_import(store, jsonfmt.parse(text, "bron.json"), "kopie")
    cards = {c.key: c for c in cards_of(store, study_id=get_study(store, "kopie").id)}
    assert cards["p"].audience == "staff" and cards["m"].audience == "named:MR"
    assert cards["k"].audience is None and not cards["k"].restricted


def test_an_unknown_audience_in_a_file_is_refused_with_its_place() -> None:
    document = {
        "format": "cardsort-drive",
        "version": 1,
        "study": {"name": "x", "kind": "open"},
        "cards": [{"key": "a", "label": "A", "restricted": True, "audience": "iedereen\u0000"}],
        "participants": [],
    }
    with pytest.raises(FormatError, match="unknown audience"):
        jsonfmt.parse(json.dumps(document), "x.json")
