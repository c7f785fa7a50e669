package uk.npq.funding.domain;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The money terms of a lead provider's contract for one course, as the DfE's contract template holds them
 * (npq-registration app/models/contract_template.rb, db/schema.rb "contract_templates"): what
 * {@link StatementCalculator} needs of a contract row, nothing else.
 *
 * <p>The DfE model validates the whole numbers as "integer greater than or equal to zero" (per participant above 0,
 * recruitment target above 0); the same bounds hold here. Two combinations it lets through would make its own
 * calculator divide by nothing, so they are refused here instead of failing later, with the field named:
 * an output payment percentage above 0 with no (null or 0) {@code numberOfPaymentPeriods}, and a service fee
 * percentage above 0 with 0 {@code serviceFeeInstallments}. The DfE never computes such a contract: its model
 * rejects a null {@code number_of_payment_periods} ("Must be an integer greater than or equal to zero") and its
 * bulk statement upload always sets it by course group (leadership 4, specialist 3, support 4, EHCO 4).
 *
 * @param courseIdentifier          the course, e.g. npq-headship (EHCO and ASO never get targeted delivery funding)
 * @param perParticipant            the contract price of one participant, pounds (DfE per_participant)
 * @param outputPaymentPercentage   the share of the price paid as output payments (DfE default 60)
 * @param numberOfPaymentPeriods    the number of output payments the share is spread over (DfE
 *                                  number_of_payment_periods; may be null only when the percentage is 0)
 * @param serviceFeePercentage      the share of the price paid as monthly service fees (DfE default 40)
 * @param serviceFeeInstallments    the number of monthly service fee instalments
 * @param recruitmentTarget         the participants the service fee is paid for
 * @param monthlyServiceFee         null: the service fee is computed; any amount, 0 included, replaces it
 * @param targetedDeliveryFundingPerParticipant targeted delivery funding of one eligible start (DfE default 100)
 * @param specialCourse             a standalone contract: shown on the statement, left out of its totals
 */
public record ContractTerms(
        String courseIdentifier, BigDecimal perParticipant, int outputPaymentPercentage, Integer numberOfPaymentPeriods,
        int serviceFeePercentage, int serviceFeeInstallments, int recruitmentTarget, BigDecimal monthlyServiceFee,
        BigDecimal targetedDeliveryFundingPerParticipant, boolean specialCourse) {

    /** The DfE's defaults of contract_templates: output_payment_percentage 60, service_fee_percentage 40, TDF 100. */
    public static final int DEFAULT_OUTPUT_PAYMENT_PERCENTAGE = 60;
    public static final int DEFAULT_SERVICE_FEE_PERCENTAGE = 40;
    public static final BigDecimal DEFAULT_TARGETED_DELIVERY_FUNDING_PER_PARTICIPANT = new BigDecimal("100.0");

    public ContractTerms {
        Objects.requireNonNull(courseIdentifier, "courseIdentifier");
        Objects.requireNonNull(perParticipant, "perParticipant");
        Objects.requireNonNull(targetedDeliveryFundingPerParticipant, "targetedDeliveryFundingPerParticipant");
        if (perParticipant.signum() <= 0) throw new InvalidTerms("perParticipant", "must be greater than zero");
        if (recruitmentTarget <= 0) throw new InvalidTerms("recruitmentTarget", "must be an integer greater than zero");
        atLeastZero("outputPaymentPercentage", outputPaymentPercentage);
        atLeastZero("serviceFeePercentage", serviceFeePercentage);
        atLeastZero("serviceFeeInstallments", serviceFeeInstallments);
        if (numberOfPaymentPeriods != null) atLeastZero("numberOfPaymentPeriods", numberOfPaymentPeriods);
        if (monthlyServiceFee != null && monthlyServiceFee.signum() < 0) {
            throw new InvalidTerms("monthlyServiceFee", "must be zero or more");
        }
        if (targetedDeliveryFundingPerParticipant.signum() < 0) {
            throw new InvalidTerms("targetedDeliveryFundingPerParticipant", "must be zero or more");
        }
        if (outputPaymentPercentage > 0 && (numberOfPaymentPeriods == null || numberOfPaymentPeriods == 0)) {
            throw new InvalidTerms("numberOfPaymentPeriods",
                    "is needed (above 0) when outputPaymentPercentage is above 0: the output payment is divided by it");
        }
        if (serviceFeePercentage > 0 && serviceFeeInstallments == 0) {
            throw new InvalidTerms("serviceFeeInstallments",
                    "must be above 0 when serviceFeePercentage is above 0: the service fee is divided by it");
        }
    }

    private static void atLeastZero(String field, int value) {
        if (value < 0) throw new InvalidTerms(field, "must be an integer greater than or equal to zero");
    }

    /** Contract terms the calculator cannot compute with; {@link #field} names the offending field. */
    public static final class InvalidTerms extends IllegalArgumentException {
        public final String field;

        public InvalidTerms(String field, String problem) {
            super(field + " " + problem);
            this.field = field;
        }
    }
}
