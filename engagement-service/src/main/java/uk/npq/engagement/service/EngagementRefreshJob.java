package uk.npq.engagement.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Recalculates engagement when sessions pass (see {@link Engagements#refreshPassedSessions()}). */
@ApplicationScoped
public class EngagementRefreshJob {
    private static final Logger LOG = Logger.getLogger(EngagementRefreshJob.class);

    @Inject Engagements engagements;

    @Scheduled(every = "${npq.engagement-refresh.every:5m}", delayed = "${npq.engagement-refresh.delay:20s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        int sessions = engagements.refreshPassedSessions();
        if (sessions > 0) LOG.infof("engagement recalculated for %d sessions that have passed", sessions);
    }
}
