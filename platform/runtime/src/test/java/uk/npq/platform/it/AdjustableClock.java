package uk.npq.platform.it;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The real clock moved on by what a test adds: lets a test make time pass without waiting for it. An alternative, so only
 * a test profile that enables it (QuarkusTestProfile#getEnabledAlternatives) replaces the platform's clock with it.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class AdjustableClock extends Clock {
    private static volatile Duration ahead = Duration.ZERO;

    /** Moves "now" on by {@code by} for everything that reads the service's clock. */
    public static void advance(Duration by) {
        ahead = ahead.plus(by);
    }

    public static void reset() {
        ahead = Duration.ZERO;
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return Clock.offset(Clock.system(zone), ahead); }

    @Override public Instant instant() { return Instant.now().plus(ahead); }
}
