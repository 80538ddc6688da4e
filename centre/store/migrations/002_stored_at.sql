-- When each event reached the centre's database: stored_at - at is the
-- link's lag from the hall's commit (the figure hallbench network reports).
-- Rows stored before this migration get the migration's time.
ALTER TABLE events ADD COLUMN stored_at timestamptz NOT NULL DEFAULT clock_timestamp();
