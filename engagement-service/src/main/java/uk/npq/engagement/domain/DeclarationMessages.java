package uk.npq.engagement.domain;

/** The DfE v3 texts of participant declarations (npq-domain.md f5, c3), character for character, in one place. */
public final class DeclarationMessages {
    private DeclarationMessages() {}

    public static final String PARTICIPANT_BLANK = "The property '#/participant_id' must be present";
    public static final String PARTICIPANT_REPLACED = "The participant_id '%s' has been replaced with '%s'.";
    public static final String PARTICIPANT_UNKNOWN =
            "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.";
    public static final String WITHDRAWN = "This participant withdrew from this course on %s. Enter a '#/declaration_date' that's on "
            + "or before the withdrawal date.";
    public static final String COURSE_UNKNOWN =
            "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
    public static final String DATE_BLANK = "Enter a '#/declaration_date'.";
    public static final String DATE_INVALID = "Enter a valid RFC3339 '#/declaration_date'.";
    public static final String DATE_BEFORE_SCHEDULE = "Enter a '#/declaration_date' that's on or after the schedule start.";
    public static final String DATE_IN_FUTURE = "The '#/declaration_date' value cannot be a future date. Check the date and try again.";
    public static final String TYPE_BLANK = "Enter a '#/declaration_type'.";
    public static final String TYPE_UNKNOWN = "The entered '#/declaration_type' is not recognised.";
    public static final String NO_SCHEDULE = "The application is missing a schedule.";
    public static final String TYPE_NOT_IN_SCHEDULE = "The property '#/declaration_type' does not exist for this schedule.";
    /** f5 rule 7 (the declarations' variant of the contract_for_cohort_and_course validator). */
    public static final String NO_CONTRACT = "You cannot submit a declaration for this participant as you do not have a contract for the "
            + "cohort and course. Contact the DfE for assistance.";
    /** f5 rule 8 and the clawback of c3, with the cohort's start year. */
    public static final String CONTRACT_ENDED = "You cannot submit or void declarations for the %d cohort. The funding contract for this "
            + "cohort has ended. Get in touch if you need to discuss this with us.";
    public static final String HAS_PASSED = "Enter 'true' or 'false' in the '#/has_passed' field to indicate whether this participant "
            + "has passed or failed their course.";
    public static final String DUPLICATE = "A declaration has already been submitted that will be, or has been, paid for this event";
    public static final String DP_NOT_FOUND = "The property '#/delivery_partner_id' does not exist";
    public static final String SECONDARY_DP_NOT_FOUND = "The property '#/secondary_delivery_partner_id' does not exist";
    public static final String DP_REQUIRED = "The property '#/delivery_partner_id' must be present";
    // no closing quote after England: the DfE's en.yml had a stray one until its bulk delivery-partner backfill change
    public static final String DP_OUTSIDE_ENGLAND =
            "The property '#/delivery_partner_id' cannot be specified for Applications from outside of England";
    public static final String DP_NOT_CONFIRMED =
            "The entered '#/delivery_partner_id' is not from your list of confirmed Delivery Partners for the Cohort";
    public static final String SECONDARY_WITHOUT_PRIMARY =
            "The property '#/secondary_delivery_partner_id' cannot be specified without the property '#/delivery_partner_id'";
    public static final String SECONDARY_OUTSIDE_ENGLAND =
            "The property '#/secondary_delivery_partner_id' cannot be specified for Applications from outside of England";
    public static final String SECONDARY_NOT_CONFIRMED =
            "The entered '#/secondary_delivery_partner_id' is not from your list of confirmed Delivery Partners for the Cohort";
    public static final String SECONDARY_SAME =
            "The property '#/secondary_delivery_partner_id' cannot have the same value as the property '#/delivery_partner_id'";

    // ---- void and change-delivery-partner
    public static final String ALREADY_VOIDED = "This declaration has already been voided.";
    public static final String REFUNDED = "The declaration will or has been be refunded."; // sic
}
