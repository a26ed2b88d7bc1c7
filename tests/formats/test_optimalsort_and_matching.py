"""OptimalSort's drifting raw CSV is read by header names; imports match existing cards."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.cards import NewCard
from sessions.formats import import_file, parse_text
from sessions.store import Store
from sessions.studies import create_study
from tests.formats.helpers import partitions


def test_long_layout_with_drifted_headers_and_unknown_columns() -> None:
    # A fullwidth Ｐ (NFKC), odd case, underscores, a trailing colon, and columns we don't know.
    text = (
        "ＰARTICIPANT_ID;Card Label;Category:;Time taken (seconds);Browser;Mood\n"
        "p1;Rapporten;Zorg;12:30;Firefox;ok\n"
        "p1;Notulen MR;Directie;12:30;Firefox;ok\n"
        "p1;Kerst;Zorg;12:30;Firefox;ok\n"
        "p2;Rapporten;zorg;soon;Edge;meh\n"
        "p2;Notulen MR;;soon;Edge;meh\n"
    )
    parsed, fmt = parse_text(text, "raw.csv")
    assert fmt == "optimalsort"
    report = parsed.report
    assert ("ＰARTICIPANT_ID", "participant") in report.mapped
    assert ("Category:", "category label") in report.mapped
    assert ("Time taken (seconds)", "duration") in report.mapped
    assert report.ignored == ["Browser", "Mood"]
    assert "line 5: could not read the time taken ‘soon’; ignored it." in report.notes
    p1, p2 = parsed.sorts
    assert p1.duration_s == 750.0 and p2.duration_s is None
    assert {g.label for g in p1.groups} == {"Zorg", "Directie"}
    assert [p.state.value for p in p2.placements] == ["placed", "unsorted"]


def test_wide_layout_one_column_per_card() -> None:
    text = (
        "Participant ID,Started,Time taken,Rapporten,Notulen MR,Kerst\n"
        "p1,2024-03-01 10:00,300,Zorg,Directie,Zorg\n"
        "p2,2024-03-01 11:00,1:02:03,Zorg,,Feest\n"
    )
    parsed, fmt = parse_text(text, "wide.csv")
    assert fmt == "optimalsort"
    assert "wide" in parsed.report.format
    assert [c.label for c in parsed.cards] == ["Rapporten", "Notulen MR", "Kerst"]
    assert ("Rapporten", "card") in parsed.report.mapped
    p1, p2 = parsed.sorts
    assert p1.started_at == "2024-03-01 10:00" and p2.duration_s == 3723.0
    zorg = next(g.key for g in p1.groups if g.label == "Zorg")
    assert [p.card_key for p in p1.placements if p.group_key == zorg] == ["Rapporten", "Kerst"]


def test_import_into_existing_study_matches_case_accents_and_spaces(
    store: Store, tmp_path: Path
) -> None:
    create_study(store, "school", [NewCard("Café-avond"), NewCard("Notulen MR"), NewCard("ICT")])
    path = tmp_path / "sorts.csv"
    path.write_text(
        "item,ann,bob\n  CAFE-AVOND ,1,x\nnotulen mr,1,y\nict\u00a0,2,y\n", encoding="utf-8"
    )
    result = import_file(store, "school", path)
    assert not result.created_study
    assert store.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 3  # none invented
    assert partitions(store, "school", labels=False)["ann"] == frozenset(
        {("", frozenset({"Café-avond", "Notulen MR"})), ("", frozenset({"ICT"}))}
    )
    assert partitions(store, "school")["bob"] == frozenset(
        {("x", frozenset({"Café-avond"})), ("y", frozenset({"Notulen MR", "ICT"}))}
    )


def test_closed_study_groups_are_linked_to_categories_by_label(
    store: Store, tmp_path: Path
) -> None:
    from sessions.models import StudyKind

    create_study(
        store,
        "closed",
        [NewCard("Rapporten"), NewCard("Kerst")],
        kind=StudyKind.CLOSED,
        categories=["Zorg", "Vieringen"],
    )
    path = tmp_path / "closed.csv"
    path.write_text(
        "card_id,card_label,category_id,category_label,user_id\n"
        "1,Rapporten,1, zorg ,ann\n2,Kerst,2,Anders,ann\n",
        encoding="utf-8",
    )
    import_file(store, "closed", path)
    rows = store.conn.execute(
        "SELECT g.label, c.label FROM groups g LEFT JOIN categories c ON c.id = g.category_id"
        " ORDER BY g.label"
    ).fetchall()
    assert [tuple(r) for r in rows] == [("Anders", None), ("zorg", "Zorg")]


def _drift(name: str, data: st.DataObject) -> str:
    """A header as some export might spell it: case, separators, fullwidth letters, padding."""
    out = []
    for ch in name:
        if ch == " ":
            out.append(data.draw(st.sampled_from([" ", "_", "-", ".", "  ", " _ "])))
        elif ch.isalpha():
            ch = ch.upper() if data.draw(st.booleans()) else ch.lower()
            if data.draw(st.integers(0, 9)) == 0:  # a look-alike fullwidth letter
                ch = chr(ord(ch) - 0x21 + 0xFF01)
            out.append(ch)
        else:
            out.append(ch)
    return data.draw(st.sampled_from(["", " ", "\u00a0"])) + "".join(out)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_header_spellings_that_drift_are_still_recognised(data: st.DataObject) -> None:
    participant = _drift(
        data.draw(st.sampled_from(["Participant ID", "user id", "respondent"])), data
    )
    card = _drift(data.draw(st.sampled_from(["Card label", "card name", "card"])), data)
    category = _drift(
        data.draw(st.sampled_from(["Category label", "category", "group name"])), data
    )
    text = f"{participant};{card};{category}\np1;A;X\np1;B;X\np2;A;Y\n"
    parsed, fmt = parse_text(text, "raw.csv")
    assert fmt == "optimalsort"
    assert [meaning for _, meaning in parsed.report.mapped] == [
        "participant",
        "card label",
        "category label",
    ]
    assert [s.participant for s in parsed.sorts] == ["p1", "p2"]
