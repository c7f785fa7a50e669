package uk.npq.assessment.domain;

/** The DfE v3 texts of participant outcomes (npq-domain.md c5, f6), character for character, in one place. */
public final class OutcomeMessages {
    private OutcomeMessages() {}

    public static final String COURSE_UNKNOWN =
            "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.";
    public static final String COURSE_BLANK = "Enter a '#/course_identifier' value for this participant.";
    public static final String STATE_INVALID = "The attribute '#/state' can only include 'passed' or 'failed' values. If you need to "
            + "void an outcome, you will need to void the associated 'completed' declaration.";
    public static final String STATE_BLANK = "The '#/state' is missing from your request. Please include a 'passed' or 'failed' value "
            + "and try again.";
    public static final String DATE_BLANK = "The '#/completion_date' is missing from your request. Please include a completion_date "
            + "value and try again.";
    public static final String DATE_INVALID = "The '#/completion_date' value must be in the following format: 'yyyy-mm-dd'";
    public static final String DATE_IN_FUTURE = "The '#/completion_date' value cannot be a future date. Check the date and try again.";
    public static final String NO_COMPLETED_DECLARATION =
            "The participant has not had a 'completed' declaration submitted for them. Therefore you cannot update their outcome.";
}
