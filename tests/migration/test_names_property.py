"""Property: shares whose names are arbitrary bytes (not UTF-8, control characters, NFC/NFD
twins) survive apply and undo killed at a random operation: resume finishes, verify is clean,
every file is present once with its bytes, in place and by copy.

Names keep their bytes (``--rules local``, cards keep their folders' own names), so every name
goes through the journal, the plan files, the executor and the local adapter.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cardsort.analysis import ConsensusTree
from cardsort.planning import PlanOptions, build_plan
from cardsort.scan import scan_local
from drive_adapters.executor import KILL_ENV
from drive_adapters.plan import save_plan
from sessions.cards import NewCard, cards_of
from sessions.inventory import iter_entries
from sessions.store import Store
from sessions.studies import create_study

from .conftest import contents, manifest, node, open_executor

WORKER = Path(__file__).with_name("crash_worker.py")
REPO = Path(__file__).resolve().parents[2]
PHASES = ("before", "during", "after")

_byte = st.integers(1, 255).filter(lambda b: b != ord("/"))
_name = (
    st.one_of(
        st.lists(_byte, min_size=1, max_size=12).map(bytes),
        st.sampled_from(["Café", "ﬁle", "Ω"]).map(
            lambda s: unicodedata.normalize("NFD", s).encode()
        ),
    )
    .filter(lambda n: n not in (b".", b"..") and not n.startswith((b"~$", b".~lock")))
    .filter(lambda n: n.lower() not in (b"thumbs.db", b"desktop.ini", b".ds_store"))
)
_share = st.dictionaries(
    _name,  # top-level folders (cards)
    st.dictionaries(_name, st.binary(max_size=40), min_size=1, max_size=3),
    min_size=2,
    max_size=4,
)


def _make(root: Path, share: dict[bytes, dict[bytes, bytes]]) -> None:
    r = os.fsencode(root)
    for folder, files in share.items():
        os.makedirs(os.path.join(r, folder))
        for name, data in files.items():
            path = os.path.join(r, folder, name)
            with open(path, "wb") as handle:
                handle.write(data)
            os.utime(path, (1_500_000_000, 1_500_000_000))


def _plan(work: Path, share: Path, folders: list[bytes]) -> Path:
    with Store.open(work / "ws.sqlite") as store:
        snapshot = scan_local(store, share, hashes=True)
        cards = [NewCard(f"Kaart {i}", sources=(f,), key=f"k{i}") for i, f in enumerate(folders)]
        study = create_study(store, "s", cards, snapshot_id=snapshot.id)
        keys = [f"k{i}" for i in range(len(folders))]
        plan = build_plan(
            ConsensusTree((node("Eerste", keys[::2]), node("Tweede", keys[1::2])), ()),
            cards_of(store, study_id=study.id),
            snapshot,
            iter_entries(store, snapshot.id),
            study="s",
            options=PlanOptions(rules="local", card_folders="source"),
        )
        save_plan(plan, work / "plan")
    return work / "plan"


def _kill(plan_dir: Path, spec: str, journal: Path, action: str, at: tuple[int, str]) -> None:
    env = dict(os.environ, **{KILL_ENV: f"{at[0]}:{at[1]}"}, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, str(WORKER), str(plan_dir), spec, str(journal), action],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode in (-signal.SIGKILL, 0), proc.stderr[-2000:]


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["local", "local-copy"])
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,  # the same shares and kill points on every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(share=_share, data=st.data())
def test_any_byte_names_survive_kills_of_apply_and_undo(
    kind: str, share: dict[bytes, dict[bytes, bytes]], data: st.DataObject
) -> None:
    work = Path(tempfile.mkdtemp(prefix="cardsort-names-"))
    try:
        root = work / "share"
        root.mkdir()
        _make(root, share)
        before = manifest(root)
        plan_dir = _plan(work, root, sorted(share))
        target_dir = root if kind == "local" else work / "kopie"
        spec = f"{kind}:{target_dir}"
        journal = work / "journal.sqlite"
        n_ops = len(open_executor(plan_dir, spec, work / "count.sqlite").ops)
        at = (data.draw(st.integers(1, n_ops)), data.draw(st.sampled_from(PHASES)))
        _kill(plan_dir, spec, journal, "apply", at)
        ex = open_executor(plan_dir, spec, journal)
        result = ex.apply(check_source=False)
        assert not result.set_aside, result.set_aside
        check = ex.verify(content=True)
        assert check.ok, check.differences
        assert contents(manifest(target_dir)) == contents(before)
        ex.journal.close()
        undo_at = (data.draw(st.integers(1, n_ops)), data.draw(st.sampled_from(PHASES)))
        _kill(plan_dir, spec, journal, "undo", undo_at)
        ex = open_executor(plan_dir, spec, journal)
        ex.undo()
        ex.journal.close()
        assert manifest(root) == before
        if kind == "local-copy":
            assert manifest(target_dir) == {}
    finally:
        for dirpath, _dirs, _files in os.walk(work):
            os.chmod(dirpath, 0o755)
        shutil.rmtree(work)
