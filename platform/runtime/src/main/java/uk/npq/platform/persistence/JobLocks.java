package uk.npq.platform.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One replica at a time runs a scheduled job: every process of a service schedules its jobs ({@code @Scheduled} ticks in
 * each replica), and each tick first tries the job's transaction-scoped advisory lock ({@code pg_try_advisory_xact_lock}
 * on {@code hashtextextended} of {@link #lockName}). The replica that gets it does the work; one whose tick comes while
 * another replica holds it skips that tick (it does not wait: the holder is doing the same work). The jobs are written
 * to be idempotent (each does what is pending and marks it done), so a tick that comes after another replica's finished
 * finds nothing left; the lock is what stops two replicas doing the same pending work at once (two TRN requests for
 * one person, a statement moved twice at midnight).
 *
 * <p>The lock is held by a transaction of its own, on a pooled connection of its own, that writes nothing: the work runs
 * outside it and makes its own transactions (a job calls the Teacher Record System between them), so what the work
 * commits is committed whatever becomes of the lock, and the lock ends when the work does (rollback), or when the
 * process dies (PostgreSQL ends the session with the connection). Advisory locks are database-wide and the four services
 * share the database, so the name carries the service's schema, as the outbox relay's lock does: one service's job never
 * excludes another's.
 */
@ApplicationScoped
public class JobLocks {
    private static final Logger LOG = Logger.getLogger(JobLocks.class);
    static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))";

    @Inject AgroalDataSource db;
    @Inject TransactionManager transactions;
    @ConfigProperty(name = "npq.service.schema") String schema;

    /** The advisory lock's name for {@code job} of the service whose schema is {@code schema}. */
    public static String lockName(String schema, String job) {
        return "npq.job:" + schema + ":" + job;
    }

    /**
     * Runs {@code work} unless another replica (or another trigger in this process) is running the job named {@code job}
     * now; returns whether it ran. Called outside any transaction (a scheduled method is): the work's transactions must be
     * its own. An exception of the work is thrown on, after the lock is released.
     */
    public boolean runAlone(String job, Runnable work) {
        requireNoTransaction(job);
        try (Connection lock = db.getConnection()) {
            lock.setAutoCommit(false);
            try {
                if (!tryLock(lock, lockName(schema, job))) {
                    LOG.debugf("job %s: another replica is running it; this tick is skipped", job);
                    return false;
                }
                work.run();
                return true;
            } finally {
                lock.rollback(); // ends the lock's transaction, which wrote nothing: the lock is released
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job " + job + ": the advisory lock could not be taken or released", e);
        }
    }

    private static boolean tryLock(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TRY_LOCK)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private void requireNoTransaction(String job) {
        int status;
        try {
            status = transactions.getStatus();
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
        if (status != Status.STATUS_NO_TRANSACTION) {
            throw new IllegalStateException("job " + job + " must run outside a transaction: its work makes its own");
        }
    }
}
