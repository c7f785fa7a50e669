package uk.npq.platform.security.apitoken;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token's request budget after counting this request, as the DfE's (1,000 requests per 5 minutes per token on /api/*,
 * in fixed windows): {@code limit} per {@code windowSeconds}, {@code remaining} in this window, {@code resetSeconds}
 * until the window ends; {@code exceeded} when this request was over the limit.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RateLimit(long limit, long windowSeconds, long remaining, long resetSeconds, boolean exceeded) {

    /** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers) and, when refused, Retry-After. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("RateLimit-Limit", Long.toString(limit));
        h.put("RateLimit-Remaining", Long.toString(remaining));
        h.put("RateLimit-Reset", Long.toString(resetSeconds));
        h.put("RateLimit-Policy", limit + ";w=" + windowSeconds);
        if (exceeded) h.put("Retry-After", Long.toString(Math.max(1, resetSeconds)));
        return h;
    }
}
