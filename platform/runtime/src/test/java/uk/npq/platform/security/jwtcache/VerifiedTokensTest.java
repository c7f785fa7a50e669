package uk.npq.platform.security.jwtcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The cache's own rules, on a clock the test moves (Caffeine's eviction keeps real time, so the entry is still held). */
class VerifiedTokensTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final long now = clock.instant().getEpochSecond();

    @Test
    void aVerifiedTokenIsAnsweredUntilItsExpAndNeverAtOrAfterIt() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, Runnable::run);
        SecurityIdentity a = identity("a");
        tokens.put("token-a", a, now + 60);
        assertThat(tokens.get("token-a")).isSameAs(a);
        clock.now = clock.now.plusSeconds(59);
        assertThat(tokens.get("token-a")).isSameAs(a);
        clock.now = clock.now.plusSeconds(1); // exactly exp
        assertThat(tokens.get("token-a")).isNull();
        clock.now = clock.now.minusSeconds(30); // and it is gone, not merely hidden
        assertThat(tokens.get("token-a")).isNull();
    }

    @Test
    void onlyTheExactStringThatWasVerifiedFindsAnEntry() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, Runnable::run);
        tokens.put("header.payload.signature", identity("a"), now + 60);
        assertThat(tokens.get("header.payload.signaturf")).isNull();
        assertThat(tokens.get("header.payloaD.signature")).isNull();
        assertThat(tokens.get("never-verified")).isNull();
        assertThat(tokens.get(null)).isNull();
    }

    @Test
    void anExpiredOrExplessTokenIsNotKept() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, Runnable::run);
        tokens.put("expired", identity("a"), now);
        tokens.put("no-exp", identity("b"), 0);
        assertThat(tokens.get("expired")).isNull();
        assertThat(tokens.get("no-exp")).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void theCacheIsBounded() {
        VerifiedTokens tokens = new VerifiedTokens(3, clock, Runnable::run);
        for (int i = 0; i < 50; i++) tokens.put("token-" + i, identity("s" + i), now + 60);
        assertThat(tokens.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void sizeZeroTurnsItOff() {
        VerifiedTokens tokens = new VerifiedTokens(0, clock, Runnable::run);
        tokens.put("token-a", identity("a"), now + 60);
        assertThat(tokens.get("token-a")).isNull();
    }

    private static SecurityIdentity identity(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(name)).addRole("lead-provider").build();
    }

    private static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
