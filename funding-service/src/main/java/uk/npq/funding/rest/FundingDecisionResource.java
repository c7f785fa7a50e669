package uk.npq.funding.rest;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.UUID;
import uk.npq.funding.repository.FundingDecision;
import uk.npq.funding.repository.FundingDecisionRepository;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/** GET /api/v1/funding-decisions/{application_id}: admins, and the lead provider the application is with. */
@Path("/api/v1/funding-decisions")
public class FundingDecisionResource {
    static final String TYPE = "funding-decision";

    @Inject FundingDecisionRepository decisions;
    @Inject Caller caller;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Attributes(UUID applicationId, UUID participantId, String cohort, String courseIdentifier,
                             boolean eligibleForFunding, String fundingEligibilityStatusCode, boolean reviewRequired,
                             String ruleSet, @JsonRawValue String trace, Instant decidedAt) {}

    @GET
    @Path("/{applicationId}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.LEAD_PROVIDER})
    @Transactional
    public Envelope<Attributes> get(@PathParam("applicationId") String applicationId) {
        FundingDecision d = parse(applicationId).map(decisions::findById).orElse(null);
        boolean visible = d != null && (caller.hasRole(Roles.ADMIN)
                || caller.leadProviderId().map(d.leadProviderId::equals).orElse(false));
        if (!visible) throw Problems.notFound(); // another provider's decision is as if absent
        return Envelope.of(d.applicationId.toString(), TYPE, new Attributes(d.applicationId, d.participantId, d.cohort,
                d.courseIdentifier, d.eligible, d.statusCode, d.reviewRequired, d.ruleSet, d.trace, d.decidedAt));
    }

    private static java.util.Optional<UUID> parse(String id) {
        try {
            return java.util.Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
