package uk.npq.funding.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The money of a lead provider's statement, as the DfE computes it (npq-registration
 * app/services/statements/course_calculator.rb, output_payment_calculator.rb, service_fees_calculator.rb,
 * summary_calculator.rb). A pure function of its inputs: the caller counts the statement's items per course
 * ({@link CourseCounts}) and reads the contracts ({@link ContractTerms}); nothing here reads a database or a clock.
 * Stateless, so thread-safe.
 *
 * <p>Per course:
 * <ul>
 *   <li>output payment per participant = per participant × output % / (100 × number of payment periods), 0 when
 *       the output % is 0; output subtotal = that × billable items; clawbacks = that × refundable items;</li>
 *   <li>service fee per participant = per participant × service fee % / (100 × instalments), 0 when the service
 *       fee % is 0; monthly service fee = recruitment target × that, unless the contract sets a monthly service
 *       fee (0 included), which then is the fee (and the per participant figure is that fee / recruitment target);</li>
 *   <li>targeted delivery funding (TDF), only when the statement pays it ({@link StatementFacts#usesTargetedDeliveryFunding()})
 *       and the course is neither EHCO nor ASO: TDF per participant × billable TDF-eligible starts, and a refund of
 *       TDF per participant × refundable TDF-eligible starts;</li>
 *   <li>course total = monthly service fee + output subtotal − clawbacks + TDF − TDF refund.</li>
 * </ul>
 * The statement total = sum over the courses that are not special of (monthly service fee + output subtotal −
 * clawbacks − TDF refund + TDF), + adjustments + reconcile amount.
 *
 * <p>Rounding: the DfE keeps every amount unrounded (Ruby BigDecimal) and rounds only when it displays one
 * (number_to_currency: 2 decimals, half up), each amount on its own: a course's per participant figures,
 * subtotals and total, and the statement's totals, which are sums of the unrounded course amounts. This class does
 * the same: amounts are exact, {@link #shown(BigDecimal)} is the display rounding.
 */
public final class StatementCalculator {

    /**
     * The precision of the divisions that need not terminate (a per participant output payment or service fee,
     * e.g. 800 × 40 / 1900 = 16.8421052631578947...): 38 significant digits, half up. The DfE's Ruby BigDecimal
     * keeps a platform-dependent 34 to 40 digits there; 38 reproduces the exact values of its specs
     * (16.842105263157894736842105263157894737 and 12.402054794520547945205479452054794521). Every other step
     * (multiplying by a count or a recruitment target, adding) is exact, as in the DfE.
     */
    public static final MathContext QUOTIENT = new MathContext(38, RoundingMode.HALF_UP);

    /** The courses that never get targeted delivery funding. */
    public static final Set<String> NO_TARGETED_DELIVERY_FUNDING = Set.of(
            Course.EARLY_HEADSHIP_COACHING_OFFER.identifier, Course.ADDITIONAL_SUPPORT_OFFER.identifier);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** A course on the statement: its contract and what the statement holds for it. */
    public record CourseInput(ContractTerms terms, CourseCounts counts) {
        public CourseInput {
            Objects.requireNonNull(terms, "terms");
            Objects.requireNonNull(counts, "counts");
        }
    }

    /** The statement: every course with a contract on it (one contract per course), special ones included. */
    public StatementBreakdown calculate(StatementFacts statement, List<CourseInput> courses) {
        Objects.requireNonNull(statement, "statement");
        boolean tdf = statement.usesTargetedDeliveryFunding();
        Set<String> seen = new HashSet<>();
        List<CourseBreakdown> breakdowns = new ArrayList<>(courses.size());
        BigDecimal serviceFees = BigDecimal.ZERO;
        BigDecimal output = BigDecimal.ZERO;
        BigDecimal clawbacks = BigDecimal.ZERO;
        BigDecimal targeted = BigDecimal.ZERO;
        BigDecimal targetedRefund = BigDecimal.ZERO;
        int starts = 0;
        int retained = 0;
        int completed = 0;
        int voided = 0;
        for (CourseInput in : courses) {
            if (!seen.add(in.terms().courseIdentifier())) {
                throw new IllegalArgumentException("one contract per course: " + in.terms().courseIdentifier() + " is given twice");
            }
            CourseBreakdown course = course(in.terms(), in.counts(), tdf);
            breakdowns.add(course);
            // The DfE counts every voided declaration of the statement, whatever its contract.
            voided += in.counts().voided();
            if (course.specialCourse()) continue;
            serviceFees = serviceFees.add(course.monthlyServiceFee());
            output = output.add(course.outputPaymentSubtotal());
            clawbacks = clawbacks.add(course.clawbacks());
            targeted = targeted.add(course.targetedDeliveryFundingSubtotal());
            targetedRefund = targetedRefund.add(course.targetedDeliveryFundingRefund());
            starts += in.counts().started();
            retained += in.counts().retained();
            completed += in.counts().completed();
        }
        BigDecimal totalClawbacks = clawbacks.add(targetedRefund);
        BigDecimal total = serviceFees.add(output).subtract(totalClawbacks)
                .add(statement.adjustments()).add(statement.reconcileAmount()).add(targeted);
        return new StatementBreakdown(breakdowns, tdf, serviceFees, output, clawbacks, targeted, targetedRefund,
                totalClawbacks, statement.adjustments(), statement.reconcileAmount(), total, starts, retained, completed, voided);
    }

    /**
     * One course.
     *
     * @param statementUsesTargetedDeliveryFunding {@link StatementFacts#usesTargetedDeliveryFunding()} of its statement
     */
    public CourseBreakdown course(ContractTerms terms, CourseCounts counts, boolean statementUsesTargetedDeliveryFunding) {
        Objects.requireNonNull(terms, "terms");
        Objects.requireNonNull(counts, "counts");
        BigDecimal outputPerParticipant = outputPaymentPerParticipant(terms);
        BigDecimal outputSubtotal = times(outputPerParticipant, counts.billable());
        BigDecimal clawbacks = times(outputPerParticipant, counts.refundable());
        BigDecimal monthlyServiceFee = monthlyServiceFee(terms);
        boolean tdf = courseHasTargetedDeliveryFunding(terms.courseIdentifier(), statementUsesTargetedDeliveryFunding);
        BigDecimal tdfPerParticipant = terms.targetedDeliveryFundingPerParticipant();
        BigDecimal tdfSubtotal = times(tdfPerParticipant, tdf ? counts.targetedDeliveryFundingStarted() : 0);
        BigDecimal tdfRefund = times(tdfPerParticipant, tdf ? counts.targetedDeliveryFundingRefundedStarted() : 0);
        BigDecimal courseTotal = monthlyServiceFee.add(outputSubtotal).subtract(clawbacks).add(tdfSubtotal).subtract(tdfRefund);
        return new CourseBreakdown(terms.courseIdentifier(), terms.specialCourse(), counts, tdf,
                outputPerParticipant, outputSubtotal, serviceFeePerParticipant(terms), monthlyServiceFee, clawbacks,
                tdfPerParticipant, tdfSubtotal, tdfRefund, courseTotal);
    }

    /** Per participant × output % / (100 × number of payment periods); 0 when the output % is 0. */
    public static BigDecimal outputPaymentPerParticipant(ContractTerms terms) {
        if (terms.outputPaymentPercentage() == 0) return BigDecimal.ZERO;
        return terms.perParticipant().multiply(BigDecimal.valueOf(terms.outputPaymentPercentage()))
                .divide(HUNDRED.multiply(BigDecimal.valueOf(terms.numberOfPaymentPeriods())), QUOTIENT);
    }

    /**
     * The service fee of one participant: the contract's monthly service fee / recruitment target when it sets one,
     * else per participant × service fee % / (100 × instalments), 0 when the service fee % is 0.
     */
    public static BigDecimal serviceFeePerParticipant(ContractTerms terms) {
        if (terms.monthlyServiceFee() != null) {
            return terms.monthlyServiceFee().divide(BigDecimal.valueOf(terms.recruitmentTarget()), QUOTIENT);
        }
        return computedServiceFeePerParticipant(terms);
    }

    /** Recruitment target × computed service fee per participant, unless the contract sets the fee (0 included). */
    public static BigDecimal monthlyServiceFee(ContractTerms terms) {
        if (terms.monthlyServiceFee() != null) return terms.monthlyServiceFee();
        return times(computedServiceFeePerParticipant(terms), terms.recruitmentTarget());
    }

    /** The statement pays TDF and the course is neither EHCO nor ASO. */
    public static boolean courseHasTargetedDeliveryFunding(String courseIdentifier, boolean statementUsesTargetedDeliveryFunding) {
        return statementUsesTargetedDeliveryFunding && !NO_TARGETED_DELIVERY_FUNDING.contains(courseIdentifier);
    }

    /** An amount as the DfE displays it (number_to_currency): 2 decimals, half up (away from zero). */
    public static BigDecimal shown(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal computedServiceFeePerParticipant(ContractTerms terms) {
        if (terms.serviceFeePercentage() == 0) return BigDecimal.ZERO;
        return terms.perParticipant().multiply(BigDecimal.valueOf(terms.serviceFeePercentage()))
                .divide(HUNDRED.multiply(BigDecimal.valueOf(terms.serviceFeeInstallments())), QUOTIENT);
    }

    private static BigDecimal times(BigDecimal amount, int count) {
        return amount.multiply(BigDecimal.valueOf(count));
    }
}
