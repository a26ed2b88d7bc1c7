"""``cardsort import / export / analyse / consensus / labels / exclude`` end to end."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sessions.store import Store
from tests.cardsort.cli.conftest import GROUPS, write_team

Run = Callable[..., Any]


def _folders(document: dict[str, Any]) -> dict[str, set[str]]:
    return {node["label"]: set(node["cards"]) for node in document["consensus"]}


def test_analyse_writes_json_and_a_self_contained_html_report(
    run_cli: Run, team_file: Path, tmp_path: Path
) -> None:
    assert run_cli("import", "school", str(team_file)).exit_code == 0
    out_json, out_html = tmp_path / "analysis.json", tmp_path / "report.html"
    result = run_cli(
        "analyse", "school", "--resamples", "20", "--json", str(out_json), "--html", str(out_html)
    )
    assert result.exit_code == 0, result.output
    document = json.loads(out_json.read_text(encoding="utf-8"))
    for key in ("consensus", "similarity", "participants", "sample_size"):
        assert key in document
    for node in document["consensus"]:
        assert {"label", "cards", "agreement", "stability", "children"} <= set(node)
    # everybody agreed: exactly the planted groups, full agreement and stability
    assert sorted(map(sorted, _folders(document).values())) == sorted(
        sorted(cards) for cards in GROUPS.values()
    )
    assert all(n["agreement"] == 1.0 and n["stability"] == 1.0 for n in document["consensus"])
    assert len(document["participants"]) == 8
    assert document["consensus_version"] == {"version": 1, "current": True}
    page = out_html.read_text(encoding="utf-8")
    assert page.count("<svg") >= 2  # heatmap and dendrogram, inline
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert "@page { size: A4" in page
    assert "Rapporten" in page and "Voorgestelde mappen" in page  # the study speaks Dutch
    # the terminal summary names the folders with their agreement
    assert "agreement 100 %" in result.output and "Consensus (version 1)" in result.output


def test_re_analysis_never_overwrites_an_edited_consensus(
    run_cli: Run, team_file: Path, tmp_path: Path
) -> None:
    run_cli("import", "school", str(team_file))
    assert run_cli("analyse", "school", "--resamples", "0").exit_code == 0
    shown = run_cli("consensus", "show", "school", "--json", "-").output
    tree = json.loads(shown)
    zorg = next(i for i, g in enumerate(tree["groups"], 1) if "Rapporten" in g["cards"])
    ict = next(i for i, g in enumerate(tree["groups"], 1) if "Website" in g["cards"])
    moved = run_cli("consensus", "move", "school", "Scans", str(zorg), "--lang", "en")
    assert moved.exit_code == 0, moved.output
    assert "Stored as consensus version 2 (edited;" in moved.output
    renamed = run_cli(
        "consensus", "rename", "school", str(ict), "Computers en website", "--lang", "en"
    )
    assert "version 3" in renamed.output
    edited = json.loads(run_cli("consensus", "show", "school", "--json", "-").output)
    folders = {g["label"]: set(g["cards"]) for g in edited["groups"]}
    assert "Scans" in next(c for c in folders.values() if "Rapporten" in c)
    assert folders["Computers en website"] == {"Website", "Logo's", "Inlogcodes"}
    edited_ict = next(g for g in edited["groups"] if g["label"] == "Computers en website")
    edited_zorg = next(g for g in edited["groups"] if "Scans" in g["cards"])
    # agreement is measured again against the sorts; stability needs a new bootstrap
    assert edited_ict["agreement"] == 1.0 and edited_ict["stability"] is None
    assert edited_zorg["agreement"] == 0.6 and edited_zorg["stability"] is None  # 6 of 10 pairs

    again = run_cli("analyse", "school", "--resamples", "0")
    # the same analysis as version 1: no identical version 4, the edit stays current
    assert "The analysis is unchanged (version 1). The current tree stays the edited" in (
        again.output
    )
    assert json.loads(run_cli("consensus", "show", "school", "--json", "-").output) == edited
    history = run_cli("consensus", "history", "school", "--lang", "en").output
    assert "← current" in history and "Moved ‘Scans’" in history
    assert run_cli("consensus", "use", "school", "1").exit_code == 0
    latest = json.loads(run_cli("consensus", "show", "school", "--json", "-").output)
    assert {g["label"] for g in latest["groups"]} != {g["label"] for g in edited["groups"]}
    merged = run_cli("consensus", "merge", "school", "1", "2", "--lang", "en")
    assert merged.exit_code == 0 and "version 4" in merged.output
    moved = run_cli("consensus", "move", "school", "Kerst", "--new", "Feestdagen", "--lang", "en")
    assert moved.exit_code == 0 and "version 5" in moved.output
    latest = json.loads(run_cli("consensus", "show", "school", "--json", "-").output)
    assert latest["groups"][-1]["label"] == "Feestdagen" and latest["groups"][-1]["cards"] == [
        "Kerst"
    ]
    assert len(latest["groups"]) == 3  # two after the merge, one new


def test_label_merge_names_the_folder_and_exclusions_are_reversible(
    run_cli: Run, team_file: Path, tmp_path: Path
) -> None:
    run_cli("import", "school", str(team_file))
    merged = run_cli("labels", "merge", "school", "Feesten", "Vieringen", "--into", "Feesten")
    assert merged.exit_code == 0
    out = tmp_path / "a.json"
    run_cli("analyse", "school", "--resamples", "0", "--json", str(out))
    assert "Feesten" in _folders(json.loads(out.read_text()))
    assert run_cli("exclude", "school", "teacher 3", "--reason", "test").exit_code == 0
    run_cli("analyse", "school", "--resamples", "0", "--json", str(out), "--force")
    people = {p["name"]: p for p in json.loads(out.read_text())["participants"]}
    assert people["teacher 3"]["excluded"] and "manual" in people["teacher 3"]["reasons"]
    assert run_cli("include", "school", "teacher 3").exit_code == 0
    run_cli("analyse", "school", "--resamples", "0", "--json", str(out), "--force")
    people = {p["name"]: p for p in json.loads(out.read_text())["participants"]}
    assert not people["teacher 3"]["excluded"]
    listed = run_cli("exclude", "school", "--list").output
    assert "teacher 3" in listed and "test" in listed
    exported = tmp_path / "map.csv"
    assert run_cli("labels", "export", "school", str(exported)).exit_code == 0
    assert "vieringen,Feesten,merge" in exported.read_text()


def test_export_formats_round_trip_through_the_cli(
    run_cli: Run, team_file: Path, tmp_path: Path, store_path: Path
) -> None:
    run_cli("import", "school", str(team_file))
    for fmt in ("casolysis", "wide", "optimalsort", "json"):
        target = tmp_path / f"out.{fmt}"
        assert run_cli("export", "school", str(target), "--format", fmt).exit_code == 0
        result = run_cli("import", f"copy-{fmt}", str(target), "--lang", "en")
        assert result.exit_code == 0, result.output
        assert "8 new" in result.output
    assert (
        run_cli("export", "school", str(tmp_path / "out.json"), "--format", "json").exit_code == 2
    )
    sim = tmp_path / "sim.csv"
    assert run_cli("export", "school", str(sim), "--format", "similarity").exit_code == 0
    rows = sim.read_text().splitlines()
    assert len(rows) == 13 and rows[0].startswith("card,")
    with Store.open(store_path) as store:
        assert store.conn.execute("SELECT count(*) FROM studies").fetchone()[0] == 5


def test_malformed_import_is_refused_with_line_and_changes_nothing(
    run_cli: Run, tmp_path: Path, store_path: Path
) -> None:
    good = write_team(tmp_path / "good.csv", people=2)
    run_cli("import", "school", str(good))
    with Store.open(store_path) as store:
        before = store.conn.execute("SELECT count(*) FROM placements").fetchone()[0]
    bad = tmp_path / "bad.csv"
    lines = good.read_text().splitlines()
    lines.append("1,Rapporten,99,Anders,teacher 1")
    bad.write_text("\n".join(lines) + "\n")
    result = run_cli("import", "other", str(bad), "--lang", "en")
    assert result.exit_code == 2
    assert f"{bad}:{len(lines)}: card ‘1’ is in two groups of participant ‘teacher 1’" in (
        result.output + result.stderr
    )
    assert "Nothing was imported." in result.output + result.stderr
    with Store.open(store_path) as store:
        assert store.conn.execute("SELECT count(*) FROM placements").fetchone()[0] == before
        assert [r[0] for r in store.conn.execute("SELECT name FROM studies")] == ["school"]


def test_user_mistakes_get_a_message_not_a_traceback(
    run_cli: Run, team_file: Path, tmp_path: Path
) -> None:
    def error(*args: str) -> str:
        result = run_cli(*args)
        assert result.exit_code == 2, result.output
        text = result.output + result.stderr
        assert "Traceback" not in text
        return text

    assert "no study called 'nope'" in error("analyse", "nope")
    assert "no such file" in error(
        "import", "school", str(tmp_path / "missing.csv"), "--lang", "en"
    )
    run_cli("import", "school", str(team_file))
    assert "cannot run" in error("analyse", "school", "--groups", "99", "--resamples", "0")
    taken = tmp_path / "taken.json"
    taken.write_text("{}")
    assert "--force" in error("analyse", "school", "--json", str(taken))
    assert taken.read_text() == "{}"  # never overwritten unasked
    assert "no consensus yet" in error("consensus", "show", "school", "--lang", "en")
    run_cli("analyse", "school", "--resamples", "0")
    assert "No folder is called ‘Nergens’" in error(
        "consensus", "move", "school", "IB", "Nergens", "--lang", "en"
    )
    assert "Unknown rule" in error("exclude", "school", "--rule", "sloppy", "--lang", "en")


def test_closed_sort_report_shows_popular_placements(
    run_cli: Run, tmp_path: Path, store_path: Path
) -> None:
    from sessions.cards import NewCard
    from sessions.models import StudyKind
    from sessions.studies import create_study

    cards = [card for members in GROUPS.values() for card in members]
    with Store.open(store_path) as store:
        create_study(
            store,
            "closed",
            [NewCard(c) for c in cards],
            kind=StudyKind.CLOSED,
            categories=list(GROUPS),
        )
    run_cli("import", "closed", str(write_team(tmp_path / "team.csv")))
    page = tmp_path / "closed.html"
    result = run_cli("analyse", "closed", "--resamples", "0", "--html", str(page), "--lang", "en")
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Where colleagues put each card" in html
    table = html[html.index("Where colleagues put each card") :]
    row = table[table.index("<td>Kerst</td>") :].split("</tr>")[0]
    assert "<td>Vieringen</td>" in row  # the category most colleagues chose for Kerst


def test_labels_suggest_and_split_one_teachers_pile(
    run_cli: Run, team_file: Path, store_path: Path
) -> None:
    run_cli("import", "school", str(team_file))
    suggested = run_cli("labels", "suggest", "school")
    assert suggested.exit_code == 0
    assert "zorg | leerlingzorg" in suggested.output
    with Store.open(store_path) as store:
        teacher = store.conn.execute(
            "SELECT p.name FROM groups g JOIN participants p ON p.id = g.participant_id"
            " WHERE g.label = 'Leerlingzorg' ORDER BY p.id LIMIT 1"
        ).fetchone()[0]
    assert (
        run_cli("labels", "merge", "school", "zorg", "leerlingzorg", "--into", "Zorg").exit_code
        == 0
    )
    split = run_cli(
        "labels", "split", "school", "Leerlingzorg", "--participant", teacher, "--as", "IB"
    )
    assert split.exit_code == 0, split.output
    shown = run_cli("labels", "show", "school").output
    assert "IB" in shown and teacher in shown
    assert run_cli("labels", "split", "school", "leerlingzorg").exit_code == 0  # un-merge
    with Store.open(store_path) as store:
        entries = store.conn.execute(
            "SELECT m.raw, m.standard, p.name FROM label_map m"
            " LEFT JOIN participants p ON p.id = m.participant_id ORDER BY m.id"
        ).fetchall()
    assert [tuple(e) for e in entries] == [("zorg", "Zorg", None), ("leerlingzorg", "IB", teacher)]


def _add_lumper(path: Path) -> None:
    """One more teacher who put every card on one pile (flagged and left out)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    cards = {}
    for line in lines[1:]:
        card_id, card, *_ = line.split(",")
        cards[card_id] = card
    extra = [f"{cid},{card},999,Alles,lumper" for cid, card in cards.items()]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")


