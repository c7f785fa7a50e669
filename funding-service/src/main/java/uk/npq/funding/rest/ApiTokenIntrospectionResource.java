package uk.npq.funding.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import uk.npq.funding.service.ApiTokens;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.security.apitoken.ApiTokenAuthenticationMechanism;
import uk.npq.platform.security.apitoken.ApiTokenVerdict;
import uk.npq.platform.security.apitoken.HttpApiTokenVerifier;

/**
 * Where the other services check a lead provider's API token (RFC 7662 in spirit): the token as a form field, the
 * verdict and the token's rate limit as JSON. Not routed by the edge; callers prove themselves with the shared
 * introspection key (a bearer JWT cannot be asked for here, since checking one needs this answer's kind of trust).
 * Every call counts one request against the token's limit.
 */
@Path("/internal/v1/api-tokens/introspect")
public class ApiTokenIntrospectionResource {
    @Inject ApiTokens tokens;
    @ConfigProperty(name = "npq.api-tokens.introspection-key") String key;

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public ApiTokenVerdict introspect(@HeaderParam(HttpApiTokenVerifier.KEY_HEADER) String presented, @FormParam("token") String token) {
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8))) {
            throw Problems.of(401, "Unauthorized", List.of(new ApiError("Unauthorized", Problems.UNAUTHORISED_ERROR)));
        }
        if (token == null || !token.startsWith(ApiTokenAuthenticationMechanism.PREFIX)) return ApiTokenVerdict.inactive();
        return tokens.verify(token);
    }
}
