package uk.npq.funding.service;

import uk.npq.platform.persistence.SqlValues;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.security.apitoken.ApiTokenAuthenticationMechanism;
import uk.npq.platform.security.apitoken.ApiTokenVerdict;
import uk.npq.platform.security.apitoken.ApiTokenVerifier;
import uk.npq.platform.security.apitoken.RateLimit;

/**
 * Lead providers' API tokens: an admin issues one for a provider (the secret is shown once and only its SHA-256 kept),
 * lists, rotates (optionally leaving the old one a grace period) and revokes them. Verifying a token (here in process
 * for funding's own endpoints, and through the introspection endpoint for every other service) finds it by its hash,
 * records its last use (to the minute) and counts the request against its rate limit.
 */
@ApplicationScoped
public class ApiTokens implements ApiTokenVerifier {
    static final int SECRET_BYTES = 32;
    static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);
    static final Duration MAX_GRACE = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject EntityManager em;
    @Inject RateLimiter rateLimiter;
    @Inject Clock clock;

    public record ApiToken(UUID id, UUID leadProviderId, String description, String tokenHint, Instant createdAt, String createdBy,
                           Instant revokedAt, String revokedBy, UUID replacedBy, Instant lastUsedAt) {
        public boolean activeAt(Instant now) {
            return revokedAt == null || revokedAt.isAfter(now);
        }
    }

    /** A new token and its secret, which is never shown again. */
    public record Issued(ApiToken token, String secret) {}

    @Transactional
    public Issued issue(UUID leadProvider, String description, String by) {
        if (leadProvider == null) throw Problems.unprocessable("lead_provider_id", "Enter the lead provider's id");
        String text = description == null ? "" : description.trim();
        if (text.isEmpty()) throw Problems.unprocessable("description", "Describe what the token is for (for example, the system that holds it)");
        if (text.length() > 200) throw Problems.unprocessable("description", "The description must be 200 characters or fewer");
        boolean known = !em.createNativeQuery("SELECT 1 FROM lead_provider WHERE id = :id").setParameter("id", leadProvider)
                .getResultList().isEmpty();
        if (!known) throw Problems.unprocessable("lead_provider_id", "There is no lead provider with this id; import it first (PUT /api/v1/reference/lead-providers)");
        return insert(leadProvider, text, by, clock.instant());
    }

    private Issued insert(UUID leadProvider, String description, String by, Instant now) {
        byte[] random = new byte[SECRET_BYTES];
        RANDOM.nextBytes(random);
        String secret = ApiTokenAuthenticationMechanism.PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        UUID id = UUID.randomUUID();
        String hint = secret.substring(0, 12);
        em.createNativeQuery("""
                INSERT INTO api_token (id, lead_provider_id, description, token_hash, token_hint, created_at, created_by)
                VALUES (:id, :lp, :description, :hash, :hint, :now, :by)""")
                .setParameter("id", id).setParameter("lp", leadProvider).setParameter("description", description)
                .setParameter("hash", sha256(secret)).setParameter("hint", hint).setParameter("now", Timestamp.from(now))
                .setParameter("by", by).executeUpdate();
        return new Issued(new ApiToken(id, leadProvider, description, hint, now, by, null, null, null, null), secret);
    }

    /** A new secret for the same provider and purpose; the old one stops at once, or after {@code grace} (at most 24 hours). */
    @Transactional
    public Issued rotate(UUID id, Duration grace, String by) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw Problems.unprocessable("old_token_valid_for_minutes", "Keep the old token for 0 to 1440 minutes");
        }
        Instant now = clock.instant();
        ApiToken old = find(id, true).orElseThrow(Problems::notFound);
        if (!old.activeAt(now)) throw Problems.unprocessable("api_token", "This token is revoked; issue a new one instead");
        Issued fresh = insert(old.leadProviderId(), old.description(), by, now);
        Instant until = now.plus(grace);
        if (old.revokedAt() != null && old.revokedAt().isBefore(until)) until = old.revokedAt();
        em.createNativeQuery("UPDATE api_token SET revoked_at = :until, revoked_by = :by, replaced_by = :fresh WHERE id = :id")
                .setParameter("until", Timestamp.from(until)).setParameter("by", by).setParameter("fresh", fresh.token().id())
                .setParameter("id", id).executeUpdate();
        return fresh;
    }

    /** Revoked from now (a revoked token stays revoked; an earlier revocation time is kept). */
    @Transactional
    public ApiToken revoke(UUID id, String by) {
        Instant now = clock.instant();
        ApiToken token = find(id, true).orElseThrow(Problems::notFound);
        if (token.activeAt(now)) {
            em.createNativeQuery("UPDATE api_token SET revoked_at = :now, revoked_by = :by WHERE id = :id")
                    .setParameter("now", Timestamp.from(now)).setParameter("by", by).setParameter("id", id).executeUpdate();
        }
        return find(id, false).orElseThrow();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ApiToken> find(UUID id, boolean forUpdate) {
        List<?> rows = em.createNativeQuery(SELECT + " WHERE id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .setParameter("id", id).getResultList();
        return rows.stream().findFirst().map(r -> token((Object[]) r));
    }

    /** The tokens of one provider, or of all, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApiToken> list(UUID leadProvider) {
        var q = leadProvider == null
                ? em.createNativeQuery(SELECT + " ORDER BY created_at DESC, id")
                : em.createNativeQuery(SELECT + " WHERE lead_provider_id = :lp ORDER BY created_at DESC, id").setParameter("lp", leadProvider);
        return ((List<?>) q.getResultList()).stream().map(r -> token((Object[]) r)).toList();
    }

    @Override
    public ApiTokenVerdict verify(String secret) {
        Instant now = clock.instant();
        byte[] hash = sha256(secret);
        Optional<Object[]> found = QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = em.createNativeQuery("""
                    SELECT id, lead_provider_id FROM api_token
                    WHERE token_hash = :hash AND (revoked_at IS NULL OR revoked_at > :now)""")
                    .setParameter("hash", hash).setParameter("now", Timestamp.from(now)).getResultList();
            if (rows.isEmpty()) return Optional.<Object[]>empty();
            Object[] row = (Object[]) rows.get(0);
            em.createNativeQuery("""
                    UPDATE api_token SET last_used_at = :now
                    WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :stale)""")
                    .setParameter("now", Timestamp.from(now)).setParameter("stale", Timestamp.from(now.minus(LAST_USE_RESOLUTION)))
                    .setParameter("id", row[0]).executeUpdate();
            return Optional.of(row);
        });
        if (found.isEmpty()) return ApiTokenVerdict.inactive();
        UUID id = (UUID) found.get()[0];
        RateLimit limit = rateLimiter.consume(id);
        return new ApiTokenVerdict(true, id, (UUID) found.get()[1], limit);
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String SELECT = """
            SELECT id, lead_provider_id, description, token_hint, created_at, created_by, revoked_at, revoked_by, replaced_by,
                   last_used_at FROM api_token""";

    private static ApiToken token(Object[] r) {
        return new ApiToken((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], SqlValues.instant(r[4]), (String) r[5],
                SqlValues.instant(r[6]), (String) r[7], (UUID) r[8], SqlValues.instant(r[9]));
    }
}
