-- Entries are stored as chunks of columns, a few thousand per row (see sessions/entry_chunks.py).
-- The per-entry rows of older stores are converted by this version's Python step
-- (sessions/migration_steps.py), which then drops the old table.
CREATE TABLE entry_chunks (
    id          INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    first_seq   INTEGER NOT NULL,                -- seq of the chunk's first entry (from 1)
    count       INTEGER NOT NULL,
    paths       BLOB    NOT NULL,                -- NUL-separated relative byte paths
    kinds       BLOB    NOT NULL,                -- one kind code per entry
    sizes       BLOB    NOT NULL,                -- int64 little-endian per entry
    mtimes      BLOB    NOT NULL,                -- float64 little-endian per entry, NaN unknown
    problems    BLOB    NOT NULL,                -- uint16 problem mask per entry
    extras      TEXT    NOT NULL DEFAULT '{}',   -- sparse texts by index: links, errors, ids, hashes
    UNIQUE (snapshot_id, first_seq)
);
