package uk.npq.platform.outbox;

import java.time.Duration;

/**
 * How long a relay that found its service's relay lock taken waits before trying again: {@link #FIRST} at first, doubling
 * on each further miss up to the poll interval, and from the start again once it gets the lock. Another replica holds the
 * lock only for one batch, so the first retries come soon after it commits; a replica that keeps missing (the other one has
 * a long backlog to send) soon tries no more often than an idle relay polls, so missing the lock never becomes a busy loop.
 */
final class LockBackoff {
    static final Duration FIRST = Duration.ofMillis(20);

    private final Duration first;
    private final Duration max;
    private Duration next;

    LockBackoff(Duration first, Duration max) {
        this.first = first.compareTo(max) < 0 ? first : max;
        this.max = max;
        this.next = this.first;
    }

    /** The wait after this miss. */
    Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) < 0 ? doubled : max;
        return wait;
    }

    /** The lock was obtained: the next miss waits the first pause again. */
    void reset() {
        next = first;
    }
}
