package uk.npq.engagement.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** npq.engagement.*: the completion threshold where no admin set one, and the largest attendance upload. */
@ConfigMapping(prefix = "npq.engagement")
public interface EngagementConfig {
    /** Percent of the programme a participant must attend (per measure) unless set for the course and cohort. */
    @WithDefault("90")
    BigDecimal defaultThreshold();

    /** Rows one attendance upload may hold; larger uploads are refused whole (split them). */
    @WithDefault("5000")
    int maxUploadRows();
}
