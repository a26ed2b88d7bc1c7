"""Fixtures for migration tests: a small share full of traps, manifests, and plans built on it."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from cardsort.analysis import ConsensusNode, ConsensusTree
from cardsort.planning import PlanOptions, build_plan
from cardsort.scan import scan_local
from drive_adapters.executor import Executor
from drive_adapters.journal import Journal
from drive_adapters.plan import Plan, load_plan, save_plan
from drive_adapters.targets import open_target
from sessions.cards import NewCard, cards_of
from sessions.inventory import iter_entries
from sessions.models import Card, Snapshot
from sessions.store import Store
from sessions.studies import create_study

Manifest = dict[bytes, tuple[object, ...]]


@pytest.fixture(autouse=True)
def _english_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The migration tests read the commands' English; ``test_migrate_language`` checks both
    languages (a machine without a Dutch or English locale gets Dutch)."""
    monkeypatch.setenv("CARDSORT_LANG", "en")


def write_trap_share(root: Path, outside: Path) -> None:
    """A share with the things that break naive tools (see the names)."""
    r = os.fsencode(root)
    t = 1_500_000_000.0

    def f(rel: bytes | str, data: bytes = b"x\n", mtime: float = t) -> None:
        path = os.path.join(r, os.fsencode(rel))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "xb") as handle:
            handle.write(data)
        os.utime(path, (mtime, mtime))

    f("Groep 7/Rekenen/blok 1.docx", b"rekenen blok 1\n" * 50)
    f("Groep 7/Rekenen/blok 2.docx", b"rekenen blok 2\n" * 40)
    f("Groep 7/Taal/dictee.docx", b"dictee\n")
    f("Groep 7/Notulen/2023.docx", b"notulen groep 7 2023\n")
    f("Groep 7/losse aantekening.txt", b"unclaimed, inside a structural folder\n")
    f("Groep 8/Notulen/2023.docx", b"notulen groep 8 2023 (collides)\n")
    f("Groep 8/Notulen/2024.docx", b"notulen groep 8 2024\n")
    f("Groep 8/Notulen/Archief/oud.docx", b"deeper merge\n")
    f("Groep 8/~$2024.docx", b"lock\n")
    f(b"Oud/Verslag caf\xe9 2012.doc", b"latin-1 name\n")  # not UTF-8
    f("Oud/" + unicodedata.normalize("NFC", "Café.docx"), b"nfc\n")
    f("Oud/" + unicodedata.normalize("NFD", "Café.docx"), b"nfd\n")
    f("Oud/Rapport.docx", b"upper\n")
    f("Oud/rapport.docx", b"lower\n")
    f("Oud/leeg.txt", b"")  # zero bytes
    f("Oud/Kerst: draaiboek?.docx", b"colon\n")
    f("Oud/CON.txt", b"reserved\n")
    f("Oud/Thumbs.db", b"thumbs\n")
    deep = "Juf Anja" + "".join(f"/Nieuwe map {i}" for i in range(1, 14))
    f(f"{deep}/Eindelijk.docx", b"deep\n")
    f("Zorg/Dossier Emma.docx", b"restricted\n")
    f("schoolgids.pdf", b"pdf" * 300)
    f("~$lock.docx", b"lock at root\n")
    os.makedirs(os.path.join(r, b"Leeg"))
    os.makedirs(outside, exist_ok=True)
    (outside / "geheim.txt").write_bytes(b"outside the share\n")
    os.symlink(os.fsencode(outside), os.path.join(r, b"Oud/naar buiten"))
    os.symlink(b"../Groep 7", os.path.join(r, b"Juf Anja/snelkoppeling"))


def manifest(root: Path) -> Manifest:
    """Every entry below root: dirs by path, files by size/mtime/sha256, links by target."""
    out: Manifest = {}
    base = os.fsencode(root)
    for dirpath, dirnames, filenames in os.walk(base):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, base)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir",)
            else:
                with open(path, "rb") as handle:
                    digest = hashlib.sha256(handle.read()).hexdigest()
                out[rel] = ("file", st.st_size, st.st_mtime_ns, digest)
    return out


def contents(m: Manifest) -> list[tuple[object, ...]]:
    """The multiset of file contents (size, mtime, hash) in a manifest, sorted."""
    return sorted(v for v in m.values() if v[0] == "file")


def node(label: str, keys: Sequence[str], children: Sequence[ConsensusNode] = ()) -> ConsensusNode:
    """A consensus folder (card_keys include the children's, as the analysis makes them)."""
    all_keys = tuple(keys) + tuple(k for c in children for k in c.card_keys)
    return ConsensusNode(label, (), all_keys, all_keys, 1.0, 1.0, tuple(children))


