package uk.npq.registration.domain;

/**
 * The DfE v3 error texts of the application and participant actions (npq-domain.md c1, c2, d5, f6), in one
 * place so tests and code agree on every character.
 */
public final class Messages {
    private Messages() {}

    // ---- accept / reject (c1)
    public static final String ALREADY_ACCEPTED = "This NPQ application has already been accepted";
    public static final String CANNOT_CHANGE_ONCE_REJECTED = "Once rejected an application cannot change state";
    public static final String ALREADY_REJECTED = "This NPQ application has already been rejected";
    public static final String OTHER_ACCEPTED = "The participant has already had an application accepted for this course.";
    public static final String REJECT_WITH_DECLARATIONS =
            "You must void or claw back your declarations for this participant before being able to reject them";
    public static final String SCHEDULE_NOT_FOUND = "The entered '#/schedule_identifier' is not recognised for the application's cohort. Check details and try again.";
    public static final String SCHEDULE_WRONG_COURSE = "The selected schedule is not valid for the course";
    public static final String NO_SCHEDULE = "Schedule cannot be determined";
    public static final String UNKNOWN_COHORT = "The cohort of this application is not open. Contact the DfE.";

    // ---- funded place (d5)
    public static final String FUNDED_PLACE_REQUIRED = "Set '#/funded_place' to true or false.";
    public static final String FUNDED_PLACE_NOT_ELIGIBLE =
            "The participant is not eligible for funding, so '#/funded_place' cannot be set to true.";
    public static final String FUNDED_PLACE_BLANK_FOR_FULL =
            "Leave the '#/funded_place' field blank. It's only needed for participants starting NPQs from autumn 2024 onwards.";
    public static final String FUNDED_PLACE_NOT_ACCEPTED =
            "You must accept the application before attempting to change the '#/funded_place' setting.";
    public static final String FUNDED_PLACE_WITH_DECLARATIONS =
            "You cannot change the funded place because declarations have been submitted. You will need to void the existing declarations and resubmit them after changing the funded place.";

    // ---- training status (c2)
    public static final String COURSE_NOT_FOUND = "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
    public static final String REASON_INVALID = "The property '#/reason' must be a valid reason";
    public static final String ALREADY_DEFERRED = "The participant is already deferred";
    public static final String ALREADY_WITHDRAWN = "The participant is already withdrawn";
    public static final String ALREADY_ACTIVE = "The participant is already active";
    public static final String DEFER_NO_DECLARATIONS = "You cannot defer an NPQ participant that has no declarations";
    public static final String WITHDRAW_NOT_STARTED =
            "An NPQ participant who has not got a started declaration cannot be withdrawn. Please contact support for assistance";

    // ---- change schedule (f6)
    public static final String SCHEDULE_BLANK = "The property '#/schedule_identifier' must be present";
    public static final String SCHEDULE_UNCHANGED = "The participant already has the specified schedule";
    public static final String SCHEDULE_INVALID_FOR_DECLARATIONS =
            "Changing schedule would invalidate existing declarations. Please void them first.";
    /** change-schedule when the lead provider has no contract for the new cohort and course (contract_for_cohort_and_course validator). */
    public static final String NO_CONTRACT_FOR_COHORT =
            "You cannot change a participant to this cohort as you do not have a contract for the cohort and course. Contact the DfE for assistance.";
    public static final String COHORT_WITH_DECLARATIONS =
            "You cannot change the '#/cohort' field when there are submitted, eligible, payable, or paid declarations in the new cohort";
    public static final String NO_ACCEPTED_APPLICATION = "Your update cannot be made as an accepted application cannot be found "
            + "for the given '#/participant_id' and '#/course_identifier'.";
    public static final String FUNDED_PLACE_CHANGE_NOT_ELIGIBLE = "This participant is not eligible for funding. Contact us if you think this is wrong.";
    public static final String ZERO_TO_FUNDED = "You cannot change the '#/cohort' field from one without funding to one with funding";
    public static final String COHORT_INVALID = "The property '#/cohort' must be a valid cohort start year";
    public static final String COHORT_FUNDING_REFUSED =
            "You cannot change the '#/cohort' field from one with a funding cap to one without a funding cap";
}
