package uk.npq.engagement.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Derives retained-1 and retained-2 declarations once their milestone dates pass, and submits any derivation still
 * pending (one whose submission could not run when its evidence arrived). Replicas may run it at once: claims are
 * one row per application and milestone, and a pending row is submitted by whoever locks it first.
 */
@ApplicationScoped
public class DerivationJob {
    private static final Logger LOG = Logger.getLogger(DerivationJob.class);

    @Inject DerivedDeclarations derived;

    @Scheduled(every = "${npq.derived-declarations.every:15m}", delayed = "${npq.derived-declarations.delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        int claimed = derived.claimMilestones();
        int processed = derived.process(null);
        if (claimed + processed > 0) LOG.infof("derived declarations: %d milestones claimed, %d submitted or refused", claimed, processed);
    }
}
