-- Privacy by design: a card's audience and what its proposal hid; the coordinator's decisions
-- that survive a new proposal; the audience of each folder of a study's consensus structure.

ALTER TABLE cards ADD COLUMN audience TEXT;                    -- NULL: the whole team
ALTER TABLE cards ADD COLUMN privacy TEXT NOT NULL DEFAULT '{}'; -- JSON: hidden texts and why

CREATE TABLE card_decisions (
    sources    TEXT    PRIMARY KEY,               -- sha256 of the card's sorted source paths
    label      TEXT,                              -- NULL: keep the proposal's
    description TEXT,
    restricted INTEGER,                           -- NULL: the proposal decides
    audience   TEXT,
    dropped    INTEGER NOT NULL DEFAULT 0,
    decided_at TEXT    NOT NULL
);

CREATE TABLE folder_audiences (
    study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    folder   TEXT    NOT NULL,                    -- a consensus folder's name (top level)
    audience TEXT    NOT NULL,
    set_at   TEXT    NOT NULL,
    PRIMARY KEY (study_id, folder)
);
