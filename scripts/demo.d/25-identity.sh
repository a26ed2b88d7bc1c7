#!/usr/bin/env bash
# Stage 25: who is sorting. In a study of its own ("demo-namen", so the team's analysis is not
# touched): "Juf Anja" sorts three cards; typing "juf anja" later continues her sort instead of
# starting an empty one; an older record of the same person (as an earlier version made it)
# is merged into hers; a name typed with terminal escape codes is kept without them.
set -euo pipefail

cardsort study create demo-namen >/dev/null
python - <<'PY'
from cardsort.tui.session import SortSession
from sessions.models import Sort
from sessions.store import store_from_env
from sessions.studies import get_study, save_sort, start_participant

with store_from_env() as store:
    anja = SortSession.open(store, "demo-namen")
    board, _ = anja.join("Juf Anja")
    cards = list(board.piles["@unsorted"])
    stack = board.add_group("Vieringen")
    for card in cards[:3]:
        board.move(card, stack)
    anja.save(board)
    anja.release()  # her window closes

    again = SortSession.open(store, "demo-namen")
    resumed, created = again.join("juf anja")  # typed differently after a crash
    placed = sum(len(v) for k, v in resumed.piles.items() if not k.startswith("@"))
    print(f"'juf anja' continues the sort of 'Juf Anja': new record: {created}; "
          f"cards already placed: {placed}")
    again.release()

    study = get_study(store, "demo-namen")
    # A second record of Anja, as an earlier version (exact names) created it, with two cards
    # she sorted there, and a name somebody typed with terminal escape codes.
    old, _ = start_participant(store, study.id, "Anja (oud)")
    other = SortSession.open(store, "demo-namen")
    other.participant = old
    board = other.new_board()
    board.load(Sort((), ()), tuple(cards))
    board.move(cards[3], board.add_group("Organisatie"))
    board.move(cards[4], "g1")
    save_sort(store, old.id, board.to_sort())
    start_participant(store, study.id, "Eva\x1b[2J\x1b]0;pwned\x07")
PY
cardsort participants demo-namen
cardsort participants merge demo-namen "Juf Anja" "Anja (oud)"
cardsort participants demo-namen
