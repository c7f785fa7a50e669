package uk.npq.assessment.domain;

import java.util.Optional;

/**
 * Who may sit a window: a participant accepted on its course and cohort with its lead provider, in training
 * (active: not deferred, not withdrawn), whose engagement qualifies. Engagement qualifies, by mode, when it meets
 * the completion threshold (THRESHOLD, the default), or when it is on track, i.e. not at risk (ON_TRACK).
 * Unknown engagement (nothing recorded yet) never qualifies.
 */
public final class Eligibility {
    public enum Mode { THRESHOLD, ON_TRACK }

    /** What this service knows of the candidate. */
    public record Facts(String status, String trainingStatus, Boolean meetsThreshold, Boolean atRisk) {}

    private Eligibility() {}

    /** Why the candidate may not sit, or empty when they may. */
    public static Optional<String> refusal(Facts f, Mode mode) {
        if (!"accepted".equals(f.status())) return Optional.of("The participant's application is not accepted.");
        if ("deferred".equals(f.trainingStatus())) return Optional.of("The participant is deferred and may not sit the assessment.");
        if ("withdrawn".equals(f.trainingStatus())) return Optional.of("The participant has withdrawn and may not sit the assessment.");
        if (mode == Mode.ON_TRACK) {
            if (f.atRisk() == null) return Optional.of("No engagement is recorded for the participant yet.");
            if (f.atRisk()) return Optional.of("The participant's engagement is at risk of missing the completion threshold.");
        } else {
            if (f.meetsThreshold() == null) return Optional.of("No engagement is recorded for the participant yet.");
            if (!f.meetsThreshold()) return Optional.of("The participant's engagement does not meet the completion threshold.");
        }
        return Optional.empty();
    }
}
