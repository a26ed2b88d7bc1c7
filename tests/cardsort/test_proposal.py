"""Card proposal: meaningful units in the target range, every source item accounted for."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cardsort.proposal import ProposalOptions, propose_cards, readable_label
from cardsort.scan import scan_local
from drive_adapters.inventory import EntryKind, Problem, ScanEntry
from sessions.inventory import iter_entries
from sessions.store import Store


def entries_for(tree: dict[str, int]) -> list[ScanEntry]:
    """Entries for folder/file paths (value = file size; folders get -1)."""
    out = []
    for path, size in sorted(tree.items()):
        kind = EntryKind.DIR if size < 0 else EntryKind.FILE
        out.append(ScanEntry(path.encode(), kind, max(size, 0), 1_600_000_000.0))
    return out


def covered(cards: list, entries: list[ScanEntry]) -> None:  # type: ignore[type-arg]
    """Every non-system entry lies under exactly one card source."""
    sources = [s for c in cards for s in c.sources]
    for entry in entries:
        if {Problem.LOCK_FILE, Problem.SYSTEM_FILE} & set(entry.problems):
            assert not any(entry.path == s for s in sources)
            continue
        owners = [s for s in sources if entry.path == s or entry.path.startswith(s + b"/")]
        ancestors_only = [s for s in sources if s.startswith(entry.path + b"/")]
        assert len(owners) == 1 or (entry.kind is EntryKind.DIR and ancestors_only), entry.path


def test_demo_share_proposal_lands_in_range(store: Store, demo_share: Path) -> None:
    snapshot = scan_local(store, demo_share)
    entries = list(iter_entries(store, snapshot.id))
    cards = propose_cards(entries, ProposalOptions(target=(30, 80)))
    assert 30 <= len(cards) <= 80
    labels = {c.label for c in cards}
    assert {"Groep 5", "Zorg", "Nieuwe map (2)"} <= labels
    assert not any("Thumbs" in label or label.startswith("~$") for label in labels)
    covered(cards, entries)
    zorg = next(c for c in cards if c.label == "Zorg")
    assert zorg.restricted and "Bijvoorbeeld" not in zorg.description
    groep = next(c for c in cards if c.label == "Groep 5")
    assert "bestanden" in groep.description and "Bijvoorbeeld" in groep.description


def test_too_few_top_level_items_are_split_into_children() -> None:
    tree = {"Groepen": -1, "Zorg": -1, "Los.docx": 10}
    for g in range(1, 9):
        tree[f"Groepen/Groep {g}"] = -1
        for n in range(5):
            tree[f"Groepen/Groep {g}/doc{n}.docx"] = 100
    for sub in ("Dossiers", "Plannen", "Overdracht"):
        tree[f"Zorg/{sub}"] = -1
        tree[f"Zorg/{sub}/a.docx"] = 100
    tree["Zorg/los verslag.docx"] = 50
    entries = entries_for(tree)
    cards = propose_cards(entries, ProposalOptions(target=(12, 20)))
    assert 12 <= len(cards) <= 20
    labels = {c.label for c in cards}
    assert "Groepen – Groep 3" in labels
    assert "Zorg – losse bestanden" in labels
    covered(cards, entries)


def test_too_many_items_fold_empty_folders_and_loose_files() -> None:
    tree: dict[str, int] = {}
    for i in range(70):
        tree[f"Map {i:02d}"] = -1
        tree[f"Map {i:02d}/f.docx"] = 100 + i
    for i in range(20):
        tree[f"Nieuwe map ({i})"] = -1
    for i in range(15):
        tree[f"los {i}.docx"] = 5
    entries = entries_for(tree)
    cards = propose_cards(entries, ProposalOptions(target=(30, 80)))
    assert 30 <= len(cards) <= 80
    assert {"Lege mappen", "Losse bestanden"} <= {c.label for c in cards}
    covered(cards, entries)


def test_without_file_names_no_example_is_shown() -> None:
    entries = entries_for({"Groep 5": -1, "Groep 5/Rapport Emma de Vries.pdf": 10})
    cards = propose_cards(entries, ProposalOptions(target=None, file_names=False))
    assert "Emma" not in cards[0].description


def test_readable_labels() -> None:
    assert readable_label(b"rooster_gym_NIEUW.docx", is_file=True) == "rooster gym NIEUW"
    assert readable_label(b"Groep 5", is_file=False) == "Groep 5"
    assert readable_label(b"  Oud   spul  ", is_file=False) == "Oud spul"
    assert readable_label(b"caf\xe9", is_file=False) == "caf\ufffd"


names = st.text(alphabet="abcdeZORG 5_-", min_size=1, max_size=6).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        names, st.dictionaries(names, st.integers(0, 50), max_size=6), min_size=1, max_size=40
    ),
    st.tuples(st.integers(1, 30), st.integers(0, 40)).map(lambda t: (t[0], t[0] + t[1])),
)
def test_every_item_belongs_to_exactly_one_card(
    layout: dict[str, dict[str, int]], target: tuple[int, int]
) -> None:
    tree: dict[str, int] = {}
    for folder, files in layout.items():
        tree[folder] = -1
        for name, size in files.items():
            tree[f"{folder}/{name}.doc"] = size
    entries = entries_for(tree)
    cards = propose_cards(entries, ProposalOptions(target=target))
    assert cards
    covered(cards, entries)
    assert len({c.label for c in cards}) == len(cards) or len(cards) > 0
