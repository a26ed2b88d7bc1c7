"""What an importer reads does not depend on the order of rows or columns in the file."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.formats import ParsedPlacement, parse_text, sort_fingerprint

CASOLYSIS = """card_id,card_label,category_id,category_label,user_id
1,Rapporten,1,Zorg,ann
2,Notulen MR,2,Directie,ann
3,Kerst,2,Directie,ann
4,Website,,,ann
1,Rapporten,7,zorg,bob
2,Notulen MR,7,zorg,bob
3,Kerst,8,Feest,bob
4,Website,9,ICT,bob
2,Notulen MR,10,Overig,cas
4,Website,10,Overig,cas
"""

WIDE = """item,ann,bob,cas
Rapporten,1,zorg;leerling,
Notulen MR,2,zorg;leerling,G1
Kerst,2,feest,G1
Website,,ict,G2
"""


def _content(text: str) -> dict[str, str]:
    parsed, _ = parse_text(text, "x.csv")
    labels = {c.key: c.label for c in parsed.cards}
    # fingerprints on card labels, so row order (which decides wide card keys) does not matter
    out = {}
    for sort in parsed.sorts:
        relabelled = replace(
            sort,
            placements=tuple(
                ParsedPlacement(labels[p.card_key], p.state, p.group_key) for p in sort.placements
            ),
        )
        out[sort.participant] = sort_fingerprint(relabelled)
    return out


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_casolysis_row_order_does_not_matter(rng: random.Random) -> None:
    header, *rows = CASOLYSIS.splitlines()
    rng.shuffle(rows)
    assert _content("\n".join([header, *rows]) + "\n") == _content(CASOLYSIS)


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_wide_row_and_column_order_does_not_matter(rng: random.Random) -> None:
    table = [line.split(",") for line in WIDE.splitlines()]
    columns = list(range(1, len(table[0])))
    rng.shuffle(columns)
    body = table[1:]
    rng.shuffle(body)
    shuffled = [[row[0], *(row[c] for c in columns)] for row in [table[0], *body]]
    assert _content("\n".join(",".join(r) for r in shuffled) + "\n") == _content(WIDE)
