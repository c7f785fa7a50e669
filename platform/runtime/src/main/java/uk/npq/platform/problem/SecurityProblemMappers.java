package uk.npq.platform.problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

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
        return response();
    }

    private static Response response() {
        return Response.fromResponse(Problems.of(401, "Unauthorized",
                        List.of(new ApiError("Unauthorized", Problems.UNAUTHORISED_ERROR))).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
