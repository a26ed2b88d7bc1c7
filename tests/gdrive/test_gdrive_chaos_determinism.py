"""The fake Drive's chaos is decided by the seed and each request, not by thread timing: one
seed gives the same faults whether a copy (``cardsort migrate copy``, through the migration
executor) uploads on 1 thread or on 8."""

from __future__ import annotations

import os
import random
from pathlib import Path
from typing import Any

from tests.copy_runs import copy_executor, copy_plan
from tests.fakes.drive_server import CHUNK_GRANULARITY, Chaos
from tests.gdrive.conftest import SHARED, adapter_for, make_tree

CHAOS = dict(
    rate_limit_403=0.05, too_many_429=0.05, server_error=0.05, drop_upload=0.3,
    lost_response=0.05, seed=24,
)  # fmt: skip


def school_share(root: Path) -> Path:
    rng = random.Random(4)
    files = {
        f"Groep {g}/{vak}/{name}.docx": rng.randbytes(rng.randint(100, 3000))
        for g in range(3, 7)
        for vak in ("Rekenen", "Taal", "Wereldorientatie")
        for name in ("Toets", "Werkblad", "Planning")
    }
    for n in range(4):  # through resumable sessions in several chunks: chunks get dropped
        files[f"Media/film {n}.mp4"] = rng.randbytes(CHUNK_GRANULARITY * 2 + 999 * (n + 1))
    make_tree(root, files)
    for n, rel in enumerate(sorted(files)):  # the upload's metadata carries the time: fixed,
        os.utime(root / rel, (1_500_000_000 + n, 1_500_000_000 + n))  # so each run draws alike
    return root


def faults_with(threads: int, share: Path, fake_factory: Any, tmp_path: Path) -> Any:
    server, _ = fake_factory(chaos=Chaos(**CHAOS))  # type: ignore[arg-type]
    drive = adapter_for(server, multipart_max="2048", chunk_size=str(CHUNK_GRANULARITY))
    plan = copy_plan(share, drive, "gdrive")
    executor = copy_executor(
        plan, drive, tmp_path / f"journal-{threads}.sqlite", label=f"gdrive:shared:{SHARED}",
        workers=threads,
    )  # fmt: skip
    assert executor.apply().set_aside == [] and executor.verify(content=True).ok
    assert not server.drive.bugs and server.drive.duplicate_names() == []
    return sorted(server.drive.faults), dict(server.drive.injected)


def test_one_seed_gives_the_same_faults_on_one_thread_and_on_eight(
    fake_factory: Any, tmp_path: Path
) -> None:
    share = school_share(tmp_path / "share")
    one, one_counts = faults_with(1, share, fake_factory, tmp_path)
    eight, eight_counts = faults_with(8, share, fake_factory, tmp_path)
    assert one == eight, (len(one), len(eight))
    assert one_counts == eight_counts
    kinds = {what.split(" ")[0] for _identity, _n, what in one}
    assert kinds == {"403", "429", "5xx", "drop", "lost"}, kinds  # every kind was drawn
