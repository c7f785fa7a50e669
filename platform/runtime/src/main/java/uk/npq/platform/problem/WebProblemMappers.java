package uk.npq.platform.problem;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.npq.platform.rest.ContentTypeFilter;

/**
 * The JAX-RS answers that come from routing rather than from a resource, in the platform's problem shape (with
 * {@code errors}, and the DfE's {@code error} member on a 404) instead of the problem extension's bare one: a path
 * no resource serves is a 404, a body in a media type the endpoint does not read is a 415.
 */
public class WebProblemMappers {
    /** Ahead of the problem extension's own mappers, which it registers at priority 999. */
    static final int BEFORE_EXTENSION = Priorities.AUTHENTICATION - 100;

    @ServerExceptionMapper(priority = BEFORE_EXTENSION)
    public Response notFound(NotFoundException e) {
        return Problems.notFound().toResponse();
    }

    @ServerExceptionMapper(priority = BEFORE_EXTENSION)
    public Response notSupported(NotSupportedException e) {
        return Problems.unsupportedMediaType(ContentTypeFilter.DETAIL).toResponse();
    }
}
