"""Output files (``--json``, ``--html``, ``-o``, ``export FILE``): what is already at the name
is never replaced unless it is a regular file and ``--force`` says so. A link is written
through, a FIFO or a device is written into, and anything else is refused untouched.

Safe as root: the real ``/dev/null`` is only ever reached through a link in ``tmp_path``, and
the tests assert it stays a character device.
"""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sessions.outfile import OutputFileError, write_output_file


def is_char_device(path: str) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


class FifoReader:
    """Reads a FIFO to its end in a thread (the writer blocks until somebody reads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = b""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        with open(self.path, "rb") as handle:
            self.data = handle.read()

    def result(self) -> bytes:
        self.thread.join(timeout=30)
        if self.thread.is_alive():  # the writer never opened it: release the reader
            os.close(os.open(self.path, os.O_WRONLY))
            self.thread.join()
        return self.data


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    yield path


def test_a_new_file_is_written_and_an_existing_one_only_replaced_with_force(
    tmp_path: Path,
) -> None:
    target = tmp_path / "out.json"
    write_output_file(target, "{}\n", force=False)
    assert target.read_text() == "{}\n"
    target.chmod(0o640)
    with pytest.raises(OutputFileError, match="--force"):
        write_output_file(target, "new", force=False)
    assert target.read_text() == "{}\n"
    write_output_file(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # its permissions are kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary left


def test_force_writes_through_a_link_to_its_target_and_the_link_stays(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(OutputFileError, match="--force"):
        write_output_file(link, "new", force=False)
    write_output_file(link, "new", force=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"


def test_a_link_to_nothing_is_refused_and_left_a_link(tmp_path: Path) -> None:
    link = tmp_path / "dangling.json"
    link.symlink_to(tmp_path / "missing.json")
    with pytest.raises(OutputFileError, match="does not exist"):
        write_output_file(link, "x", force=True)
    assert link.is_symlink() and not (tmp_path / "missing.json").exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_fifo_is_written_into_and_stays_a_fifo(fifo: Path, force: bool) -> None:
    reader = FifoReader(fifo)
    write_output_file(fifo, "hallo\n", force=force)
    assert reader.result() == b"hallo\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_link_to_dev_null_writes_into_it_and_dev_null_stays_a_device(tmp_path: Path) -> None:
    assert is_char_device("/dev/null")
    link = tmp_path / "null.json"
    link.symlink_to("/dev/null")
    write_output_file(link, "weg\n", force=True)
    write_output_file(link, "weg\n", force=False)  # writing into a device replaces nothing
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert is_char_device("/dev/null")


def test_folders_and_sockets_are_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    with pytest.raises(OutputFileError, match="a folder"):
        write_output_file(folder, "x", force=True)
    assert folder.is_dir()
    short = Path("/tmp") / f"h-{os.getpid()}-{id(tmp_path)}.sock"  # AF_UNIX paths are short
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(short))
        with pytest.raises(OutputFileError, match="a socket"):
            write_output_file(short, "x", force=True)
        assert stat.S_ISSOCK(os.lstat(short).st_mode)
    finally:
        server.close()
        short.unlink(missing_ok=True)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputFileError, match="does not exist"):
        write_output_file(tmp_path / "nergens" / "out.json", "x", force=False)


def test_every_command_uses_the_writer(
    run_cli: Callable[..., Any], tmp_path: Path, fifo: Path
) -> None:
    """export, labels export, report -o and study export: link, FIFO and refusal alike."""
    from sessions.store import Store
    from tests.cardsort.tui.conftest import make_study

    with Store.open(tmp_path / "workspace.sqlite") as store:
        make_study(store, "team")
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run_cli("labels", "export", "team", str(link), "--force").exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("raw,")
    reader = FifoReader(fifo)
    assert run_cli("export", "team", str(fifo), "--format", "json").exit_code == 0
    assert b'"team"' in reader.result() and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    taken = tmp_path / "taken.json"
    taken.write_text("{}")
    refused = run_cli("study", "export", "team", str(taken))
    assert refused.exit_code != 0 and "exists already" in refused.stderr + refused.output
    assert taken.read_text() == "{}"
    folder = tmp_path / "folder.json"
    folder.mkdir()
    refused = run_cli("export", "team", str(folder), "--format", "json", "--force")
    assert refused.exit_code != 0 and folder.is_dir()


def test_reports_write_through_a_link_to_dev_null_with_force(
    run_cli: Callable[..., Any], tmp_path: Path, demo_share: Path
) -> None:
    assert run_cli("scan", str(demo_share), "--hash").exit_code == 0
    link = tmp_path / "report.csv"
    link.symlink_to("/dev/null")
    done = run_cli("report", "duplicates", "--format", "csv", "-o", str(link), "--force")
    assert done.exit_code == 0, done.stderr
    assert link.is_symlink() and is_char_device("/dev/null")
    plain = tmp_path / "stale.csv"
    assert run_cli("report", "stale", "--format", "csv", "-o", str(plain)).exit_code == 0
    refused = run_cli("report", "stale", "--format", "csv", "-o", str(plain))
    assert refused.exit_code != 0 and "--force" in refused.stderr + refused.output
