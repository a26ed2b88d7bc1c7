"""``cardsort plan`` refuses restricted cards that would reach a wider audience in the admin's
language: the heading and every card's sentence in Dutch or English, names in ‘’, audiences
in words, the ways out (``--acknowledge``, ``cardsort consensus audience``) as typed, and the
same exit status in both languages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from tests.drive_adapters.conftest import Built, node

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


#: A quoted Python repr ('name', b'name') where the CLI should print a name as text.
REPR = re.compile(r"(^|[\s(:=,])b?'[^'\n]+'")


@pytest.mark.parametrize(
    ("lang", "phrases", "foreign"),
    [
        (
            "nl",
            [
                "Vertrouwelijke kaarten zouden in een map komen",
                "kaart zorg (Zorg, voor zorgteam) is vertrouwelijk maar komt in ‘Alles’",
                "(open voor hele team) samen met",
                "splits de map",
            ],
            "Restricted cards",
        ),
        (
            "en",
            [
                "Restricted cards would land in a folder meant for a wider audience",
                "card zorg (Zorg, for care team) is restricted but lands in ‘Alles’",
                "(open to whole team) together with",
                "split the folder",
            ],
            "Vertrouwelijke",
        ),
    ],
)
def test_the_privacy_refusal_speaks_the_admins_language(
    lang: str,
    phrases: list[str],
    foreign: str,
    trap_share: Path,
    build: Callable[..., Built],
    capsys: pytest.CaptureFixture[str],
) -> None:
    build(trap_share)  # study s1 on the scanned trap share
    everything = ConsensusTree(
        (node("Alles", ["gids", "rekenen", "taal", "notulen", "oud", "anja", "zorg"]),),
        ("leeg",),
    )
    consensus = trap_share.parent / "alles.json"
    consensus.write_text(json.dumps(everything.to_dict()), encoding="utf-8")
    out_dir = str(trap_share.parent / f"plan-{lang}")
    args = ["plan", "s1", "--out", out_dir, "--consensus", str(consensus), "--lang", lang]
    capsys.readouterr()
    status = main(args)
    captured = capsys.readouterr()
    out = " ".join((captured.out + captured.err).split())
    assert status == ExitStatus.USAGE, out
    for phrase in phrases:
        assert phrase in out, (phrase, out)
    assert foreign not in out and "Traceback" not in out and "{" not in out
    # the ways out stay as they are typed, whatever the language
    assert "`cardsort consensus audience s1 'Alles' care`" in out
    assert "--acknowledge zorg" in out
    assert not REPR.search(out.replace("'Alles' care", "")), out

    assert main([*args, "--acknowledge", "zorg"]) == ExitStatus.DONE
