package uk.npq.registration.domain;

import uk.npq.contracts.DfeFunding;

/**
 * How the DfE shows a funding decision on an application (v3 {@code eligible_for_funding} and
 * {@code ineligible_for_funding_reason}), from the funding code and verdict funding-service sent.
 *
 * <p>The DfE service (npq-registration, {@code Application#ineligible_for_funding_reason} and
 * {@code #eligible_for_dfe_funding?}) has exactly two reasons: {@code previously-funded} when the person was
 * funded for the course before, otherwise {@code establishment-ineligible} whenever the application is not
 * eligible, whatever made it so (an unfunded cohort, outside England, a setting, awaiting review, an admin's
 * ineligible override...). So: {@code previously_funded} gives "previously-funded"; every other code with an
 * ineligible verdict gives "establishment-ineligible"; an eligible verdict ({@code funded},
 * {@code marked_funded_by_policy}) gives none, and so does no verdict yet. Since "previously funded" is judged live
 * (service.PreviouslyFunded: another application of the person in the course family, in any cohort, accepted and funded), it may
 * come true after the verdict: then the reason is previously-funded and eligible_for_funding is false, unless an admin
 * marked the application funded by policy. One departure: an application the engine found previously funded at
 * submission keeps that reason if the funded one is later rejected (the DfE would then say establishment-ineligible,
 * though its stored verdict stays the engine's "not eligible" for that same reason).
 */
public final class FundingReason {
    public static final String PREVIOUSLY_FUNDED = "previously-funded";
    public static final String ESTABLISHMENT_INELIGIBLE = "establishment-ineligible";

    private FundingReason() {}

    /**
     * v3 ineligible_for_funding_reason for funding-service's code and verdict (both null until it decided) and the live
     * "previously funded" judgement (service.PreviouslyFunded). As the DfE's: previously funded first, even when an admin
     * marked the application funded by policy (then eligible_for_funding is true beside it).
     */
    public static String ineligibleForFundingReason(String code, Boolean eligible, boolean previouslyFunded) {
        if (previouslyFunded || "previously_funded".equals(code)) return PREVIOUSLY_FUNDED;
        return Boolean.FALSE.equals(eligible) ? ESTABLISHMENT_INELIGIBLE : null;
    }

    /** v3 eligible_for_funding: the verdict, false for a previously funded person unless funded by policy (null until decided). */
    public static Boolean eligibleForFunding(String code, Boolean eligible, boolean previouslyFunded) {
        return DfeFunding.eligibleForDfeFunding(eligible, code, previouslyFunded || "previously_funded".equals(code));
    }
}
