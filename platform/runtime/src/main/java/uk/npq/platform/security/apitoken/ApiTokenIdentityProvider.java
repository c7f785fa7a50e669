package uk.npq.platform.security.apitoken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * Turns an API token into the same identity and tenant as the provider's Keycloak client: role lead-provider and the
 * lead_provider_id claim (read by {@link Caller} like the JWT claim). Asked on every request (no cache), so a revoked
 * token is refused from the next request on. The principal names the token, never a person.
 */
@ApplicationScoped
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenRequest> {
    static final String RATE_LIMIT = "npq.rate-limit";

    @Inject ApiTokenVerifier verifier;

    @Override
    public Class<ApiTokenRequest> getRequestType() {
        return ApiTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identity(verifier.verify(request.token())));
    }

    static SecurityIdentity identity(ApiTokenVerdict verdict) {
        if (verdict == null || !verdict.active() || verdict.leadProviderId() == null) {
            throw new AuthenticationFailedException("API token not active");
        }
        if (verdict.rateLimit() != null && verdict.rateLimit().exceeded()) throw ApiTokenFailures.rateLimited(verdict.rateLimit());
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("api-token:" + verdict.tokenId()))
                .addRole(Roles.LEAD_PROVIDER)
                .addAttribute(Caller.LEAD_PROVIDER_ID, verdict.leadProviderId().toString());
        if (verdict.rateLimit() != null) b.addAttribute(RATE_LIMIT, verdict.rateLimit());
        return b.build();
    }
}
