package uk.npq.funding.rest;

import uk.npq.contracts.DfeFunding;
import uk.npq.funding.service.PreviouslyFunded;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import uk.npq.funding.repository.FundingDecision;
import uk.npq.funding.repository.FundingDecisionRepository;
import uk.npq.funding.service.FundingDecisionService;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/funding-decisions/{application_id}: the stored decision, for admins, the lead provider the
 * application is with, and the participant it is about; admins override it (d4).
 */
@Path("/api/v1/funding-decisions")
public class FundingDecisionResource {
    static final String TYPE = "funding-decision";

    @Inject FundingDecisionRepository decisions;
    @Inject FundingDecisionService service;
    @Inject RequestReader reader;
    @Inject Caller caller;
    @Inject PreviouslyFunded previouslyFunded;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(UUID applicationId, UUID participantId, UUID leadProviderId, String cohort, String courseIdentifier,
                             boolean eligibleForFunding, boolean previouslyFunded, boolean eligibleForDfeFunding,
                             String fundingEligibilityStatusCode, String message,
                             String engineStatusCode, boolean reviewRequired, String reviewStatus, String ruleSet,
                             @JsonRawValue String trace, @JsonRawValue String inputs, @JsonRawValue String listVersions,
                             boolean targetedDeliveryFundingEligibility, boolean tsfPrimaryEligibility,
                             boolean tsfPrimaryPlusEligibility, Instant decidedAt, Instant overriddenAt, String overrideReason) {
        static Attributes of(FundingDecision d, boolean previouslyFunded) {
            return new Attributes(d.applicationId, d.participantId, d.leadProviderId, d.cohort, d.courseIdentifier, d.eligible,
                    previouslyFunded, DfeFunding.eligibleForDfeFunding(d.eligible, d.statusCode, previouslyFunded), d.statusCode,
                    d.messageKey, d.engineStatusCode, d.reviewRequired, d.reviewStatus, d.ruleSet, d.trace,
                    d.inputs, d.listVersions, d.targetedDeliveryFunding, d.tsfPrimary, d.tsfPrimaryPlus, d.decidedAt,
                    d.overriddenAt, d.overrideReason);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OverrideAttributes(Boolean eligibleForFunding, String reason) {}

    @GET
    @Path("/{applicationId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER, Roles.PARTICIPANT})
    @Transactional
    public Envelope<Attributes> get(@PathParam("applicationId") String applicationId) {
        FundingDecision d = parse(applicationId).map(decisions::findById).orElse(null);
        boolean visible = d != null && (caller.hasRole(Roles.ADMIN)
                || (caller.hasRole(Roles.LEAD_PROVIDER) && caller.leadProviderId().map(d.leadProviderId::equals).orElse(false))
                || (caller.hasRole(Roles.PARTICIPANT) && caller.participantId().map(d.participantId::equals).orElse(false)));
        if (!visible) throw Problems.notFound(); // another tenant's decision is as if absent
        return Envelope.of(d.applicationId.toString(), TYPE, Attributes.of(d, previouslyFunded.stored(d.applicationId)));
    }

    /** Marks the application funded or ineligible by policy, with the guards of d4. */
    @POST
    @Path("/{applicationId}/override")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Envelope<Attributes> override(@PathParam("applicationId") String applicationId, String body) {
        OverrideAttributes a = reader.attributes(body, "funding-override", OverrideAttributes.class);
        var errors = Problems.errors();
        if (a.eligibleForFunding() == null) errors.add("eligible_for_funding", "Enter '#/eligible_for_funding': true or false.");
        if (a.reason() == null || a.reason().isBlank()) errors.add("reason", "Enter a '#/reason' for the override.");
        errors.throwIfAny();
        UUID id = parse(applicationId).orElseThrow(Problems::notFound);
        FundingDecision d = service.override(id, a.eligibleForFunding(), a.reason().strip(), caller.subject());
        return Envelope.of(d.applicationId.toString(), TYPE, Attributes.of(d, previouslyFunded.stored(d.applicationId)));
    }

    static Optional<UUID> parse(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
