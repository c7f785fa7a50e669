package uk.npq.assessment;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in tests (it replaces the platform's default Clock bean): the real time until a test sets an
 * instant, so windows can be tried at their first and last minute and the minute after.
 */
@Singleton
public class TestClock extends Clock {
    private static volatile Instant fixed;

    /** From now on the service reads this instant; {@link #reset()} returns to the real time. */
    public static void set(Instant instant) {
        fixed = instant;
    }

    public static void set(String instant) {
        set(Instant.parse(instant));
    }

    public static void reset() {
        fixed = null;
    }

    @Override
    public Instant instant() {
        Instant f = fixed;
        return f != null ? f : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
