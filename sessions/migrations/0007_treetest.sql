-- Tree tests: findability tasks on a frozen copy of one consensus version (or two, for an A/B
-- comparison), the participants who take them and each answer with its whole walk. Answers are
-- written one by one as they are given (autosave), never changed afterwards.

CREATE TABLE treetests (
    id             INTEGER PRIMARY KEY,
    study_id       INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL UNIQUE,
    lang           TEXT    NOT NULL DEFAULT 'nl',
    created_at     TEXT    NOT NULL
);

CREATE TABLE treetest_variants (
    treetest_id       INTEGER NOT NULL REFERENCES treetests (id) ON DELETE CASCADE,
    variant           TEXT    NOT NULL CHECK (variant IN ('A', 'B')),
    consensus_version INTEGER NOT NULL,
    tree              TEXT    NOT NULL,          -- the tested ConsensusTree.to_dict() as JSON
    PRIMARY KEY (treetest_id, variant)
);

CREATE TABLE treetest_tasks (
    id             INTEGER PRIMARY KEY,
    treetest_id    INTEGER NOT NULL REFERENCES treetests (id) ON DELETE CASCADE,
    key            TEXT    NOT NULL,             -- t1, p3 ... as the coordinator addresses it
    position       INTEGER NOT NULL,
    text_nl        TEXT    NOT NULL,
    text_en        TEXT    NOT NULL DEFAULT '',
    targets        TEXT    NOT NULL,             -- JSON list: card:<key> or folder:<name path>
    origin         TEXT    NOT NULL DEFAULT 'written' CHECK (origin IN ('written', 'proposed')),
    UNIQUE (treetest_id, key)
);

CREATE TABLE treetest_participants (
    id             INTEGER PRIMARY KEY,
    treetest_id    INTEGER NOT NULL REFERENCES treetests (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    variant        TEXT    NOT NULL,
    lang           TEXT,
    task_order     TEXT    NOT NULL,             -- JSON list of task keys, shuffled per person
    source         TEXT    NOT NULL DEFAULT 'app',  -- app, import or simulated
    started_at     TEXT    NOT NULL,
    finished_at    TEXT,
    UNIQUE (treetest_id, name)
);

CREATE TABLE treetest_answers (
    participant_id INTEGER NOT NULL REFERENCES treetest_participants (id) ON DELETE CASCADE,
    task_key       TEXT    NOT NULL,
    steps          TEXT    NOT NULL,             -- JSON list of node ids entered, '..' = back up
    chosen         TEXT,                         -- node id of "I would look here"; NULL = skipped
    seconds        REAL    NOT NULL,
    answered_at    TEXT    NOT NULL,
    PRIMARY KEY (participant_id, task_key)
);
