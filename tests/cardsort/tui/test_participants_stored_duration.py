"""``cardsort participants`` lists a study whose stored time taken is not a number of seconds.

An earlier version's import accepted ``duration_s: Infinity`` (SQLite keeps a NaN as NULL), after
which the command crashed on every run. Such a time is shown as unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cardsort.tui.session import SortSession
from sessions.store import Store

Run = Callable[..., Any]


def test_an_infinite_or_negative_stored_duration_is_shown_as_unknown(
    run_cli: Run, store: Store, new_study: Callable[..., str]
) -> None:
    new_study("team")
    for name in ("Anna", "Bram", "Carla"):
        session = SortSession.open(store, "team")
        board, _ = session.join(name)
        session.finish(board)
    with store.transaction() as tx:  # what an earlier version's import left behind
        for name, value in (("Anna", float("inf")), ("Bram", float("-inf")), ("Carla", -5.0)):
            tx.execute("UPDATE participants SET duration_s = ? WHERE name = ?", (value, name))
    stored = store.conn.execute("SELECT duration_s FROM participants ORDER BY name").fetchall()
    assert [row[0] for row in stored] == [float("inf"), float("-inf"), -5.0]
    result = run_cli("participants", "team", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    for name in ("Anna", "Bram", "Carla"):
        line = next(line for line in result.output.splitlines() if name in line)
        assert "–" in line and "inf" not in line.lower()
    assert "3 of 3 finished." in result.output
