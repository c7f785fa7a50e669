package uk.npq.platform.security.apitoken;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;

/**
 * What the owner of lead providers' API tokens (funding-service) says of one presented token: whether it is active,
 * whom it speaks for, and where its rate limit stands after this request was counted.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ApiTokenVerdict(boolean active, UUID tokenId, UUID leadProviderId, RateLimit rateLimit) {
    public static ApiTokenVerdict inactive() {
        return new ApiTokenVerdict(false, null, null, null);
    }
}
