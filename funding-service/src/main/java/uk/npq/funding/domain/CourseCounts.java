package uk.npq.funding.domain;

/**
 * What one statement holds for one course, already counted by the caller the way the DfE counts
 * (npq-registration app/services/statements/course_calculator.rb, app/models/statement_item.rb).
 *
 * <p>An item is a declaration attached to the statement; a participant counts once per declaration type however
 * many of their declarations of that type are on the statement (the DfE counts DISTINCT (user, declaration_type)).
 * Billable items are in state eligible, payable or paid; refundable items in awaiting_clawback or clawed_back;
 * not eligible items in ineligible or voided.
 *
 * @param started            billable distinct started items
 * @param retained1          billable distinct retained-1 items
 * @param retained2          billable distinct retained-2 items
 * @param completed          billable distinct completed items
 * @param refundedStarted    refundable distinct started items
 * @param refundedRetained1  refundable distinct retained-1 items
 * @param refundedRetained2  refundable distinct retained-2 items
 * @param refundedCompleted  refundable distinct completed items
 * @param notEligible        distinct ineligible or voided items (the DfE's "Total not eligible for funding")
 * @param voided             declarations of the course on the statement whose state is voided, each counted (not
 *                           distinct), for the statement's "Voids"
 * @param targetedDeliveryFundingStarted  of {@code started}, those whose application is eligible for funding and
 *                           for targeted delivery funding
 * @param targetedDeliveryFundingRefundedStarted  of {@code refundedStarted}, those whose application is eligible
 *                           for funding and for targeted delivery funding
 */
public record CourseCounts(
        int started, int retained1, int retained2, int completed,
        int refundedStarted, int refundedRetained1, int refundedRetained2, int refundedCompleted,
        int notEligible, int voided,
        int targetedDeliveryFundingStarted, int targetedDeliveryFundingRefundedStarted) {

    public static final CourseCounts NONE = new CourseCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public CourseCounts {
        int[] all = {started, retained1, retained2, completed, refundedStarted, refundedRetained1, refundedRetained2,
                refundedCompleted, notEligible, voided, targetedDeliveryFundingStarted, targetedDeliveryFundingRefundedStarted};
        for (int count : all) {
            if (count < 0) throw new IllegalArgumentException("a count cannot be negative: " + count);
        }
        if (targetedDeliveryFundingStarted > started) {
            throw new IllegalArgumentException("targetedDeliveryFundingStarted (" + targetedDeliveryFundingStarted
                    + ") is a part of started (" + started + ")");
        }
        if (targetedDeliveryFundingRefundedStarted > refundedStarted) {
            throw new IllegalArgumentException("targetedDeliveryFundingRefundedStarted (" + targetedDeliveryFundingRefundedStarted
                    + ") is a part of refundedStarted (" + refundedStarted + ")");
        }
    }

    /** Billable items of every type: the participants the output payment is paid for ("Total declarations"). */
    public int billable() {
        return started + retained1 + retained2 + completed;
    }

    /** Billable retained items: the DfE reports retained-1 and retained-2 together as "retained". */
    public int retained() {
        return retained1 + retained2;
    }

    /** Refundable items of every type: the participants whose output payment is clawed back. */
    public int refundable() {
        return refundedStarted + refundedRetained1 + refundedRetained2 + refundedCompleted;
    }
}
