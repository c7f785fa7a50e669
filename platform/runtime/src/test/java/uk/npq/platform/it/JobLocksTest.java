package uk.npq.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import uk.npq.platform.persistence.JobLocks;

/** A scheduled job's work runs in one replica at a time: the others skip the tick while it runs, and run the next one. */
@QuarkusTest
class JobLocksTest {
    private static final long GUARD_SECONDS = 60; // a bound for a broken lock, never the expected wait

    @Inject JobLocks jobs;
    @Inject AgroalDataSource db;

    @Test
    void twoConcurrentRunsOfTheSameJobDoItsWorkOnce() throws Exception {
        String job = "job-" + UUID.randomUUID();
        AtomicInteger worked = new AtomicInteger();
        CountDownLatch firstIsWorking = new CountDownLatch(1), release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> first = pool.submit(() -> jobs.runAlone(job, () -> {
                worked.incrementAndGet();
                firstIsWorking.countDown();
                await(release);
            }));
            await(firstIsWorking);
            // the second run (another replica's tick) comes while the first still works: it skips, without waiting
            Future<Boolean> second = pool.submit(() -> jobs.runAlone(job, worked::incrementAndGet));
            assertThat(second.get(GUARD_SECONDS, TimeUnit.SECONDS)).isFalse();
            release.countDown();
            assertThat(first.get(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(worked).hasValue(1);
            // the lock ended with the work: the next tick runs
            assertThat(jobs.runAlone(job, worked::incrementAndGet)).isTrue();
            assertThat(worked).hasValue(2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void manyRunsStartedTogetherDoTheWorkOnceWhileItLasts() throws Exception {
        String job = "job-" + UUID.randomUUID();
        AtomicInteger worked = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1), working = new CountDownLatch(1), release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    await(go);
                    return jobs.runAlone(job, () -> {
                        worked.incrementAndGet();
                        working.countDown();
                        await(release);
                    });
                }));
            }
            go.countDown();
            await(working);
            // every run but the one that works returns, skipped, while that one still holds the lock
            Awaitility.await().atMost(Duration.ofSeconds(GUARD_SECONDS)).until(() -> runs.stream().filter(Future::isDone).count() == 3);
            int skipped = 0;
            for (Future<Boolean> run : runs) if (run.isDone() && !run.get()) skipped++;
            release.countDown();
            int ran = 0;
            for (Future<Boolean> run : runs) if (run.get(GUARD_SECONDS, TimeUnit.SECONDS)) ran++;
            assertThat(ran).isEqualTo(1);
            assertThat(skipped).isEqualTo(3);
            assertThat(worked).hasValue(1);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void anotherProcessHoldingTheJobsLockMakesThisReplicaSkip() throws Exception {
        String job = "job-" + UUID.randomUUID();
        AtomicInteger worked = new AtomicInteger();
        // another replica: its own connection (its own session), the same lock name, mid-run
        try (Connection replica = db.getConnection()) {
            replica.setAutoCommit(false);
            try (PreparedStatement lock = replica.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                lock.setString(1, JobLocks.lockName("platform", job));
                lock.execute();
            }
            assertThat(jobs.runAlone(job, worked::incrementAndGet)).isFalse();
            assertThat(worked).hasValue(0);
            // a job of another name, and the same job of another service (schema), are not excluded by it
            assertThat(jobs.runAlone(job + "-other", worked::incrementAndGet)).isTrue();
            assertThat(JobLocks.lockName("registration", job)).isNotEqualTo(JobLocks.lockName("platform", job));
            replica.rollback();
        }
        assertThat(jobs.runAlone(job, worked::incrementAndGet)).isTrue();
        assertThat(worked).hasValue(2);
    }

    @Test
    void aFailedRunReleasesTheLockAndItsFailureIsThrownOn() {
        String job = "job-" + UUID.randomUUID();
        assertThatThrownBy(() -> jobs.runAlone(job, () -> { throw new IllegalArgumentException("boom"); }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        AtomicInteger worked = new AtomicInteger();
        assertThat(jobs.runAlone(job, worked::incrementAndGet)).isTrue();
        assertThat(worked).hasValue(1);
    }

    @Test
    void aJobIsRefusedInsideATransaction() {
        AtomicInteger worked = new AtomicInteger();
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> jobs.runAlone("inside", worked::incrementAndGet)))
                .hasStackTraceContaining("must run outside a transaction");
        assertThat(worked).hasValue(0);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(GUARD_SECONDS, TimeUnit.SECONDS)) throw new IllegalStateException("latch not reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
