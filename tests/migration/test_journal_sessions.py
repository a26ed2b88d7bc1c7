"""An upload session's URL accepts bytes without sign-in until its upload ends: the journal keeps
it while it is needed to resume, and once the upload is done no byte of it stays in the file."""

from __future__ import annotations

from pathlib import Path

from drive_adapters.journal import Journal, OpStatus
from drive_adapters.plan import Op, OpKind

#: Without the journal's clean-up, these rows leave parts of 3 erased URLs in pages' unused bytes.
UPLOADS = 2000


def _session(seq: int) -> str:
    return f"https://upload.example/sessie{seq:04d}" + "x" * 300


def _journal(path: Path) -> Journal:
    journal = Journal(path)
    ops = [
        Op(seq, OpKind.UPLOAD, ("a",), ("b", f"f{seq}"), source=b"a", files=1, bytes=1)
        for seq in range(1, UPLOADS + 1)
    ]
    journal.bind(plan_id="p", digest="d", target="onedrive:me", mode="copy", ops=ops)
    return journal


def test_finished_uploads_leave_no_byte_of_their_session_url_in_the_journal(
    tmp_path: Path,
) -> None:
    journal = _journal(tmp_path / "journal.sqlite")
    for seq in range(1, UPLOADS + 1):  # all in flight at once, as upload workers have them
        journal.started(seq, "fp")
        journal.token(seq, _session(seq))
    for seq in range(1, UPLOADS + 1):
        journal.finish(seq, OpStatus.DONE, dest_id=f"id{seq}")
    journal.close()
    journal.close()  # twice is harmless
    for written in tmp_path.iterdir():  # the database and whatever SQLite left beside it
        assert b"upload.example" not in written.read_bytes(), written.name


def test_a_session_still_needed_to_resume_is_kept(tmp_path: Path) -> None:
    journal = _journal(tmp_path / "journal.sqlite")
    for seq in (1, 2):
        journal.started(seq, "fp")
        journal.token(seq, _session(seq))
    journal.finish(1, OpStatus.DONE, dest_id="id1")
    journal.close()  # killed mid-upload of 2: its session continues the upload on resume
    again = Journal(tmp_path / "journal.sqlite")
    rows = again.rows()
    again.close()
    assert rows[1].resume_token is None and rows[2].resume_token == _session(2)
