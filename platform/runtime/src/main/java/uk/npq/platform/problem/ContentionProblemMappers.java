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

    private static Response busy(RuntimeException e) {
        LOG.infof("request aborted by lock contention (%s); answered 503", e.getClass().getSimpleName());
        return Response.fromResponse(Problems.status(Response.Status.SERVICE_UNAVAILABLE, "Busy", DETAIL).toResponse())
                .header("Retry-After", "1").build();
    }
}
