"""Issue 12's show: a realistic messy school share (a name that is not UTF-8, a 466-character
archive path, real Office files, junk Office leaves behind) planned for OneDrive with nothing
blocking, then applied killed at 20 seeded moments and resumed, to a local copy and to the fake
OneDrive in SharePoint-library mode (it rewrites Office files and PDFs after upload).

Each of the 20 kills is its own run: a fresh target and journal, a worker process killed at a
seeded operation (local copy: the executor's crash points) or at the Nth request the fake Graph
server sees (``before_request``), then a resume. After every resume: verify is clean, every
planned file is at its planned place exactly once with nothing else beside it, and a sha256
manifest of the target equals the source's. Files the library rewrote are compared with the
library's rewrite of the school's bytes, and their stored hash with what the journal recorded
that the service returned.

The OneDrive plan is made with the library's web address (``PlanOptions.library_url``, ``plan
--library-url``): the cloud counts the library's path in its 400 characters, and a plan shortened
for the bare 400 would have its deepest file set aside at apply (pathIsTooLong), which the test
also shows against the target's rules.

Kill points are drawn from a seeded ``random.Random``, never from timing. On the fake OneDrive
the upload workers' order decides which requests finished before the Nth; every outcome must
resume clean, so the assertions hold whatever that order.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from cardsort.analysis import ConsensusTree
from cardsort.planning import PlanOptions
from drive_adapters.executor import KILL_ENV, Executor, check_target_rules
from drive_adapters.journal import Journal
from drive_adapters.onedrive import open_target as open_onedrive
from drive_adapters.plan import Action, Mode, Plan
from drive_adapters.remote.paths import library_prefix_chars, rules_with_prefix
from drive_adapters.rules import RULESETS
from sessions.cards import NewCard
from tests.fakes.graph_server import REWRITTEN, FakeGraphServer, Library, rewrite_office

from .conftest import Built, node, open_executor
from .test_long_paths import deep_share

REPO = Path(__file__).resolve().parents[2]
LOCAL_WORKER = Path(__file__).with_name("crash_worker.py")
ONEDRIVE_WORKER = REPO / "tests" / "onedrive" / "executor_worker.py"
KILLS = 20
PHASES = ("before", "during", "after")
CAFE = b"Caf\xe9"  # latin-1 from an old Samba server: not UTF-8


def office(parts: dict[str, str]) -> bytes:
    """An Office Open XML package (a zip of XML parts), byte-for-byte the same on every run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, xml in parts.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(2019, 9, 2, 8, 30, 0)), xml)
    return buffer.getvalue()


def docx(text: str) -> bytes:
    return office({
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxml'
        'formats.org/package/2006/content-types"><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        '.main+xml"/></Types>',
        "word/document.xml": '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxml'
        f'formats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r>'
        "</w:p></w:body></w:document>",
    })  # fmt: skip


def xlsx(rows: int) -> bytes:
    cells = "".join(f'<row r="{r}"><c r="A{r}"><v>{r * 7}</v></c></row>' for r in range(1, rows))
    return office({
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxml'
        'formats.org/package/2006/content-types"/>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>',
    })  # fmt: skip


def pdf(title: str) -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
        + f"2 0 obj <</Title ({title})>> endobj\n".encode()
        + bytes(range(256)) * 4
        + b"\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )


