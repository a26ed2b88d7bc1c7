"""What people typed or named is printed as they typed it: a card called ``[b]x`` stays
``[b]x`` (not bold), a folder called ``Verslag [concept]`` keeps its ``[concept]``, and a
description holding ``[/2023]`` does not end the command with a Rich ``MarkupError``
traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sessions.cards import cards_of, latest_deck
from sessions.store import Store

Run = Callable[..., Any]


def _share(root: Path) -> Path:
    for folder in ("Rekenen", "[b]Notulen", "Verslag [concept]"):
        (root / folder).mkdir(parents=True)
        for n in range(3):
            (root / folder / f"stuk {n}.txt").write_text(f"{folder} {n}\n", encoding="utf-8")
    return root


def test_folder_names_with_brackets_survive_scan_and_report(run_cli: Run, tmp_path: Path) -> None:
    share = _share(tmp_path / "share")
    scanned = run_cli("scan", str(share))
    assert scanned.exit_code == 0, scanned.output + scanned.stderr
    assert "[b]Notulen/" in scanned.output and "Verslag [concept]/" in scanned.output
    listing = run_cli("scan", "--list")
    assert listing.exit_code == 0 and "Traceback" not in listing.output


def test_study_show_prints_card_text_as_typed(run_cli: Run, tmp_path: Path, store: Store) -> None:
    share = _share(tmp_path / "share")
    assert run_cli("scan", str(share)).exit_code == 0
    assert run_cli("cards", "propose").exit_code == 0
    card = cards_of(store, deck_id=latest_deck(store).id)[0]
    assert run_cli("cards", "rename", card.key, "[b]x").exit_code == 0
    assert run_cli("cards", "describe", card.key, "Notulen [/2023] en [red]rood").exit_code == 0
    assert run_cli("study", "create", "[i]demo").exit_code == 0
    shown = run_cli("study", "show", "[i]demo")
    assert shown.exit_code == 0, shown.output + shown.stderr
    assert "[i]demo" in shown.output
    assert "[b]x" in shown.output and "Notulen [/2023] en [red]rood" in shown.output
    listing = run_cli("study", "list")
    assert "[i]demo" in listing.output


def test_study_show_and_list_in_both_languages(run_cli: Run, tmp_path: Path) -> None:
    share = _share(tmp_path / "share")
    assert run_cli("scan", str(share)).exit_code == 0
    assert run_cli("cards", "propose").exit_code == 0
    assert run_cli("study", "create", "team").exit_code == 0
    dutch = run_cli("study", "show", "team", "--lang", "nl").output
    assert "(open sorteren)" in dutch and "Code voor deelnemers:" in dutch and "sleutel" in dutch
    english = run_cli("study", "show", "team", "--lang", "en").output
    assert "(open sort)" in english and "Participant code:" in english
    assert "deelnemers" in run_cli("study", "list", "--lang", "nl").output
    assert "participants" in run_cli("study", "list", "--lang", "en").output
    for text in (dutch, english):
        assert "Traceback" not in text and "{" not in text
