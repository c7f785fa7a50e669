-- Engagement "so far" changes when a session's time passes, not only when attendance is recorded: the
-- refresh job recalculates everyone a session weighs on once it has passed (sessions scheduled after
-- sessions_passed_until and up to now), then moves the mark. One row; replicas take turns on its lock.
CREATE TABLE engagement_refresh (
    id                      integer      PRIMARY KEY CHECK (id = 1),
    sessions_passed_until   timestamptz  NOT NULL
);
INSERT INTO engagement_refresh (id, sessions_passed_until) VALUES (1, now());
