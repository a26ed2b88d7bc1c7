"""Card texts the tool wrote follow the reader's language (``--lang en`` on a Dutch proposal)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardsort.card_language import localise_card, localise_description, localise_label
from cardsort.proposal import Node, ProposalOptions, describe
from cardsort.tui.session import SortSession
from cardsort.tui.widgets import CardDetail, Pile
from drive_adapters.inventory import EntryKind
from sessions.cards import NewCard
from sessions.models import Card, StudySettings
from sessions.store import Store
from sessions.studies import create_study
from tests.cardsort.tui.school_board import BoardOnly


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    files=st.integers(min_value=0, max_value=5000),
    size=st.integers(min_value=0, max_value=5 * 1024**4),
    changed=st.one_of(st.none(), st.floats(min_value=0, max_value=4e9)),
    examples=st.lists(st.sampled_from([b"Rooster.xlsx", b"nb 1.docx", b"a, b.pdf"]), max_size=3),
)
def test_a_proposed_description_reads_as_if_proposed_in_the_other_language(
    files: int, size: int, changed: float | None, examples: list[bytes]
) -> None:
    node = Node(b"Groep 5", EntryKind.DIR, files, size, changed, examples=examples)
    dutch = describe([node], ProposalOptions(lang="nl"))
    english = describe([node], ProposalOptions(lang="en"))
    assert localise_description(dutch, "en") == english
    assert localise_description(english, "nl") == dutch
    assert localise_description(dutch, "nl") == dutch


def test_labels_the_proposal_made_are_translated_and_others_left_alone() -> None:
    assert localise_label("Groep 5 – losse bestanden", "en") == "Groep 5 – loose files"
    assert localise_label("Kleine mappen", "en") == "Small folders"
    assert localise_label("Losse bestanden", "nl") == "Losse bestanden"
    assert localise_label("Sinterklaas", "en") == "Sinterklaas"


def test_a_coordinators_own_text_and_hand_made_cards_stay_as_written() -> None:
    assert localise_description("Alles over de kerstviering.", "en") == (
        "Alles over de kerstviering."
    )
    manual = Card(1, "m1", "Kleine mappen", "Lege map.", 0, origin="manual")
    assert localise_card(manual, "en") is manual
    proposed = Card(2, "k2", "Kleine mappen", "Lege map.", 1)
    english = localise_card(proposed, "en")
    assert (english.label, english.description) == ("Small folders", "Empty folder.")


async def test_the_board_in_english_shows_a_dutch_proposal_in_english(store: Store) -> None:
    create_study(
        store,
        "team",
        [NewCard("Groep 5 – losse bestanden", "3 bestanden, 1,5 KB, laatst gewijzigd maart 2024.")],
        settings=StudySettings(randomise_cards=False),
    )
    session = SortSession.open(store, "team")
    board, _ = session.join("Anna")
    app = BoardOnly(session, board, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(CardDetail).content.plain
        assert panel == "Groep 5 – loose files\n3 files, 1.5 KB, last changed March 2024."
        pile = app.screen.query_one("#pile-unsorted", Pile)
        assert str(pile.get_option_at_index(0).prompt) == "Groep 5 – loose files"
