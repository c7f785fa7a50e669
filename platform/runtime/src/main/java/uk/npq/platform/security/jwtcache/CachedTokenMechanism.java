package uk.npq.platform.security.jwtcache;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Answers a bearer JWT seen (and verified by quarkus-oidc) before with the identity then made, without verifying its
 * signature again; anything else (a token never verified, an expired or altered one, no token) gets no identity here,
 * so the OIDC mechanism after it verifies the token as always and refuses what it refuses. Runs after the platform's
 * API-token mechanism and before OIDC's.
 */
@ApplicationScoped
public class CachedTokenMechanism implements HttpAuthenticationMechanism {
    @Inject VerifiedTokens tokens;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        SecurityIdentity cached = tokens.get(bearer(context.request().getHeader("Authorization")));
        if (cached == null) return Uni.createFrom().nullItem();
        // as OIDC does for a fresh identity: this request's routing context, never the one of the request that cached it
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(cached)
                .addAttribute(CacheVerifiedTokens.ROUTING_CONTEXT, context).build());
    }

    static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 50;
    }
}
