"""The coordinator's card commands: proposing again keeps their edits; restricting hides file
names; the preview shows every card as a teacher will see it, and what was hidden and why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cardsort.scan import scan_local
from sessions.cards import cards_of, latest_deck
from sessions.store import Store

RunCli = Callable[..., Any]


def deck_cards(store_path: Path) -> dict[str, Any]:
    with Store.open(store_path) as store:
        return {c.sources[0].decode(): c for c in cards_of(store, deck_id=latest_deck(store).id)}


def test_proposing_again_keeps_renames_drops_restrictions_and_added_cards(
    run_cli: RunCli, store_path: Path, demo_share: Path
) -> None:
    with Store.open(store_path) as store:
        scan_local(store, demo_share)
    assert run_cli("cards", "propose").exit_code == 0
    before = deck_cards(store_path)
    assert "Bijvoorbeeld" in before["Groep 5"].description
    assert run_cli("cards", "rename", before["Groep 5"].key, "Groep vijf").exit_code == 0
    assert run_cli("cards", "drop", before["Nieuwe map (2)"].key).exit_code == 0
    assert run_cli("cards", "restrict", before["MR"].key, "--audience", "MR").exit_code == 0
    assert run_cli("cards", "restrict", before["Zorg"].key, "--off").exit_code == 0
    assert run_cli("cards", "add", "Alles over gym", "--source", "Gym").exit_code == 0

    result = run_cli("cards", "propose", "--no-file-names")
    assert result.exit_code == 0, result.output
    after = deck_cards(store_path)
    assert after["Groep 5"].label == "Groep vijf"
    assert "Bijvoorbeeld" not in after["Groep 5"].description  # --no-file-names still applies
    assert "Nieuwe map (2)" not in after
    assert after["MR"].restricted and after["MR"].audience == "named:MR"
    assert not after["Zorg"].restricted and after["Zorg"].audience is None
    assert any(c.label == "Alles over gym" and c.origin == "manual" for c in after.values())
    assert "eerdere keuzes" in result.output


def test_restricting_a_card_removes_its_file_names_and_confirms_it(
    run_cli: RunCli, store_path: Path, demo_share: Path
) -> None:
    with Store.open(store_path) as store:
        scan_local(store, demo_share)
    run_cli("cards", "propose", "--lang", "en")
    card = deck_cards(store_path)["Nieuwsbrieven"]
    assert "For example" in card.description
    result = run_cli("cards", "restrict", card.key, "--audience", "directie", "--lang", "en")
    assert result.exit_code == 0 and "management" in result.output
    after = deck_cards(store_path)["Nieuwsbrieven"]
    assert after.restricted and after.audience == "management"
    assert "For example" not in after.description and after.description.endswith(".")
    bad = run_cli("cards", "restrict", card.key, "--audience", "!!")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_preview_shows_what_teachers_see_and_what_was_hidden_in_both_languages(
    run_cli: RunCli, store_path: Path, demo_share: Path
) -> None:
    with Store.open(store_path) as store:
        scan_local(store, demo_share)
    run_cli("cards", "propose")
    zorg = deck_cards(store_path)["Zorg"]
    dutch = run_cli("cards", "preview", "--lang", "nl").output
    assert "Zo zien leerkrachten" in dutch
    assert "bevat een voornaam (" in dutch
    assert "zorgteam (voorstel, nog bevestigen)" in dutch
    assert "vertrouwelijke kaart" in dutch
    run_cli("cards", "restrict", zorg.key)
    english = run_cli("cards", "preview", "--lang", "en").output
    assert "What teachers see" in english and "contains a first name (" in english
    assert "care team (confirmed)" in english
    assert "the folder is called 'Zorg' (zorg)" in english


def test_the_card_list_names_audiences_in_words_and_the_preview_flags_a_named_description(
    run_cli: RunCli, store_path: Path, demo_share: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("CARDSORT_LANG", "en")
    with Store.open(store_path) as store:
        scan_local(store, demo_share)
    run_cli("cards", "propose")
    card = deck_cards(store_path)["Nieuwsbrieven"]
    run_cli("cards", "restrict", card.key, "--audience", "bouw onderbouw")
    listing = run_cli("cards", "list").output
    assert "🔒 bouw onderbouw" in listing and "named:" not in listing
    assert "🔒 care team" in listing  # the Zorg card's suggested audience, in words
    run_cli("cards", "describe", card.key, "Brieven aan de ouders van Luuk")
    preview = run_cli("cards", "preview").output
    assert "careful: your own text may contain a name" in preview


def test_a_studys_cards_are_previewed_with_what_their_proposal_hid(
    run_cli: RunCli, store_path: Path, demo_share: Path
) -> None:
    with Store.open(store_path) as store:
        scan_local(store, demo_share)
    run_cli("cards", "propose")
    assert run_cli("study", "create", "demo").exit_code == 0
    result = run_cli("cards", "preview", "--study", "demo", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "What teachers see of the 65 cards of study demo" in result.output
    assert "contains a first name (" in result.output
    missing = run_cli("cards", "preview", "--study", "nope")
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_card_edits_are_reported_in_the_coordinators_language(
    run_cli: Callable[..., Any], demo_share: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("scan", str(demo_share)).exit_code == 0
    assert run_cli("cards", "propose").exit_code == 0
    monkeypatch.setenv("CARDSORT_LANG", "nl")
    renamed = run_cli("cards", "rename", "Nieuwe map (2)", "Diversen")
    assert "heet nu ‘Diversen’" in renamed.output and "'" not in renamed.output.split(":")[1]
    monkeypatch.setenv("CARDSORT_LANG", "en")
    dropped = run_cli("cards", "drop", "Diversen")
    assert dropped.output.startswith("Dropped ") and "‘Diversen’" in dropped.output
