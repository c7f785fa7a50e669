package uk.npq.platform.security.jwtcache;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Puts an identity that quarkus-oidc has just made from a bearer JWT into {@link VerifiedTokens}. An augmentor is
 * called only with an identity an identity provider produced, i.e. after the token's signature and claims passed;
 * this one runs last (lowest priority), so the cached identity is the finished one. It keeps a copy without the
 * request's own objects (the routing context and the blocking-call context OIDC attaches), which
 * {@link CachedTokenMechanism} gives back per request, so the cache never holds on to a finished request.
 */
@ApplicationScoped
public class CacheVerifiedTokens implements SecurityIdentityAugmentor {
    static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String BLOCKING_CONTEXT = AuthenticationRequestContext.class.getName();

    @Inject VerifiedTokens tokens;

    @Override
    public int priority() {
        return Integer.MIN_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous()
                && identity instanceof QuarkusSecurityIdentity q
                && identity.getPrincipal() instanceof JsonWebToken jwt) {
            AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            // the JWT OIDC verified is the credential it was given and the principal's raw token, both the same string
            if (credential != null && !credential.isOpaque() && credential.getToken() != null
                    && credential.getToken().equals(jwt.getRawToken())) {
                tokens.put(credential.getToken(), withoutRequest(q), jwt.getExpirationTime());
            }
        }
        return Uni.createFrom().item(identity);
    }

    private static SecurityIdentity withoutRequest(QuarkusSecurityIdentity q) {
        Map<String, Object> attributes = new HashMap<>(q.getAttributes());
        attributes.remove(ROUTING_CONTEXT);
        attributes.remove(BLOCKING_CONTEXT);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(q.getPrincipal())
                .addRoles(q.getRoles())
                .addCredentials(q.getCredentials())
                .addPermissions(q.getPermissions())
                .addAttributes(attributes)
                .build();
    }
}
