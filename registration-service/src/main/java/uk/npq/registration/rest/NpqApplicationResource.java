package uk.npq.registration.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
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
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.ApplicationRepository;

/** DfE lead-provider API v3: npq-applications. A lead provider sees only its own applications. */
@Path("/api/v3/npq-applications")
public class NpqApplicationResource {
    static final String TYPE = "npq_application";

    @Inject ApplicationRepository applications;
    @Inject Caller caller;

    /** The DfE v3 application attributes (npq-domain.md g3) this service holds so far. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(String courseIdentifier, String email, boolean emailValidated, String fullName,
                             UUID participantId, String teacherReferenceNumber, boolean teacherReferenceNumberValidated,
                             String schoolUrn, String schoolUkprn, String status, String cohort, String cohortSuffix,
                             Boolean eligibleForFunding, String fundingEligibilityStatusCode,
                             String ineligibleForFundingReason, boolean targetedDeliveryFundingEligibility,
                             Boolean teacherCatchment, String teacherCatchmentCountry,
                             Instant createdAt, Instant updatedAt) {}

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Envelope<Attributes> get(@PathParam("id") String id) {
        UUID applicationId = parse(id);
        Application a = applications.findForLeadProvider(applicationId, caller.requireLeadProvider())
                .orElseThrow(Problems::notFound);
        return Envelope.of(a.id.toString(), TYPE, attributes(a));
    }

    static Attributes attributes(Application a) {
        var p = a.person;
        String startYear = a.cohort.substring(0, 4);
        String suffix = a.cohort.length() > 4 ? a.cohort.substring(4) : "a";
        Boolean eligible = a.eligibleForFunding;
        return new Attributes(a.courseIdentifier, p.email, true, p.fullName, p.id,
                p.trnVerified ? p.trn : null, p.trnVerified, a.schoolUrn, a.schoolUkprn, a.status, startYear, suffix,
                eligible, a.fundingEligibilityStatusCode,
                Boolean.FALSE.equals(eligible) ? "establishment-ineligible" : null, false,
                a.teacherCatchment == null ? null : !"another".equals(a.teacherCatchment),
                a.teacherCatchmentCountry, a.createdAt, a.updatedAt);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound();
        }
    }
}
