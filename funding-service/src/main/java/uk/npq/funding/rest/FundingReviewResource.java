package uk.npq.funding.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Set;
import uk.npq.funding.repository.FundingDecisionRepository;
import uk.npq.funding.service.FundingDecisionService;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Roles;

/**
 * The admin review queue: applications whose code is subject_to_review or
 * referred_by_return_to_teaching_adviser (or that could not be judged), by review_status.
 */
@Path("/api/v1/funding-reviews")
public class FundingReviewResource {
    static final Set<String> STATUSES = Set.of("needs_review", "awaiting_information", "reregister", "decision_made");

    @Inject FundingDecisionRepository decisions;
    @Inject FundingDecisionService service;
    @Inject RequestReader reader;
    @Inject uk.npq.funding.service.PreviouslyFunded previouslyFunded;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReviewAttributes(String reviewStatus, String note) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public ListEnvelope<FundingDecisionResource.Attributes> list(@QueryParam("filter[review_status]") String status) {
        List<String> wanted = status == null ? List.of("needs_review", "awaiting_information") : List.of(status.split(","));
        for (String s : wanted) {
            if (!STATUSES.contains(s)) throw Problems.badRequest("The filter '#/review_status' must be one of " + STATUSES + ".");
        }
        var found = decisions.list("reviewStatus in ?1 order by decidedAt, applicationId", wanted);
        Set<java.util.UUID> previously = previouslyFunded.storedOf(found.stream().map(d -> d.applicationId).toList()); // one query
        return new ListEnvelope<>(found.stream()
                .map(d -> new Envelope.Data<>(d.applicationId.toString(), FundingDecisionResource.TYPE,
                        FundingDecisionResource.Attributes.of(d, previously.contains(d.applicationId)))).toList());
    }

    @PUT
    @Path("/{applicationId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Envelope<FundingDecisionResource.Attributes> update(@PathParam("applicationId") String applicationId, String body) {
        ReviewAttributes a = reader.attributes(body, "funding-review", ReviewAttributes.class);
        if (a.reviewStatus() == null || !STATUSES.contains(a.reviewStatus())) {
            throw Problems.unprocessable("review_status", "The '#/review_status' must be one of " + STATUSES + ".");
        }
        var id = FundingDecisionResource.parse(applicationId).orElseThrow(Problems::notFound);
        var d = service.review(id, a.reviewStatus(), a.note());
        return Envelope.of(d.applicationId.toString(), FundingDecisionResource.TYPE,
                FundingDecisionResource.Attributes.of(d, previouslyFunded.stored(d.applicationId)));
    }
}
