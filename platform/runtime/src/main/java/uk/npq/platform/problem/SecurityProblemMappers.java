package uk.npq.platform.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import uk.npq.platform.security.apitoken.ApiTokenFailures;
import uk.npq.platform.security.apitoken.RateLimit;

/**
 * 401 as problem+json with the DfE text, in {@code errors} and in the DfE's own {@code error} member
 * ("HTTP Token: Access denied", added by {@link Problems#of}). (The problem extension's own mapper for these exceptions does
 * not run on this Quarkus version, so the platform maps them, ahead of it.)
 */
public class SecurityProblemMappers {

    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response unauthorized(UnauthorizedException e) {
        return response();
    }

    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response authenticationFailed(AuthenticationFailedException e) {
        RateLimit limit = e.getAttribute(ApiTokenFailures.RATE_LIMITED);
        if (limit != null) return rateLimited(limit);
        if (e.getAttribute(ApiTokenFailures.CHECK_UNAVAILABLE) != null) return checkUnavailable();
        return response();
    }

    /** A valid API token over its limit: 429 with Retry-After and the RateLimit fields. */
    private static Response rateLimited(RateLimit limit) {
        Response.ResponseBuilder r = Response.fromResponse(Problems.of(429, "Too Many Requests",
                List.of(new ApiError("Too Many Requests", "Rate limit exceeded: " + limit.limit() + " requests per "
                        + limit.windowSeconds() + " seconds per API token. Retry after " + Math.max(1, limit.resetSeconds())
                        + " seconds."))).toResponse());
        limit.headers().forEach(r::header);
        return r.build();
    }

    /** The tokens' owner could not be asked: the token may be fine, so 503 (retry), not 401. */
    private static Response checkUnavailable() {
        return Response.fromResponse(Problems.of(503, "Service Unavailable",
                List.of(new ApiError("Service Unavailable", "API tokens cannot be checked just now; retry shortly"))).toResponse())
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }

    private static Response response() {
        return Response.fromResponse(Problems.of(401, "Unauthorized",
                        List.of(new ApiError("Unauthorized", Problems.UNAUTHORISED_ERROR))).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
