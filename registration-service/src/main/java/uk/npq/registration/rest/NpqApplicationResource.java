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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.time.Instant;
import java.util.UUID;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
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

    /**
     * GET /api/v3/npq-applications: the lead provider's applications (all statuses), DfE filters, sort and
     * paging. A page in (created_at, id) order (the default, or page[cursor]) that is full carries the cursor of
     * the next page in X-Next-Cursor and a Link rel="next" header: following it, a full sync neither skips
     * nor repeats a record while writes go on.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response list(@Context UriInfo uri) {
        ListQuery q = ListQuery.of(uri.getQueryParameters());
        List<Application> page = applications.page(caller.requireLeadProvider(), q);
        var body = new ListEnvelope<>(page.stream().map(a -> new Envelope.Data<>(a.id.toString(), TYPE, attributes(a))).toList());
        Response.ResponseBuilder response = Response.ok(body).header("Cache-Control", "no-store");
        boolean keyset = q.cursor().isPresent() || q.sort().isEmpty() || q.sort().equals(List.of("created_at"));
        if (keyset && page.size() == q.perPage()) {
            Application last = page.get(page.size() - 1);
            String cursor = new ListQuery.Cursor(last.createdAt, last.id).encode();
            var next = uri.getRequestUriBuilder().replaceQueryParam("page[page]").replaceQueryParam("sort")
                    .replaceQueryParam("page[cursor]", cursor).build();
            response.header("X-Next-Cursor", cursor).header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.build();
    }

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
                a.teacherCatchmentCountry, a.createdAt, p.updatedAt.isAfter(a.updatedAt) ? p.updatedAt : a.updatedAt);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound();
        }
    }
}
