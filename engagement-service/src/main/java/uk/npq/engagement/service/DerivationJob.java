package uk.npq.engagement.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import uk.npq.platform.persistence.JobLocks;

/**
 * Derives retained-1 and retained-2 declarations once their milestone dates pass, and submits any derivation still
 * pending (one whose submission could not run when its evidence arrived). Every replica schedules it; one at a time runs
 * it ({@link JobLocks}: a replica whose tick comes while another runs it skips that tick). Were two to run at once, they
 * would still not derive twice: claims are one row per application and milestone, and a pending row is submitted by
 * whoever locks it first.
 */
@ApplicationScoped
public class DerivationJob {
    private static final Logger LOG = Logger.getLogger(DerivationJob.class);

    @Inject DerivedDeclarations derived;
    @Inject JobLocks jobs;

    @Scheduled(every = "${npq.derived-declarations.every:15m}", delayed = "${npq.derived-declarations.delay:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        jobs.runAlone("derived-declarations", () -> {
            int claimed = derived.claimMilestones();
            int processed = derived.process(null);
            if (claimed + processed > 0) LOG.infof("derived declarations: %d milestones claimed, %d submitted or refused", claimed, processed);
        });
    }
}
