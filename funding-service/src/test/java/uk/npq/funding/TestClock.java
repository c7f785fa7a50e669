package uk.npq.funding;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The service's clock in tests: the real time unless a test sets "now" (statements' deadlines pass when a test says so). */
@ApplicationScoped
public class TestClock extends Clock {
    private static volatile Instant now;

    /** Sets "now" for everything in the service that reads the clock; null: the real time again. */
    public static void set(Instant instant) {
        now = instant;
    }

    static Instant current() {
        Instant fixed = now;
        return fixed != null ? fixed : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new Clock() {
            @Override public ZoneId getZone() { return zone; }
            @Override public Clock withZone(ZoneId other) { return TestClock.this.withZone(other); }
            @Override public Instant instant() { return current(); }
        };
    }

    @Override
    public Instant instant() {
        return current();
    }
}