def test_the_summary_tells_one_story_in_words(run_cli: Run, team_file: Path) -> None:
    _add_lumper(team_file)
    assert run_cli("import", "school", str(team_file)).exit_code == 0
    result = run_cli("analyse", "school", "--resamples", "20")
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "3 top-level folders" in out
    # flags and reasons in words, never codes
    assert "all cards in one group" in out and "all_in_one" not in out
    # eight stable sorts: a first impression, said once (no "enough" beside "only 8 sorts")
    assert "first impression" in out
    assert "Enough sorts" not in out and "Only 8 sorts" not in out
    dutch = " ".join(
        run_cli("analyse", "school", "--resamples", "20", "--lang", "nl").output.split()
    )
    assert "alle kaarten op één stapel" in dutch and "eerste indruk" in dutch


def test_forced_groups_show_exactly_that_many_folders_and_every_card(
    run_cli: Run, team_file: Path, tmp_path: Path
) -> None:
    assert run_cli("import", "school", str(team_file)).exit_code == 0
    out_json = tmp_path / "a.json"
    result = run_cli(
        "analyse", "school", "--groups", "2", "--resamples", "20", "--json", str(out_json)
    )
    assert result.exit_code == 0, result.output
    assert "2 top-level folders (--groups)" in " ".join(result.output.split())
    document = json.loads(out_json.read_text(encoding="utf-8"))
    assert len(document["consensus"]) == 2
    assert document["unassigned"] == []
    shown = sorted(card for node in document["consensus"] for card in node["cards"])
    assert shown == sorted(card for cards in GROUPS.values() for card in cards)