TRAP_GROUPS = {"care": ["zorg@blokhuus.example"]}
TRAP_CARDS = [
    NewCard("Rekenen", sources=(b"Groep 7/Rekenen",), key="rekenen"),
    NewCard("Taal", sources=(b"Groep 7/Taal",), key="taal"),
    NewCard("Notulen", sources=(b"Groep 7/Notulen", b"Groep 8/Notulen"), key="notulen"),
    NewCard("Oud spul", sources=(b"Oud",), key="oud"),
    NewCard("Juf Anja", sources=(b"Juf Anja",), key="anja"),
    NewCard("Zorg", sources=(b"Zorg",), key="zorg", restricted=True),
    NewCard("Schoolgids", sources=(b"schoolgids.pdf",), key="gids"),
    NewCard("Leeg", sources=(b"Leeg",), key="leeg"),
]


def trap_consensus() -> ConsensusTree:
    """Groups for the trap cards; 'leeg' stays unassigned."""
    return ConsensusTree(
        (
            node("Onderwijs", ["gids"], [node("Vakken", ["rekenen", "taal"])]),
            node("Organisatie", ["notulen", "oud", "anja"]),
            node("Leerlingzorg", ["zorg"]),
        ),
        ("leeg",),
    )


@dataclass
class Built:
    """A scanned share with a study and a plan written to disk."""

    share: Path
    store: Store
    snapshot: Snapshot
    cards: list[Card]
    plan: Plan
    plan_dir: Path


@pytest.fixture
def trap_share(tmp_path: Path) -> Path:
    """A fresh trap share in tmp."""
    share = tmp_path / "share"
    share.mkdir()
    write_trap_share(share, tmp_path / "outside")
    return share


@pytest.fixture
def build(tmp_path: Path, store: Store) -> Callable[..., Built]:
    """Scan a share, make a study, build and save a plan."""

    def run(
        share: Path,
        cards: Sequence[NewCard] = TRAP_CARDS,
        consensus: ConsensusTree | None = None,
        options: PlanOptions | None = None,
        hashes: bool = True,
    ) -> Built:
        snapshot = scan_local(store, share, hashes=hashes)
        name = f"s{snapshot.id}"
        study = create_study(store, name, list(cards), snapshot_id=snapshot.id)
        study_cards = cards_of(store, study_id=study.id)
        plan = build_plan(
            consensus or trap_consensus(),
            study_cards,
            snapshot,
            iter_entries(store, snapshot.id),
            study=name,
            # The care folder's audience has the care team's group, as `plan --group` gives it
            # (a cloud target refuses a narrower audience it has no group for).
            options=options or PlanOptions(audience_groups=TRAP_GROUPS),
        )
        plan_dir = tmp_path / f"plan-{snapshot.id}"
        save_plan(plan, plan_dir)
        return Built(share, store, snapshot, study_cards, plan, plan_dir)

    return run


@dataclass
class TrapCopy:
    """The trap share's plan and a fresh folder to copy it to (``local-copy:``)."""

    built: Built
    plan: str  # the plan folder, as the CLI takes it
    copy: Path
    target: str


@pytest.fixture
def trap_copy(trap_share: Path, build: Callable[..., Built], tmp_path: Path) -> TrapCopy:
    """The trap share scanned and planned, with ``local-copy:`` into ``tmp_path/kopie``."""
    built = build(trap_share)
    copy = tmp_path / "kopie"
    return TrapCopy(built, str(built.plan_dir), copy, f"local-copy:{copy}")


def block_plan(plan_dir: Path, path: str, code: str, message: str) -> None:
    """Add a blocking problem to a saved plan, as if the planner had found it."""
    plan_yaml = plan_dir / "plan.yaml"
    doc = yaml.safe_load(plan_yaml.read_text(encoding="utf-8"))
    doc["violations"].append(
        {"path": path, "code": code, "message": message, "severity": "blocking"}
    )
    plan_yaml.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def open_executor(
    plan_dir: Path, spec: str, journal: Path | None = None, *, watch_source: bool = True
) -> Executor:
    """An executor for the plan saved in ``plan_dir`` on the target ``spec``.

    It journals into ``journal`` (else the plan folder's ``journal.sqlite``). With
    ``watch_source=False`` it is given no live source, so apply does not refuse a source that
    changed since the scan (for tests that take files away on purpose).
    """
    plan = load_plan(plan_dir)
    target = open_target(spec, plan)
    return Executor(
        plan,
        target.adapter,
        target.mode,
        Journal(journal or plan_dir / "journal.sqlite"),
        target_label=target.label,
        source_adapter=target.source_adapter if watch_source else None,
    )


def restore(master: Path, share: Path) -> None:
    """Put a share back exactly as the master copy (symlinks as symlinks, mtimes kept)."""
    if share.exists():
        shutil.rmtree(share)
    shutil.copytree(master, share, symlinks=True)


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder every user can enter (pytest's own tmp folder is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="cardsort-unreadable-"))
    base.chmod(0o777)
    yield base
    for dirpath, dirnames, _ in os.walk(base):
        for d in dirnames:
            os.chmod(os.path.join(dirpath, d), 0o755)
    shutil.rmtree(base)


def as_admin(args: list[str]) -> list[str]:
    """Run as ``nobody`` when the tests run as root (root can read every folder)."""
    if os.geteuid() != 0:
        return args
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop to a normal user")
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", *args]
