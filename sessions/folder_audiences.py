"""Who may open each folder of a study's consensus structure, as the coordinator decided.

A folder is named by its path in the consensus tree (``Zorg`` or ``Onderwijs/Leerlingzorg``);
an audience is a code of :mod:`cardsort.privacy.audiences` (``team``, ``care``, ``staff``,
``management``, ``named:<name>``). Folders without a row get their audience from their
ancestors or their cards when the plan is built.
"""

from __future__ import annotations

from sessions.clock import now_iso
from sessions.store import Store, StoreError

__all__ = [
    "clear_folder_audience",
    "folder_audiences",
    "rename_folder_audience",
    "set_folder_audience",
]


def set_folder_audience(store: Store, study_id: int, folder: str, audience: str) -> None:
    """Give ``folder`` (a path of the consensus tree) an audience."""
    folder = "/".join(p.strip() for p in folder.strip("/").split("/") if p.strip())
    if not folder:
        raise StoreError("Name a folder of the consensus structure, e.g. 'Zorg'.")
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO folder_audiences (study_id, folder, audience, set_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (study_id, folder) DO UPDATE SET audience = excluded.audience,"
            " set_at = excluded.set_at",
            (study_id, folder, audience, now_iso()),
        )


def clear_folder_audience(store: Store, study_id: int, folder: str) -> bool:
    """Forget the audience of ``folder``; whether there was one."""
    with store.transaction() as tx:
        cursor = tx.execute(
            "DELETE FROM folder_audiences WHERE study_id = ? AND folder = ?",
            (study_id, folder.strip("/")),
        )
    return cursor.rowcount > 0


def folder_audiences(store: Store, study_id: int) -> dict[str, str]:
    """Every audience the coordinator set for the study's folders."""
    rows = store.conn.execute(
        "SELECT folder, audience FROM folder_audiences WHERE study_id = ? ORDER BY folder",
        (study_id,),
    )
    return {r["folder"]: r["audience"] for r in rows}


def rename_folder_audience(store: Store, study_id: int, old: str, new: str) -> None:
    """A renamed folder keeps its audience, and so do its subfolders (``old/...``)."""
    old, new = old.strip("/"), new.strip("/")
    if old == new:
        return
    with store.transaction() as tx:
        rows = tx.execute(
            "SELECT folder, audience FROM folder_audiences WHERE study_id = ?", (study_id,)
        ).fetchall()
        for row in rows:
            folder = row["folder"]
            if folder == old or folder.startswith(old + "/"):
                moved = new + folder[len(old) :]
                tx.execute(
                    "DELETE FROM folder_audiences WHERE study_id = ? AND folder = ?",
                    (study_id, folder),
                )
                tx.execute(
                    "INSERT OR REPLACE INTO folder_audiences (study_id, folder, audience, set_at)"
                    " VALUES (?, ?, ?, ?)",
                    (study_id, moved, row["audience"], now_iso()),
                )
