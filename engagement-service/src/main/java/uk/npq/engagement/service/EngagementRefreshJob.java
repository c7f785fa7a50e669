package uk.npq.engagement.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import uk.npq.platform.persistence.JobLocks;

/**
 * Recalculates engagement when sessions pass (see {@link Engagements#refreshPassedSessions()}). Every replica schedules it;
 * one at a time runs it ({@link JobLocks}): a replica whose tick comes while another runs it skips that tick.
 */
@ApplicationScoped
public class EngagementRefreshJob {
    private static final Logger LOG = Logger.getLogger(EngagementRefreshJob.class);

    @Inject Engagements engagements;
    @Inject JobLocks jobs;

    @Scheduled(every = "${npq.engagement-refresh.every:5m}", delayed = "${npq.engagement-refresh.delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        jobs.runAlone("engagement-refresh", () -> {
            int sessions = engagements.refreshPassedSessions();
            if (sessions > 0) LOG.infof("engagement recalculated for %d sessions that have passed", sessions);
        });
    }
}
