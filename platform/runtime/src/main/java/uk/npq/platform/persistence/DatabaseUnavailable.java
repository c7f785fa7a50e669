package uk.npq.platform.persistence;

import java.sql.SQLException;

/**
 * Whether a failure means the database could not be reached or was going away, rather than anything about the work: the
 * connection was refused or broke (SQLState class 08), or PostgreSQL ended the session (57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now, while it starts). Such a transaction did not commit and changed nothing, and the same
 * work succeeds once the database is back: an HTTP request is answered 503 with Retry-After (problem.ContentionProblemMappers),
 * an event batch is applied again rather than dead-lettered (inbox.Inbox). Seen in deploy/faults, PostgreSQL restarted under load.
 */
public final class DatabaseUnavailable {
    private DatabaseUnavailable() {}

    public static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) return true;
            }
            for (Throwable s : t.getSuppressed()) if (is(s)) return true;
        }
        return false;
    }
}
