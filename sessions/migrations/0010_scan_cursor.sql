-- A cloud scan's change-feed cursor (OneDrive: the delta link; Google Drive: the start page
-- token taken before the walk), so a catch-up reads the changes since the scan instead of
-- scanning again. NULL for local scans, which keep no feed. Not a secret, but a delta link holds
-- the drive's URL: never printed.
ALTER TABLE snapshots ADD COLUMN change_cursor TEXT;
