package uk.npq.engagement.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * One measure of engagement (live minutes, or self-study units) of a participant on a course: what they were
 * credited for the sessions that have taken place, what those sessions weigh, and what the whole course weighs.
 * Comparisons with the threshold are exact; percentages shown are truncated to two places, so a shown value
 * is at or above a threshold exactly when the true value is.
 */
public record Measure(long attended, long requiredToDate, long total) {
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    public static final Measure NONE = new Measure(0, 0, 0);

    public Measure {
        if (attended < 0 || requiredToDate < 0 || total < requiredToDate || attended > requiredToDate) {
            throw new IllegalArgumentException("inconsistent measure " + attended + "/" + requiredToDate + "/" + total);
        }
    }

    /** Adds one session: its weight, whether it has taken place, and its credit (counted only once held). */
    public Measure plus(int weight, boolean held, int credited) {
        return held ? new Measure(attended + credited, requiredToDate + weight, total + weight)
                : new Measure(attended, requiredToDate, total + weight);
    }

    public boolean hasSessions() {
        return total > 0;
    }

    /** Weight of the sessions still to come. */
    public long remaining() {
        return total - requiredToDate;
    }

    /** attended / required so far, or null before anything was required. */
    public BigDecimal percentToDate() {
        return percent(attended, requiredToDate);
    }

    /** attended / whole course, or null when the course has no sessions of this measure. */
    public BigDecimal percentOfCourse() {
        return percent(attended, total);
    }

    /** The whole course's threshold is reached (exactly: attended * 100 >= threshold * total). */
    public boolean meets(BigDecimal threshold) {
        return hasSessions() && reaches(attended, threshold);
    }

    /** Even attending every remaining session in full would leave it below the threshold. */
    public boolean outOfReach(BigDecimal threshold) {
        return hasSessions() && !reaches(attended + remaining(), threshold);
    }

    private boolean reaches(long credited, BigDecimal threshold) {
        return BigDecimal.valueOf(credited).multiply(HUNDRED).compareTo(threshold.multiply(BigDecimal.valueOf(total))) >= 0;
    }

    static BigDecimal percent(long part, long whole) {
        if (whole == 0) return null;
        return BigDecimal.valueOf(part).multiply(HUNDRED).divide(BigDecimal.valueOf(whole), 2, RoundingMode.DOWN);
    }
}
