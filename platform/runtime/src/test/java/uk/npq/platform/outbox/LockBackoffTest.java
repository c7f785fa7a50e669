package uk.npq.platform.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A relay that misses its service's relay lock retries soon, then less and less often, never more slowly than it polls. */
class LockBackoffTest {

    @Test
    void theWaitDoublesFromTheFirstPauseUpToThePollIntervalAndStartsAgainOnceTheLockIsHeld() {
        LockBackoff backoff = new LockBackoff(Duration.ofMillis(20), Duration.ofMillis(500));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) waits.add(backoff.next().toMillis());
        assertThat(waits).containsExactly(20L, 40L, 80L, 160L, 320L, 500L, 500L, 500L);
        backoff.reset();
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aPollIntervalShorterThanTheFirstPauseIsTheWaitFromTheStart() {
        LockBackoff backoff = new LockBackoff(Duration.ofMillis(20), Duration.ofMillis(10));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(10));
        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(10));
    }
}
