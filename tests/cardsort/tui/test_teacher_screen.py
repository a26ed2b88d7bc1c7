"""The teacher's card detail never shows a path that names a pupil or colleague."""

from __future__ import annotations

from cardsort.i18n import Translator
from cardsort.privacy.names import path_without_names
from cardsort.tui.widgets import CardDetail
from sessions.models import Card


def shown(card: Card) -> str:
    detail = CardDetail()
    detail.show_card(card, Translator("nl"), examples=True)
    return detail.content.plain


def test_paths_naming_people_are_left_out_of_the_card_detail() -> None:
    card = Card(
        1,
        "c1",
        "Losse bestanden",
        "3 bestanden.",
        0,
        sources=(b"Gesprek ouders Luuk.docx", b"Groep 5/Leesdossier Anna Bos.docx", b"Rooster.pdf"),
    )
    text = shown(card)
    assert "Rooster.pdf" in text
    assert "Luuk" not in text and "Anna" not in text


def test_a_restricted_card_shows_no_paths_at_all() -> None:
    card = Card(2, "c2", "Zorg", "", 1, restricted=True, sources=(b"Zorg",))
    assert "Zorg/" not in shown(card) and "•" not in shown(card)


def test_path_without_names_looks_at_every_segment() -> None:
    assert path_without_names(b"Groep 5/Rekenen/blok 1.docx")
    assert not path_without_names(b"Juf Anja/Rekenen/blok 1.docx")
