package uk.npq.platform.security.apitoken;

/**
 * Checks a lead provider's API token and counts the request against its rate limit, in one call, at the token's owner
 * (funding-service), so that revocation takes effect at once and the limit holds across every service and replica.
 * Every service but the owner asks over HTTP ({@link HttpApiTokenVerifier}); the owner answers in process.
 */
public interface ApiTokenVerifier {
    ApiTokenVerdict verify(String token);
}
