-- Optional questions a study asks after the sort (free text or a choice, in Dutch and English),
-- and each participant's answers, stored beside their sort. A question is never edited in
-- place once somebody answered it: answers keep pointing at the text they answered.

CREATE TABLE study_questions (
    id         INTEGER PRIMARY KEY,
    study_id   INTEGER NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('text', 'choice')),
    text_nl    TEXT    NOT NULL,
    text_en    TEXT    NOT NULL,
    choices    TEXT    NOT NULL DEFAULT '[]',   -- JSON list of {"nl": ..., "en": ...}
    UNIQUE (study_id, position)
);

CREATE TABLE question_answers (
    question_id    INTEGER NOT NULL REFERENCES study_questions (id) ON DELETE CASCADE,
    participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
    answer         TEXT    NOT NULL,             -- free text, or the chosen option's number (1..n)
    answered_at    TEXT    NOT NULL,
    PRIMARY KEY (question_id, participant_id)
);
