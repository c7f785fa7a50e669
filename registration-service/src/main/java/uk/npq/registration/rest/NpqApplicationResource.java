package uk.npq.registration.rest;

import uk.npq.platform.rest.PathIds;
import uk.npq.platform.persistence.ChangeFeed;
import uk.npq.platform.rest.ListQuery;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import uk.npq.platform.idempotency.Idempotency;
import uk.npq.platform.persistence.ReadOnly;
import uk.npq.platform.problem.Problems;
import uk.npq.registration.domain.Messages;
import uk.npq.platform.rest.RequestReader;
import uk.npq.registration.domain.FundingReason;
import uk.npq.registration.service.ApplicationLifecycle;
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
    @Inject ApplicationLifecycle lifecycle;
    @Inject RequestReader reader;
    @Inject Idempotency idempotency;
    @Inject Caller caller;
    @Inject EntityManager em;

    /**
     * The DfE v3 application attributes (npq-domain.md g3), exactly: a client generated from the DfE document throws on an
     * attribute it does not know, so the funding decision's code is read at /api/v1/funding-decisions/{id}.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Attributes(String courseIdentifier, String email, boolean emailValidated, String employerName,
                             String employmentRole, String fullName, String fundingChoice, String headteacherStatus,
                             String ineligibleForFundingReason, UUID participantId, String privateChildcareProviderUrn,
                             String teacherReferenceNumber, boolean teacherReferenceNumberValidated, String schoolUrn,
                             String schoolUkprn, String status, String reasonForRejection, Boolean worksInSchool,
                             String cohort, String cohortSuffix, Boolean eligibleForFunding,
                             boolean targetedDeliveryFundingEligibility, Boolean teacherCatchment,
                             String teacherCatchmentCountry, String teacherCatchmentIsoCountryCode, String ittProvider,
                             Boolean leadMentor, Boolean fundedPlace, Instant createdAt, Instant updatedAt,
                             String scheduleIdentifier, Boolean worksAsSenco, LocalDate sencoStartDate) {}

    /** accept: both optional; funded_place is read raw so that "true" (a string) is refused as the DfE API does. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AcceptAttributes(JsonNode fundedPlace, String scheduleIdentifier) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FundedPlaceAttributes(JsonNode fundedPlace) {}

    /**
     * GET /api/v3/npq-applications: the lead provider's applications (all statuses), DfE filters, sort and
     * paging. With page[cursor] (empty for the start) the list is the provider's change feed (platform ChangeFeed): in
     * commit order, each page's X-Next-Cursor the place to continue from, so a sync neither skips nor repeats a change
     * while transactions commit in any order; an application that changes comes again, at the end.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Response list(@Context UriInfo uri) {
        ListQuery q = ListQuery.of(uri.getQueryParameters());
        UUID lp = caller.requireLeadProvider();
        List<Application> page;
        List<ListQuery.Cursor> positions = List.of();
        if (q.cursor().isPresent()) {
            ChangeFeed.readTransaction(em);
            positions = applications.feed(lp, q);
            page = applications.load(positions);
        } else {
            ReadOnly.transaction(em);
            page = applications.page(lp, q);
        }
        var body = new ListEnvelope<>(page.stream().map(a -> new Envelope.Data<>(a.id.toString(), TYPE, attributes(a))).toList());
        return ListQuery.withNextCursor(Response.ok(body), uri, q, positions.size(),
                positions.isEmpty() ? null : positions.get(positions.size() - 1));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    @Transactional
    public Envelope<Attributes> get(@PathParam("id") String id) {
        UUID applicationId = PathIds.uuid(id);
        ReadOnly.transaction(applications.getEntityManager());
        Application a = applications.findWithPersonForLeadProvider(applicationId, caller.requireLeadProvider())
                .orElseThrow(Problems::notFound);
        return Envelope.of(a.id.toString(), TYPE, attributes(a));
    }

    /**
     * POST /api/v3/npq-applications/{id}/accept (c1, d5, f3). The body is optional; with an Idempotency-Key a
     * retry replays the first answer, without one it is refused as already accepted, as the DfE API does.
     */
    @POST
    @Path("/{id}/accept")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response accept(@PathParam("id") String id, String body, @HeaderParam(Idempotency.HEADER) String key) {
        UUID applicationId = PathIds.uuid(id);
        UUID lp = caller.requireLeadProvider();
        AcceptAttributes in = body == null || body.isBlank() ? new AcceptAttributes(null, null)
                : reader.attributes(body, "npq-application-accept", AcceptAttributes.class);
        Boolean fundedPlace = bool(in.fundedPlace());
        return idempotency.execute(key, caller.subject(), "POST", "/api/v3/npq-applications/" + applicationId + "/accept", body,
                () -> QuarkusTransaction.joiningExisting().call(() -> ok(lifecycle.accept(lp, applicationId,
                        new ApplicationLifecycle.AcceptRequest(fundedPlace, in.scheduleIdentifier())))));
    }

    /** POST /api/v3/npq-applications/{id}/reject (c1): no body. */
    @POST
    @Path("/{id}/reject")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response reject(@PathParam("id") String id, @HeaderParam(Idempotency.HEADER) String key) {
        UUID applicationId = PathIds.uuid(id);
        UUID lp = caller.requireLeadProvider();
        return idempotency.execute(key, caller.subject(), "POST", "/api/v3/npq-applications/" + applicationId + "/reject", "",
                () -> QuarkusTransaction.joiningExisting().call(() -> ok(lifecycle.reject(lp, applicationId))));
    }

    /** PUT /api/v3/npq-applications/{id}/change-funded-place (d5). */
    @PUT
    @Path("/{id}/change-funded-place")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEAD_PROVIDER)
    public Response changeFundedPlace(@PathParam("id") String id, String body) {
        UUID applicationId = PathIds.uuid(id);
        UUID lp = caller.requireLeadProvider();
        FundedPlaceAttributes in = body == null || body.isBlank() ? new FundedPlaceAttributes(null)
                : reader.attributes(body, "npq-application-change-funded-place", FundedPlaceAttributes.class);
        Boolean fundedPlace = bool(in.fundedPlace());
        return QuarkusTransaction.joiningExisting().call(() -> ok(lifecycle.changeFundedPlace(lp, applicationId, fundedPlace)));
    }

    /** The answer of an action, rendered in the action's transaction (the application's person is read lazily). */
    private Response ok(Application a) {
        return Response.ok(Envelope.of(a.id.toString(), TYPE, attributes(a))).header("Cache-Control", "no-store").build();
    }

    /**
     * funded_place: a JSON boolean, or null when absent or null. Any other JSON type ("true", 1) is refused with the DfE
     * text before the application is looked up, whatever its cohort, never read as absent.
     */
    static Boolean bool(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isBoolean()) return node.booleanValue();
        throw Problems.unprocessable("funded_place", Messages.FUNDED_PLACE_REQUIRED);
    }

    static Attributes attributes(Application a) {
        var p = a.person;
        String code = a.fundingEligibilityStatusCode;
        Instant updatedAt = p.significantlyUpdatedAt.isAfter(a.updatedAt) ? p.significantlyUpdatedAt : a.updatedAt;
        return new Attributes(a.courseIdentifier, p.email, true, a.employerName, a.employmentRole, p.fullName, a.fundingChoice,
                a.headteacherStatus, FundingReason.ineligibleForFundingReason(code, a.eligibleForFunding, a.previouslyFunded), p.id,
                a.privateChildcareProviderUrn, p.visibleTrn(), p.trnVerified,
                a.schoolUrn, a.schoolUkprn, a.status, a.reasonForRejection, worksInSchool(a.workSetting),
                a.cohortStartYear(), a.cohortSuffix(), FundingReason.eligibleForFunding(code, a.eligibleForFunding, a.previouslyFunded),
                a.targetedDeliveryFundingEligibility, a.teacherCatchment == null ? null : !"another".equals(a.teacherCatchment),
                a.teacherCatchmentCountry, a.teacherCatchmentIsoCountryCode, a.ittProvider, a.leadMentor, a.fundedPlace,
                a.createdAt, updatedAt, a.scheduleIdentifier, a.sencoInRole == null ? null : "yes".equals(a.sencoInRole),
                a.sencoStartDate);
    }

    static Boolean worksInSchool(String workSetting) {
        if (workSetting == null) return null;
        return switch (workSetting) {
            case "a_school", "an_academy_trust", "a_16_to_19_educational_setting" -> true;
            default -> false;
        };
    }

}
