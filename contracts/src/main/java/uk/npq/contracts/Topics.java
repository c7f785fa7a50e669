package uk.npq.contracts;

/**
 * Kafka topics: one per aggregate, {@code <context>.<aggregate>.v<major>}, keyed by the aggregate id so
 * each aggregate's events stay in order. Dead letters go to {@code <topic>.dlq.<consumer>}.
 */
public final class Topics {
    /** registration-service: ApplicationSubmitted (and the later application events). */
    public static final String APPLICATION = "registration.application.v1";
    /** funding-service: FundingDecisionMade (and overrides). */
    public static final String FUNDING_DECISION = "funding.decision.v1";

    private Topics() {}
}
