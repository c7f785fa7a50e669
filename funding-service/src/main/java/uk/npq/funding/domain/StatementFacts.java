package uk.npq.funding.domain;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What {@link StatementCalculator} needs of the statement itself.
 *
 * @param year            the statement's year
 * @param month           the statement's month, 1 to 12
 * @param cohortStartYear the start year of the statement's cohort (2025 for 2025a, 2025b, ...)
 * @param adjustments     the sum of the statement's manual adjustments (each may be negative)
 * @param reconcileAmount the statement's reconcile amount (may be negative; 0 when there is none)
 */
public record StatementFacts(int year, int month, int cohortStartYear, BigDecimal adjustments, BigDecimal reconcileAmount) {

    /** The last statement month with targeted delivery funding (npq-registration app/models/statement.rb). */
    public static final YearMonth LAST_TARGETED_DELIVERY_FUNDING_MONTH = YearMonth.of(2025, 10);
    /** The first cohort start year with targeted delivery funding. */
    public static final int FIRST_TARGETED_DELIVERY_FUNDING_COHORT = 2022;

    public StatementFacts {
        Objects.requireNonNull(adjustments, "adjustments");
        Objects.requireNonNull(reconcileAmount, "reconcileAmount");
        if (month < 1 || month > 12) throw new IllegalArgumentException("month must be 1 to 12: " + month);
    }

    /** A statement with no adjustments and no reconcile amount. */
    public static StatementFacts of(int year, int month, int cohortStartYear) {
        return new StatementFacts(year, month, cohortStartYear, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /**
     * Targeted delivery funding is paid on statements dated October 2025 or earlier, for cohorts that started in
     * 2022 or later (the DfE's Statement#use_targeted_delivery_funding?).
     */
    public boolean usesTargetedDeliveryFunding() {
        return !YearMonth.of(year, month).isAfter(LAST_TARGETED_DELIVERY_FUNDING_MONTH)
                && cohortStartYear >= FIRST_TARGETED_DELIVERY_FUNDING_COHORT;
    }
}
