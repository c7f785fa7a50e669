package uk.npq.assessment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import uk.npq.assessment.domain.Eligibility;

/**
 * npq.assessment.rules.*: who may sit and the share of passes moderated. Word limits per course, where they differ from
 * the defaults (AssessmentRules), are {@code npq.assessment.word-limit.<course identifier>} (read by Windows).
 */
@ConfigMapping(prefix = "npq.assessment.rules")
public interface AssessmentConfig {
    /** threshold: engagement meets the completion threshold; on-track: engagement is not at risk. */
    @WithDefault("threshold")
    Eligibility.Mode eligibility();

    /** Share of passes (0 to 1) a moderator reviews before they are final; every fail is reviewed. */
    @WithDefault("0.1")
    double moderationShare();
}
