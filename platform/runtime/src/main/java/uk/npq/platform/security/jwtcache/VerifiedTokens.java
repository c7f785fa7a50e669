package uk.npq.platform.security.jwtcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer JWTs that quarkus-oidc has verified (signature, issuer, expiry), with the identity it made of each, until the
 * token's {@code exp}: a client reuses its Keycloak token for minutes, and the RS256 check of every request was ~30% of
 * a cheap read's CPU (benchmarks/README.md). Only {@link CacheVerifiedTokens}, which runs after a successful verification,
 * puts; {@link CachedTokenMechanism} reads. Keyed by the SHA-256 of the whole token, so only the exact string that was
 * verified finds its entry; an entry is never answered at or after its {@code exp} (checked on every read, beside
 * Caffeine's own expiry), and the cache is bounded ({@code npq.security.jwt-cache.max-size}, 0 turns it off).
 * What this gives up: a token signed by a key that Keycloak has since rotated out is accepted until its exp (minutes),
 * as it would be by any replica that had already fetched the key set.
 */
@ApplicationScoped
public class VerifiedTokens {
    /** A verified identity and the instant (epoch ms) its token stops being valid. */
    record Entry(SecurityIdentity identity, long expiresAtMillis) {}

    private final Cache<String, Entry> cache;
    private final Clock clock;
    private final boolean enabled;

    @Inject
    VerifiedTokens(@ConfigProperty(name = "npq.security.jwt-cache.max-size", defaultValue = "1000") long maxSize) {
        this(maxSize, Clock.systemUTC(), ForkJoinPool.commonPool());
    }

    /** Tests give their own clock (it must be the one the token's exp is judged by) and a same-thread executor. */
    VerifiedTokens(long maxSize, Clock clock, Executor executor) {
        this.clock = clock;
        this.enabled = maxSize > 0;
        this.cache = Caffeine.newBuilder()
                .maximumSize(Math.max(maxSize, 0))
                .executor(executor)
                .recordStats()
                .expireAfter(Expiry.<String, Entry>creating((key, entry) ->
                        java.time.Duration.ofMillis(Math.max(0, entry.expiresAtMillis() - clock.millis()))))
                .build();
    }

    /** The identity of a token verified before and not yet expired, or null (then verify it as usual). */
    public SecurityIdentity get(String token) {
        if (!enabled || token == null) return null;
        Entry e = cache.getIfPresent(key(token));
        if (e == null) return null;
        if (clock.millis() >= e.expiresAtMillis()) {
            cache.invalidate(key(token));
            return null;
        }
        return e.identity();
    }

    /** Remembers a verified token's identity until {@code expSeconds} (the token's exp claim); an expired one is not kept. */
    public void put(String token, SecurityIdentity identity, long expSeconds) {
        if (!enabled || token == null || identity == null || expSeconds <= 0) return;
        long expiresAt = TimeUnit.SECONDS.toMillis(expSeconds);
        if (clock.millis() >= expiresAt) return;
        cache.put(key(token), new Entry(identity, expiresAt));
    }

    public long hits() {
        return cache.stats().hitCount();
    }

    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    static String key(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
