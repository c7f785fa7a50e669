package uk.npq.funding.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import uk.npq.platform.persistence.JobLocks;

/**
 * c4: statements whose deadline has passed become payable every night at 00:00 Europe/London, and again each hour
 * after a start in case every replica was down at midnight (the move is once-only, so running it again changes
 * nothing). Either can be switched off by configuration ("off"), as the tests do to drive it with their own clock.
 * Every replica schedules both; one at a time runs the work ({@link JobLocks}, one lock for both triggers): a replica
 * whose tick comes while another runs it skips that tick.
 */
@ApplicationScoped
public class StatementJobs {
    private static final Logger LOG = Logger.getLogger(StatementJobs.class);

    @Inject Payments payments;
    @Inject JobLocks jobs;

    @Scheduled(identity = "statements-payable-nightly", cron = "${npq.statements.payable-cron:0 0 0 * * ?}", timeZone = "Europe/London",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Scheduled(identity = "statements-payable-catch-up", every = "${npq.statements.payable-catch-up:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void markPayable() {
        jobs.runAlone("statements-payable", () -> {
            List<UUID> moved = payments.markPayable();
            if (!moved.isEmpty()) LOG.infof("%d statement(s) became payable", moved.size());
        });
    }
}
