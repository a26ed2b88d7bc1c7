-- Proposed cards, studies, participants and their sorts.
CREATE UNIQUE INDEX entries_by_path ON entries (snapshot_id, path);

CREATE TABLE decks (
    id          INTEGER PRIMARY KEY,
    snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
    created_at  TEXT    NOT NULL,
    options     TEXT    NOT NULL DEFAULT '{}'
);

CREATE TABLE studies (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    kind            TEXT    NOT NULL CHECK (kind IN ('open', 'closed', 'hybrid')),
    instructions_nl TEXT    NOT NULL DEFAULT '',
    instructions_en TEXT    NOT NULL DEFAULT '',
    settings        TEXT    NOT NULL DEFAULT '{}',
    snapshot_id     INTEGER REFERENCES snapshots (id) ON DELETE SET NULL,
    access_code     TEXT,
    created_at      TEXT    NOT NULL
);

CREATE TABLE cards (
    id          INTEGER PRIMARY KEY,
    deck_id     INTEGER REFERENCES decks (id) ON DELETE CASCADE,
    study_id    INTEGER REFERENCES studies (id) ON DELETE CASCADE,
    key         TEXT    NOT NULL,                -- stable id shown to users and used by imports
    label       TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL,
    restricted  INTEGER NOT NULL DEFAULT 0,
    origin      TEXT    NOT NULL DEFAULT 'proposed' CHECK (origin IN ('proposed', 'manual', 'imported')),
    CHECK ((deck_id IS NULL) <> (study_id IS NULL)),
    UNIQUE (deck_id, key),
    UNIQUE (study_id, key)
);

CREATE TABLE card_sources (
    card_id INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    path    BLOB    NOT NULL,                    -- an inventory path this card stands for
    PRIMARY KEY (card_id, path)
) WITHOUT ROWID;

CREATE TABLE categories (
    id       INTEGER PRIMARY KEY,
    study_id INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    label    TEXT    NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (study_id, label)
);

CREATE TABLE participants (
    id          INTEGER PRIMARY KEY,
    study_id    INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    lang        TEXT,
    started_at  TEXT,
    finished_at TEXT,
    duration_s  REAL,
    card_order  TEXT    NOT NULL DEFAULT '[]',   -- JSON list of card ids, as shown
    source      TEXT    NOT NULL DEFAULT 'app',  -- app, or import:<format>
    fingerprint TEXT,                            -- content hash of an imported sort, to spot duplicates
    UNIQUE (study_id, name)
);

CREATE TABLE groups (
    id             INTEGER PRIMARY KEY,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    key            TEXT    NOT NULL,             -- the group's identity within the participant
    label          TEXT    NOT NULL DEFAULT '',
    parent_id      INTEGER REFERENCES groups (id) ON DELETE CASCADE,
    category_id    INTEGER REFERENCES categories (id) ON DELETE SET NULL,
    position       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (participant_id, key)
);

CREATE TABLE placements (
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    card_id        INTEGER NOT NULL REFERENCES cards (id) ON DELETE CASCADE,
    group_id       INTEGER REFERENCES groups (id) ON DELETE CASCADE,
    state          TEXT    NOT NULL CHECK (state IN ('placed', 'unsure', 'unsorted')),
    position       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (participant_id, card_id),
    CHECK ((state = 'placed') = (group_id IS NOT NULL))
) WITHOUT ROWID;

CREATE INDEX groups_by_participant ON groups (participant_id);
CREATE INDEX participants_by_study ON participants (study_id);
CREATE INDEX cards_by_study ON cards (study_id);
