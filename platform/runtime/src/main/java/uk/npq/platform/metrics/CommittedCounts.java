package uk.npq.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Business counters that count what was committed: {@link #increment} inside a transaction adds to the counter only when
 * that transaction commits (a rolled-back decision or a redelivered event applied again counts once), so the scrape
 * (on the management interface, {@code /q/metrics}) agrees with the database. One transaction's increments are summed and
 * added in one go after its commit. Tag values must be from a small fixed set (a code, a state) and never personal data.
 */
@ApplicationScoped
public class CommittedCounts {
    private static final Object PENDING = CommittedCounts.class.getName() + ".pending";

    @Inject MeterRegistry meters;
    @Inject TransactionSynchronizationRegistry transactions;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    private record Key(String name, String description, String tag, String value) {}

    /** Adds {@code by} to counter {@code name} with tag {@code tag=value} once the current transaction commits. */
    public void increment(String name, String description, String tag, String value, long by) {
        if (by <= 0) return;
        Key key = new Key(name, description, tag, value == null ? "none" : value);
        @SuppressWarnings("unchecked")
        Map<Key, Long> pending = (Map<Key, Long>) transactions.getResource(PENDING);
        if (pending == null) {
            Map<Key, Long> fresh = new HashMap<>();
            transactions.putResource(PENDING, fresh);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override public void beforeCompletion() {}
                @Override public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) fresh.forEach((k, n) -> counter(k).increment(n));
                }
            });
            pending = fresh;
        }
        pending.merge(key, by, Long::sum);
    }

    private Counter counter(Key k) {
        return counters.computeIfAbsent(k, x -> Counter.builder(x.name()).description(x.description()).tag(x.tag(), x.value())
                .register(meters));
    }
}
