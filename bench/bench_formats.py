"""Import and export speed of sort files, against a bare ``csv.reader`` pass in the same run.

A large study: 300 cards sorted by 200 participants (60,000 Casolysis rows, ~2 MB). We time
reading + checking the file, writing it into a fresh store, re-importing it (every sort is then
recognised as a duplicate), exporting it again, and turning the store into the analysis input.
The baseline is the cheapest possible read of the same file (``csv.reader`` over its lines), so
the ratio says how much the checking and the model cost on top of merely reading.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CARDS, PEOPLE = 300, 200
RUNS = 3  # every figure is the best of three, like the baseline


def _file(folder: Path) -> Path:
    rng = random.Random(7)
    lines = ["card_id,card_label,category_id,category_label,user_id"]
    category = 0
    for person in range(PEOPLE):
        groups = rng.randint(5, 9)
        for card in range(1, CARDS + 1):
            g = rng.randrange(groups)
            lines.append(f"{card},Kaart {card},{category + g + 1},Stapel {g},leerkracht {person}")
        category += groups
    path = folder / "team.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def _cold_read(path: Path) -> Any:
    """Read a file as if for the first time (detection remembers the last split tables)."""
    from sessions.formats import read_file, textio

    textio._read_table.cache_clear()
    return read_file(path)


def main() -> None:
    """Print the figures and the ratios against the baseline."""
    from cardsort.studydata import load_study_data
    from sessions.formats import apply_import, export_study, read_file
    from sessions.store import Store
    from sessions.studies import get_study

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = _file(folder)
        text = path.read_text(encoding="utf-8")
        baseline = min(
            _timed(lambda: sum(1 for _ in csv.reader(io.StringIO(text))))[0] for _ in range(RUNS)
        )
        read = min(_timed(lambda: _cold_read(path))[0] for _ in range(RUNS))
        parsed, _ = read_file(path)
        stores = [Store.open(folder / f"w{n}.sqlite") for n in range(RUNS)]
        write = min(_timed(lambda s=s: apply_import(s, parsed, "big"))[0] for s in stores)
        store = stores[0]
        again = min(_timed(lambda: apply_import(store, parsed, "big"))[0] for _ in range(RUNS))
        assert len(apply_import(store, parsed, "big").duplicates) == PEOPLE
        export = min(
            _timed(lambda: export_study(store, "big", "casolysis"))[0] for _ in range(RUNS)
        )
        to_data = min(
            _timed(lambda: load_study_data(store, get_study(store, "big")))[0] for _ in range(RUNS)
        )
        for opened in stores:
            opened.close()
    rows = CARDS * PEOPLE
    print(f"{rows} rows ({len(text) / 1e6:.1f} MB), {CARDS} cards x {PEOPLE} participants")
    print(f"{'baseline csv.reader pass':36s}{baseline:7.3f} s")
    for name, seconds in (
        ("read + check", read),
        ("write into the store", write),
        ("re-import (parsed), all duplicates", again),
        ("export Casolysis", export),
        ("store -> SortData", to_data),
    ):
        print(f"{name:36s}{seconds:7.3f} s   {seconds / baseline:6.1f}x baseline")


if __name__ == "__main__":
    main()
