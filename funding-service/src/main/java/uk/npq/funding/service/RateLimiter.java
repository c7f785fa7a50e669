package uk.npq.funding.service;

import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import uk.npq.platform.security.apitoken.RateLimit;

/**
 * The DfE's rate limit for API tokens: {@code requests} per {@code window} (1,000 per 5 minutes) in fixed windows
 * aligned to the epoch, as Rack::Attack counts them. Bucket4j keeps each token's bucket in PostgreSQL (table
 * api_token_bucket, a row lock per check), so every replica of every service, all asking here through introspection,
 * draws from the one budget.
 */
@ApplicationScoped
public class RateLimiter {
    @ConfigProperty(name = "npq.api-tokens.rate-limit.requests", defaultValue = "1000") long requests;
    @ConfigProperty(name = "npq.api-tokens.rate-limit.window", defaultValue = "PT5M") Duration window;
    @Inject AgroalDataSource dataSource;

    private ProxyManager<String> buckets;

    @PostConstruct
    void init() {
        buckets = buckets(dataSource);
    }

    /** A view of the shared buckets over {@code dataSource}; each replica builds its own and they agree through the rows. */
    public static ProxyManager<String> buckets(javax.sql.DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource).primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("api_token_bucket").idColumn("id").stateColumn("state").build();
    }

    /** Counts one request of {@code token}; the answer says whether it was within the limit. */
    public RateLimit consume(UUID token) {
        return consume(buckets, token, requests, window);
    }

    public static RateLimit consume(ProxyManager<String> buckets, UUID token, long requests, Duration window) {
        ConsumptionProbe probe = buckets.builder().build(token.toString(), () -> configuration(requests, window))
                .tryConsumeAndReturnRemaining(1);
        long waitNanos = probe.isConsumed() ? probe.getNanosToWaitForReset() : probe.getNanosToWaitForRefill();
        long reset = Math.max(0, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        return new RateLimit(requests, window.toSeconds(), probe.getRemainingTokens(), reset, !probe.isConsumed());
    }

    /** Full at the start, refilled to full at each window boundary (epoch-aligned), never carried over. */
    static BucketConfiguration configuration(long requests, Duration window) {
        long w = window.toMillis();
        Instant nextBoundary = Instant.ofEpochMilli((System.currentTimeMillis() / w + 1) * w);
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(requests).refillIntervallyAligned(requests, window, nextBoundary).build())
                .build();
    }
}
