"""``cardsort plan`` and every ``cardsort migrate`` verb speak Dutch and English: the commands'
own sentences and the executor's messages (set aside, differences, source changes), with names
as text, never Python reprs, and the same exit statuses in both languages."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.cli import main
from cardsort.cli._exit import ExitStatus
from cardsort.cli._say import say
from cardsort.cli.migrate import journal_path
from cardsort.i18n import Translator
from cardsort.i18n_catalogue import CATALOGUE
from drive_adapters.base import (
    Deferred,
    DriveError,
    InvalidName,
    ItemNotFound,
    NameConflict,
    Throttled,
)
from drive_adapters.executor import Executor
from drive_adapters.executor.lock import PlanLock
from drive_adapters.executor.results import ENGLISH, Said, reason_of, said
from drive_adapters.journal import JOURNAL_ENGLISH, Journal
from drive_adapters.plan import PLAN_ENGLISH, load_plan
from drive_adapters.targets import open_target

from .conftest import Built, TrapCopy, block_plan, trap_consensus

#: A quoted Python repr ('name', b'name') where the CLI should print a name as text.
REPR = re.compile(r"(^|[\s(:=,])b?'[^'\n]+'")


def _run(capsys: pytest.CaptureFixture[str], lang: str, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    status = main([*args, "--lang", lang])
    captured = capsys.readouterr()
    out = " ".join((captured.out + captured.err).split())
    assert "Traceback" not in out and "{" not in out, out
    assert not REPR.search(out), out
    return status, out


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "nl",
            ["items verantwoord", "nieuwe mappen", "leeg bestand (0 bytes)", "Volgende stap:"],
        ),
        ("en", ["items accounted for", "new folders", "empty file (0 bytes)", "Next: cardsort"]),
    ],
)
def test_plan_summary_in_both_languages(
    lang: str,
    phrases: list[str],
    trap_share: Path,
    build: Callable[..., Built],
    capsys: pytest.CaptureFixture[str],
) -> None:
    build(trap_share)
    consensus = trap_share.parent / "consensus.json"
    consensus.write_text(json.dumps(trap_consensus().to_dict()), encoding="utf-8")
    out_dir = str(trap_share.parent / f"plan-{lang}")
    status, out = _run(capsys, lang, "plan", "s1", "--out", out_dir, "--consensus", str(consensus))
    assert status == ExitStatus.DONE
    for phrase in phrases:
        assert phrase in out, (phrase, out)
    assert "zero-byte" not in out and "invalid-char" not in out  # problems in words, not codes
    again, refused = _run(
        capsys, lang, "plan", "s1", "--out", out_dir, "--consensus", str(consensus)
    )
    assert again == ExitStatus.USAGE
    assert ("bevat al een plan" if lang == "nl" else "already holds a plan") in refused


WORDS = {
    "nl": {
        "clear": "Niets blokkeert dit plan",
        "changed": "De bron is veranderd sinds de scan (1)",
        "gone": "verdwenen sinds de scan: schoolgids.pdf",
        "applied": "stappen uitgevoerd",
        "check": "Controleer het: cardsort migrate verify",
        "matches": "Het doel klopt met het plan",
        "missing": "ontbreekt: Onderwijs/Vakken/Rekenen/blok 1.docx",
        "aside": "opzijgezet: uploaden Onderwijs/schoolgids.pdf: de bron schoolgids.pdf is er "
        "niet meer",
        "retry": "Opnieuw proberen: cardsort migrate resume",
        "busy": "Dit plan is in gebruik: uitvoeren door proces",
        "undone": "ongedaan maken: ",
        "never": "Dit plan is nooit uitgevoerd op dit doel",
        "sync": "Niets veranderd sinds de laatste inhaalslag",
        "no_journal": "dit plan is nooit uitgevoerd",
    },
    "en": {
        "clear": "Nothing blocks this plan",
        "changed": "The source changed since the scan (1)",
        "gone": "gone since the scan: schoolgids.pdf",
        "applied": "operations run",
        "check": "Check it: cardsort migrate verify",
        "matches": "The target matches the plan",
        "missing": "missing: Onderwijs/Vakken/Rekenen/blok 1.docx",
        "aside": "set aside: upload Onderwijs/schoolgids.pdf: the source schoolgids.pdf is gone",
        "retry": "Retry: cardsort migrate resume",
        "busy": "This plan is in use: apply by process",
        "undone": "undo: ",
        "never": "This plan was never applied to this target",
        "sync": "Nothing changed since the last catch-up",
        "no_journal": "this plan was never applied",
    },
}


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_migrate_verb_in_both_languages(
    lang: str, trap_copy: TrapCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    words = WORDS[lang]
    built, plan, copy, target = trap_copy.built, trap_copy.plan, trap_copy.copy, trap_copy.target

    status, out = _run(capsys, lang, "migrate", "simulate", plan, "--target", target)
    assert status == ExitStatus.DONE and words["clear"] in out
    tree = (
        "Zo wordt de mappenstructuur: Leerlingzorg/ (1 bestand,"
        if lang == "nl"
        else ("Resulting tree: Leerlingzorg/ (1 file,")
    )
    assert tree in out
    status, out = _run(capsys, lang, "migrate", "resume", plan, "--target", target)
    assert status == ExitStatus.USAGE and words["no_journal"] in out
    status, out = _run(capsys, lang, "migrate", "undo", plan, "--target", target)
    assert status == ExitStatus.USAGE and words["no_journal"] in out

    with PlanLock(built.plan_dir, "apply"):
        status, out = _run(capsys, lang, "migrate", "apply", plan, "--target", target)
    assert status == ExitStatus.BLOCKED and words["busy"] in out

    status, out = _run(capsys, lang, "migrate", "apply", plan, "--target", target)
    assert status == ExitStatus.DONE and words["applied"] in out and words["check"] in out
    status, out = _run(capsys, lang, "migrate", "verify", plan, "--target", target, "--content")
    assert status == ExitStatus.DONE and words["matches"] in out
    status, out = _run(capsys, lang, "migrate", "sync", plan, "--target", target)
    assert status == ExitStatus.DONE and words["sync"] in out

    moved = copy / "Onderwijs" / "Vakken" / "Rekenen" / "blok 1.docx"
    data = moved.read_bytes()
    moved.unlink()
    status, out = _run(capsys, lang, "migrate", "verify", plan, "--target", target)
    assert status == ExitStatus.DIFFERENCES and words["missing"] in out
    moved.write_bytes(data)

    status, out = _run(capsys, lang, "migrate", "undo", plan, "--target", target)
    assert status == ExitStatus.DONE and words["undone"] in out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_set_aside_items_and_source_changes_in_both_languages(
    lang: str, trap_share: Path, trap_copy: TrapCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    words = WORDS[lang]
    built, plan, spec = trap_copy.built, trap_copy.plan, trap_copy.target
    (trap_share / "schoolgids.pdf").unlink()  # gone between the plan and the apply

    status, out = _run(capsys, lang, "migrate", "simulate", plan, "--target", f"local:{trap_share}")
    assert status == ExitStatus.BLOCKED
    assert words["changed"] in out and words["gone"] in out

    # An apply that went ahead anyway (as a run interrupted after the scan would): the missing
    # file is set aside, and resume says so in the admin's language.
    loaded = load_plan(built.plan_dir)
    opened = open_target(spec, loaded)
    journal = Journal(journal_path(built.plan_dir, opened.label))
    first = Executor(loaded, opened.adapter, opened.mode, journal, target_label=opened.label)
    assert len(first.apply(check_source=False).set_aside) == 1
    journal.close()
    status, out = _run(capsys, lang, "migrate", "resume", plan, "--target", spec)
    assert status == ExitStatus.SET_ASIDE
    assert words["aside"] in out and words["retry"] in out


def test_every_executor_message_has_dutch_and_the_same_english() -> None:
    for code, english in ENGLISH.items():
        assert CATALOGUE[f"exec.{code}"]["en"] == english, code
    for code, english in JOURNAL_ENGLISH.items():
        assert CATALOGUE[f"exec.journal.{code}"]["en"] == english, code
    for code, english in PLAN_ENGLISH.items():
        assert CATALOGUE[f"exec.plan.{code}"]["en"] == english, code
    nested = item_line_for_test()
    assert say(Translator("en"), nested) == str(nested)
    assert say(Translator("nl"), nested).startswith("uploaden Groep 7/x.docx: ")


def item_line_for_test() -> Said:
    reason = reason_of(Deferred("resourceLocked", code="resourceLocked"))
    return said("item", what=said("op.upload", path="Groep 7/x.docx"), reason=reason)


@pytest.mark.parametrize(
    ("error", "dutch"),
    [
        (Deferred("423 Locked"), "is ergens geopend"),
        (ItemNotFound("Groep 7/x.docx: does not exist."), "niet gevonden"),
        (DriveError("Groep 7: permission denied.", code="accessDenied"), "geen toestemming"),
        (NameConflict("x.docx exists", code="nameAlreadyExists"), "al in gebruik"),
        (Throttled("429 Too Many Requests", retry_after=5), "vraagt om te wachten"),
        (InvalidName("a/b is too long (420)", code="pathIsTooLong"), "te lang"),
    ],
)
def test_common_refusals_are_said_in_dutch_and_keep_the_platforms_words(
    error: DriveError, dutch: str
) -> None:
    reason = reason_of(error)
    assert isinstance(reason, Said)
    assert dutch in say(Translator("nl"), reason)
    english = say(Translator("en"), reason)
    assert english == str(reason)
    if not isinstance(error, Deferred):
        assert english == str(error).rstrip(".")  # the platform's own words, unchanged


def test_an_unknown_refusal_is_shown_as_the_platform_said_it() -> None:
    reason = reason_of(DriveError("The copy did not finish within 60 s."))
    assert not isinstance(reason, Said)
    assert say(Translator("nl"), reason) == "The copy did not finish within 60 s"


@pytest.mark.parametrize(
    ("lang", "listed"),
    [
        ("nl", "op de lijst: Groep 8/Notulen/2024.docx: veranderd in de bron en intussen bewerkt "
         "in het doel; er is niets overschreven"),
        ("en", "listed: Groep 8/Notulen/2024.docx: changed in the source and edited in the "
         "target meanwhile; nothing was overwritten"),
    ],
)  # fmt: skip
def test_a_catch_up_conflict_is_listed_in_both_languages(
    lang: str,
    listed: str,
    trap_share: Path,
    trap_copy: TrapCopy,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan, copy, target = trap_copy.plan, trap_copy.copy, trap_copy.target
    assert main(["migrate", "apply", plan, "--target", target]) == 0
    (trap_share / "Groep 8/Notulen/2024.docx").write_bytes(b"ook in de bron gewijzigd\n")
    (copy / "Organisatie/Notulen/Notulen/2024.docx").write_bytes(b"in het doel bewerkt\n")
    status, out = _run(capsys, lang, "migrate", "sync", plan, "--target", target)
    assert status == ExitStatus.SET_ASIDE
    assert listed in out


@pytest.mark.parametrize(
    ("lang", "phrases"),
    [
        (
            "nl",
            [
                "Kopie van",
                "niet gekopieerd",
                "~$lock.docx: lockbestand; blijft waar het is",
                "De kopie klopt met de bron",
                "Ongedaan maken:",
            ],
        ),
        (
            "en",
            [
                "Copy of",
                "not copied",
                "~$lock.docx: lock file; stays where it is",
                "The copy matches the source",
                "Undo:",
            ],
        ),
    ],
)
def test_migrate_copy_in_both_languages(
    lang: str,
    phrases: list[str],
    trap_share: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = f"local-copy:{tmp_path / 'kopie'}"
    plan_dir = str(tmp_path / "kopieplan")
    status, out = _run(capsys, lang, "migrate", "copy", str(trap_share), "--target", target,
                       "--plan", plan_dir)  # fmt: skip
    assert status == ExitStatus.DONE, out
    for phrase in phrases:
        assert phrase in out, (phrase, out)


def test_the_planners_notes_are_known_in_both_languages() -> None:
    from cardsort.cli._say import _NOTES, plan_note
    from cardsort.planning import UNREADABLE_FOLDER

    assert UNREADABLE_FOLDER in _NOTES
    for english, key in _NOTES.items():
        assert CATALOGUE[key]["en"] == english, key
    nl = Translator("nl")
    assert plan_note(nl, "symlink (never followed); stays where it is") == (
        "snelkoppeling (wordt nooit gevolgd); blijft waar het is"
    )
    assert plan_note(nl, "unreadable: Permission denied") == "niet leesbaar: Permission denied"
    assert plan_note(nl, "something new") == "something new"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("nl", "Er is niets veranderd: het plan kan zo niet uitgevoerd worden. - schoolgids.pdf: "
         "bestand te groot (too big)"),
        ("en", "Nothing was changed: the plan cannot be applied as it is. - schoolgids.pdf: too "
         "big (file too big)"),
    ],
)  # fmt: skip
def test_a_blocked_apply_names_the_plans_problems_in_words(
    lang: str,
    line: str,
    trap_copy: TrapCopy,
    capsys: pytest.CaptureFixture[str],
) -> None:
    block_plan(trap_copy.built.plan_dir, "schoolgids.pdf", "file-too-big", "too big")
    status, out = _run(
        capsys, lang, "migrate", "apply", trap_copy.plan, "--target", trap_copy.target
    )
    assert status == ExitStatus.BLOCKED
    assert line in out


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("nl", "Dit plan is uitgevoerd op local-copy:"),
        ("en", "This plan was applied to local-copy:"),
    ],
)
def test_a_journal_for_another_target_is_refused_in_both_languages(
    lang: str,
    phrase: str,
    trap_share: Path,
    build: Callable[..., Built],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    built = build(trap_share)
    plan = str(built.plan_dir)
    first, second = f"local-copy:{tmp_path / 'een'}", f"local-copy:{tmp_path / 'twee'}"
    assert main(["migrate", "apply", plan, "--target", first]) == ExitStatus.DONE
    was = journal_path(built.plan_dir, open_target(first, built.plan).label)
    now = journal_path(built.plan_dir, open_target(second, built.plan).label)
    for suffix in ("", "-wal", "-shm"):  # the journal moved by hand to another target's name
        if Path(f"{was}{suffix}").exists():
            Path(f"{was}{suffix}").rename(f"{now}{suffix}")
    status, out = _run(capsys, lang, "migrate", "resume", plan, "--target", second)
    assert status == ExitStatus.BLOCKED
    assert phrase in out


@pytest.mark.parametrize(
    ("lang", "phrase"), [("nl", "Er is geen plan in"), ("en", "There is no plan at")]
)
def test_a_missing_plan_is_said_in_both_languages(
    lang: str, phrase: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "geen-plan")
    status, out = _run(capsys, lang, "migrate", "verify", missing, "--target", "local:/x")
    assert status == ExitStatus.USAGE and phrase in out
