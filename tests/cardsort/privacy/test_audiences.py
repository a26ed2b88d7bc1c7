"""Audiences as part of the structure: each folder has one; a restricted card only lands where
its own audience, and nobody wider, can open it; the plan records both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.planning import PlanOptions
from cardsort.privacy.audiences import named_audience, parse_audience
from cardsort.privacy.placement import Placed, effective_audiences, refusals
from drive_adapters.plan import PlanError, load_plan
from sessions.cards import cards_of, update_card
from sessions.folder_audiences import folder_audiences, set_folder_audience
from sessions.store import Store
from sessions.studies import get_study
from tests.drive_adapters.conftest import node


def card(key: str, folder: str, audience: str | None = None, **kw: Any) -> Placed:
    return Placed(key, key, audience is not None, audience, tuple(folder.split("/")), **kw)


def test_a_folder_of_only_care_cards_is_a_care_folder_and_a_mixed_one_is_for_the_team() -> None:
    placed = [
        card("a", "Zorg", "care"),
        card("b", "Zorg", "care"),
        card("c", "Team"),
        card("d", "Team/Dossiers", "care"),
        card("e", "Team"),
    ]
    audiences = effective_audiences(placed, {})
    assert audiences[("Zorg",)] == "care"
    assert audiences[("Team",)] == "team"
    assert audiences[("Team", "Dossiers")] == "care"  # a narrower subfolder of a team folder
    assert refusals(placed, {}) == []


def test_a_restricted_card_among_team_cards_is_refused_with_the_three_choices() -> None:
    placed = [card("zorg", "Alles", "care"), card("taal", "Alles")]
    (line,) = refusals(placed, {}, study="school")
    assert "card zorg (zorg, for care team) is restricted but lands in ‘Alles’" in line
    assert "together with taal" in line
    assert "split the folder" in line
    assert "`cardsort consensus audience school 'Alles' care`" in line
    assert "--acknowledge zorg" in line
    assert refusals(placed, {"Alles": "care"}) == []  # the narrower audience
    acknowledged = [card("zorg", "Alles", "care", acknowledged=True), card("taal", "Alles")]
    assert refusals(acknowledged, {}) == []


def test_two_narrow_audiences_never_share_a_folder() -> None:
    placed = [card("ib", "Vertrouwelijk", "care"), card("fg", "Vertrouwelijk", "management")]
    assert len(refusals(placed, {})) == 2
    assert len(refusals(placed, {"Vertrouwelijk": "care"})) == 1  # management card still out


def test_audiences_are_typed_in_dutch_or_english_or_named() -> None:
    assert parse_audience("Zorg") == "care" and parse_audience("directie") == "management"
    assert parse_audience("personeel") == "staff" and parse_audience("whole team") == "team"
    assert parse_audience("bouw onderbouw") == named_audience("bouw  onderbouw")
    with pytest.raises(ValueError, match="letters or digits"):
        parse_audience("<script>")


def test_the_plan_records_folder_audiences_and_each_restricted_cards_audience(
    trap_share: Path,
    build: Callable[..., Any],
) -> None:
    consensus = ConsensusTree(
        (node("Alles", ["gids", "rekenen", "taal", "notulen", "oud", "anja", "zorg"]),),
        ("leeg",),
    )
    with pytest.raises(PlanError, match="consensus audience"):
        build(trap_share, consensus=consensus)
    built = build(trap_share, consensus=consensus, options=PlanOptions(audiences={"Alles": "care"}))
    assert built.plan.options["audiences"]["Alles"] == "care"
    zorg = next(c for c in built.plan.cards if c.key == "zorg")
    assert zorg.audience == "care" and not zorg.acknowledged
    again = load_plan(built.plan_dir)
    assert again.options["audiences"]["Alles"] == "care"
    assert next(c for c in again.cards if c.key == "zorg").audience == "care"
    assert "audience: care" in (built.plan_dir / "plan.yaml").read_text("utf-8")


def test_the_coordinator_sets_a_folder_audience_in_the_cli(
    run_cli: Callable[..., Any],
    store_path: Path,
    team_file: Path,
) -> None:
    assert run_cli("import", "school", str(team_file)).exit_code == 0
    assert run_cli("analyse", "school", "--resamples", "0").exit_code == 0
    with Store.open(store_path) as store:
        study = get_study(store, "school")
        ib = next(c for c in cards_of(store, study_id=study.id) if c.label == "IB")
        update_card(store, ib.id, restricted=True, audience="care")
    listing = run_cli("consensus", "audience", "school", "--lang", "en")
    assert listing.exit_code == 0, listing.output
    assert "IB (care team)" in listing.output and "is restricted but lands in" in listing.output
    zorg = next(
        line.split("│")[1].strip()
        for line in listing.output.splitlines()
        if "IB (care team)" in line
    )
    result = run_cli("consensus", "audience", "school", zorg, "zorg", "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert "zorgteam (ingesteld)" in result.output
    assert "is restricted but lands in" not in result.output
    bad = run_cli("consensus", "audience", "school", zorg, "<b>")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_the_plan_names_the_schools_group_for_each_audience(
    trap_share: Path, build: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    groups = {"care": ["zorgteam@school.nl"], "team": ["personeel@school.nl"]}
    built = build(trap_share, options=PlanOptions(audience_groups=groups))
    assert load_plan(built.plan_dir).options["audience_groups"] == groups
    report = run_cli("report", "access", str(built.plan_dir), "--lang", "en").output
    assert "Leerlingzorg,care team,zorgteam@school.nl,Zorg" in report
    bad = run_cli("plan", "school", "--group", "zorg")
    assert bad.exit_code == 2 and "AUDIENCE=GROUP" in bad.output + bad.stderr


def test_a_renamed_folder_keeps_its_audience_and_a_lost_one_is_reported(
    run_cli: Callable[..., Any], store_path: Path, team_file: Path
) -> None:
    run_cli("import", "school", str(team_file))
    run_cli("analyse", "school", "--resamples", "0")
    with Store.open(store_path) as store:
        study = get_study(store, "school")
    assert run_cli("consensus", "audience", "school", "Zorg", "zorg").exit_code == 0
    assert run_cli("consensus", "rename", "school", "Zorg", "Leerlingzorg").exit_code == 0
    with Store.open(store_path) as store:
        assert folder_audiences(store, study.id) == {"Leerlingzorg": "care"}
    with Store.open(store_path) as store:  # set before a rename elsewhere, say
        set_folder_audience(store, study.id, "Verdwenen", "management")
    missing = run_cli("consensus", "audience", "school", "Bestaat niet", "zorg", "--lang", "en")
    assert missing.exit_code == 2 and "No folder is called ‘Bestaat niet’" in missing.stderr
    listing = run_cli("consensus", "audience", "school", "--lang", "en").output
    assert "Folder 'Verdwenen' was for management only, but the structure no longer has it" in (
        " ".join(listing.split())
    )


def test_the_plan_sends_a_narrower_audience_to_its_sharepoint_library(
    trap_share: Path, build: Callable[..., Any], run_cli: Callable[..., Any]
) -> None:
    url = "https://school.sharepoint.com/sites/Zorg/Dossiers"
    options = PlanOptions(
        audience_libraries={"care": url}, audience_groups={"care": ["zorgteam@school.nl"]}
    )
    built = build(trap_share, options=options)
    assert load_plan(built.plan_dir).options["audience_libraries"] == {"care": url}
    shown = run_cli("migrate", "simulate", str(built.plan_dir), "--target", "simulated:onedrive")
    assert shown.exit_code == 0, shown.output + shown.stderr
    text = " ".join(shown.output.split())
    assert (f"eigen SharePoint-bibliotheek, {url}" in text) or (f"of its own, {url}" in text)
    for wrong in ("zorg=http://x/sites/a/b", "zorg", "team=" + url, "zorg=https://x.nl/a"):
        bad = run_cli("plan", "school", "--library", wrong)
        assert bad.exit_code == 2 and "Traceback" not in bad.output + bad.stderr
        assert "library" in bad.output + bad.stderr
