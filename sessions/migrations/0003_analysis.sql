-- Analysis state kept per study: the label standardisation map, participant exclusions and the
-- versions of the consensus tree. Nothing here is ever silently overwritten: exclusions are
-- revoked (not deleted) and every analysis or edit of the tree is a new version.

CREATE TABLE label_map (
    id             INTEGER PRIMARY KEY,
    study_id       INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    raw            TEXT    NOT NULL,             -- a participant label, normalised (case, accents, spaces)
    standard       TEXT    NOT NULL,             -- the standard category name it counts as
    participant_id INTEGER REFERENCES participants (id) ON DELETE CASCADE,  -- split: only this participant
    group_key      TEXT,                         -- split: only this group of that participant
    action         TEXT    NOT NULL CHECK (action IN ('merge', 'rename', 'split')),
    created_at     TEXT    NOT NULL,
    CHECK ((group_key IS NULL) OR (participant_id IS NOT NULL))
);

CREATE UNIQUE INDEX label_map_entry ON label_map (
    study_id, raw, coalesce(participant_id, 0), coalesce(group_key, '')
);

CREATE TABLE exclusions (
    id             INTEGER PRIMARY KEY,
    study_id       INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    participant_id INTEGER REFERENCES participants (id) ON DELETE CASCADE,
    rule           TEXT,                         -- a quality flag such as all_in_one, or NULL
    mode           TEXT    NOT NULL DEFAULT 'exclude' CHECK (mode IN ('exclude', 'include')),
                                                 -- include + rule: this rule is switched off
    reason         TEXT    NOT NULL DEFAULT '',
    created_at     TEXT    NOT NULL,
    revoked_at     TEXT,                         -- set when undone; the row stays as history
    CHECK ((participant_id IS NULL) <> (rule IS NULL))
);

CREATE INDEX exclusions_by_study ON exclusions (study_id);

CREATE TABLE consensus_versions (
    id             INTEGER PRIMARY KEY,
    study_id       INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    tree           TEXT    NOT NULL,             -- ConsensusTree.to_dict() as JSON
    created_at     TEXT    NOT NULL,
    edited         INTEGER NOT NULL DEFAULT 0,   -- 1: changed by a person, 0: as the analysis made it
    based_on       INTEGER,                      -- the version an edit started from
    parameters     TEXT    NOT NULL DEFAULT '{}',-- analysis options (JSON) that produced it
    note           TEXT    NOT NULL DEFAULT '',  -- what changed, in words
    UNIQUE (study_id, version)
);

CREATE TABLE consensus_current (
    study_id       INTEGER PRIMARY KEY REFERENCES studies (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL
);
