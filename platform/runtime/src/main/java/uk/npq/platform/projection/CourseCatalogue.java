package uk.npq.platform.projection;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The courses of npq-domain.md f1 as data, the one reader every service asks: funding-service over its own
 * {@code course} table (the source, which it publishes as CourseDefined on funding.reference.v1), registration,
 * engagement and assessment over the copy {@link CourseCopies} keeps of it. Needs, in the service's schema, a table
 * {@code course (identifier varchar primary key, name varchar, short_code varchar, course_group varchar, family varchar,
 * has_outcomes boolean)}. A course the table does not hold (unknown, or not yet received) is no course: it does not
 * exist, has no group, short code or name, and no outcomes.
 *
 * <p>Lookups sit on hot request paths (every declaration and application), so they are answered from an in-memory
 * snapshot of the small table, never a query each: it is reloaded after this process records a course (once that
 * transaction has ended; the first lookup after it reloads, so the change is seen at once) and otherwise when it is older
 * than {@code npq.courses.refresh-interval}. That timed reload runs on a thread of its own while lookups go on answering
 * from the snapshot they have, so a request never waits for it (nor has its query counted among the request's).
 */
@ApplicationScoped
public class CourseCatalogue {

    /** A course as the table holds it; {@code family} is the funding family's key (the identifier, or ehco for EHCO and ASO). */
    public record Course(String identifier, String name, String shortCode, String group, String family, boolean hasOutcomes) {}

    private static final Logger LOG = Logger.getLogger(CourseCatalogue.class);

    private record Snapshot(Map<String, Course> byIdentifier, long generation, long loadedAt) {}

    @Inject EntityManager em;
    @Inject TransactionSynchronizationRegistry transactions;
    /** The service's clock: the snapshot's age is read from it, so a test can make a snapshot old without waiting. */
    @Inject Clock clock;

    /**
     * How old the snapshot may grow before a lookup reloads it. A change recorded in this process reloads it at once;
     * this bounds how long a replica that did not consume a CourseDefined itself (another replica of the service did)
     * keeps answering from the old courses. Courses change a few times a year, and a reload is one query over a dozen
     * rows, so a few seconds costs nothing and keeps the replicas' answers together within that time.
     */
    @ConfigProperty(name = "npq.courses.refresh-interval", defaultValue = "PT5S") Duration refreshInterval;

    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile Snapshot snapshot;

    public Optional<Course> course(String identifier) {
        return identifier == null ? Optional.empty() : Optional.ofNullable(snapshot().byIdentifier.get(identifier));
    }

    public boolean exists(String identifier) {
        return course(identifier).isPresent();
    }

    /** leadership, specialist, ehco or support. */
    public Optional<String> group(String identifier) {
        return course(identifier).map(Course::group);
    }

    /** Outcomes and has_passed apply (leadership and specialist courses, f1); false for an unknown course. */
    public boolean hasOutcomes(String identifier) {
        return course(identifier).map(Course::hasOutcomes).orElse(false);
    }

    /** The short code qualifications are reported by (f1), e.g. NPQH. */
    public Optional<String> shortCode(String identifier) {
        return course(identifier).map(Course::shortCode);
    }

    /** The course's name (f1), e.g. Headship. */
    public Optional<String> name(String identifier) {
        return course(identifier).map(Course::name);
    }

    /** The funding family's key (a scholarship is once per family, d3): the identifier, or ehco for EHCO and ASO. */
    public String familyKey(String identifier) {
        return course(identifier).map(Course::family).orElse(identifier);
    }

    /** The identifiers of the course's family: the course itself, or both EHCO and ASO; an unknown course is its own family. */
    public Set<String> family(String identifier) {
        Optional<Course> course = course(identifier);
        if (course.isEmpty()) return Set.of(identifier);
        Set<String> family = new LinkedHashSet<>();
        for (Course c : snapshot().byIdentifier.values()) if (c.family.equals(course.get().family)) family.add(c.identifier);
        return Set.copyOf(family);
    }

    /** Every course the table holds. */
    public Set<String> identifiers() {
        return snapshot().byIdentifier.keySet();
    }

    /** Every course the table holds, by identifier (one snapshot: for a pure rule that checks many rows). */
    public Map<String, Course> all() {
        return snapshot().byIdentifier;
    }

    /**
     * The table changed in the current transaction (or just now, outside one): the next lookup after it ends reloads.
     * Lookups between the change and its commit keep the old snapshot, which is what the table still holds for them.
     */
    public void changed() {
        if (transactions.getTransactionKey() == null) {
            generation.incrementAndGet();
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override public void beforeCompletion() {}

            @Override public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) generation.incrementAndGet();
            }
        });
    }

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        if (current(s)) {
            if (old(s)) reloadInBackground();
            return s;
        }
        return reload();
    }

    /** Loaded, and no course recorded here since: it may be old by the clock, which a background reload catches up. */
    private boolean current(Snapshot s) {
        return s != null && s.generation == generation.get();
    }

    /**
     * Older than the refresh interval by the service's clock. A clock set back (a test's clock, or the host's corrected)
     * counts as old too: otherwise the snapshot would not refresh until the clock passed its load time again.
     */
    private boolean old(Snapshot s) {
        long age = clock.millis() - s.loadedAt;
        return age >= refreshInterval.toMillis() || age < 0;
    }

    private synchronized Snapshot reload() {
        Snapshot s = snapshot;
        if (current(s) && !old(s)) return s;
        long at = generation.get();
        s = new Snapshot(load(), at, clock.millis());
        snapshot = s;
        return s;
    }

    private void reloadInBackground() {
        if (!reloading.compareAndSet(false, true)) return;
        Thread t = new Thread(() -> {
            try {
                QuarkusTransaction.requiringNew().run(this::reload);
            } catch (RuntimeException e) {
                // the snapshot in hand stays; the next lookup tries again
                LOG.warnf("courses could not be reloaded: %s", e.toString());
            } finally {
                reloading.set(false);
            }
        }, "course-catalogue-reload");
        t.setDaemon(true);
        t.start();
    }

    private Map<String, Course> load() {
        // joins the caller's transaction, or opens one for a caller outside any (a consumer, a scheduled job)
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(
                "SELECT identifier, name, short_code, course_group, family, has_outcomes FROM course").getResultList());
        return rows.stream().map(r -> (Object[]) r).map(r -> new Course((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (Boolean) r[5])).collect(Collectors.toUnmodifiableMap(Course::identifier, Function.identity()));
    }
}
