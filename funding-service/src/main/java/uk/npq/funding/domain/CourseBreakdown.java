package uk.npq.funding.domain;

import java.math.BigDecimal;
import java.util.function.UnaryOperator;

/**
 * One course of a statement, computed by {@link StatementCalculator}. Every amount is exact (see
 * {@link StatementCalculator#QUOTIENT} for the one place a division cannot be); {@link #shown()} gives them as the
 * DfE displays them, to the penny.
 *
 * @param courseIdentifier             the course
 * @param specialCourse                a standalone contract, left out of the statement's totals
 * @param counts                       what the statement holds for the course
 * @param targetedDeliveryFunding      the course gets targeted delivery funding on this statement
 * @param outputPaymentPerParticipant  per participant × output % / (100 × number of payment periods)
 * @param outputPaymentSubtotal        output payment per participant × billable items
 * @param serviceFeePerParticipant     per participant × service fee % / (100 × instalments); when the contract sets
 *                                     a monthly service fee, that fee / recruitment target
 * @param monthlyServiceFee            recruitment target × service fee per participant, or the contract's monthly
 *                                     service fee when it sets one (0 included)
 * @param clawbacks                    output payment per participant × refundable items
 * @param targetedDeliveryFundingPerParticipant the contract's amount for one eligible start
 * @param targetedDeliveryFundingSubtotal       that × billable TDF-eligible starts (0 without TDF)
 * @param targetedDeliveryFundingRefund         that × refundable TDF-eligible starts (0 without TDF)
 * @param courseTotal                  monthly service fee + output subtotal − clawbacks + TDF − TDF refund
 */
public record CourseBreakdown(
        String courseIdentifier, boolean specialCourse, CourseCounts counts, boolean targetedDeliveryFunding,
        BigDecimal outputPaymentPerParticipant, BigDecimal outputPaymentSubtotal,
        BigDecimal serviceFeePerParticipant, BigDecimal monthlyServiceFee,
        BigDecimal clawbacks,
        BigDecimal targetedDeliveryFundingPerParticipant, BigDecimal targetedDeliveryFundingSubtotal,
        BigDecimal targetedDeliveryFundingRefund,
        BigDecimal courseTotal) {

    /** The clawback of one declaration type: output payment per participant × that type's refundable items. */
    public BigDecimal clawback(int refundedOfType) {
        return outputPaymentPerParticipant.multiply(BigDecimal.valueOf(refundedOfType));
    }

    /** The amounts as the DfE shows them: each rounded on its own, half up, to 2 decimals. */
    public Shown shown() {
        UnaryOperator<BigDecimal> p = StatementCalculator::shown;
        return new Shown(p.apply(outputPaymentPerParticipant), p.apply(outputPaymentSubtotal), p.apply(serviceFeePerParticipant),
                p.apply(monthlyServiceFee), p.apply(clawbacks), p.apply(targetedDeliveryFundingPerParticipant),
                p.apply(targetedDeliveryFundingSubtotal), p.apply(targetedDeliveryFundingRefund), p.apply(courseTotal));
    }

    /** The amounts of a {@link CourseBreakdown} to the penny; the total is the exact total rounded, not a sum of these. */
    public record Shown(
            BigDecimal outputPaymentPerParticipant, BigDecimal outputPaymentSubtotal,
            BigDecimal serviceFeePerParticipant, BigDecimal monthlyServiceFee,
            BigDecimal clawbacks,
            BigDecimal targetedDeliveryFundingPerParticipant, BigDecimal targetedDeliveryFundingSubtotal,
            BigDecimal targetedDeliveryFundingRefund,
            BigDecimal courseTotal) {}
}