def messy_share(root: Path) -> None:
    """The share: the 466-character archive path, Office files, a non-UTF-8 folder and file."""
    deep_share(root)  # Archief/…(466 characters)…/Eindverslag….docx, Rekenen/blok 1.docx
    r = os.fsencode(root)

    def f(rel: bytes | str, data: bytes) -> None:
        path = os.path.join(r, os.fsencode(rel))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "xb") as handle:
            handle.write(data)
        os.utime(path, (1_560_000_000, 1_560_000_000))

    f("Rekenen/toetsen groep 5.xlsx", xlsx(400))
    f("Rekenen/Thumbs.db", b"thumbnail cache\n")  # junk: left out of the plan
    f("Groep 5/Taal/dictee week 12.docx", docx("De kat krabt de krullen van de trap."))
    f("Groep 5/Taal/~$ctee week 12.docx", b"owner file of an open document\n")  # junk
    f("Groep 5/Taal/leesbladen.pdf", pdf("Leesbladen"))
    f("Groep 5/ouderavond.txt", "Ouderavond 12 maart, 19:30 — lokaal 5\n".encode())
    f(b"Oud/" + CAFE + b"/menu kerstdiner.docx", docx("Kerstdiner in het caf\u00e9"))
    f(b"Oud/Verslag " + CAFE + b" 2012.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    f("Oud/leeg.txt", b"")
    f("schoolgids 2019-2020.pdf", pdf("Schoolgids"))


CARDS = [
    NewCard("Archief van de school", sources=(b"Archief",), key="archief"),
    NewCard("Rekenen", sources=(b"Rekenen",), key="rekenen"),
    NewCard("Taal groep 5", sources=(b"Groep 5",), key="taal"),
    NewCard("Oude stukken", sources=(b"Oud",), key="oud"),
    NewCard("Schoolgids", sources=(b"schoolgids 2019-2020.pdf",), key="gids"),
]


def consensus() -> ConsensusTree:
    return ConsensusTree(
        (
            node("Organisatie en beleid", ["archief", "oud", "gids"]),
            node("Onderwijs", ["rekenen", "taal"]),
        ),
        (),
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def expected(plan: Plan, share: Path) -> dict[str, str]:
    """The source manifest keyed by planned target path: target → sha256 of the school's file."""
    out: dict[str, str] = {}
    for item in plan.items:
        if item.kind == "file" and item.target is not None and item.action is not Action.EXCLUDE:
            with open(os.path.join(os.fsencode(share), item.source), "rb") as handle:
                out["/".join(item.target)] = sha(handle.read())
    return out


def local_manifest(root: Path) -> dict[str, str]:
    """Every file below root (relative path as text) → sha256; the copy must hold nothing else."""
    out: dict[str, str] = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            out[path.relative_to(root).as_posix()] = sha(path.read_bytes())
    return out


def planned(
    tmp_path: Path, build: Callable[..., Built], library_url: str | None = None
) -> tuple[Built, dict[str, str]]:
    share = tmp_path / "share"
    share.mkdir()
    messy_share(share)
    options = PlanOptions(rules="onedrive", library_url=library_url)
    built = build(share, cards=CARDS, consensus=consensus(), options=options)
    assert built.plan.blocking() == []
    want = expected(built.plan, share)
    # The traps are all in the plan: the 466-character path shortened, the non-UTF-8 names
    # carried, the junk left out, every real file placed.
    assert max(len(os.fsdecode(i.source)) for i in built.plan.items) == 466
    assert max(len(t) for t in want) <= 400 - library_prefix_chars(library_url)
    assert sum(CAFE in i.source for i in built.plan.items if i.kind == "file") == 2
    junk = [
        i for i in built.plan.items if i.source.endswith((b"Thumbs.db", b"~$ctee week 12.docx"))
    ]
    assert [i.action for i in junk] == [Action.EXCLUDE] * 2
    assert not [t for t in want if "Thumbs.db" in t or "~$" in t]
    assert len(want) == 11
    return built, want


def kill_points(n: int, seed: int) -> list[int]:
    """``KILLS`` distinct seeded moments in 1..n."""
    return sorted(random.Random(seed).sample(range(1, n + 1), KILLS))


@pytest.mark.slow
def test_messy_share_to_a_local_copy_survives_20_kills(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    built, want = planned(tmp_path, build)
    counter = open_executor(built.plan_dir, f"local-copy:{tmp_path / 'n'}", tmp_path / "n.db")
    n_ops = len(counter.ops)
    counter.journal.close()
    moments = [(p, ph) for p in range(1, n_ops + 1) for ph in PHASES]
    picks = sorted(random.Random(12).sample(moments, KILLS))
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for round_, (ordinal, phase) in enumerate(picks):
        copy, journal = tmp_path / f"kopie-{round_}", tmp_path / f"journal-{round_}.db"
        spec = f"local-copy:{copy}"
        proc = subprocess.run(
            [sys.executable, str(LOCAL_WORKER), str(built.plan_dir), spec, str(journal), "apply"],
            env={**env, KILL_ENV: f"{ordinal}:{phase}"},
            capture_output=True,
            timeout=120,
        )
        assert proc.returncode == -signal.SIGKILL, (ordinal, phase, proc.stderr[-2000:])
        executor = open_executor(built.plan_dir, spec, journal)
        try:
            result = executor.apply(check_source=False)
            check = executor.verify(content=True)
        finally:
            executor.journal.close()
        assert not result.set_aside, (ordinal, phase, result.set_aside)
        assert check.ok, (ordinal, phase, check.differences)
        assert local_manifest(copy) == want, (ordinal, phase)
        shutil.rmtree(copy)
    assert len(picks) == KILLS


def _tree_contents(server: FakeGraphServer) -> dict[str, bytes]:
    """Every file on the fake drive: path → the bytes the service stores."""
    with server.state.lock:
        return {
            path: server.state.items[str(v["id"])].content
            for path, v in server.tree().items()
            if not v["folder"]
        }


@pytest.mark.slow
def test_messy_share_to_a_sharepoint_library_survives_20_kills(
    tmp_path: Path, build: Callable[..., Built]
) -> None:
    library = Library(rewrite_office=True)
    with FakeGraphServer(library=library) as server:
        library_url = server.me.web_url  # …/personal/admin_school_example/Documents
    built, want = planned(tmp_path, build, library_url)
    share = built.share
    # Planned without the library's address, the same share would not fit it: the cloud counts
    # the library's path in its 400 characters (drive_adapters/remote/paths.py).
    bare = build(share, cards=CARDS, consensus=consensus(), options=PlanOptions(rules="onedrive"))
    in_library = rules_with_prefix(RULESETS["onedrive"], library_prefix_chars(library_url))

    def blocking(plan: Plan) -> list[str]:
        found = check_target_rules(plan, in_library, Mode.COPY)
        return [v.code for v in found if v.severity.value == "blocking"]

    assert blocking(bare.plan) == ["path-too-long"]
    assert blocking(built.plan) == []
    school = {  # planned target path → the school's bytes
        target: Path(os.fsdecode(os.path.join(os.fsencode(share), i.source))).read_bytes()
        for i in built.plan.items
        if i.kind == "file" and (target := "/".join(i.target or ())) in want
    }
    rewritten = {t for t in school if t.casefold().endswith(REWRITTEN)}
    assert len(rewritten) >= 7  # the Office files and PDFs the library rewrites
    env = dict(os.environ, PYTHONPATH=str(REPO))

    def clean_requests() -> int:
        with FakeGraphServer(library=library) as server:
            adapter = open_onedrive("me", {"base_url": server.url})
            journal = Journal(tmp_path / "count.db")
            try:
                Executor(built.plan, adapter, Mode.COPY, journal, target_label="onedrive:me").apply(
                    check_source=False
                )
            finally:
                journal.close()
                adapter.close()
            return server.total_requests()

    for round_, kill_at in enumerate(kill_points(clean_requests(), seed=12)):
        journal_path = tmp_path / f"od-journal-{round_}.db"
        with FakeGraphServer(library=library) as server:
            proc = subprocess.Popen(
                [sys.executable, str(ONEDRIVE_WORKER), server.url, str(built.plan_dir),
                 str(journal_path)],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip

            def kill(total: int, at: int = kill_at, pid: int = proc.pid) -> None:
                if total == at:
                    os.kill(pid, signal.SIGKILL)

            server.before_request = kill
            out, err = proc.communicate(timeout=120)
            server.before_request = None
            assert proc.returncode == -signal.SIGKILL, (kill_at, out, err[-2000:])
            adapter = open_onedrive("me", {"base_url": server.url})
            journal = Journal(journal_path)
            try:
                executor = Executor(
                    built.plan, adapter, Mode.COPY, journal, target_label="onedrive:me"
                )
                result = executor.apply(check_source=False)
                check = executor.verify(content=True)
                recorded = {
                    v.partition(":")[2]
                    for k, v in journal.meta().items()
                    if k.startswith("stored.")
                }
            finally:
                journal.close()
                adapter.close()
            stored = _tree_contents(server)
            hashes = {p: str(v["hash"]) for p, v in server.tree().items() if not v["folder"]}
        assert not result.set_aside, (kill_at, result.set_aside)
        assert check.ok, (kill_at, check.differences)
        assert set(check.service_changed) == rewritten, kill_at
        # Every planned file exactly once at its place, nothing else on the drive.
        assert set(stored) == set(want), kill_at
        # sha256 manifest: the school's bytes, or the library's rewrite of exactly those bytes.
        manifest = {p: sha(data) for p, data in stored.items()}
        assert manifest == {
            t: sha(rewrite_office(school[t])) if t in rewritten else want[t] for t in want
        }, kill_at
        # What the service stored is what the journal recorded it returned.
        assert {hashes[t] for t in rewritten} == recorded, kill_at
