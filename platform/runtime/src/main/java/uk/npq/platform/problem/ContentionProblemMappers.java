package uk.npq.platform.problem;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.ws.rs.core.Response;
import org.hibernate.exception.LockAcquisitionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Two requests that lock the same rows in a different order (a lead provider accepting while an admin bulk-
 * rejects, say) can deadlock; PostgreSQL then aborts one of them, which changed nothing. That is contention,
 * not a fault of the caller or of the service: the caller gets 503 problem+json with Retry-After and may send
 * the same request again (with its Idempotency-Key where the endpoint takes one), never a 500.
 */
public class ContentionProblemMappers {
    private static final Logger LOG = Logger.getLogger(ContentionProblemMappers.class);
    static final String DETAIL = "Another request was changing the same records at the same moment, so this one changed nothing. "
            + "Send it again.";

    @ServerExceptionMapper
    public Response pessimisticLock(PessimisticLockException e) {
        return busy(e);
    }

    @ServerExceptionMapper
    public Response lockTimeout(LockTimeoutException e) {
        return busy(e);
    }

    @ServerExceptionMapper
    public Response lockAcquisition(LockAcquisitionException e) {
        return busy(e);
    }

    /**
     * The connection pool is exhausted: Agroal waited {@code quarkus.datasource.jdbc.acquisition-timeout} for a connection and
     * gave up, so the request changed nothing. Agroal throws a plain SQLException (no SQLState, no type of its own), which
     * Hibernate wraps (GenericJDBCException "Unable to acquire JDBC Connection", in a PersistenceException); found anywhere
     * in the chain it is a 503 with Retry-After, like contention. Any other such exception is answered as before.
     */
    @ServerExceptionMapper
    public Response persistence(jakarta.persistence.PersistenceException e) {
        if (poolExhausted(e)) return exhausted(e);
        return databaseUnavailable(e) ? unavailable(e) : DEFAULT.toResponse(e);
    }

    @ServerExceptionMapper
    public Response sql(java.sql.SQLException e) {
        if (poolExhausted(e)) return exhausted(e);
        return databaseUnavailable(e) ? unavailable(e) : DEFAULT.toResponse(e);
    }

    /**
     * PostgreSQL cannot be reached or is going away (restarted, failed over): the connection was refused or broke (SQLState
     * class 08), or the server ended the session (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now,
     * while it starts). The transaction did not commit, so the request changed nothing: a 503 with Retry-After, as for
     * contention, never a 500 (deploy/faults: PostgreSQL restarted under load).
     */
    static boolean databaseUnavailable(Throwable e) {
        return uk.npq.platform.persistence.DatabaseUnavailable.is(e);
    }

    static final String UNAVAILABLE_DETAIL = "The service's database is not available at the moment, so this request changed nothing. "
            + "Send it again.";

    static Response unavailable(Throwable e) {
        LOG.warnf("database not available (%s); answered 503", e.getClass().getSimpleName());
        return Response.fromResponse(Problems.status(Response.Status.SERVICE_UNAVAILABLE, "Unavailable", UNAVAILABLE_DETAIL).toResponse())
                .header("Retry-After", "2").build();
    }

    /** Agroal's message when no connection came within the acquisition timeout (io.agroal.pool.ConnectionPool). */
    static final String ACQUISITION_TIMEOUT = "Sorry, acquisition timeout!";
    static final String EXHAUSTED_DETAIL = "The service is handling as many requests as it can at the moment, so this one changed "
            + "nothing. Send it again.";
    private static final io.quarkiverse.resteasy.problem.DefaultExceptionMapper DEFAULT = new io.quarkiverse.resteasy.problem.DefaultExceptionMapper();

    static boolean poolExhausted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && ACQUISITION_TIMEOUT.equals(sql.getMessage())) return true;
        }
        return false;
    }

    static Response exhausted(Throwable e) {
        LOG.warnf("no database connection within the acquisition timeout (%s); answered 503", e.getClass().getSimpleName());
        return Response.fromResponse(Problems.status(Response.Status.SERVICE_UNAVAILABLE, "Busy", EXHAUSTED_DETAIL).toResponse())
                .header("Retry-After", "1").build();
    }

    private static Response busy(RuntimeException e) {
        LOG.infof("request aborted by lock contention (%s); answered 503", e.getClass().getSimpleName());
        return Response.fromResponse(Problems.status(Response.Status.SERVICE_UNAVAILABLE, "Busy", DETAIL).toResponse())
                .header("Retry-After", "1").build();
    }
}
