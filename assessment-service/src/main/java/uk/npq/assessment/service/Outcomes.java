package uk.npq.assessment.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.UUID;

/** Participant outcomes (c5), recorded when an assessment result becomes final. */
@ApplicationScoped
public class Outcomes {
    // replaced by the lead's implementation on merge
    public void recordFinalResult(UUID applicationId, boolean passed, LocalDate completionDate) {
    }
}
