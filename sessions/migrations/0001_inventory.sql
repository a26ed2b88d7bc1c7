-- Inventory snapshots of a scanned share and their entries.
CREATE TABLE snapshots (
    id            INTEGER PRIMARY KEY,
    root          TEXT    NOT NULL,              -- readable form of the scanned root
    root_bytes    BLOB    NOT NULL,              -- the root exactly as given
    source        TEXT    NOT NULL DEFAULT 'local' CHECK (source IN ('local', 'onedrive', 'gdrive')),
    source_ref    TEXT,                          -- drive id for cloud sources
    started_at    TEXT    NOT NULL,
    finished_at   TEXT,
    status        TEXT    NOT NULL CHECK (status IN ('running', 'complete', 'aborted')),
    hashed        INTEGER NOT NULL DEFAULT 0,
    entry_count   INTEGER NOT NULL DEFAULT 0,
    file_count    INTEGER NOT NULL DEFAULT 0,
    dir_count     INTEGER NOT NULL DEFAULT 0,
    total_bytes   INTEGER NOT NULL DEFAULT 0,
    problem_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE entries (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,                -- order of discovery within the snapshot
    path        BLOB    NOT NULL,                -- relative, '/'-separated, byte-exact
    depth       INTEGER NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('file', 'dir', 'symlink', 'other', 'error')),
    size        INTEGER NOT NULL DEFAULT 0,
    mtime       REAL,
    problems    TEXT    NOT NULL DEFAULT '',     -- comma-separated Problem values
    hash        TEXT,
    hash_name   TEXT,
    item_id     TEXT,
    link_target BLOB,
    error       TEXT,
    PRIMARY KEY (snapshot_id, seq)
) WITHOUT ROWID;
