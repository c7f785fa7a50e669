package uk.npq.registration.domain;

/**
 * What a cohort's funding kind (funding-service's CohortDefined: {@code zero}, {@code capped}, {@code full})
 * means for an application's {@code funded_place} (npq-domain.md d5), as the DfE service has it
 * (npq-registration: {@code HandleSubmissionForStore#funded_place}, {@code Application} and
 * {@code Applications::Accept} validations {@code funded_place_false_for_unfunded_cohort}).
 */
public final class CohortFunding {
    public static final String ZERO = "zero";
    public static final String CAPPED = "capped";
    public static final String FULL = "full";

    private CohortFunding() {}

    /**
     * funded_place before a lead provider decides (on submission, and again after a revert to pending): false in
     * an unfunded cohort, whose applications are never funded; otherwise null (the lead provider sets it on accept
     * in a capped cohort; a full cohort leaves it null, which counts as funded).
     */
    public static Boolean fundedPlaceUntilAccepted(String funding) {
        return ZERO.equals(funding) ? Boolean.FALSE : null;
    }

    /**
     * Whether the funded_place sent with accept is refused for the cohort's funding because it is not false, as
     * the DfE refuses anything but false (true, null, absent, a string) for an unfunded cohort.
     */
    public static boolean acceptRefusesFundedPlace(String funding, Boolean sent) {
        return ZERO.equals(funding) && !Boolean.FALSE.equals(sent);
    }
}
