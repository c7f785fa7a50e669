package uk.npq.contracts;

/**
 * Kafka topics: one per aggregate, {@code <context>.<aggregate>.v<major>}, keyed by the aggregate id so
 * each aggregate's events stay in order. Dead letters go to {@code <topic>.dlq.<consumer>}.
 */
public final class Topics {
    /**
     * registration-service: ApplicationSubmitted, ApplicationAccepted, ApplicationRejected, FundedPlaceChanged,
     * TrainingStatusChanged, ScheduleChanged, ApplicationRevertedToPending, PreviouslyFundedChanged.
     */
    public static final String APPLICATION = "registration.application.v1";
    /** registration-service: TrnVerified, ParticipantIdChanged (key = participant id). */
    public static final String PARTICIPANT = "registration.participant.v1";
    /** registration-service: DeliveryPartnerChanged (key = delivery partner id). */
    public static final String DELIVERY_PARTNER = "registration.delivery-partner.v1";
    /** funding-service reference data other services keep a copy of: CohortDefined, CourseDefined, ScheduleDefined, ... */
    public static final String FUNDING_REFERENCE = "funding.reference.v1";
    /** funding-service: FundingDecisionMade, FundingDecisionOverridden. */
    public static final String FUNDING_DECISION = "funding.decision.v1";
    /** engagement-service: DeclarationSubmitted, DeclarationVoided, DeclarationStateChanged (key = declaration id). */
    public static final String DECLARATION = "engagement.declaration.v1";
    /**
     * engagement-service: AttendanceRecorded and EngagementChanged (key = participant id, so a participant's
     * attendance and the engagement it causes arrive in order).
     */
    public static final String ENGAGEMENT = "engagement.engagement.v1";
    /**
     * assessment-service: SubmissionReceived, ExtensionGranted, ResultFinalised (key = application id, so a
     * candidate's submissions, extensions and results arrive in order).
     */
    public static final String ASSESSMENT = "assessment.assessment.v1";
    /** assessment-service: OutcomeRecorded (key = application id). */
    public static final String OUTCOME = "assessment.outcome.v1";

    private Topics() {}
}