def test_skip_invalid_rows_imports_a_dirty_kardsort_export_and_lists_the_lines(
    run_cli: Run, team_file: Path, store_path: Path
) -> None:
    lines = team_file.read_text(encoding="utf-8").splitlines()
    # three rows lose their user id, as in a real kardSort export
    for n in (3, 10, 17):
        lines[n] = lines[n].rsplit(",", 1)[0] + ","
    team_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = run_cli("import", "school", str(team_file), "--lang", "en")
    assert refused.exit_code != 0 and "user_id is empty" in refused.stderr
    assert "--skip-invalid-rows" in refused.stderr
    dry = run_cli(
        "import", "school", str(team_file), "--skip-invalid-rows", "--dry-run", "--lang", "en"
    )
    assert dry.exit_code == 0, dry.output
    for n in (4, 11, 18):  # file lines are 1-based and the header is line 1
        assert f"line {n}: user_id is empty" in dry.output
    assert "3 row(s) would be skipped" in dry.output
    assert "Nothing was written" in dry.output
    done = run_cli("import", "school", str(team_file), "--skip-invalid-rows", "--lang", "en")
    assert done.exit_code == 0, done.output
    assert "Skipped 3 invalid row(s)" in done.output and "line 18: user_id is empty" in done.output
    assert "Imported 8 sort(s)" in done.output


def test_the_summary_names_the_camps_with_an_example_each(run_cli: Run, tmp_path: Path) -> None:
    cards = [card for members in GROUPS.values() for card in members]
    rows = ["card_id,card_label,category_id,category_label,user_id"]
    category = 0
    for person in range(10):
        by_year = person < 4  # four teachers sort by school year: two piles across the topics
        piles = {"Onderbouw": cards[0::2], "Bovenbouw": cards[1::2]} if by_year else dict(GROUPS)
        for name, members in piles.items():
            category += 1
            rows += [f"{cards.index(c) + 1},{c},{category},{name},t{person}" for c in members]
    path = tmp_path / "camps.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert run_cli("import", "school", str(path)).exit_code == 0
    result = run_cli("analyse", "school", "--resamples", "0")
    out = " ".join(result.output.split())
    assert "Ways of thinking: 4 teachers (example: t0); 6 teachers (example: t4)." in out
