package uk.npq.platform.security.apitoken;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A bearer credential that is one of our lead-provider API tokens (not a Keycloak JWT). */
public final class ApiTokenRequest extends BaseAuthenticationRequest {
    private final String token;

    public ApiTokenRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
