package uk.npq.contracts;

/**
 * The one rule every service applies to show or act on an application's funding as the DfE does (d4): funding-service's
 * stored verdict, unless the person was previously funded for the course family (d3, judged live by funding-service and
 * sent as PreviouslyFundedChanged) and an admin did not mark the application funded by policy.
 */
public final class DfeFunding {
    public static final String MARKED_FUNDED_BY_POLICY = "marked_funded_by_policy";

    private DfeFunding() {}

    /** v3 eligible_for_funding, and the first half of a declaration's fundability; null while there is no verdict. */
    public static Boolean eligibleForDfeFunding(Boolean storedVerdict, String statusCode, boolean previouslyFunded) {
        if (storedVerdict == null) return null;
        return storedVerdict && (!previouslyFunded || MARKED_FUNDED_BY_POLICY.equals(statusCode));
    }
}
