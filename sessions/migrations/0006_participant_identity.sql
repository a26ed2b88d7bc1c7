-- Participant identity at school scale: one live session per participant (a lease the
-- session renews while it runs; a second tab takes it over), and wrong participant codes
-- counted per network address so they can be rate-limited across all browser tabs.
CREATE TABLE participant_leases (
    participant_id INTEGER PRIMARY KEY REFERENCES participants (id) ON DELETE CASCADE,
    holder         TEXT    NOT NULL,             -- random token of the session holding it
    renewed_at     REAL    NOT NULL              -- unix time of the holder's last renewal
);

CREATE TABLE code_attempts (
    address TEXT NOT NULL,                       -- the browser's network address
    at      REAL NOT NULL                        -- unix time of a wrong code
);

CREATE INDEX code_attempts_by_address ON code_attempts (address, at);
