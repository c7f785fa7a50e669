package uk.npq.engagement.domain;

import java.math.BigDecimal;

/** A completion threshold: a percentage above 0 and at most 100, with at most two decimal places. */
public final class Thresholds {
    private Thresholds() {}

    public static boolean valid(BigDecimal threshold) {
        return threshold != null && threshold.signum() > 0 && threshold.compareTo(Measure.HUNDRED) <= 0
                && threshold.stripTrailingZeros().scale() <= 2;
    }

    /** As shown and stored: two places. */
    public static BigDecimal normalise(BigDecimal threshold) {
        return threshold.setScale(2);
    }
}
