package uk.npq.registration.domain;

/**
 * The DfE v3 error texts of the application and participant actions (npq-domain.md c1, c2, d5, f6), in one
 * place so tests and code agree on every character. Each DfE text is the DfE service's own, character for character
 * (npq-registration {@code config/locales/en.yml}, the key named beside it; {@code MessagesTest} holds them to it);
 * the texts marked "ours" answer requests the DfE API has no counterpart for (our admin API, or a state the DfE
 * service cannot be in).
 */
public final class Messages {
    private Messages() {}

    // ---- accept / reject (c1): applications/accept and applications/reject, attribute application (the &application keys)
    public static final String ALREADY_ACCEPTED = "This NPQ application has already been accepted";
    public static final String CANNOT_CHANGE_ONCE_REJECTED = "Once rejected an application cannot change state";
    public static final String ALREADY_REJECTED = "This NPQ application has already been rejected";
    public static final String OTHER_ACCEPTED = "The participant has already had an application accepted for this course.";
    /** application.cannot_reject_with_declarations. */
    public static final String REJECT_WITH_DECLARATIONS =
            "This application has declarations that prevent it from being rejected. Void the declarations first, or contact us for assistance.";
    /** accept with a schedule_identifier not in the application's cohort: schedule_identifier.not_found. */
    public static final String SCHEDULE_NOT_FOUND = "The selected schedule cannot be found in the application cohort";
    /** schedule_identifier.invalid_for_course. */
    public static final String SCHEDULE_WRONG_COURSE = "The selected schedule is not valid for the course";
    /** applications/accept schedule.blank. */
    public static final String NO_SCHEDULE = "Schedule cannot be determined";
    /** Ours: the application's cohort is not in registration's copy of funding-service's cohorts. */
    public static final String UNKNOWN_COHORT = "The cohort of this application is not open. Contact the DfE.";

    // ---- funded place (d5): funded_place.* and application.* keys
    /** funded_place.inclusion (with parameterized_attribute funded_place). */
    public static final String FUNDED_PLACE_REQUIRED = "Set '#/funded_place' to true or false.";
    public static final String FUNDED_PLACE_NOT_ELIGIBLE =
            "The participant is not eligible for funding, so '#/funded_place' cannot be set to true.";
    /** accept in a cohort with funding zero and funded_place anything but false (funded_place.cannot_be_funded_for_unfunded_cohort). */
    public static final String FUNDED_PLACE_FALSE_FOR_UNFUNDED_COHORT = "The '#/funded_place' field should be false for unfunded cohorts.";
    public static final String FUNDED_PLACE_BLANK_FOR_FULL =
            "Leave the '#/funded_place' field blank. It's only needed for participants starting NPQs from autumn 2024 onwards.";
    public static final String FUNDED_PLACE_NOT_ACCEPTED =
            "You must accept the application before attempting to change the '#/funded_place' setting.";
    public static final String FUNDED_PLACE_WITH_DECLARATIONS =
            "You cannot change the funded place because declarations have been submitted. You will need to void the existing declarations and resubmit them after changing the funded place.";

    // ---- training status (c2): participants/defer, resume, withdraw (participant_course_identifier, participant_reason,
    // participant_id keys, with parameterized_attribute filled in)
    public static final String COURSE_NOT_FOUND = "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
    public static final String REASON_INVALID = "The property '#/reason' must be a valid reason";
    public static final String ALREADY_DEFERRED = "The participant is already deferred";
    public static final String ALREADY_WITHDRAWN = "The participant is already withdrawn";
    public static final String ALREADY_ACTIVE = "The participant is already active";
    public static final String DEFER_NO_DECLARATIONS = "You cannot defer an NPQ participant that has no declarations";
    public static final String WITHDRAW_NOT_STARTED =
            "An NPQ participant who has not got a started declaration cannot be withdrawn. Please contact support for assistance";

    // ---- admin: revert to pending, reject as registration expired, change training status (c1, c2). Ours: our admin
    // API (the DfE's admin is a web console with its own wording)
    public static final String REVERT_ALREADY_PENDING = "This NPQ application is already pending";
    public static final String REVERT_WITH_DECLARATIONS = "This NPQ application has declarations that are not voided, ineligible, "
            + "awaiting clawback or clawed back. They must be voided or clawed back before it can be reverted to pending.";
    public static final String REVERT_OTHER_PENDING = "The participant already has a pending application for this course with this "
            + "lead provider in the cohort, so this one cannot be reverted to pending.";
    public static final String EXPIRE_NOT_PENDING = "Only a pending NPQ application can be rejected as registration expired";
    public static final String TRAINING_STATUS_PENDING =
            "The training status of a pending NPQ application cannot be changed: it is not a participant until accepted";
    public static final String TRAINING_STATUS_REJECTED = "The training status of a rejected NPQ application cannot be changed";
    public static final String TRAINING_STATUS_INVALID = "The property '#/training_status' must be active, deferred or withdrawn";
    public static final String ROW_BLANK = "No application id";
    /** Never echoes what was sent: a wrong column could hold personal data, and refusals are logged. */
    public static final String ROW_NOT_AN_ID = "Not an application id (a UUID)";
    public static final String ROW_UNKNOWN = "No application has the id %s";
    public static final String ROW_REPEATED = "%s is repeated (first as %s)";
    public static final String NO_APPLICATION_IDS = "Send at least one application id in '#/application_ids'.";
    public static final String TOO_MANY_APPLICATION_IDS = "Send at most %d application ids in one request.";
    public static final String NO_APPLICATION_ID_COLUMN = "The file has no column \"application_id\".";
    public static final String NOTHING_CHANGED = "Nothing was changed: %d of %d application ids were refused. "
            + "Fix them, or send ?on_invalid_rows=skip to change the others.";
    public static final String EXPIRE_COHORT_OR_IDS =
            "Send either '#/cohort' (and optionally '#/lead_provider_id') or '#/application_ids', not both.";
    public static final String EXPIRE_LEAD_PROVIDER_WITH_IDS = "'#/lead_provider_id' is only read with '#/cohort'.";
    public static final String EXPIRE_COHORT_UNKNOWN = "The cohort '#/cohort' is not known. Use a cohort identifier such as 2026a.";
    public static final String LEAD_PROVIDER_ID_INVALID = "'#/lead_provider_id' must be a UUID.";

    // ---- change schedule (f6): participants/change_schedule (schedule_identifier, cohort, participant_id keys)
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
    /**
     * Ours (the DfE's service holds no allocation and has no text): accept or change-funded-place with funded_place true
     * when the lead provider's funded places for the course in the cohort are all used.
     */
    public static String fundedPlacesUsed(int allocated, String course, String cohort) {
        return "You have no funded places left for " + course + " in cohort " + cohort + ": all " + allocated
                + " allocated by the DfE are used. Set '#/funded_place' to false, or contact the DfE for more places.";
    }

    public static final String FUNDED_PLACE_CHANGE_NOT_ELIGIBLE = "This participant is not eligible for funding. Contact us if you think this is wrong.";
    /** cohort.cannot_change_to_funded_cohort, verbatim (its wording slip included: clients may match the DfE's text). */
    public static final String ZERO_TO_FUNDED = "You cannot change the '#/cohort' field from one that is not funded to with that is funded";
    /** Ours: the DfE reads cohort as an integer and silently drops what is not one. */
    public static final String COHORT_INVALID = "The property '#/cohort' must be a valid cohort start year";
    public static final String COHORT_FUNDING_REFUSED =
            "You cannot change the '#/cohort' field from one with a funding cap to one without a funding cap";
}
