package uk.npq.funding.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * Funding eligibility status codes (npq-domain.md d2-d4), with whether each funds the place, whether it
 * sends the application to review, and the user-facing message key (FUNDING_STATUS_CODE_DESCRIPTIONS).
 */
public enum FundingCode {
    FUNDED("funded", true, false, "scholarship_eligibility"),
    UNFUNDED_COHORT("unfunded_cohort", false, false, "unfunded_cohort"),
    NOT_IN_ENGLAND("not_in_england", false, false, "outside_catchment"),
    PREVIOUSLY_FUNDED("previously_funded", false, false, "previously_funded"),
    NOT_NEW_HEADTEACHER_REQUESTING_EHCO("not_new_headteacher_requesting_ehco", false, false, "not_eligible_ehco"),
    NOT_ENTITLED_CHILDMINDER("not_entitled_childminder", false, false, "not_entitled_childminder"),
    EARLY_YEARS_INVALID_NPQ("early_years_invalid_npq", false, false, "ineligible_setting"),
    INELIGIBLE_ESTABLISHMENT_TYPE("ineligible_establishment_type", false, false, "ineligible_setting"),
    INELIGIBLE_ESTABLISHMENT_NOT_A_PP50("ineligible_establishment_not_a_pp50", false, false, "not_a_pp50"),
    NOT_LEAD_MENTOR_COURSE("not_lead_mentor_course", false, false, "ineligible_setting"),
    SUBJECT_TO_REVIEW("subject_to_review", false, true, "subject_to_review"),
    REFERRED_BY_RETURN_TO_TEACHING_ADVISER("referred_by_return_to_teaching_adviser", false, true, "subject_to_review"),
    // admin overrides (d4)
    MARKED_FUNDED_BY_POLICY("marked_funded_by_policy", true, false, "scholarship_eligibility"),
    MARKED_INELIGIBLE_BY_POLICY("marked_ineligible_by_policy", false, false, "ineligible_setting"),
    // legacy codes of earlier rule sets (d2 "other codes"): accepted in history, some still produced by 2021-23
    INELIGIBLE_INSTITUTION_TYPE("ineligible_institution_type", false, false, "ineligible_setting"),
    NO_INSTITUTION("no_institution", false, false, "ineligible_setting"),
    SCHOOL_OUTSIDE_CATCHMENT("school_outside_catchment", false, false, "outside_catchment"),
    EARLY_YEARS_OUTSIDE_CATCHMENT("early_years_outside_catchment", false, false, "outside_catchment"),
    NOT_ON_EARLY_YEARS_REGISTER("not_on_early_years_register", false, false, "ineligible_setting"),
    NOT_ENTITLED_EY_INSTITUTION("not_entitled_ey_institution", false, false, "ineligible_setting"),
    EARLY_YEARS_INELIGIBLE_ESTABLISHMENT("early_years_ineligible_establishment", false, false, "ineligible_setting");

    public final String code;
    public final boolean funded;
    public final boolean reviewRequired;
    public final String messageKey;

    FundingCode(String code, boolean funded, boolean reviewRequired, String messageKey) {
        this.code = code;
        this.funded = funded;
        this.reviewRequired = reviewRequired;
        this.messageKey = messageKey;
    }

    public static Optional<FundingCode> byCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
