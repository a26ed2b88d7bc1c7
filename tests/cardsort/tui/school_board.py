"""A school-sized board for the board's tests and snapshots: 64 cards, 8 stacks.

Card names are the drive's real mess (two "Kopie van …" cards, long names, long
descriptions); stack names are what teachers type ("Groepen en klassen"). Everything is in
study order, so the board is the same on every run.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from cardsort.tui.base import CardsortApp
from cardsort.tui.screens.board import BoardScreen
from cardsort.tui.session import SortSession
from cardsort.tui.sorting import Board
from sessions.cards import NewCard
from sessions.models import StudyKind, StudySettings
from sessions.store import Store
from sessions.studies import create_study

LABELS = [
    "Kopie van Jaarplanning 2023-2024",
    "Kopie van Jaarplanning 2024-2025",
    "Roosters",
    "Nieuwsbrieven",
    "Notulen MR",
    "Notulen teamvergadering",
    "Sinterklaas",
    "Kerst",
    "Koningsspelen",
    "Schoolreis groep 1-2",
    "Schoolreis groep 3-8",
    "Musical groep 8",
    "Cito-toetsen",
    "Groepsplannen rekenen",
    "Groepsplannen lezen",
    "Leesdossiers",
    "Veilig leren lezen",
    "Wereld in getallen",
    "Snappet handleidingen",
    "ParnasSys instructies",
    "MOO inlogkaarten",
    "Esis exports",
    "Oudergesprekken planning",
    "Rapporten groep 3",
    "Rapporten groep 8",
    "Zorgplan",
    "Handelingsplannen",
    "Directie overleg",
    "Begroting",
    "Personeelsdossiers",
    "Nascholing",
    "BHV en ontruiming",
    "Plattegronden",
    "Huishoudelijk reglement",
    "Schoolgids",
    "Schoolplan 2023-2027",
    "Jaarverslag",
    "OR activiteiten",
    "OR kascontrole",
    "Gymrooster",
    "Zwemlessen",
    "Bibliotheek",
    "Techniekkast",
    "Muziekmethode",
    "Tekenen en handvaardigheid",
    "Verkeersexamen",
    "Excursies",
    "Stagiaires",
    "Vervangingen",
    "Verlofaanvragen",
    "Oud",
    "Archief 2015",
    "Nieuwe map (2)",
    "Foto's schoolfeest",
    "Logo's en huisstijl",
    "Website teksten",
    "Social media",
    "Inschrijfformulieren",
    "Leerlingenlijsten",
    "Klassenlijsten groep 5",
    "Toetskalender",
    "Kwaliteitszorg",
    "Inspectiebezoek",
    "Privacyreglement",
]
DESCRIPTION = (
    "Alles wat de school bewaart over {label}: draaiboeken, lijsten en brieven van de "
    "afgelopen jaren, door verschillende collega's op verschillende plekken opgeslagen. "
    "Let op: sommige bestanden staan ook nog in de map Oud."
)
STACKS = [
    "Groepen en klassen",
    "Vieringen en feesten",
    "Zorg en begeleiding",
    "Organisatie en planning",
    "Methodes",
    "Ouders",
    "Personeel",
    "Archief",
]


def make_school_study(store: Store, lang: str = "nl") -> str:
    """Create the 64-card study (open sort, not shuffled) and return its name."""
    cards = [
        NewCard(label, DESCRIPTION.format(label=label.lower()), key=f"k{n}")
        for n, label in enumerate(LABELS, start=1)
    ]
    create_study(
        store,
        "schooldag",
        cards,
        kind=StudyKind.OPEN,
        settings=StudySettings(randomise_cards=False, lang=lang),
        instructions_nl="Sorteer de kaarten.",
        instructions_en="Sort the cards.",
    )
    return "schooldag"


def sorted_halfway(session: SortSession, stacks: int = len(STACKS)) -> Board:
    """Anna has made the stacks and put cards on them: 6 on the first, 2 to 4 elsewhere."""
    board, _ = session.join("Anna")
    names = [*STACKS, *(f"Stapel {n}" for n in range(len(STACKS) + 1, stacks + 1))]
    keys = [board.add_group(name) for name in names[:stacks]]
    unsorted = list(board.piles["@unsorted"])
    counts = [6, 3, 2, 4, 3, 2, 2, 3] + [1] * max(0, stacks - len(STACKS))
    for key, count in zip(keys, counts, strict=False):
        for _ in range(count):
            board.move(unsorted.pop(), key)
    session.save(board)
    return board


class BoardOnly(CardsortApp):
    """The board screen on its own (the welcome screen is tested elsewhere)."""

    def __init__(self, session: SortSession, board: Board, *, lang: str) -> None:
        super().__init__(lang=lang)
        self.session = session
        self.board = board

    def compose(self) -> ComposeResult:
        yield Static()

    def on_mount(self) -> None:
        self.push_screen(BoardScreen(self.session, self.board, on_finish=lambda: None))


def school_board_app(store: Store, lang: str, stacks: int = len(STACKS)) -> BoardOnly:
    """A board app with the school-sized study, halfway sorted."""
    session = SortSession.open(store, make_school_study(store, lang))
    return BoardOnly(session, sorted_halfway(session, stacks), lang=lang)
