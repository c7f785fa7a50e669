package uk.npq.platform.security.apitoken;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Lead providers' long-lived API tokens, sent as the DfE's clients send theirs ({@code Authorization: Bearer <token>}),
 * beside Keycloak's JWTs: a bearer credential with our prefix is ours and is checked by {@link ApiTokenIdentityProvider};
 * anything else is left to the OIDC mechanism (this one answers no identity, so the next is asked). It is tried first.
 * A successful answer carries the token's RateLimit fields.
 */
@ApplicationScoped
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {
    /** Every token we issue starts so; a JWT never does (it starts with its base64url header, "ey"). */
    public static final String PREFIX = "npq_";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = apiToken(context.request().getHeader("Authorization"));
        if (token == null) return Uni.createFrom().nullItem();
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenRequest(token), context))
                .invoke(identity -> {
                    RateLimit limit = identity.getAttribute(ApiTokenIdentityProvider.RATE_LIMIT);
                    if (limit != null && !context.response().headWritten()) limit.headers().forEach(context.response()::putHeader);
                });
    }

    /** The API token in an Authorization header, or null when the header holds none of ours. */
    static String apiToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = authorization.substring(7).trim();
        return token.startsWith(PREFIX) ? token : null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 100;
    }
}
