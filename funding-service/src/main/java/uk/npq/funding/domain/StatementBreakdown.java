package uk.npq.funding.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A statement computed by {@link StatementCalculator}: every course, special ones included, and the statement's
 * totals, which leave special courses out (the DfE's Statements::SummaryCalculator). Amounts are exact;
 * {@link #shown()} gives them to the penny as the DfE displays them.
 *
 * @param courses                       each course, in the order given
 * @param targetedDeliveryFunding       the statement pays targeted delivery funding (its date and cohort allow it)
 * @param totalServiceFees              sum of the monthly service fees
 * @param totalOutputPayment            sum of the output payment subtotals
 * @param clawbackPayments              sum of the output clawbacks
 * @param totalTargetedDeliveryFunding  sum of the TDF subtotals
 * @param totalTargetedDeliveryFundingRefund sum of the TDF refunds
 * @param totalClawbacks                clawback payments + TDF refunds (the statement's "Clawbacks")
 * @param adjustments                   the statement's adjustments
 * @param reconcileAmount               the statement's reconcile amount
 * @param total                         service fees + output payment − total clawbacks + adjustments + reconcile
 *                                      amount + TDF (the DfE's "Total net VAT")
 * @param totalStarts                   billable started items
 * @param totalRetained                 billable retained-1 and retained-2 items
 * @param totalCompleted                billable completed items
 * @param totalVoided                   voided declarations on the statement, of every course (special ones too)
 */
public record StatementBreakdown(
        List<CourseBreakdown> courses, boolean targetedDeliveryFunding,
        BigDecimal totalServiceFees, BigDecimal totalOutputPayment, BigDecimal clawbackPayments,
        BigDecimal totalTargetedDeliveryFunding, BigDecimal totalTargetedDeliveryFundingRefund, BigDecimal totalClawbacks,
        BigDecimal adjustments, BigDecimal reconcileAmount, BigDecimal total,
        int totalStarts, int totalRetained, int totalCompleted, int totalVoided) {

    public StatementBreakdown {
        courses = List.copyOf(courses);
    }

    /** The course with that identifier. */
    public CourseBreakdown course(String courseIdentifier) {
        return courses.stream().filter(c -> c.courseIdentifier().equals(courseIdentifier)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no course " + courseIdentifier + " on the statement"));
    }

    /** The totals as the DfE shows them: each rounded on its own, half up, to 2 decimals. */
    public Shown shown() {
        UnaryOperator<BigDecimal> p = StatementCalculator::shown;
        return new Shown(p.apply(totalServiceFees), p.apply(totalOutputPayment), p.apply(totalTargetedDeliveryFunding),
                p.apply(totalClawbacks), p.apply(adjustments), p.apply(reconcileAmount), p.apply(total));
    }

    /**
     * The statement's totals to the penny. Each is its exact value rounded, so they need not add up to the shown
     * total (the DfE's statement page says "Calculations may have minor rounding discrepancies").
     */
    public record Shown(
            BigDecimal totalServiceFees, BigDecimal totalOutputPayment, BigDecimal totalTargetedDeliveryFunding,
            BigDecimal totalClawbacks, BigDecimal adjustments, BigDecimal reconcileAmount, BigDecimal total) {}
}
