-- Tree-test participants get the same live-session guarantee as sorting participants: one
-- window per person, a second window takes over and the first is told. The lease logic is
-- the one of sessions/identity.py (kind 'treetest'); the table mirrors participant_leases
-- (0006) so a lease disappears with the tree-test participant it belongs to.
CREATE TABLE treetest_leases (
    participant_id INTEGER PRIMARY KEY REFERENCES treetest_participants (id) ON DELETE CASCADE,
    holder         TEXT    NOT NULL,             -- random token of the session holding it
    renewed_at     REAL    NOT NULL              -- unix time of the holder's last renewal
);
