"""A target spec the admin got wrong is explained in Dutch or English: ``TargetError`` carries
a :class:`~sessions.said.Said` whose English the catalogue repeats word for word, and the CLI
says it in the chosen language, with the same exit status, no reprs and no traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from cardsort.cli._say import say
from cardsort.i18n import Translator
from drive_adapters.targets import TargetError, open_target, parse_spec
from sessions.said import Said
from tests.drive_adapters.conftest import Built

# The commands' English (tests/drive_adapters/conftest.py); test_migrate_language checks Dutch.
pytestmark = pytest.mark.usefixtures("english_messages")


REPR = re.compile(r"(^|[\s(:=,])b?'[^'\n]+'")


def _refusal(call: Callable[[], object]) -> Said:
    with pytest.raises(TargetError) as caught:
        call()
    message = caught.value.args[0]
    assert isinstance(message, Said) and message.key.startswith("target."), message
    return message


def test_each_refusal_is_a_said_whose_english_the_catalogue_repeats(
    trap_share: Path, build: Callable[..., Built], tmp_path: Path
) -> None:
    plan = build(trap_share).plan
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    refusals = [
        _refusal(lambda: parse_spec("geen-doel")),
        _refusal(lambda: parse_spec("onedrive:me?geheim")),
        _refusal(lambda: open_target("bogus:x", plan)),
        _refusal(lambda: open_target("simulated:nope", plan)),
        _refusal(lambda: open_target("local:", plan)),
        _refusal(lambda: open_target(f"local:{elsewhere}", plan)),
        _refusal(lambda: open_target("local-copy:", plan)),
        _refusal(lambda: open_target(f"local-copy:{trap_share}", plan)),
        _refusal(lambda: open_target("local-copy:/srv", plan, source="onedrive:me")),
    ]
    english, dutch = Translator("en"), Translator("nl")
    for message in refusals:
        assert say(english, message) == str(message), message.key
        assert say(dutch, message) != str(message), message.key
    assert "geheim" not in refusals[1]  # an option typed without "=" may be a secret


@pytest.mark.parametrize(
    ("spec", "dutch", "english"),
    [
        ("bogus:x", "Onbekend soort doel ‘bogus’", "Unknown target type ‘bogus’"),
        ("simulated:nope", "simulated:nope bestaat niet; kies uit:", "simulated:nope is unknown"),
        ("geen-doel", "geen-doel is geen doel. Gebruik", "geen-doel is not a target. Use"),
    ],
)
def test_migrate_says_a_bad_target_in_the_admins_language(
    spec: str,
    dutch: str,
    english: str,
    trap_share: Path,
    build: Callable[..., Built],
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan_dir = str(build(trap_share).plan_dir)
    for lang, wanted, other in (("nl", dutch, english), ("en", english, dutch)):
        capsys.readouterr()
        status = main(["migrate", "apply", plan_dir, "--target", spec, "--lang", lang])
        captured = capsys.readouterr()
        out = " ".join((captured.out + captured.err).split())
        assert status == ExitStatus.USAGE, out
        assert wanted in out and other not in out, out
        assert "Traceback" not in out and not REPR.search(out), out
