package uk.npq.platform.security.apitoken;

import io.quarkus.security.AuthenticationFailedException;
import java.util.Map;

/**
 * The two ways a well-formed API token request fails other than a bad token (401), as attributes of Quarkus's
 * authentication failure, which the platform's mappers turn into 429 and 503 problems.
 */
public final class ApiTokenFailures {
    /** Attribute holding the {@link RateLimit} of a valid token over its limit: answered 429. */
    public static final String RATE_LIMITED = "npq.rate-limited";
    /** Attribute set when the owner could not be asked (down, slow, answering nonsense): 503, never a 401 blaming the token. */
    public static final String CHECK_UNAVAILABLE = "npq.token-check-unavailable";

    private ApiTokenFailures() {}

    public static AuthenticationFailedException rateLimited(RateLimit limit) {
        return new AuthenticationFailedException("rate limit exceeded", Map.of(RATE_LIMITED, limit));
    }

    public static AuthenticationFailedException checkUnavailable(String message, Throwable cause) {
        return cause == null
                ? new AuthenticationFailedException(message, Map.of(CHECK_UNAVAILABLE, Boolean.TRUE))
                : new AuthenticationFailedException(message, cause, Map.of(CHECK_UNAVAILABLE, Boolean.TRUE));
    }
}
